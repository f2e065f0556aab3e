#include "cellos/replay/cell_table.hpp"

#include <algorithm>
#include <cstring>
#include <functional>

namespace cellos::replay {

namespace {

constexpr std::size_t kArenaBlock = std::size_t{1} << 20;

std::uint64_t hash_key(char space, std::string_view key) {
  return std::hash<std::string_view>{}(key) ^
         (static_cast<std::uint64_t>(space) * 0x9E3779B97F4A7C15ULL);
}

std::uint32_t tag_of(std::uint64_t hash) {
  return static_cast<std::uint32_t>(hash >> 32);
}

}  // namespace

std::string_view CellTable::store_key(char space, std::string_view key) {
  const std::size_t size = key.size() + 1;
  if (size > arena_left_) {
    const std::size_t block = std::max(kArenaBlock, size);
    arena_.push_back(std::make_unique<char[]>(block));
    arena_next_ = arena_.back().get();
    arena_left_ = block;
  }
  char* stored = arena_next_;
  stored[0] = space;
  std::memcpy(stored + 1, key.data(), key.size());
  arena_next_ += size;
  arena_left_ -= size;
  return {stored, size};
}

void CellTable::grow() {
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(old.empty() ? 1024 : old.size() * 2, Slot{});
  const std::size_t mask = slots_.size() - 1;
  for (const Slot& slot : old) {
    if (slot.cell == 0) continue;
    const std::string_view stored = keys_[slot.cell - 1];
    std::size_t i = hash_key(stored[0], stored.substr(1)) & mask;
    while (slots_[i].cell != 0) i = (i + 1) & mask;
    slots_[i] = slot;
  }
}

CellStateProjection& CellTable::find_or_create(RouteKind kind, std::string_view key,
                                               std::uint32_t input) {
  const char space = kind == RouteKind::CellId ? 'c' : 's';
  if ((cells_.size() + 1) * 2 > slots_.size()) grow();  // load factor at most 1/2
  const std::uint64_t hash = hash_key(space, key);
  const std::uint32_t tag = tag_of(hash);
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
    Slot& slot = slots_[i];
    if (slot.cell == 0) {
      keys_.push_back(store_key(space, key));
      first_input_.push_back(input);
      slot = Slot{tag, static_cast<std::uint32_t>(cells_.size() + 1)};
      return cells_.emplace_back();
    }
    if (slot.tag != tag) continue;
    const std::string_view stored = keys_[slot.cell - 1];
    if (stored[0] == space && stored.substr(1) == key) return cells_[slot.cell - 1];
  }
}

}  // namespace cellos::replay
