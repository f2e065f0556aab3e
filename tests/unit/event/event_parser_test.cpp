// SPDX-License-Identifier: Apache-2.0
// SPEC.md §1: what makes a line a CloudEvent, and the reference's messages.
#include "cellos/event/event_parser.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace cellos {
namespace {

std::string malformed(const std::string& line) {
  EventParser parser;
  CloudEvent event;
  REQUIRE_FALSE(parser.parse(line, event));
  return parser.error();
}

TEST_CASE("a well-formed event exposes its attributes and data fields") {
  EventParser parser;
  CloudEvent e;
  const std::string line =
      R"({"specversion":"1.0","id":"e\u0031","source":"s","type":"t","time":null,)"
      R"("traceparent":"00-x","subject":{"any":[1]},"data":{"cellId":"c","exitCode":-3,"placement":{"poolId":"p"}}})";
  REQUIRE(parser.parse(line, e));
  CHECK(e.id == "e1");
  CHECK(e.type == "t");
  CHECK_FALSE(e.time.has_value());
  CHECK(e.traceparent == std::optional<std::string_view>("00-x"));
  CHECK(e.data.get_string(DataField::CellId) == std::optional<std::string_view>("c"));
  CHECK(e.data.get(DataField::ExitCode).as_i64() == std::optional<std::int64_t>(-3));
  CHECK(e.data.get(DataField::Placement).kind == json::Kind::Object);
  CHECK(e.data.get(DataField::Placement).text == R"({"poolId":"p"})");
}

TEST_CASE("duplicate members: the last one wins, a repeated data replaces the whole object") {
  EventParser parser;
  CloudEvent e;
  REQUIRE(parser.parse(R"({"specversion":"1.0","id":"a","id":"b","source":"s","type":"t",)"
                       R"("data":{"cellId":"c1","runId":"r"},"data":{"cellId":"c2"}})",
                       e));
  CHECK(e.id == "b");
  CHECK(e.data.get_string(DataField::CellId) == std::optional<std::string_view>("c2"));
  CHECK_FALSE(e.data.get(DataField::RunId).present());
}

TEST_CASE("data null or absent means no data; other kinds have no fields") {
  EventParser parser;
  CloudEvent e;
  REQUIRE(parser.parse(R"({"specversion":"1.0","id":"a","source":"s","type":"t","data":null})", e));
  CHECK_FALSE(e.data.present());
  REQUIRE(parser.parse(R"({"specversion":"1.0","id":"a","source":"s","type":"t","data":[1]})", e));
  CHECK(e.data.present());
  CHECK_FALSE(e.data.get(DataField::CellId).present());
}

TEST_CASE("attribute rules and their messages, checked in the reference's order") {
  CHECK(malformed("[1]") == "event is not a JSON object");
  CHECK(malformed(R"({"id":"a","source":"s","type":"t"})") ==
        R"(missing required attribute "specversion")");
  CHECK(malformed(R"({"specversion":"0.3","id":"a","source":"s","type":"t"})") ==
        R"(unsupported specversion "0.3")");
  CHECK(malformed(R"({"specversion":1.0,"id":"a","source":"s","type":"t"})") ==
        R"(attribute "specversion" must be a string)");
  CHECK(malformed(R"({"specversion":"1.0","id":"","source":"","type":"t"})") ==
        R"(attribute "id" is empty)");
  CHECK(malformed(R"({"specversion":"1.0","id":"a","source":[],"type":"t"})") ==
        R"(attribute "source" must be a string)");
  CHECK(malformed(R"({"specversion":"1.0","id":"a","source":"s"})") ==
        R"(missing required attribute "type")");
  CHECK(malformed(R"({"specversion":"1.0","id":"a","source":"s","type":"t","time":5})") ==
        R"(attribute "time" must be a string)");
  CHECK(
      malformed(R"({"specversion":"1.0","id":"a","source":"s","type":"t","datacontenttype":{}})") ==
      R"(attribute "datacontenttype" must be a string)");
}

TEST_CASE("JSON errors say where") {
  CHECK(malformed(R"({"specversion":"1.0",})") ==
        "invalid JSON: trailing comma at line 1 column 22");
  CHECK(malformed(R"({"a":1} {"b":2})").starts_with("invalid JSON: trailing characters"));
  CHECK(malformed("").starts_with("invalid JSON: EOF while parsing a value"));
}

TEST_CASE("an input that ends early names its last byte's column, as serde_json does") {
  CHECK(malformed(R"({"specversion":"1.0")") ==
        "invalid JSON: EOF while parsing an object at line 1 column 20");
  CHECK(malformed(R"({"a":tru)") == "invalid JSON: EOF while parsing a value at line 1 column 8");
  CHECK(malformed(R"({"a":"\u12)") ==
        "invalid JSON: EOF while parsing a string at line 1 column 10");
  CHECK(malformed("") == "invalid JSON: EOF while parsing a value at line 1 column 0");
  CHECK(malformed(R"({"a":1}x)") == "invalid JSON: trailing characters at line 1 column 8");
}

// Everything a parse tells: the attributes, every data field, or the error.
std::string describe_parse(EventParser& parser, const std::string& line) {
  CloudEvent e;
  if (!parser.parse(line, e)) return "error: " + parser.error();
  const auto optional = [](std::optional<std::string_view> v) {
    return v ? "'" + std::string(*v) + "'" : std::string("none");
  };
  std::string out = std::string(e.specversion) + "|" + std::string(e.id) + "|" +
                    std::string(e.source) + "|" + std::string(e.type) + "|" +
                    optional(e.datacontenttype) + "|" + optional(e.time) + "|" +
                    optional(e.traceparent) + "|data " + std::to_string(e.data.present());
  for (std::size_t f = 0; f < kDataFieldCount; ++f) {
    const json::Value& v = e.data.get(static_cast<DataField>(f));
    out += "|" + std::to_string(static_cast<int>(v.kind)) + ":" + std::string(v.text);
  }
  return out;
}

// A parser keeps what the lines before looked like (to recognise keys by
// their spelling, per event type): a line must parse the same after any
// lines as it does first.
TEST_CASE("a line parses the same whatever lines the parser saw before") {
  const std::string head = R"({"specversion":"1.0","id":"e1","source":"/s","type":")";
  const std::vector<std::string> lines = {
      head +
          R"(a.v1.started","data":{"cellId":"c","specId":"s","runId":"r","placement":{"poolId":"p"}}})",
      head + R"(a.v1.command","data":{"cellId":"c","specId":"s","runId":"r","exitCode":3}})",
      head + R"(a.v1.started","data":{"cellId":"c","specId":"s","runId":"r","reason":"x"}})",
      head + R"(a.v1.command","data":{"cellId":"c","runId":"r","specId":"s","exitCode":-1}})",
      head + R"(a.v1.command","data":{"cellId" :"c","specId":"s","exitCode" : 1}})",
      head + R"(a.v1.command","data":{"cell\u0049d":"c","specId":"s"}})",
      head + R"(a.v1.command","data":{"cellId":"c","specId":"s","exitCode":})",
      head + R"(a.v1.command","data":{"cellId":"c","specId":"s","exitCode")",
      R"({"data":{"cellId":"c","targetKind":"k"},"specversion":"1.0","id":"i","source":"s","type":"t"})",
      R"({"data":{"cellId":"c","targetName":"n"},"specversion":"1.0","id":"i","source":"s","type":"t"})",
      R"({"specversion":"1.0","id":"","source":"s","type":"a.v1.started"})",
      R"({"specversion":"1.0","id":"e","source":"s","type":"a.v1.started","time":5})",
      R"({"specversion":"1.0","id":"e","source":"s","type":"a.v1.started","time":"t","data":null})",
  };
  EventParser seasoned;
  for (int round = 0; round < 3; ++round) {
    for (std::size_t i = 0; i < lines.size(); ++i) {
      const std::string& line = lines[(i * 7 + static_cast<std::size_t>(round)) % lines.size()];
      CAPTURE(line);
      EventParser fresh;
      CHECK(describe_parse(seasoned, line) == describe_parse(fresh, line));
    }
  }
}

// A replayer keeps its parser on the stack of the thread that runs it: the
// memos of event kinds the log never has must not make it tens of KB.
TEST_CASE("a parser is small until it meets kinds of event") {
  CHECK(sizeof(EventParser) <= 2048);
}

}  // namespace
}  // namespace cellos
