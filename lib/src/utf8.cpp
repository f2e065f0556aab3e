#include "cellos/utf8.hpp"

namespace cellos::utf8 {

namespace {

// The length of the well-formed sequence at text[i], or, when it is not
// well-formed, minus the length of its longest well-formed prefix (at least
// one byte). The ranges of the second byte are Unicode's Table 3-7.
int sequence_at(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned lead = byte(i);
  if (lead < 0x80) return 1;
  int length = 0;
  unsigned low = 0x80;
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
