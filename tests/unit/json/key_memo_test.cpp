// SPDX-License-Identifier: Apache-2.0
// Objects parsed with a key memo must parse exactly as without one: the same
// keys, the same values, the same errors at the same offsets — whatever the
// objects before them looked like.
#include "cellos/json/detail/key_memo.hpp"

#include <doctest/doctest.h>

#include <random>
#include <string>
#include <vector>

#include "cellos/json/parser.hpp"

namespace cellos::json {
namespace {

// What parsing one object saw: every key and value text, and how it ended.
struct Outcome {
  bool ok = false;
  ErrorCode error = ErrorCode::None;
  std::size_t error_offset = 0;
  std::vector<std::string> seen;

  bool operator==(const Outcome&) const = default;
};

template <class ParseObject>
Outcome parse_with(std::string_view text, ParseObject&& parse_object) {
  Outcome out;
  std::string scratch;
  Parser parser(text, scratch);
  parser.skip_whitespace();
  const auto on_member = [&](std::string_view key) {
    out.seen.emplace_back(key);
    Value value;
    if (!parser.parse_value(&value)) return false;
    out.seen.emplace_back(value.text);
    return true;
  };
  out.ok = parser.peek() == '{' && parse_object(parser, on_member) && parser.finish();
  out.error = parser.error();
  out.error_offset = parser.error_offset();
  return out;
}

Outcome parse_plain(std::string_view text) {
  return parse_with(text,
                    [](Parser& p, const auto& on_member) { return p.parse_object(on_member); });
}

Outcome parse_remembering(std::string_view text, detail::KeyMemo& memo) {
  return parse_with(
      text, [&memo](Parser& p, const auto& on_member) { return p.parse_object(on_member, memo); });
}

void check_sequence(const std::vector<std::string>& objects) {
  detail::KeyMemo memo;
  for (const std::string& text : objects) {
    CAPTURE(text);
    CHECK(parse_remembering(text, memo) == parse_plain(text));
  }
}

TEST_CASE("a memo matches only the bytes it remembered") {
  detail::KeyMemo memo;
  const std::string line = R"("cellId":"c-1","specId":"s")" + std::string(40, ' ');
  CHECK(memo.match(0, line.data(), line.data() + line.size()) == 0);  // nothing remembered
  memo.remember(0, R"("cellId":)");
  CHECK(memo.match(0, line.data(), line.data() + line.size()) == 9);
  CHECK(memo.match(0, line.data() + 15, line.data() + line.size()) == 0);
  // Near the end of the input, where the vector compare cannot load.
  const std::string tail = R"("cellId":1})";
  CHECK(memo.match(0, tail.data(), tail.data() + tail.size()) == 9);
  CHECK(memo.match(0, tail.data(), tail.data() + 8) == 0);  // the input ends inside it

  const std::string longest = '"' + std::string(29, 'k') + "\":";
  REQUIRE(longest.size() == detail::KeyMemo::kSpellingBytes);
  CHECK(memo.remember(1, longest));
  const std::string text = longest + "1" + std::string(40, ' ');
  CHECK(memo.match(1, text.data(), text.data() + text.size()) == longest.size());
  CHECK_FALSE(memo.remember(1, '"' + std::string(30, 'k') + "\":"));  // too long: forgotten
  CHECK(memo.match(1, text.data(), text.data() + text.size()) == 0);
}

TEST_CASE("objects of changing shapes parse as they do without a memo") {
  check_sequence({
      R"({"specversion":"1.0","id":"a","type":"t","data":{"cellId":"c"}})",
      R"({"specversion":"1.0","id":"b","type":"t","data":{"cellId":"c"}})",
      R"({"specversion":"1.0","id":"b","type2":"t","data":{"cellId":"c"}})",
      R"({"specversion" :"1.0", "id":"b" ,"type":"t"})",
      R"({"spec\u0076ersion":"1.0","id":"b","type":"t"})",
      R"({"specversion":"1.0","id":"b","type":"t"})",
      R"({"specversion":"1.0","id")",
      R"({"specversion":"1.0","id":)",
      R"({"specversion":"1.0","id":"x"x})",
      R"({"specversion":"1.0","i)",
      R"({"specversion":"1.0",})",
      R"({"specversion":"1.0","":1,"":2})",
      R"({"specversion":"1.0","id":"é","idé":1})",
      R"({"specversion":"1.0","idé":1})",
      "{\"specversion\":\"1.0\",\"id\xff\":1}",
  });
}

// Random objects from a small pool of keys, so that spellings recur and are
// matched at every place, in every state: whitespace, escaped and long keys,
// more members than the memo holds, objects cut off anywhere.
TEST_CASE("random sequences of objects parse as they do without a memo") {
  const std::vector<std::string> keys = {
      "id",        "type", "cellId", "data", "specversion",        "traceparent",
      "k\\u0065y", "key",  "ke",     "",     std::string(29, 'l'), std::string(30, 'l'),
  };
  const std::vector<std::string> values = {
      "1", R"("v")", "null", R"([1,{"a":2}])", R"({"id":"x"})", R"("\n")", "-0.5e3"};
  std::mt19937 random(20261204);
  const auto pick = [&](const std::vector<std::string>& from) {
    return from[std::uniform_int_distribution<std::size_t>(0, from.size() - 1)(random)];
  };
  const auto chance = [&](int percent) {
    return std::uniform_int_distribution<int>(0, 99)(random) < percent;
  };
  std::vector<std::string> objects;
  for (int i = 0; i < 4000; ++i) {
    std::string text = "{";
    const int members = std::uniform_int_distribution<int>(0, 20)(random);
    for (int m = 0; m < members; ++m) {
      if (m > 0) text += chance(5) ? " ," : ",";
      if (chance(3)) text += ' ';
      text += '"' + pick(keys) + '"';
      if (chance(3)) text += ' ';
      text += ':';
      if (chance(3)) text += '\t';
      text += pick(values);
    }
    text += '}';
    if (chance(10)) text.resize(std::uniform_int_distribution<std::size_t>(0, text.size())(random));
    objects.push_back(std::move(text));
  }
  check_sequence(objects);
}

}  // namespace
}  // namespace cellos::json
