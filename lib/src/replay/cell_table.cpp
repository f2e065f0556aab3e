// SPDX-License-Identifier: Apache-2.0
#include "cellos/replay/cell_table.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <numeric>

#include "cellos/base/checksum.hpp"
#include "cellos/base/detail/huge_heap.hpp"
#include "reducer/cell_prefetch.hpp"

namespace cellos::replay {

namespace {

// Keys are stored in blocks that double from 4 KiB to 1 MiB. A small log's
// few keys share the heap pages the rest of a start touches: a larger first
// block starts a page of its own, and whatever malloc hands out after it
// another (measured: ~2 page faults of a small replay's ~88, with the index's
// first size below).
constexpr std::size_t kFirstArenaBlock = std::size_t{1} << 12;
constexpr std::size_t kArenaBlock = std::size_t{1} << 20;
constexpr std::size_t kArenaDoublings = 8;  // kFirstArenaBlock << 8 == kArenaBlock
// The index's first size, in slots (8 bytes each): a small log's cells fit,
// and a larger index is cleared by calloc page by page.
constexpr std::size_t kFirstIndexSlots = 64;

char space_of(RouteKind kind) {
  return kind == RouteKind::CellId ? 'c' : 's';
}

// checksum64, not std::hash: checkpoints store these hashes, so they must
// not change with the standard library.
std::uint64_t hash_in_space(char space, std::string_view key) {
  return checksum64(key) ^ (static_cast<std::uint64_t>(space) * 0x9E3779B97F4A7C15ULL);
}

// A cell's identity: its key space ('c' cellId, 's' specId), its key and,
// with cells_per_input, its input (kept in first_input_, not in the key).
std::uint64_t with_input(std::uint64_t key_hash, std::uint32_t input) {
  return key_hash ^ (static_cast<std::uint64_t>(input) * 0xC2B2AE3D27D4EB4FULL);
}

std::uint32_t tag_of(std::uint64_t hash) {
  return static_cast<std::uint32_t>(hash >> 32);
}

}  // namespace

std::string_view CellTable::store_key(char space, std::string_view key) {
  const std::size_t size = key.size() + 1;
  if (size > arena_left_) {
    const std::size_t doubled = kFirstArenaBlock
                                << std::min<std::size_t>(arena_.size(), kArenaDoublings);
    const std::size_t block = std::max(std::min(doubled, kArenaBlock), size);
    arena_.push_back(std::make_unique_for_overwrite<char[]>(block));
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

void CellTable::reserve(std::size_t cells) {
  // The per-cell arrays get room for a quarter more: a resumed run adds
  // cells, and the first one past the reservation would copy every array
  // (~10 MB for 400k cells) into new memory, on the replay's critical path.
  // Room never used is never touched: it costs address space only. The
  // index, which is touched all over as it is built, is sized for `cells`.
  const std::size_t room = cells + cells / 4;
  keys_.reserve(room);
  hashes_.reserve(room);
  first_input_.reserve(room);
  if (tracking_) changed_.reserve(room);
  size_index_for(cells);
}

void CellTable::size_index_for(std::size_t cells) {
  std::size_t slots = slots_.empty() ? kFirstIndexSlots : slots_.size();
  while (slots < cells * 2) slots *= 2;  // the load factor find_or_add keeps: at most 1/2
  if (slots != slots_.size()) reindex(slots);
}

void CellTable::reindex(std::size_t slots) {
  slots_ = cellos::detail::ZeroedArray<Slot>(slots);
  index_from(0);  // the cells' keys are distinct: none is found twice
}

std::size_t CellTable::index_from(std::size_t first) {
  const std::size_t end = cells_.size();
  const auto hash_of = [this](std::size_t cell) {
    return table_hash(hashes_[cell], first_input_[cell]);
  };
  // In a large index each key's first slot is a cache miss: the hashes of
  // the next keys are computed ahead and their slots fetched meanwhile.
  constexpr std::size_t kAhead = 16;
  std::array<std::uint64_t, kAhead> ahead{};
  const auto fetch_ahead = [&](std::size_t cell) {
    ahead[cell % kAhead] = hash_of(cell);
    __builtin_prefetch(&slots_[ahead[cell % kAhead] & (slots_.size() - 1)]);
  };
  for (std::size_t cell = first; cell < std::min(end, first + kAhead); ++cell) fetch_ahead(cell);
  std::size_t twice = kNoCell;
  for (std::size_t cell = first; cell < end; ++cell) {
    const std::uint64_t hash = ahead[cell % kAhead];
    if (cell + kAhead < end) fetch_ahead(cell + kAhead);
    if (!place(cell, hash) && twice == kNoCell) twice = cell;
  }
  return twice;
}

bool CellTable::place(std::size_t cell, std::uint64_t hash) {
  const std::size_t mask = slots_.size() - 1;
  const std::uint32_t tag = tag_of(hash);
  std::size_t i = hash & mask;
  for (; slots_[i].cell != 0; i = (i + 1) & mask) {
    // Keys not loaded yet are not compared (set_restored_key checks each
    // against its hash when it comes).
    const std::size_t other = slots_[i].cell - 1;
    if (slots_[i].tag == tag && !keys_[cell].empty() && keys_[other] == keys_[cell] &&
        (!cells_per_input_ || first_input_[other] == first_input_[cell]))
      return false;
  }
  slots_[i] = Slot{tag, static_cast<std::uint32_t>(cell + 1)};
  return true;
}

void CellTable::add_restored(RouteKind kind, std::string_view key) {
  keys_.push_back(store_key(space_of(kind), key));
  hashes_.push_back(key_hash(kind, key));
  first_input_.push_back(0);
}

void CellTable::add_restored(std::span<const std::uint64_t> key_hashes) {
  keys_.grow_zeroed(key_hashes.size());  // empty views: no key yet
  hashes_.insert(hashes_.end(), key_hashes.begin(), key_hashes.end());
  first_input_.grow_zeroed(key_hashes.size());
}

bool CellTable::set_restored_key(std::size_t i, RouteKind kind, std::string_view key) {
  if (!keys_[i].empty() || key_hash(kind, key) != hashes_[i]) return false;
  keys_[i] = store_key(space_of(kind), key);
  return true;
}

std::size_t CellTable::index_restored() {
  const std::size_t first = cells_.size();
  size_index_for(keys_.size());
  cells_.append_unmade(keys_.size() - first);
  if (tracking_) changed_.resize(keys_.size(), 0);
  return index_from(first);
}

std::uint64_t CellTable::key_hash(RouteKind kind, std::string_view key) {
  return hash_in_space(space_of(kind), key);
}

std::uint64_t CellTable::table_hash(std::uint64_t key_hash, std::uint32_t input) const {
  return with_input(key_hash, cells_per_input_ ? input : 0);
}

void CellTable::prefetch(std::uint64_t key_hash, std::uint32_t input) const {
  if (slots_.empty()) return;
  __builtin_prefetch(&slots_[table_hash(key_hash, input) & (slots_.size() - 1)]);
}

void CellTable::prefetch_cell(std::uint64_t key_hash, std::uint32_t input) const {
  if (slots_.empty()) return;
  const std::uint64_t hash = table_hash(key_hash, input);
  const Slot& slot = slots_[hash & (slots_.size() - 1)];
  if (slot.cell == 0 || slot.tag != tag_of(hash)) return;
  __builtin_prefetch(keys_[slot.cell - 1].data());
  cellos::detail::CellPrefetch::cell(cells_[slot.cell - 1]);
}

std::size_t CellTable::find_or_add(RouteKind kind, std::string_view key, std::uint64_t key_hash,
                                   std::uint32_t input) {
  const char space = space_of(kind);
  if ((cells_.size() + 1) * 2 > slots_.size()) size_index_for(cells_.size() + 1);
  const std::uint64_t hash = table_hash(key_hash, input);
  const std::uint32_t tag = tag_of(hash);
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
    Slot& slot = slots_[i];
    if (slot.cell == 0) {
      keys_.push_back(store_key(space, key));
      hashes_.push_back(key_hash);
      first_input_.push_back(input);
      slot = Slot{tag, static_cast<std::uint32_t>(cells_.size() + 1)};
      if (tracking_) changed_.push_back(kChangedInRun | kUnsaved);
      // New cells are what grows a replay's heap (with their ids and texts).
      if (cells_.size() % detail::CellBlocks::kBlockCells == 0) cellos::detail::HugeHeap::grew();
      return cells_.push_back();
    }
    if (slot.tag != tag) continue;
    if (keys_[slot.cell - 1].empty() && load_key_) [[unlikely]]
      load_key_(slot.cell - 1);
    const std::string_view stored = keys_[slot.cell - 1];
    if (stored.empty()) continue;  // its key could not be loaded
    // With cells_per_input, a cell's input is its first (and only) one.
    if (stored[0] == space && stored.substr(1) == key &&
        (!cells_per_input_ || first_input_[slot.cell - 1] == input))
      return slot.cell - 1;
  }
}

void CellTable::keep_only(const std::vector<std::size_t>& order) {
  detail::CellBlocks cells;
  cellos::detail::ZeroedVector<std::string_view> keys;
  std::vector<std::uint64_t> hashes;
  cellos::detail::ZeroedVector<std::uint32_t> first_input;
  std::vector<std::uint8_t> changed;
  std::vector<EventPlace> last_event;
  keys.reserve(order.size());
  hashes.reserve(order.size());
  first_input.reserve(order.size());
  for (const std::size_t i : order) {
    cells[cells.push_back()] = std::move(cells_[i]);
    keys.push_back(keys_[i]);
    hashes.push_back(hashes_[i]);
    first_input.push_back(first_input_[i]);
    if (tracking_) changed.push_back(changed_[i]);
    if (tracking_places_) last_event.push_back(this->last_event(i));
  }
  // Dropped cells' key bytes stay in the arena: dropping is rare (a Kafka
  // rebalance), and the next replay of that partition needs as much again.
  cells_ = std::move(cells);
  keys_ = std::move(keys);
  hashes_ = std::move(hashes);
  first_input_ = std::move(first_input);
  changed_ = std::move(changed);
  last_event_ = std::move(last_event);
  reindex(slots_.size());
}

void CellTable::drop_input(std::uint32_t input) {
  std::vector<std::size_t> kept;
  kept.reserve(cells_.size());
  for (std::size_t i = 0; i < cells_.size(); ++i)
    if (first_input_[i] != input) kept.push_back(i);
  if (kept.size() != cells_.size()) keep_only(kept);
}

void CellTable::order_by_input() {
  std::vector<std::size_t> order(cells_.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [this](std::size_t a, std::size_t b) {
    return first_input_[a] < first_input_[b];
  });
  if (!std::is_sorted(first_input_.begin(), first_input_.end())) keep_only(order);
}

}  // namespace cellos::replay
