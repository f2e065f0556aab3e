// SPDX-License-Identifier: Apache-2.0
// The strict parser must accept exactly what serde_json 1.0.87 accepts.
#include "cellos/json/parser.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <string>

namespace cellos::json {
namespace {

struct Parsed {
  bool ok = false;
  ErrorCode error = ErrorCode::None;
  Value value;
  std::string scratch;
};

Parsed parse(std::string_view text) {
  Parsed p;
  Parser parser(text, p.scratch);
  parser.skip_whitespace();
  p.ok = parser.parse_value(&p.value) && parser.finish();
  p.error = parser.error();
  return p;
}

std::string nest(int depth) {
  return std::string(static_cast<std::size_t>(depth), '[') +
         std::string(static_cast<std::size_t>(depth), ']');
}

TEST_CASE("numbers are classified as serde_json does") {
  CHECK(parse("0").value.number.cls == NumberClass::Unsigned);
  CHECK(parse("18446744073709551615").value.number.u == UINT64_MAX);
  CHECK(parse("-9223372036854775808").value.number.i == INT64_MIN);
  CHECK(parse("-1").value.number.cls == NumberClass::Negative);
  // -0, fractions, exponents and out-of-range integers are floats.
  for (const char* text :
       {"-0", "0.0", "1e2", "1E2", "-9223372036854775809", "18446744073709551616"}) {
    CAPTURE(text);
    const Parsed p = parse(text);
    REQUIRE(p.ok);
    CHECK(p.value.number.cls == NumberClass::Float);
  }
  CHECK(std::signbit(parse("-0").value.number.f));
  CHECK(parse("18446744073709551616").value.number.f == 18446744073709551616.0);
}

TEST_CASE("number grammar and range") {
  for (const char* bad : {"01", "1.", ".5", "+1", "1e", "1e+", "-", "--1", "0x10", "1.e5"}) {
    CAPTURE(bad);
    CHECK_FALSE(parse(bad).ok);
  }
  CHECK(parse("1e309").error == ErrorCode::NumberOutOfRange);
  CHECK(parse("-1e309").error == ErrorCode::NumberOutOfRange);
  CHECK(parse("1e99999999999").error == ErrorCode::NumberOutOfRange);
  CHECK(parse("1e-400").ok);
  CHECK(parse("0e99999999999").ok);
  CHECK(parse("1e-99999999999").ok);
  // serde_json's digit check after '.' looks at the exponent, so a long
  // integer followed by a bare '.' is accepted there, and so here.
  CHECK(parse("100000000000000000000.").ok);
  CHECK_FALSE(parse("10000000000000000000.").ok);
}

TEST_CASE("strings: escapes, surrogates, control characters and UTF-8") {
  CHECK(parse(R"("a\"\\\/\b\f\n\r\t")").value.text == "a\"\\/\b\f\n\r\t");
  CHECK(parse(R"("\u00e9\ud83d\ude00")").value.text == "\xC3\xA9\xF0\x9F\x98\x80");
  CHECK(parse(R"("\u0000")").value.text == std::string_view("\0", 1));
  CHECK(parse(R"("\ud83d")").error == ErrorCode::UnexpectedEndOfHexEscape);
  CHECK(parse(R"("\ud83dx")").error == ErrorCode::UnexpectedEndOfHexEscape);
  CHECK(parse(R"("\ud83d\u0041")").error == ErrorCode::LoneLeadingSurrogateInHexEscape);
  CHECK(parse(R"("\ude00")").error == ErrorCode::LoneLeadingSurrogateInHexEscape);
  CHECK(parse(R"("\x41")").error == ErrorCode::InvalidEscape);
  CHECK(parse(R"("\u12G4")").error == ErrorCode::InvalidEscape);
  CHECK(parse("\"a\x01\"").error == ErrorCode::ControlCharacterWhileParsingString);
  CHECK(parse("\"\x7f\"").ok);  // DEL is not a control character for JSON
  CHECK(parse("\"\xC3\xA9\"").ok);
  for (const char* bad : {"\"\xC3\"", "\"\xC0\xAF\"", "\"\xED\xA0\x80\"", "\"\xF4\x90\x80\x80\"",
                          "\"\xFF\"", "\"\xE0\x80\x80\""}) {
    CHECK(parse(bad).error == ErrorCode::InvalidUnicodeCodePoint);
  }
  CHECK(parse("\"abc").error == ErrorCode::EofWhileParsingString);
}

TEST_CASE("long strings take the vectorised scan and still find every special byte") {
  std::string text = "\"" + std::string(100, 'x') + "\\n" + std::string(37, 'y') + "\"";
  const Parsed p = parse(text);
  REQUIRE(p.ok);
  CHECK(p.value.text == std::string(100, 'x') + "\n" + std::string(37, 'y'));
  std::string control = "\"" + std::string(40, 'x') + "\x1f" + "\"";
  CHECK(parse(control).error == ErrorCode::ControlCharacterWhileParsingString);
}

TEST_CASE("strings of every length up to 80, each with one special byte anywhere") {
  // Strings up to 64 bytes are found inline 16 bytes at a time (near the
  // end of the input, by a load of its last 16 bytes), the rest by the full
  // scan: the same results whatever the length, the position of the byte,
  // what precedes the string and what follows it (the end of input, or more
  // bytes to load).
  const std::string_view kinds[] = {"\\n", "\xC3\xA9", std::string_view("\x01", 1), "\xFF", "\""};
  for (std::size_t length = 0; length <= 80; ++length) {
    for (std::size_t at = 0; at <= length; ++at) {
      for (const std::string_view special : kinds) {
        for (const std::string_view after : {"", "   ", "                                  "}) {
          for (const std::size_t lead : {0, 5, 19}) {
            const std::string before(at, 'a');
            const std::string rest(length - at, 'b');
            const std::string text = std::string(lead, ' ') + "\"" + before + std::string(special) +
                                     rest + "\"" + std::string(after);
            CAPTURE(text);
            const Parsed p = parse(text);
            if (special == "\\n") {
              REQUIRE(p.ok);
              CHECK(p.value.text == before + "\n" + rest);
            } else if (special == "\xC3\xA9") {
              REQUIRE(p.ok);
              CHECK(p.value.text == before + "\xC3\xA9" + rest);
            } else if (special == "\x01") {
              CHECK(p.error == ErrorCode::ControlCharacterWhileParsingString);
            } else if (special == "\xFF") {
              CHECK(p.error == ErrorCode::InvalidUnicodeCodePoint);
            } else {  // the quote ends the string early: the rest is left over
              CHECK(p.error == ErrorCode::TrailingCharacters);
            }
          }
        }
      }
    }
    // Without a special byte, and cut short before its closing quote.
    const std::string plain(length, 'p');
    for (const std::size_t lead : {0, 5, 19}) {
      CHECK(parse(std::string(lead, ' ') + "\"" + plain + "\"").value.text == plain);
      CHECK(parse(std::string(lead, ' ') + "\"" + plain).error == ErrorCode::EofWhileParsingString);
    }
  }
}

TEST_CASE("nesting: 127 levels parse, 128 exceed serde_json's recursion limit") {
  CHECK(parse(nest(127)).ok);
  CHECK(parse(nest(128)).error == ErrorCode::RecursionLimitExceeded);
  // Deep hostile nesting fails fast without recursion.
  CHECK(parse(nest(100000)).error == ErrorCode::RecursionLimitExceeded);
}

TEST_CASE("structure errors") {
  CHECK(parse("[1,]").error == ErrorCode::TrailingComma);
  CHECK(parse(R"({"a":1,})").error == ErrorCode::TrailingComma);
  CHECK(parse(R"({"a" 1})").error == ErrorCode::ExpectedColon);
  CHECK(parse(R"({1:1})").error == ErrorCode::KeyMustBeAString);
  CHECK(parse("[1 2]").error == ErrorCode::ExpectedListCommaOrEnd);
  CHECK(parse("{} x").error == ErrorCode::TrailingCharacters);
  CHECK(parse("nul").error == ErrorCode::EofWhileParsingValue);
  CHECK(parse("nulx").error == ErrorCode::ExpectedSomeIdent);
  CHECK(parse("").error == ErrorCode::EofWhileParsingValue);
  CHECK(parse("\x0c{}").error == ErrorCode::ExpectedSomeValue);  // form feed is not JSON whitespace
  CHECK(parse(" \t\r\n{ \"a\" : [ 1 , true , null ] }\r\n ").ok);
}

TEST_CASE("objects: keys decoded, members visited in order") {
  std::string scratch;
  const std::string text = R"({"a\u0062":1,"x":{"y":[2]},"ab":3})";
  Parser parser(text, scratch);
  std::string keys;
  Value last;
  REQUIRE(parser.parse_object([&](std::string_view key) {
    keys.append(key).push_back(';');
    return parser.parse_value(key == "ab" ? &last : nullptr);
  }));
  CHECK(keys == "ab;x;ab;");
  CHECK(last.text == "3");  // the last duplicate wins for whoever captures it
}

}  // namespace
}  // namespace cellos::json
