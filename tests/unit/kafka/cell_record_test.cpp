// SPDX-License-Identifier: Apache-2.0
#include "cellos/kafka/cell_record.hpp"

#include <doctest/doctest.h>

#include "cellos/event/event_parser.hpp"
#include "cellos/reducer/snapshot_writer.hpp"

namespace cellos::kafka {

TEST_CASE("a cell's record key names its route and id") {
  CHECK(cell_record_key(replay::RouteKind::CellId, "build-1") == "cbuild-1");
  CHECK(cell_record_key(replay::RouteKind::SpecId, "spec-9") == "sspec-9");
  const auto cell = parse_cell_record_key("cbuild-1");
  REQUIRE(cell);
  CHECK(cell->kind == replay::RouteKind::CellId);
  CHECK(cell->id == "build-1");
  const auto spec = parse_cell_record_key("sspec-9");
  REQUIRE(spec);
  CHECK(spec->kind == replay::RouteKind::SpecId);
  CHECK_FALSE(parse_cell_record_key(""));
  CHECK_FALSE(parse_cell_record_key("!commit"));
}

TEST_CASE("a cell's state record reads back as the same cell") {
  EventParser parser;
  CellStateProjection cell;
  for (
      const char* line :
      {R"({"specversion":"1.0","id":"a","source":"/s","type":"dev.cellos.events.cell.lifecycle.v1.started","data":{"cellId":"c1","specId":"s1","runId":"r","placement":{"poolId":"p"}}})",
       R"({"specversion":"1.0","id":"b","source":"/s","type":"dev.cellos.events.cell.identity.v1.materialized","data":{"cellId":"c1","specId":"s1"}})"}) {
    CloudEvent event;
    REQUIRE(parser.parse(line, event));
    cell.apply(event);
  }
  const std::string value = encode_state_value(cell);
  CellStateProjection restored;
  REQUIRE(decode_state_value(value, restored));
  CHECK(snapshot_json(restored) == snapshot_json(cell));
  // Bytes that are no state of this version are refused, never misread.
  CellStateProjection scratch;
  CHECK_FALSE(decode_state_value("", scratch));
  CHECK_FALSE(decode_state_value(std::string(1, '\x02') + value.substr(1), scratch));
  CHECK_FALSE(decode_state_value(value.substr(0, value.size() - 1), scratch));
  CHECK_FALSE(decode_state_value(value + "x", scratch));
  CHECK_FALSE(decode_state_value(R"({"specId":"s1"})", scratch));
}

}  // namespace cellos::kafka
