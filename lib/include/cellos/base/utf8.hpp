// SPDX-License-Identifier: Apache-2.0
// UTF-8 for code that writes text out: decoding one sequence (Rust Debug
// quoting, XML escaping), validating, and making any bytes (a file name, a
// log's text) valid UTF-8 or safe for a terminal.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace cellos::utf8 {

// The one definition of well-formed UTF-8 here (Unicode's Table 3-7, as
// Rust's str::from_utf8 and serde_json apply it: no overlong forms, no
// surrogates, nothing above U+10FFFF). Returns the length of the well-formed
// sequence at text[i] (1 to 4), or, when there is none, minus the length of
// its longest well-formed prefix (at least 1 byte): what one U+FFFD replaces.
inline int sequence_at(std::string_view text, std::size_t i) {
  const auto byte = [&text](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned lead = byte(i);
  if (lead < 0x80) return 1;
  int length = 0;
  unsigned low = 0x80;  // the second byte's range
  unsigned high = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED) high = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;
  } else {
    return -1;
  }
  for (int k = 1; k < length; ++k) {
    const std::size_t at = i + static_cast<std::size_t>(k);
    if (at >= text.size()) return -k;
    const unsigned b = byte(at);
    if (k == 1 ? (b < low || b > high) : (b & 0xC0U) != 0x80) return -k;
  }
  return length;
}

// Decodes the sequence at text[i] into `cp` and advances `i` past it.
// Returns false, advancing past the malformed bytes, when it is malformed.
inline bool next_code_point(std::string_view text, std::size_t& i, std::uint32_t& cp) {
  const int n = sequence_at(text, i);
  if (n < 0) {
    i += static_cast<std::size_t>(-n);
    return false;
  }
  static constexpr unsigned kLeadBits[] = {0, 0x7F, 0x1F, 0x0F, 0x07};
  cp = static_cast<unsigned char>(text[i]) & kLeadBits[n];
  for (int k = 1; k < n; ++k) {
    cp = (cp << 6) | (static_cast<unsigned char>(text[i + static_cast<std::size_t>(k)]) & 0x3FU);
  }
  i += static_cast<std::size_t>(n);
  return true;
}

// Columns `text` takes on a terminal, counted as code points (continuation
// bytes do not count; wide characters count one).
inline std::size_t display_width(std::string_view text) {
  std::size_t width = 0;
  for (const char c : text) width += (static_cast<unsigned char>(c) & 0xC0U) != 0x80 ? 1 : 0;
  return width;
}

// Whether `text` is well-formed UTF-8.
inline bool is_valid(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const int n = sequence_at(text, i);
    if (n < 0) return false;
    i += static_cast<std::size_t>(n);
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
