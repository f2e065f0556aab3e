// SPDX-License-Identifier: Apache-2.0
#include "cellos/input/line_rules.hpp"

#include <algorithm>

namespace cellos::input {

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

RuledLine apply_line_rules(std::string_view text, bool first_line_of_file, const LineRules& rules) {
  text = line_content(text, first_line_of_file);
  if (is_blank_line(text)) return {RuledLine::Kind::Blank, {}};
  if (rules.json_from_first_brace) {
    const auto brace = text.find('{');
    if (brace != std::string_view::npos) text.remove_prefix(brace);
  }
  if (rules.skip_non_json &&
      (!starts_json_value(text) || (rules.json_from_first_brace && text.front() != '{'))) {
    return {RuledLine::Kind::Skipped, {}};
  }
  return {RuledLine::Kind::Json, text};
}

}  // namespace cellos::input
