// SPDX-License-Identifier: Apache-2.0
#include "base/rust_format.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <system_error>

#include "cellos/base/utf8.hpp"

namespace cellos::rust {

namespace {

struct Range {
  std::uint32_t first;
  std::uint32_t last;
};

// Code points Rust's str Debug writes as \u{...}; generated from Rust itself
// by tools/gen_rust_debug_table.rs.
constexpr Range kEscaped[] = {
#include "base/rust_debug_escapes.inc"
};

bool escaped_by_debug(std::uint32_t cp) {
  const auto* it = std::upper_bound(std::begin(kEscaped), std::end(kEscaped), cp,
                                    [](std::uint32_t v, const Range& r) { return v < r.first; });
  if (it == std::begin(kEscaped)) return false;
  --it;
  return cp <= it->last;
}

}  // namespace

void append_debug(std::string& out, std::string_view text) {
  out.push_back('"');
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t start = i;
    std::uint32_t cp = 0;
    utf8::next_code_point(text, i, cp);  // valid by precondition
    switch (cp) {
      case 0:
        out.append("\\0");
        continue;
      case '\t':
        out.append("\\t");
        continue;
      case '\r':
        out.append("\\r");
        continue;
      case '\n':
        out.append("\\n");
        continue;
      case '\\':
        out.append("\\\\");
        continue;
      case '"':
        out.append("\\\"");
        continue;
      default:
        break;
    }
    if (escaped_by_debug(cp)) {
      char buf[16];
      const int n = std::snprintf(buf, sizeof buf, "\\u{%x}", cp);
      out.append(buf, static_cast<std::size_t>(n));
    } else {
      out.append(text.substr(start, i - start));
    }
  }
  out.push_back('"');
}

std::string debug(std::string_view text) {
  std::string out;
  append_debug(out, text);
  return out;
}

void append_display(std::string& out, double value) {
  // Shortest round-trip digits, then laid out without an exponent as Rust does.
  std::array<char, 64> buf{};
  const auto result =
      std::to_chars(buf.data(), buf.data() + buf.size(), value, std::chars_format::scientific);
  std::string_view sci(buf.data(), static_cast<std::size_t>(result.ptr - buf.data()));
  if (!sci.empty() && sci.front() == '-') {
    out.push_back('-');
    sci.remove_prefix(1);
  }
  const std::size_t e_pos = sci.find('e');
  std::string digits;
  for (char c : sci.substr(0, e_pos)) {
    if (c != '.') digits.push_back(c);
  }
  int exponent = 0;
  const std::string_view exp_text = sci.substr(e_pos + 1);
  std::from_chars(exp_text.data() + (exp_text.front() == '+' ? 1 : 0),
                  exp_text.data() + exp_text.size(), exponent);
  const auto n = static_cast<int>(digits.size());
  if (exponent >= n - 1) {
    const int zeros = exponent - (n - 1);
    out.append(digits);
    out.append(static_cast<std::size_t>(zeros), '0');
  } else if (exponent < 0) {
    const int zeros = -exponent - 1;
    out.append("0.");
    out.append(static_cast<std::size_t>(zeros), '0');
    out.append(digits);
  } else {
    const int integer_digits = exponent + 1;
    out.append(digits, 0, static_cast<std::size_t>(integer_digits));
    out.push_back('.');
    out.append(digits, static_cast<std::size_t>(integer_digits));
  }
}

}  // namespace cellos::rust
