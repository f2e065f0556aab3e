// SPDX-License-Identifier: Apache-2.0
#include "cellos/input/line_reader.hpp"

#include <algorithm>
#include <cstring>

namespace cellos::input {

namespace {
constexpr std::size_t kInitialBuffer = std::size_t{1} << 18;
}

LineReader::LineReader(ByteSource& source, std::size_t max_line_bytes, std::uint64_t lines_before)
    : source_(source),
      max_line_bytes_(max_line_bytes),
      capacity_(std::min(kInitialBuffer, std::max<std::size_t>(max_line_bytes, 4096) + 1)),
      line_number_(lines_before) {
  // A small file gets a buffer its size (a byte more, to see its end in one
  // read), from the heap rather than a mapping of its own.
  if (const auto left = source.bytes_left(); left && *left + 1 < capacity_) {
    capacity_ = std::max<std::size_t>(static_cast<std::size_t>(*left) + 1, 4096);
  }
  buffer_ = std::make_unique_for_overwrite<char[]>(capacity_);
}

void LineReader::grow() {
  const std::size_t capacity = std::min(capacity_ * 2, max_line_bytes_ + kInitialBuffer);
  auto bigger = std::make_unique_for_overwrite<char[]>(capacity);
  std::memcpy(bigger.get(), buffer_.get(), end_);
  buffer_ = std::move(bigger);
  capacity_ = capacity;
}

bool LineReader::fill() {
  if (eof_) return false;
  if (begin_ > 0) {
    // Move the partial line to the front so the buffer can take more.
    std::memmove(buffer_.get(), buffer_.get() + begin_, end_ - begin_);
    end_ -= begin_;
    scan_ -= begin_;
    begin_ = 0;
  }
  if (end_ == capacity_) grow();
  const std::size_t n = source_.read(buffer_.get() + end_, capacity_ - end_);
  if (n == 0) {
    eof_ = true;
    return false;
  }
  end_ += n;
  return true;
}

bool LineReader::next(Line& line) {
  bool too_long = false;
  std::size_t skipped = 0;  // bytes of a too-long line already dropped
  for (;;) {
    const char* base = buffer_.get();
    const void* nl = std::memchr(base + scan_, '\n', end_ - scan_);
    if (nl != nullptr || (eof_ && begin_ < end_) || (eof_ && too_long)) {
      const std::size_t stop =
          nl != nullptr ? static_cast<std::size_t>(static_cast<const char*>(nl) - base) : end_;
      line.number = ++line_number_;
      line.length = skipped + (stop - begin_);
      line.newline = nl != nullptr;
      line.too_long = too_long || line.length > max_line_bytes_;
      line.text =
          line.too_long ? std::string_view() : std::string_view(base + begin_, stop - begin_);
      begin_ = scan_ = nl != nullptr ? stop + 1 : end_;
      return true;
    }
    scan_ = end_;
    if (end_ - begin_ > max_line_bytes_) {
      // Too long: drop what we have and keep looking for its end.
      too_long = true;
      skipped += end_ - begin_;
      begin_ = scan_ = end_;
    }
    if (!fill()) {
      if (begin_ < end_ || too_long) continue;  // the last line has no newline
      return false;
    }
  }
}

}  // namespace cellos::input
