// SPDX-License-Identifier: Apache-2.0
#include "base/rust_format.hpp"

#include <doctest/doctest.h>

namespace cellos::rust {
namespace {

std::string display(double value) {
  std::string out;
  append_display(out, value);
  return out;
}

TEST_CASE("Debug quoting matches Rust's str Debug") {
  CHECK(debug("plain") == "\"plain\"");
  CHECK(debug(std::string_view("\0\t\r\n\\\"'", 7)) == R"("\0\t\r\n\\\"'")");
  CHECK(debug("\x07\x1b\x7f") == R"("\u{7}\u{1b}\u{7f}")");
  // C1 controls, format characters, line separators and combining marks are
  // escaped; printable non-ASCII and emoji are not.
  CHECK(debug("\xC2\x85\xC2\xAD\xE2\x80\x8B\xE2\x80\xA8\xCC\x81") ==
        R"("\u{85}\u{ad}\u{200b}\u{2028}\u{301}")");
  CHECK(debug("\xC3\xA9\xF0\x9F\x98\x80") == "\"\xC3\xA9\xF0\x9F\x98\x80\"");
}

TEST_CASE("Display of f64 is Rust's shortest plain decimal") {
  CHECK(display(1.0) == "1");
  CHECK(display(1.5) == "1.5");
  CHECK(display(0.1) == "0.1");
  CHECK(display(-0.0) == "-0");
  CHECK(display(1e20) == "100000000000000000000");
  CHECK(display(1e-7) == "0.0000001");
  CHECK(display(123456789012345680000.0) == "123456789012345680000");
  CHECK(display(1.5e300).size() == 301);
}

}  // namespace
}  // namespace cellos::rust
