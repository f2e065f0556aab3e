// SPDX-License-Identifier: Apache-2.0
#include "cellos/report/failing_states.hpp"

#include <algorithm>

namespace cellos::report {

bool FailingStates::fails(const CellStateProjection& cell) const {
  return std::ranges::find(states, cell.current_state()) != states.end();
}

std::vector<std::size_t> FailingStates::failing_cells(const replay::CellTable& cells) const {
  std::vector<std::size_t> failing;
  if (empty()) return failing;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (fails(cells[i])) failing.push_back(i);
  }
  return failing;
}

std::string failed_state_message(const CellStateProjection& cell) {
  std::string message = "ended in " + std::string(json_name(cell.current_state()));
  if (const auto error = cell.last_error()) message.append(": ").append(*error);
  return message;
}

}  // namespace cellos::report
