// SPDX-License-Identifier: Apache-2.0
// One input line after the rules of SPEC.md §1 were applied to it: blank,
// too long, malformed (with the reason) or an event. Producing it is pure, so
// batches of lines can be parsed on any thread; consuming it (routing,
// reducing, reporting) happens in input order.
#pragma once

#include <cstdint>
#include <string>

#include "cellos/event/cloud_event.hpp"
#include "cellos/event/event_parser.hpp"
#include "cellos/input/line_reader.hpp"
#include "cellos/input/line_rules.hpp"
#include "cellos/replay/cell_table.hpp"
#include "cellos/replay/router.hpp"

namespace cellos::replay {

struct ParsedLine {
  enum class Kind : std::uint8_t { Blank, Skipped, TooLong, Malformed, Event };
  Kind kind = Kind::Blank;
  std::uint64_t number = 0;
  std::size_t length = 0;  // the full length in bytes
  bool newline = false;    // whether a '\n' ended it
  std::string error;       // for Malformed
  // For Malformed: the line holds a '{' after some leading text, as CI logs
  // with a timestamp before each event do (--json-from-first-brace reads those).
  bool json_after_prefix = false;
  CloudEvent event;  // for Event: views of the line and the parser's scratch or arena
  // For Event: its cell's key (SPEC.md §2) and, when routed to a cell, the
  // key's CellTable::key_hash, both worked out on the parsing thread.
  Route route;
  std::uint64_t key_hash = 0;

  [[nodiscard]] bool reaches_cell() const {
    return kind == Kind::Event &&
           (route.kind == RouteKind::CellId || route.kind == RouteKind::SpecId);
  }
};

// Strips a leading BOM (line 1 of a file only) and one trailing CR, detects
// blank lines, parses the rest and routes the event. With `arena`, decoded strings go there (its
// spare capacity must cover the line); otherwise into the parser's scratch.
void parse_line(const input::Line& line, const input::LineRules& rules, EventParser& parser,
                std::string* arena, ParsedLine& out, bool strip_bom = true);

}  // namespace cellos::replay
