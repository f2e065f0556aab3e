// UTF-8 for code that writes text out: decoding one sequence (Rust Debug
// quoting, XML escaping), validating, and making any bytes (a file name, a
// log's text) valid UTF-8 or safe for a terminal.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace cellos::utf8 {

// Decodes the sequence at text[i] into `cp` and advances `i` past it.
// Returns false (and advances past the bytes looked at) when it is malformed.
inline bool next_code_point(std::string_view text, std::size_t& i, std::uint32_t& cp) {
  const auto lead = static_cast<unsigned char>(text[i++]);
  int extra = 0;
  if (lead < 0x80) {
    cp = lead;
    return true;
  }
  if (lead >= 0xC2 && lead <= 0xDF) {
    extra = 1;
    cp = lead & 0x1FU;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    extra = 2;
    cp = lead & 0x0FU;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    extra = 3;
    cp = lead & 0x07U;
  } else {
    return false;
  }
  for (int k = 0; k < extra; ++k, ++i) {
    if (i >= text.size() || (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) return false;
    cp = (cp << 6) | (static_cast<unsigned char>(text[i]) & 0x3FU);
  }
  return true;
}

// Whether `text` is valid UTF-8 as RFC 3629 (and JSON parsers) define it:
// no overlong forms, no surrogates, nothing above U+10FFFF.
inline bool is_valid(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t start = i;
    std::uint32_t cp = 0;
    if (!next_code_point(text, i, cp)) return false;
    const std::size_t length = i - start;
    const std::uint32_t smallest = length == 1   ? 0
                                   : length == 2 ? 0x80
                                   : length == 3 ? 0x800
                                                 : 0x10000;
    if (cp < smallest || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
  }
  return true;
}

// `text` with each invalid sequence replaced by U+FFFD exactly as Rust's
// String::from_utf8_lossy does: one replacement per maximal prefix of a
// well-formed sequence (Unicode's "substitution of maximal subparts").
// Output the tool writes is always valid UTF-8, whatever a file name holds.
std::string lossy(std::string_view text);

// `text` made safe to print on a terminal as one line: lossy UTF-8, and
// control characters (C0, DEL, C1) escaped as Rust's Debug writes them
// (\n, \r, \t, \u{1b}), so that nothing from a log or a file name can move
// the cursor, recolour the screen or start a second line.
std::string for_terminal(std::string_view text);

}  // namespace cellos::utf8
