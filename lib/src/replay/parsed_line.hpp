// One input line after the rules of SPEC.md §1 were applied to it: blank,
// too long, malformed (with the reason) or an event. Producing it is pure, so
// batches of lines can be parsed on any thread; consuming it (routing,
// reducing, reporting) happens in input order.
#pragma once

#include <cstdint>
#include <string>

#include "cellos/cloud_event.hpp"
#include "cellos/event_parser.hpp"
#include "cellos/replay/cell_table.hpp"
#include "cellos/replay/line_reader.hpp"
#include "cellos/replay/router.hpp"

namespace cellos::replay {

// How lines that are not plain NDJSON are read (logs as CI systems capture them).
struct LineRules {
  bool json_from_first_brace = false;  // ignore what precedes the first '{'
  bool skip_non_json = false;          // skip lines that do not start a JSON value
};

struct ParsedLine {
  enum class Kind : std::uint8_t { Blank, Skipped, TooLong, Malformed, Event };
  Kind kind = Kind::Blank;
  std::uint64_t number = 0;
  std::size_t length = 0;  // the full length in bytes
  bool newline = false;    // whether a '\n' ended it
  std::string error;       // for Malformed
  CloudEvent event;        // for Event: views of the line and the parser's scratch or arena
  // For Event: its cell's key (SPEC.md §2) and, when routed to a cell, the
  // key's CellTable::key_hash, both worked out on the parsing thread.
  Route route;
  std::uint64_t key_hash = 0;

  [[nodiscard]] bool reaches_cell() const {
    return kind == Kind::Event &&
           (route.kind == RouteKind::CellId || route.kind == RouteKind::SpecId);
  }
};

// A line's text as SPEC.md §1 reads it: without a leading UTF-8 BOM (on the
// first line of a file) and without one trailing CR.
std::string_view line_content(std::string_view text, bool first_line_of_file);
// Whether the line holds nothing but spaces, tabs and CRs.
bool is_blank_line(std::string_view text);

// Strips a leading BOM (line 1 of a file only) and one trailing CR, detects
// blank lines, parses the rest and routes the event. With `arena`, decoded strings go there (its
// spare capacity must cover the line); otherwise into the parser's scratch.
void parse_line(const Line& line, const LineRules& rules, EventParser& parser, std::string* arena,
                ParsedLine& out, bool strip_bom = true);

}  // namespace cellos::replay
