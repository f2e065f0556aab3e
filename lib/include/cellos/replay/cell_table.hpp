// The reducers of a replay, one per cell key, in order of first appearance.
// `cellId` and `specId` keys live in separate key spaces.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>

#include "cellos/cell_state_projection.hpp"
#include "cellos/replay/router.hpp"

namespace cellos::replay {

class CellTable {
 public:
  // The cell for (kind, key), created on first sight.
  CellStateProjection& find_or_create(RouteKind kind, std::string_view key);

  [[nodiscard]] std::size_t size() const { return cells_.size(); }
  [[nodiscard]] const CellStateProjection& operator[](std::size_t i) const { return cells_[i]; }
  [[nodiscard]] auto begin() const { return cells_.begin(); }
  [[nodiscard]] auto end() const { return cells_.end(); }

 private:
  struct KeyHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view key) const { return std::hash<std::string_view>{}(key); }
  };

  // A deque keeps references stable while cells are added.
  std::deque<CellStateProjection> cells_;
  // Key: one byte for the key space, then the id.
  std::unordered_map<std::string, std::uint32_t, KeyHash, std::equal_to<>> index_;
  std::string probe_;  // reused to build lookup keys without allocating
};

}  // namespace cellos::replay
