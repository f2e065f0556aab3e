// Which cells a printer prints: `--cell ID` (repeatable) and `--state S,...`.
// Selection only filters output; every event is still replayed and every
// problem still reported and counted.
#pragma once

#include <string>
#include <vector>

#include "cellos/reducer/cell_state.hpp"
#include "cellos/reducer/cell_state_projection.hpp"

namespace cellos::report {

struct CellSelection {
  // A cell matches by its cellId, or by its specId when it has no cellId.
  std::vector<std::string> ids;
  std::vector<CurrentState> states;

  [[nodiscard]] bool empty() const { return ids.empty() && states.empty(); }
  [[nodiscard]] bool matches(const CellStateProjection& cell) const;
};

}  // namespace cellos::report
