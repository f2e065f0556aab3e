// SPDX-License-Identifier: Apache-2.0
// A Problem as compact JSON in the SPEC's key order, for replay tests that
// compare what the engine reports without depending on a later stage's
// printer (report/problem_record.hpp renders the real thing and has tests
// of its own).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "cellos/json/writer.hpp"
#include "cellos/reducer/snapshot_writer.hpp"
#include "cellos/replay/problem.hpp"

namespace cellos::test {

inline std::string problem_json(const replay::Problem& problem) {
  std::string out;
  json::Writer w(out);
  const auto text = [&w](std::string_view key, const std::optional<std::string_view>& value) {
    w.key(key);
    value ? w.string(*value) : w.null();
  };
  w.begin_object();
  text("kind", replay::json_name(problem.kind));
  text("file", problem.file);
  w.key("line");
  w.number(problem.line);
  if (problem.partition) {
    w.key("partition");
    w.number(static_cast<std::int64_t>(*problem.partition));
  }
  text("eventId", problem.event_id);
  text("eventType", problem.event_type);
  text("cellId", problem.cell_id);
  text("specId", problem.spec_id);
  text("message", problem.message);
  w.key("snapshot");
  problem.cell != nullptr ? write_snapshot(w, *problem.cell) : w.null();
  w.end_object();
  return out;
}

}  // namespace cellos::test
