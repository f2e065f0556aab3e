// SPDX-License-Identifier: Apache-2.0
// Reads an input in blocks of whole lines, straight into the block's buffer:
// the reading job of a parallel replay, which leaves splitting the lines to
// the threads that parse them (split_block). The lines are those LineReader
// gives, one for one: a line longer than `max_line_bytes` is skipped up to
// its newline without being buffered, and the next block starts with it.
// LineReader stays for reading line by line (one thread, --follow, publish):
// it hands out each line as soon as it is whole, where a block waits for a
// block's worth of bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/byte_buffer.hpp"
#include "cellos/input/byte_source.hpp"
#include "cellos/input/line_reader.hpp"

namespace cellos::input {

// One block: whole lines, each ending in '\n' but a last line of the input.
struct Block {
  ByteBuffer text;
  bool starts_input = false;  // its first line is line 1 of the input
  // A line too long to keep, which comes before `text`: its full length,
  // and whether a newline ended it. Length 0 when there is none.
  std::size_t too_long_first = 0;
  bool too_long_first_newline = false;
};

class BlockReader {
 public:
  // `resumed`: the input's first bytes were read elsewhere, so no block
  // starts the input (no byte-order mark is looked for).
  BlockReader(ByteSource& source, std::size_t max_line_bytes, bool resumed = false);

  // Fills `block` with the next lines, about `target` bytes of them (more
  // when one line is longer). False when the input has nothing more: at its
  // end, or when reading failed (then error() says why, and the block holds
  // the whole lines read before the failure).
  bool next(Block& block, std::size_t target);
  [[nodiscard]] const std::string& error() const { return error_; }

 private:
  bool fill(Block& block, std::size_t target);
  // Reads up to `n` bytes onto `block`; false at the end of input.
  bool read_more(Block& block, std::size_t n);
  // Skips the rest of a too-long line; false if the input ended first.
  bool skip_rest_of_line(Block& block);

  ByteSource& source_;
  std::size_t max_line_bytes_;
  std::string carry_;        // the partial line at the end of the previous block
  bool first_block_ = true;  // nothing of the input handed out yet
  bool at_end_ = false;
  std::size_t skipping_ = 0;  // bytes seen of a too-long line still being skipped
  std::string error_;
};

// The lines of a block, as LineReader gives them, numbered from 1 within
// the block (the reducing job knows the lines before it).
void split_block(const Block& block, std::size_t max_line_bytes, std::vector<Line>& lines);

}  // namespace cellos::input
