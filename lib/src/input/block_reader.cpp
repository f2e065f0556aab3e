// SPDX-License-Identifier: Apache-2.0
#include "input/block_reader.hpp"

#include <algorithm>
#include <cstring>

namespace cellos::input {

namespace {
// What to read when a block has its bytes but not yet the end of its last line.
constexpr std::size_t kReadChunk = std::size_t{1} << 16;
}  // namespace

BlockReader::BlockReader(ByteSource& source, std::size_t max_line_bytes, bool resumed)
    : source_(source), max_line_bytes_(max_line_bytes), first_block_(!resumed) {}

bool BlockReader::read_more(Block& block, std::size_t n) {
  const std::size_t got = source_.read(block.text.tail(n), n);
  block.text.commit(got);
  return got > 0;
}

bool BlockReader::skip_rest_of_line(Block& block) {
  for (;;) {
    block.text.clear();
    if (!read_more(block, kReadChunk)) return false;
    const std::string_view bytes = block.text.view();
    const std::size_t newline = bytes.find('\n');
    if (newline == std::string_view::npos) {
      skipping_ += bytes.size();
      continue;
    }
    skipping_ += newline;
    // The bytes after the newline are the next lines.
    block.text.drop_front(newline + 1);
    return true;
  }
}

bool BlockReader::next(Block& block, std::size_t target) {
  block.text.clear();
  block.too_long_first = 0;
  block.too_long_first_newline = false;
  block.starts_input = first_block_;
  const bool more = fill(block, target);
  // A block may come out empty (when a too-long line starts right away).
  if (block.text.size() > 0 || block.too_long_first > 0) first_block_ = false;
  return more;
}

bool BlockReader::fill(Block& block, std::size_t target) {
  if (at_end_) return false;
  try {
    if (skipping_ > 0) {
      const bool newline = skip_rest_of_line(block);
      block.too_long_first = skipping_;
      block.too_long_first_newline = newline;
      skipping_ = 0;
      if (!newline) {
        at_end_ = true;
        return false;
      }
    } else {
      block.text.append(carry_);
      carry_.clear();
    }
    // Each read's bytes are searched once: a long line arrives in many reads.
    std::size_t searched = 0;
    std::size_t last_newline = std::string_view::npos;
    for (;;) {
      const std::string_view bytes = block.text.view();
      const std::size_t found = bytes.substr(searched).rfind('\n');
      if (found != std::string_view::npos) last_newline = searched + found;
      searched = bytes.size();
      const std::size_t partial =
          last_newline == std::string_view::npos ? bytes.size() : bytes.size() - last_newline - 1;
      if (partial > max_line_bytes_) {
        // Too long to keep: the block ends before it, the next skips the rest.
        skipping_ = partial;
        block.text.shrink_to(bytes.size() - partial);
        return true;
      }
      if (last_newline != std::string_view::npos && bytes.size() >= target) {
        carry_.assign(bytes.substr(last_newline + 1));
        block.text.shrink_to(last_newline + 1);
        return true;
      }
      const std::size_t want = bytes.size() < target ? target - bytes.size() : kReadChunk;
      if (!read_more(block, want)) {
        at_end_ = true;  // a last line without a newline stays in the block
        return false;
      }
    }
  } catch (const InputError& e) {
    // As LineReader: the whole lines before the failure count, the partial one not.
    error_ = e.what();
    at_end_ = true;
    skipping_ = 0;
    const std::size_t last_newline = block.text.view().rfind('\n');
    block.text.shrink_to(last_newline == std::string_view::npos ? 0 : last_newline + 1);
    return false;
  }
}

void split_block(const Block& block, std::size_t max_line_bytes, std::vector<Line>& lines) {
  lines.clear();
  std::uint64_t number = 0;
  if (block.too_long_first > 0) {
    lines.push_back({{}, ++number, true, block.too_long_first, block.too_long_first_newline});
  }
  const std::string_view text = block.text.view();
  std::size_t pos = 0;
  while (pos < text.size()) {
    const void* found = std::memchr(text.data() + pos, '\n', text.size() - pos);
    const std::size_t end =
        found != nullptr ? static_cast<std::size_t>(static_cast<const char*>(found) - text.data())
                         : text.size();
    const std::size_t length = end - pos;
    const bool too_long = length > max_line_bytes;
    lines.push_back({too_long ? std::string_view() : text.substr(pos, length), ++number, too_long,
                     length, found != nullptr});
    pos = end + 1;
  }
}

}  // namespace cellos::input
