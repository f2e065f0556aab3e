#include "cellos/report/cell_selection.hpp"

#include <algorithm>

namespace cellos::report {

bool CellSelection::matches(const replay::CellTable& cells, std::size_t i) const {
  if (changed_only && !cells.changed(i)) return false;
  const CellStateProjection& cell = cells[i];
  if (!ids.empty()) {
    const auto id = cell.cell_id() ? cell.cell_id() : cell.spec_id();
    if (!id || std::find(ids.begin(), ids.end(), *id) == ids.end()) return false;
  }
  return states.empty() ||
         std::find(states.begin(), states.end(), cell.current_state()) != states.end();
}

}  // namespace cellos::report
