// Decoding one UTF-8 sequence, for code that writes text out (Rust Debug
// quoting, XML escaping). Text from parsed events is valid UTF-8 already; a
// file name may not be, so malformed sequences are reported, not trusted.
#pragma once

#include <cstddef>
#include <cstdint>
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

}  // namespace cellos::utf8
