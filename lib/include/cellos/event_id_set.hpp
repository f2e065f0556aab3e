// The set of event ids a cell has applied, for the reducer's dedup rule.
//
// Cells see a handful of events each, so ids are kept back to back in one
// buffer and found by a linear scan; past `kIndexThreshold` ids an
// open-addressing index of offsets takes over. Ids are compared in full:
// dedup is exact, never by hash alone.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace cellos {

class EventIdSet {
 public:
  [[nodiscard]] bool contains(std::string_view id) const;
  // Adds `id`, which must not be in the set.
  void insert(std::string_view id);
  [[nodiscard]] std::size_t size() const { return count_; }
  // Bytes held on the heap, for memory accounting.
  [[nodiscard]] std::size_t heap_bytes() const {
    return ids_.capacity() + index_.capacity() * sizeof(std::uint64_t);
  }

 private:
  static constexpr std::size_t kIndexThreshold = 16;

  [[nodiscard]] std::string_view id_at(std::uint64_t offset) const;
  void rebuild_index(std::size_t slots);
  void index_insert(std::uint64_t offset, std::uint64_t hash);

  // Each id stored as a 4-byte little-endian length followed by its bytes.
  std::string ids_;
  // Offsets + 1 into `ids_`; 0 marks an empty slot. Empty until the threshold.
  std::vector<std::uint64_t> index_;
  std::size_t count_ = 0;
};

}  // namespace cellos
