// Which cells a printer prints: `--cell ID` (repeatable) and `--state S,...`.
// Selection only filters output; every event is still replayed and every
// problem still reported and counted.
#pragma once

#include <string>
#include <vector>

#include "cellos/reducer/cell_state.hpp"
#include "cellos/reducer/cell_state_projection.hpp"
#include "cellos/replay/cell_table.hpp"

namespace cellos::report {

struct CellSelection {
  // A cell matches by its cellId, or by its specId when it has no cellId.
  std::vector<std::string> ids;
  std::vector<CurrentState> states;
  // `--changed`: only the cells this replay changed (CellTable::changed).
  bool changed_only = false;

  [[nodiscard]] bool empty() const { return ids.empty() && states.empty() && !changed_only; }
  // Whether cell `i` of `cells` is printed.
  [[nodiscard]] bool matches(const replay::CellTable& cells, std::size_t i) const;
};

}  // namespace cellos::report
