// SPDX-License-Identifier: Apache-2.0
#include "cellos/input/line_rules.hpp"

#include <doctest/doctest.h>

namespace cellos::input {
namespace {

using Kind = RuledLine::Kind;

TEST_CASE("a BOM on the first line and one trailing CR are not part of the line") {
  CHECK(line_content("\xEF\xBB\xBF{}\r", true) == "{}");
  CHECK(line_content("\xEF\xBB\xBF{}\r", false) == "\xEF\xBB\xBF{}");
  CHECK(line_content("{}\r\r", false) == "{}\r");
}

TEST_CASE("blank lines hold only spaces, tabs and CRs") {
  CHECK(is_blank_line(""));
  CHECK(is_blank_line(" \t\r "));
  CHECK_FALSE(is_blank_line(" x "));
  CHECK(apply_line_rules(" \t\r", false, {}).kind == Kind::Blank);
}

TEST_CASE("plain NDJSON: every other line is JSON to parse") {
  const RuledLine line = apply_line_rules("2026-11-28 {\"a\":1}\r", false, {});
  CHECK(line.kind == Kind::Json);
  CHECK(line.json == "2026-11-28 {\"a\":1}");
}

TEST_CASE("CI logs: the JSON starts at the first brace; other lines can be skipped") {
  const LineRules brace{.json_from_first_brace = true};
  CHECK(apply_line_rules("12:00:01 step {\"a\":{}}", false, brace).json == "{\"a\":{}}");
  CHECK(apply_line_rules("no brace here", false, brace).json == "no brace here");
  const LineRules skip{.json_from_first_brace = true, .skip_non_json = true};
  CHECK(apply_line_rules("no brace here", false, skip).kind == Kind::Skipped);
  CHECK(apply_line_rules("[1] not an event", false, skip).kind == Kind::Skipped);
  const LineRules skip_only{.skip_non_json = true};
  CHECK(apply_line_rules("Starting job", false, skip_only).kind == Kind::Skipped);
  CHECK(apply_line_rules("[1]", false, skip_only).kind == Kind::Json);
  CHECK(apply_line_rules("true", false, skip_only).kind == Kind::Json);
}

}  // namespace
}  // namespace cellos::input
