#include "parsed_line.hpp"

#include <algorithm>

namespace cellos::replay {

namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

bool is_blank(std::string_view text) {
  return std::ranges::all_of(text, [](char c) { return c == ' ' || c == '\t' || c == '\r'; });
}

}  // namespace

void parse_line(const Line& line, EventParser& parser, std::string* arena, ParsedLine& out) {
  out.number = line.number;
  if (line.too_long) {
    out.kind = ParsedLine::Kind::TooLong;
    out.length = line.length;
    return;
  }
  std::string_view text = line.text;
  if (line.number == 1 && text.starts_with(kUtf8Bom)) text.remove_prefix(kUtf8Bom.size());
  if (text.ends_with('\r')) text.remove_suffix(1);
  if (is_blank(text)) {
    out.kind = ParsedLine::Kind::Blank;
    return;
  }
  const bool ok =
      arena != nullptr ? parser.parse(text, out.event, *arena) : parser.parse(text, out.event);
  if (ok) {
    out.kind = ParsedLine::Kind::Event;
  } else {
    out.kind = ParsedLine::Kind::Malformed;
    out.error = parser.error();
  }
}

}  // namespace cellos::replay
