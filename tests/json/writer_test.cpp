#include "cellos/json/writer.hpp"

#include <doctest/doctest.h>

namespace cellos::json {
namespace {

TEST_CASE("strings are escaped as serde_json escapes them") {
  std::string out;
  append_quoted(out, std::string_view("\"\\\b\f\n\r\t\x01\x1f\x7f/\xE2\x80\xA8\xC3\xA9", 16));
  CHECK(out == "\"\\\"\\\\\\b\\f\\n\\r\\t\\u0001\\u001f\x7f/\xE2\x80\xA8\xC3\xA9\"");
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
