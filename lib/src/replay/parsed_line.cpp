#include "parsed_line.hpp"

#include <algorithm>

namespace cellos::replay {

namespace {

bool starts_json_value(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) return false;
  const char c = text[first];
  return c == '{' || c == '[' || c == '"' || c == '-' || (c >= '0' && c <= '9') || c == 't' ||
         c == 'f' || c == 'n';
}

}  // namespace

std::string_view line_content(std::string_view text, bool first_line_of_file) {
  constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
  if (first_line_of_file && text.starts_with(kUtf8Bom)) text.remove_prefix(kUtf8Bom.size());
  if (text.ends_with('\r')) text.remove_suffix(1);
  return text;
}

bool is_blank_line(std::string_view text) {
  return std::ranges::all_of(text, [](char c) { return c == ' ' || c == '\t' || c == '\r'; });
}

void parse_line(const Line& line, const LineRules& rules, EventParser& parser, std::string* arena,
                ParsedLine& out, bool strip_bom) {
  out.number = line.number;
  out.length = line.length;
  out.newline = line.newline;
  if (line.too_long) {
    out.kind = ParsedLine::Kind::TooLong;
    return;
  }
  std::string_view text = line_content(line.text, strip_bom && line.number == 1);
  if (is_blank_line(text)) {
    out.kind = ParsedLine::Kind::Blank;
    return;
  }
  if (rules.json_from_first_brace) {
    const auto brace = text.find('{');
    if (brace != std::string_view::npos) text.remove_prefix(brace);
  }
  if (rules.skip_non_json &&
      (!starts_json_value(text) || (rules.json_from_first_brace && text.front() != '{'))) {
    out.kind = ParsedLine::Kind::Skipped;
    return;
  }
  const bool ok =
      arena != nullptr ? parser.parse(text, out.event, *arena) : parser.parse(text, out.event);
  if (ok) {
    out.kind = ParsedLine::Kind::Event;
    out.route = route_event(out.event);
    if (out.reaches_cell()) out.key_hash = CellTable::key_hash(out.route.kind, out.route.key);
  } else {
    out.kind = ParsedLine::Kind::Malformed;
    out.error = parser.error();
  }
}

}  // namespace cellos::replay
