// SPDX-License-Identifier: Apache-2.0
#include "cellos/base/utf8.hpp"

namespace cellos::utf8 {

namespace {

void append_escaped_control(std::string& out, std::uint32_t cp) {
  static constexpr char kHex[] = "0123456789abcdef";
  switch (cp) {
    case '\n':
      out.append("\\n");
      return;
    case '\r':
      out.append("\\r");
      return;
    case '\t':
      out.append("\\t");
      return;
    default:
      break;
  }
  out.append("\\u{");
  if (cp >= 0x10) out.push_back(kHex[cp >> 4]);
  out.push_back(kHex[cp & 0xF]);
  out.push_back('}');
}

}  // namespace

std::string lossy(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    const int n = sequence_at(text, i);
    if (n > 0) {
      out.append(text.substr(i, static_cast<std::size_t>(n)));
      i += static_cast<std::size_t>(n);
    } else {
      out.append("\xEF\xBF\xBD");
      i += static_cast<std::size_t>(-n);
    }
  }
  return out;
}

std::string for_terminal(std::string_view text) {
  const std::string valid = lossy(text);
  std::string out;
  out.reserve(valid.size());
  std::size_t i = 0;
  while (i < valid.size()) {
    const std::size_t start = i;
    std::uint32_t cp = 0;
    next_code_point(valid, i, cp);  // valid: lossy() made it so
    if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) {
      append_escaped_control(out, cp);
    } else {
      out.append(valid, start, i - start);
    }
  }
  return out;
}

}  // namespace cellos::utf8
