// SPDX-License-Identifier: Apache-2.0
#include "cellos/json/writer.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <memory>
#include <string>

namespace cellos::json {
namespace {

TEST_CASE("strings are escaped as serde_json escapes them") {
  std::string out;
  append_quoted(out, std::string_view("\"\\\b\f\n\r\t\x01\x1f\x7f/\xE2\x80\xA8\xC3\xA9", 16));
  CHECK(out == "\"\\\"\\\\\\b\\f\\n\\r\\t\\u0001\\u001f\x7f/\xE2\x80\xA8\xC3\xA9\"");
}

TEST_CASE("write_quoted writes append_quoted's bytes, within quoted_room") {
  // Every length around the sixteen-byte steps, with each kind of byte
  // (plain, escaped, control, non-ASCII, NUL) at each position.
  const std::string_view specials("a\"\\\n\x01\x1f\x7f\x80\xE9\0", 10);
  for (std::size_t size = 0; size <= 40; ++size) {
    for (std::size_t at = 0; at < std::max<std::size_t>(size, 1); ++at) {
      for (const char special : specials) {
        std::string text(size, 'x');
        if (size > 0) text[at] = special;
        std::string expected;
        append_quoted(expected, text);
        // Exactly the room promised, on the heap: ASan flags a byte beyond.
        const std::size_t room = quoted_room(text.size());
        const auto buffer = std::make_unique<char[]>(room);
        const char* end = write_quoted(buffer.get(), text);
        CAPTURE(size);
        CAPTURE(at);
        REQUIRE(end <= buffer.get() + room);
        CHECK(std::string_view(buffer.get(), static_cast<std::size_t>(end - buffer.get())) ==
              expected);
      }
    }
  }
  // Everything escaped: the most any text needs.
  const std::string controls(37, '\x01');
  const auto buffer = std::make_unique<char[]>(quoted_room(controls.size()));
  CHECK(write_quoted(buffer.get(), controls) - buffer.get() == 6 * 37 + 2);
}

TEST_CASE("compact and pretty layouts") {
  auto build = [](Writer& w) {
    w.begin_object();
    w.key("a");
    w.begin_array();
    w.number(std::uint64_t{1});
    w.null();
    w.end_array();
    w.key("b");
    w.begin_object();
    w.end_object();
    w.key("c");
    w.begin_array();
    w.end_array();
    w.end_object();
  };
  std::string compact;
  Writer c(compact);
  build(c);
  CHECK(compact == R"({"a":[1,null],"b":{},"c":[]})");
  std::string pretty;
  Writer p(pretty, Writer::Style::Pretty);
  build(p);
  CHECK(pretty == "{\n  \"a\": [\n    1,\n    null\n  ],\n  \"b\": {},\n  \"c\": []\n}");
}

}  // namespace
}  // namespace cellos::json
