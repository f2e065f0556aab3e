// SPDX-License-Identifier: Apache-2.0
// Splits a byte stream into lines through one bounded buffer.
//
// The buffer grows only as far as the longest line, and never past
// `max_line_bytes`: a longer line is skipped up to its newline and reported
// as too long, so a hostile input cannot exhaust memory.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "cellos/input/byte_source.hpp"

namespace cellos::input {

struct Line {
  std::string_view text;     // without the '\n'; empty when too long
  std::uint64_t number = 0;  // 1-based within the input
  bool too_long = false;
  std::size_t length = 0;  // full length in bytes, also when too long
  bool newline = false;    // whether a '\n' ended it (the last line may lack one)
};

class LineReader {
 public:
  // `lines_before`: lines of the input already read elsewhere (a resumed
  // input): the first line read is numbered lines_before + 1.
  LineReader(ByteSource& source, std::size_t max_line_bytes, std::uint64_t lines_before = 0);

  // The next line; false at the end of the input. `line.text` stays valid
  // until the next call. Throws InputError from the source.
  bool next(Line& line);

 private:
  bool fill();  // reads more; false at end of input

  ByteSource& source_;
  std::size_t max_line_bytes_;
  void grow();  // doubles the buffer, up to what a longest line needs

  // Not zero-filled: a small log touches only the pages it reads into.
  std::unique_ptr<char[]> buffer_;
  std::size_t capacity_;
  std::size_t begin_ = 0;  // start of the unconsumed bytes
  std::size_t scan_ = 0;   // where the newline search resumes
  std::size_t end_ = 0;    // end of the valid bytes
  bool eof_ = false;
  std::uint64_t line_number_ = 0;
};

}  // namespace cellos::input
