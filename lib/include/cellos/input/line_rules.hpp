// SPDX-License-Identifier: Apache-2.0
// How a line of a log becomes the JSON text of one event (SPEC.md §1): a
// byte-order mark on the first line and one trailing CR are not part of it,
// a line of only spaces, tabs and CRs is blank, and the CI-log options say
// where the JSON starts and whether text that is no JSON is skipped.
#pragma once

#include <cstdint>
#include <string_view>

namespace cellos::input {

// How lines that are not plain NDJSON are read (logs as CI systems capture them).
struct LineRules {
  bool json_from_first_brace = false;  // ignore what precedes the first '{'
  bool skip_non_json = false;          // skip lines that do not start a JSON value
};

// A line's text as SPEC.md §1 reads it: without a leading UTF-8 BOM (on the
// first line of a file) and without one trailing CR.
std::string_view line_content(std::string_view text, bool first_line_of_file);

// Whether the line holds nothing but spaces, tabs and CRs.
bool is_blank_line(std::string_view text);

// What the rules make of a line.
struct RuledLine {
  enum class Kind : std::uint8_t { Blank, Skipped, Json };
  Kind kind = Kind::Blank;
  std::string_view json;  // for Json: the text to parse as one event
};

// Applies `rules` to a line's raw text (`first_line_of_file`: a BOM may lead it).
RuledLine apply_line_rules(std::string_view text, bool first_line_of_file, const LineRules& rules);

}  // namespace cellos::input
