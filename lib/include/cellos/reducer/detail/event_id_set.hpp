// SPDX-License-Identifier: Apache-2.0
// The set of event ids a cell has applied, for the reducer's dedup rule.
//
// Cells see a handful of events each, and fleets run hundreds of thousands of
// cells, so the set is built for size: ids are encoded back to back in one
// buffer that grows by half, and found by a linear scan; past
// `kIndexThreshold` ids an open-addressing index of offsets takes over. An id
// in canonical UUID form (lower-case 8-4-4-4-12 hex, what supervisors emit)
// is stored as 17 bytes instead of 37. The encoding is canonical, so equal
// encodings mean equal ids: dedup is exact, never by hash alone.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace cellos {

class EventIdSet {
 public:
  // An id in the set's encoding. Encode once, then look up and insert.
  class Key {
   public:
    explicit Key(std::string_view id);
    [[nodiscard]] std::string_view bytes() const { return bytes_; }

   private:
    // Room for a UUID or a short raw id; longer ids go to `long_`.
    std::array<char, 96> small_;
    std::string long_;
    std::string_view bytes_;
  };

  [[nodiscard]] bool contains(const Key& key) const {
    return count_ != 0 && contains_encoded(key.bytes());
  }
  [[nodiscard]] bool contains(std::string_view id) const { return contains(Key(id)); }
  // Adds the id, which must not be in the set.
  void insert(const Key& key);
  void insert(std::string_view id) { insert(Key(id)); }
  [[nodiscard]] std::size_t size() const { return count_; }

  // The ids in the set's own encoding, back to back, for saving a cell's
  // state; restore() takes them back, after checking every entry's extent.
  [[nodiscard]] std::string_view encoded() const { return {bytes_.get(), size_}; }
  bool restore(std::string_view encoded);
  // Whether restore() would take `encoded`.
  [[nodiscard]] static bool valid_encoding(std::string_view encoded) {
    return count_encoded(encoded).has_value();
  }
  // Bytes held on the heap, for memory accounting.
  [[nodiscard]] std::size_t heap_bytes() const {
    return capacity_ + std::size_t{index_slots_} * sizeof(std::uint32_t);
  }

 private:
  static constexpr std::size_t kIndexThreshold = 16;

  [[nodiscard]] std::string_view entry_at(std::size_t offset) const;
  [[nodiscard]] bool contains_encoded(std::string_view encoded) const;
  // The number of ids `encoded` holds; nullopt when an entry overruns it.
  static std::optional<std::uint32_t> count_encoded(std::string_view encoded);
  void rebuild_index(std::size_t slots);
  void index_insert(std::uint32_t offset, std::uint64_t hash);
  void append(std::string_view encoded);

  // Encoded ids back to back; `size_` bytes used of `capacity_`.
  std::unique_ptr<char[]> bytes_;
  // Offsets + 1 into `bytes_`; 0 marks an empty slot. None until the threshold.
  std::unique_ptr<std::uint32_t[]> index_;
  std::uint32_t size_ = 0;
  std::uint32_t capacity_ = 0;
  std::uint32_t count_ = 0;
  std::uint32_t index_slots_ = 0;
};

}  // namespace cellos
