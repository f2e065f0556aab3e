// SPDX-License-Identifier: Apache-2.0
// The reducers of a replay, one per cell key, in order of first appearance.
// `cellId` and `specId` keys live in separate key spaces.
//
// The index is a flat open-addressing table of (hash tag, cell number); key
// bytes live once in an arena. One probe sequence per event, no allocation
// except when a cell is created.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "cellos/base/detail/zeroed_array.hpp"
#include "cellos/reducer/cell_state_projection.hpp"
#include "cellos/replay/detail/cell_blocks.hpp"
#include "cellos/replay/detail/stored_states.hpp"
#include "cellos/replay/router.hpp"

namespace cellos::replay {

// What tells cells apart: the key space and key and, in a table with
// cells_per_input, the input. Stable for a whole replay, unlike addresses
// (cells move when a table is reordered or inputs are dropped).
struct CellKey {
  RouteKind kind = RouteKind::CellId;
  std::string_view key;
  std::uint32_t input = 0;
};

// A line of an input: the input's number in the order the replay read them
// (as ReplaySink::on_input_start announced them), and the line in it.
struct EventPlace {
  static constexpr std::uint32_t kNoInput = UINT32_MAX;
  std::uint32_t input = kNoInput;
  std::uint64_t line = 0;
};

class CellTable {
 public:
  // With `cells_per_input`, the same key in two inputs is two cells: the
  // inputs are independent streams (Kafka partitions, each holding its cells'
  // events in order), and drop_input() forgets one of them.
  explicit CellTable(bool cells_per_input = false) : cells_per_input_(cells_per_input) {}

  // The hash find_or_create() needs, for threads that compute it ahead.
  // Stable across runs and builds: checkpoints store it (format 3).
  [[nodiscard]] static std::uint64_t key_hash(RouteKind kind, std::string_view key);

  // The cell for (kind, key), created on first sight while reading input
  // number `input`.
  CellStateProjection& find_or_create(RouteKind kind, std::string_view key,
                                      std::uint32_t input = 0) {
    return find_or_create(kind, key, key_hash(kind, key), input);
  }
  // The same with the key's hash given.
  CellStateProjection& find_or_create(RouteKind kind, std::string_view key, std::uint64_t hash,
                                      std::uint32_t input) {
    return cells_[find_or_add(kind, key, hash, input)];
  }
  // The number of the cell for (kind, key), created on first sight.
  std::size_t find_or_add(RouteKind kind, std::string_view key, std::uint64_t hash,
                          std::uint32_t input);
  [[nodiscard]] CellStateProjection& cell(std::size_t i) { return cells_[i]; }
  // Room for `cells` cells in all without growing the index, for a table
  // about to be filled with that many (restoring a checkpoint): one index
  // allocation instead of one per doubling, each rehashing every key. The
  // per-cell arrays also get room for the cells a resumed run adds.
  void reserve(std::size_t cells);

  // Restoring a checkpoint, whose keys are distinct and in order: numbers the
  // cell for (kind, key) next, without looking it up or making it (its state
  // is loaded when used). index_restored() then indexes all such cells at once.
  void add_restored(RouteKind kind, std::string_view key);
  // The same for cells known by their keys' hashes (key_hash) alone: each
  // key comes from the key loader when a lookup first needs it
  // (set_restored_key). Their key views are left untouched until then.
  void add_restored(std::span<const std::uint64_t> key_hashes);
  // Indexes the cells add_restored() numbered, in one pass that fetches the
  // index ahead. Returns the number of a cell whose key came before (a
  // damaged checkpoint; the table is then unusable), or kNoCell.
  static constexpr std::size_t kNoCell = SIZE_MAX;
  std::size_t index_restored();
  // Gives cell `i`, restored by its hash, its key; false when the key is not
  // the one hashed (damage), or the cell has a key already.
  bool set_restored_key(std::size_t i, RouteKind kind, std::string_view key);
  [[nodiscard]] bool has_key(std::size_t i) const { return !keys_[i].empty(); }
  // Called by a lookup that reaches a cell restored without its key, to
  // set_restored_key() it (and any others it likes). A cell left without a
  // key does not match: the caller learns of the failure its own way.
  using KeyLoader = std::function<void(std::size_t cell)>;
  void set_key_loader(KeyLoader load) { load_key_ = std::move(load); }
  // Cell `i`'s key_hash().
  [[nodiscard]] std::uint64_t stored_key_hash(std::size_t i) const { return hashes_[i]; }
  // The encoded states of restored cells that were never made, kept for
  // printing them in place (Replayer::keep_stored_states). A printer of
  // every cell takes cell `i`'s stored_state() when it has one: operator[]
  // of such a cell is a new cell.
  [[nodiscard]] std::optional<std::string_view> stored_state(std::size_t i) const {
    return stored_.state(i);
  }
  detail::StoredStates& stored_states() { return stored_; }

  // Which cells changed since the replay began (what --changed prints) and
  // since the last checkpoint (what the next one writes; a following replay
  // checkpoints more than once). Kept only after track_changes().
  void track_changes() {
    changed_.assign(cells_.size(), 0);
    tracking_ = true;
  }
  void mark_changed(std::size_t i) {
    if (tracking_) changed_[i] = kChangedInRun | kUnsaved;
  }
  void unmark_changed(std::size_t i) {
    if (tracking_) changed_[i] = 0;
  }
  [[nodiscard]] bool changed(std::size_t i) const {
    return tracking_ && (changed_[i] & kChangedInRun) != 0;
  }
  [[nodiscard]] bool unsaved(std::size_t i) const {
    return tracking_ && (changed_[i] & kUnsaved) != 0;
  }
  // A checkpoint holds every cell as it is now.
  void mark_saved(std::size_t i) {
    if (tracking_) changed_[i] &= static_cast<std::uint8_t>(~kUnsaved);
  }
  void mark_saved() {
    for (std::uint8_t& flags : changed_) flags &= static_cast<std::uint8_t>(~kUnsaved);
  }
  // Where each cell's last event was read, so that a report can point at it
  // (a cell that ended badly). Kept only after track_last_events().
  void track_last_events() { tracking_places_ = true; }
  void note_event(std::size_t i, EventPlace place) {
    if (!tracking_places_) return;
    if (last_event_.size() <= i) last_event_.resize(i + 1);
    last_event_[i] = place;
  }
  // Cell `i`'s last event in this replay; input kNoInput when it had none
  // (restored from a checkpoint and not seen since, or not tracked).
  [[nodiscard]] EventPlace last_event(std::size_t i) const {
    return i < last_event_.size() ? last_event_[i] : EventPlace{};
  }
  // Asks the CPU to fetch the index slot where a lookup of this key starts:
  // the index outgrows the cache, and a replay knows its next keys ahead.
  void prefetch(std::uint64_t key_hash, std::uint32_t input = 0) const;
  // The next stage, once that slot has arrived: the key and the cell it
  // names, when it is the key's (the first probe, the usual case).
  void prefetch_cell(std::uint64_t key_hash, std::uint32_t input = 0) const;
  // Cell `i`'s key (has_key(i)), and the key of the cell for (kind, key)
  // seen in `input`.
  [[nodiscard]] CellKey key(std::size_t i) const {
    return key_for(keys_[i][0] == 'c' ? RouteKind::CellId : RouteKind::SpecId, keys_[i].substr(1),
                   first_input_[i]);
  }
  [[nodiscard]] CellKey key_for(RouteKind kind, std::string_view key, std::uint32_t input) const {
    return {kind, key, cells_per_input_ ? input : 0};
  }
  // The input in which cell `i` first appeared.
  [[nodiscard]] std::uint32_t first_input(std::size_t i) const { return first_input_[i]; }

  // Forgets the cells first seen in `input` (a partition this process no
  // longer owns). Cells of other inputs keep their order.
  void drop_input(std::uint32_t input);
  // Orders the cells by input, keeping the order of first appearance within
  // each (streams read concurrently print in a reproducible order).
  void order_by_input();

  [[nodiscard]] std::size_t size() const { return cells_.size(); }
  [[nodiscard]] const CellStateProjection& operator[](std::size_t i) const { return cells_[i]; }
  [[nodiscard]] auto begin() const { return cells_.begin(); }
  [[nodiscard]] auto end() const { return cells_.end(); }

 private:
  struct Slot {
    std::uint32_t tag = 0;   // high hash bits, to skip most key comparisons
    std::uint32_t cell = 0;  // cell number + 1; 0 is an empty slot
  };

  // The index's hash of a key: with cells_per_input, the input's too.
  [[nodiscard]] std::uint64_t table_hash(std::uint64_t key_hash, std::uint32_t input) const;
  std::string_view store_key(char space, std::string_view key);
  // Grows the index, when needed, to hold `cells` cells at its load factor
  // (at most 1/2).
  void size_index_for(std::size_t cells);
  // Rebuilds the index with `slots` slots (after it grew, or cells were
  // removed or reordered).
  void reindex(std::size_t slots);
  // Adds cells `first`.. to the index; returns the first whose key was
  // already there (left out of the index), or kNoCell.
  std::size_t index_from(std::size_t first);
  // Adds cell `cell`, whose table_hash() is `hash`, to the index; false when
  // a cell with its key is there already.
  bool place(std::size_t cell, std::uint64_t hash);
  // Keeps the cells numbered `order`, in that order.
  void keep_only(const std::vector<std::size_t>& order);

  bool cells_per_input_ = false;
  static constexpr std::uint8_t kChangedInRun = 1;
  static constexpr std::uint8_t kUnsaved = 2;

  bool tracking_ = false;
  std::vector<std::uint8_t> changed_;  // per cell, with tracking_: kChangedInRun | kUnsaved
  bool tracking_places_ = false;
  std::vector<EventPlace> last_event_;  // per cell seen so far, with tracking_places_
  // Cells never move while cells are added (references stay valid).
  detail::CellBlocks cells_;
  detail::StoredStates stored_;  // of cells never made, when kept
  // Per cell: its key-space byte followed by the key, in `arena_`; empty for
  // a cell restored by its hash whose key was not needed yet.
  cellos::detail::ZeroedVector<std::string_view> keys_;
  std::vector<std::uint64_t> hashes_;  // per cell: key_hash(), which the index is built from
  KeyLoader load_key_;
  cellos::detail::ZeroedVector<std::uint32_t> first_input_;
  cellos::detail::ZeroedArray<Slot> slots_;  // zero bytes: an empty Slot
  std::vector<std::unique_ptr<char[]>> arena_;
  std::size_t arena_left_ = 0;
  char* arena_next_ = nullptr;
};

}  // namespace cellos::replay
