// SPDX-License-Identifier: Apache-2.0
// What printing reads of the states (state_codec.hpp) of a checkpoint's cells
// that a resumed run never made: printing every snapshot renders these in
// place (the engine's StoredCellState) instead of making and decoding
// hundreds of thousands of cells first.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cellos::replay::detail {

class StoredStates {
 public:
  // One chunk of cells: their states back to back in `bytes` (without the
  // event ids a snapshot does not show), cell `i`'s from `starts[i]` to the
  // next one's start.
  struct Chunk {
    std::string bytes;
    std::vector<std::uint32_t> starts;
  };

  // Room for `chunks` chunks of `chunk_cells` cells each, none held yet.
  void reset(std::size_t chunks, std::size_t chunk_cells) {
    chunks_.assign(chunks, Chunk{});
    chunk_cells_ = chunk_cells;
  }
  // Chunk `i`, to be filled (by one thread per chunk).
  Chunk& chunk(std::size_t i) { return chunks_[i]; }

  // Cell `cell`'s state, when its chunk is held.
  [[nodiscard]] std::optional<std::string_view> state(std::size_t cell) const {
    if (chunk_cells_ == 0 || cell / chunk_cells_ >= chunks_.size()) return std::nullopt;
    const Chunk& c = chunks_[cell / chunk_cells_];
    const std::size_t i = cell % chunk_cells_;
    if (i >= c.starts.size()) return std::nullopt;
    const std::size_t end = i + 1 < c.starts.size() ? c.starts[i + 1] : c.bytes.size();
    return std::string_view(c.bytes).substr(c.starts[i], end - c.starts[i]);
  }

 private:
  std::vector<Chunk> chunks_;
  std::size_t chunk_cells_ = 0;
};

}  // namespace cellos::replay::detail
