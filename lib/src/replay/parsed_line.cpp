// SPDX-License-Identifier: Apache-2.0
#include "replay/parsed_line.hpp"

namespace cellos::replay {

void parse_line(const input::Line& line, const input::LineRules& rules, EventParser& parser,
                std::string* arena, ParsedLine& out, bool strip_bom) {
  out.number = line.number;
  out.length = line.length;
  out.newline = line.newline;
  if (line.too_long) {
    out.kind = ParsedLine::Kind::TooLong;
    return;
  }
  const input::RuledLine ruled =
      input::apply_line_rules(line.text, strip_bom && line.number == 1, rules);
  if (ruled.kind != input::RuledLine::Kind::Json) {
    out.kind = ruled.kind == input::RuledLine::Kind::Blank ? ParsedLine::Kind::Blank
                                                           : ParsedLine::Kind::Skipped;
    return;
  }
  const std::string_view text = ruled.json;
  const bool ok =
      arena != nullptr ? parser.parse(text, out.event, *arena) : parser.parse(text, out.event);
  if (ok) {
    out.kind = ParsedLine::Kind::Event;
    out.route = route_event(out.event);
    if (out.reaches_cell()) out.key_hash = CellTable::key_hash(out.route.kind, out.route.key);
  } else {
    out.kind = ParsedLine::Kind::Malformed;
    out.error = parser.error();
    const std::size_t brace = text.find('{');
    out.json_after_prefix = brace != std::string_view::npos && brace > 0;
  }
}

}  // namespace cellos::replay
