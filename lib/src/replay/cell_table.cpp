#include "cellos/replay/cell_table.hpp"

namespace cellos::replay {

CellStateProjection& CellTable::find_or_create(RouteKind kind, std::string_view key) {
  probe_.clear();
  probe_.push_back(kind == RouteKind::CellId ? 'c' : 's');
  probe_.append(key);
  if (auto it = index_.find(std::string_view(probe_)); it != index_.end()) {
    return cells_[it->second];
  }
  index_.emplace(probe_, static_cast<std::uint32_t>(cells_.size()));
  return cells_.emplace_back();
}

}  // namespace cellos::replay
