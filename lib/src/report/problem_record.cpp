// SPDX-License-Identifier: Apache-2.0
#include "cellos/report/problem_record.hpp"

#include "cellos/base/utf8.hpp"
#include "cellos/reducer/snapshot_writer.hpp"

namespace cellos::report {

void write_problem_record(json::Writer& out, const replay::Problem& problem) {
  out.begin_object();
  out.key("kind");
  out.string(replay::json_name(problem.kind));
  out.key("file");
  out.string(problem.file);
  out.key("line");
  out.number(problem.line);
  if (problem.partition) {
    out.key("partition");
    out.number(static_cast<std::int64_t>(*problem.partition));
  }
  out.key("eventId");
  out.optional_string(problem.event_id);
  out.key("eventType");
  out.optional_string(problem.event_type);
  out.key("cellId");
  out.optional_string(problem.cell_id);
  out.key("specId");
  out.optional_string(problem.spec_id);
  out.key("message");
  out.string(problem.message);
  out.key("snapshot");
  if (problem.cell != nullptr) {
    write_snapshot(out, *problem.cell);
  } else {
    out.null();
  }
  out.end_object();
}

std::string human_line(const replay::Problem& problem) {
  std::string out = "cellos-project: ";
  out.append(utf8::for_terminal(problem.file));
  if (problem.partition) {
    out.push_back('[');
    out.append(std::to_string(*problem.partition));
    out.push_back(']');
  }
  out.push_back(':');
  out.append(std::to_string(problem.line));
  out.append(": ");
  out.append(replay::json_name(problem.kind));
  out.append(": ");
  out.append(utf8::for_terminal(problem.message));
  out.push_back('\n');
  return out;
}

}  // namespace cellos::report
