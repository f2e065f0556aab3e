// SPDX-License-Identifier: Apache-2.0
// `--fail-on-state STATES`: the final states that fail a run, for a CI job
// that must fail when cells end badly (destroyFailed, commandFailed, ...),
// not only on illegal transitions. What each state means stays the
// reducer's; this only names the ones a run cares about.
#pragma once

#include <string>
#include <vector>

#include "cellos/reducer/cell_state.hpp"
#include "cellos/reducer/cell_state_projection.hpp"
#include "cellos/replay/cell_table.hpp"

namespace cellos::report {

struct FailingStates {
  std::vector<CurrentState> states;

  [[nodiscard]] bool empty() const { return states.empty(); }
  // Whether `cell` ended in one of the states.
  [[nodiscard]] bool fails(const CellStateProjection& cell) const;
  // The numbers of the failing cells of `cells`, in the table's order.
  [[nodiscard]] std::vector<std::size_t> failing_cells(const replay::CellTable& cells) const;
};

// Why a cell fails: "ended in destroyFailed: identity materialization failed"
// (the last error, when it has one).
std::string failed_state_message(const CellStateProjection& cell);

}  // namespace cellos::report
