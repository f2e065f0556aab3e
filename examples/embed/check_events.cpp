// SPDX-License-Identifier: Apache-2.0
// check_events: checks a stream of CellOS events with the cell state reducer,
// as a supervisor or a test harness would embed it. Reads NDJSON events on
// standard input, one reducer per cellId, and says on stderr which events were
// malformed or rejected; at the end prints each cell's snapshot as NDJSON.
// Exits 1 when any event was rejected or malformed.
//
//   cellos-supervisor --emit-events | check_events > cells.ndjson
#include <cellos/event/event_parser.hpp>
#include <cellos/reducer/apply_json.hpp>
#include <cellos/reducer/cell_state_projection.hpp>
#include <cellos/reducer/snapshot_writer.hpp>
#include <iostream>
#include <map>
#include <string>
#include <vector>

int main() {
  cellos::EventParser parser;
  cellos::CloudEvent event;
  std::map<std::string, cellos::CellStateProjection> cells;
  std::vector<std::string> order;  // cells in order of first appearance
  bool failed = false;
  std::string line;
  for (long number = 1; std::getline(std::cin, line); ++number) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    // Which cell? Parse once to read data.cellId, then hand the text to that
    // cell's reducer.
    if (!parser.parse(line, event)) {
      std::cerr << number << ": malformed: " << parser.error() << '\n';
      failed = true;
      continue;
    }
    const auto cell_id = event.data.get_string(cellos::DataField::CellId);
    if (!cell_id) continue;  // not about one cell
    const std::string key(*cell_id);
    if (cells.find(key) == cells.end()) order.push_back(key);
    const cellos::JsonApplyResult result = cellos::apply_json(cells[key], line, parser);
    if (result.outcome == cellos::ApplyOutcome::Rejected) {
      std::cerr << number << ": rejected (" << key << "): " << result.error << '\n';
      failed = true;
    }
  }
  for (const std::string& key : order) {
    const cellos::CellStateProjection& cell = cells.at(key);
    std::cout << cellos::snapshot_json(cell) << '\n';
    if (cell.current_state() == cellos::CurrentState::DestroyFailed)
      std::cerr << key << ": ended destroyFailed: " << cell.last_error().value_or("") << '\n';
  }
  return failed ? 1 : 0;
}
