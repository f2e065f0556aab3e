// SPDX-License-Identifier: Apache-2.0
#include "cellos/base/utf8.hpp"

#include <doctest/doctest.h>

#include <string>

namespace cellos::utf8 {
namespace {

constexpr const char* kReplacement = "\xEF\xBF\xBD";

std::string replaced(int times) {
  std::string out;
  for (int i = 0; i < times; ++i) out += kReplacement;
  return out;
}

// Expected values from Rust's String::from_utf8_lossy on the same bytes.
TEST_CASE("lossy replaces each maximal invalid subpart once, as Rust does") {
  CHECK(lossy("valid \xC3\xA9\xF0\x9F\x98\x80") == "valid \xC3\xA9\xF0\x9F\x98\x80");
  // Unicode's own example (Table 3-8).
  CHECK(lossy("\x61\xF1\x80\x80\xE1\x80\xC2\x62\x80\x63\x80\xBF\x64") ==
        "a" + replaced(3) + "b" + replaced(1) + "c" + replaced(2) + "d");
  CHECK(lossy("\xF0\x90\x80"
              "A") == replaced(1) + "A");           // a truncated four-byte sequence
  CHECK(lossy("\xE0\x80") == replaced(2));          // overlong
  CHECK(lossy("\xED\xA0\x80") == replaced(3));      // a surrogate
  CHECK(lossy("\xF4\x90\x80\x80") == replaced(4));  // above U+10FFFF
  CHECK(lossy("\xC0\xAF") == replaced(2));
  CHECK(lossy("ok\xFF") == "ok" + replaced(1));
  CHECK(lossy("\xF0\x9F\x98\x80\xF0\x9F\x98") == "\xF0\x9F\x98\x80" + replaced(1));
  CHECK(lossy("") == "");
}

TEST_CASE("for_terminal escapes controls as Rust's Debug does and keeps one line") {
  CHECK(for_terminal("\x1b[31mred\x1b[0m") == "\\u{1b}[31mred\\u{1b}[0m");
  CHECK(for_terminal("a\nb\rc\td") == "a\\nb\\rc\\td");
  CHECK(for_terminal("\x7f\xC2\x9B\x01") == "\\u{7f}\\u{9b}\\u{1}");
  CHECK(for_terminal("caf\xC3\xA9 \xE2\x80\xA8") == "caf\xC3\xA9 \xE2\x80\xA8");
  CHECK(for_terminal("bad\xFF\n") == "bad" + replaced(1) + "\\n");
}

}  // namespace
}  // namespace cellos::utf8
