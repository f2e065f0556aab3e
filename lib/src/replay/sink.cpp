// SPDX-License-Identifier: Apache-2.0
#include "cellos/replay/sink.hpp"

#include <algorithm>

namespace cellos::replay {

std::string_view json_name(ProblemKind kind) {
  return kind == ProblemKind::Malformed ? "malformed" : "rejected";
}

ExitCode exit_code_for(const ReplayStats& stats) {
  if (stats.input_errors > 0) return ExitCode::Input;
  if (stats.malformed > 0) return ExitCode::Malformed;
  if (stats.rejected > 0) return ExitCode::Rejected;
  return ExitCode::Ok;
}

bool SinkList::wants_events() const {
  return std::any_of(sinks_.begin(), sinks_.end(),
                     [](const ReplaySink* s) { return s->wants_events(); });
}

void SinkList::on_event(const EventTrace& event) {
  for (ReplaySink* sink : sinks_) {
    if (sink->wants_events()) sink->on_event(event);
  }
}

void SinkList::on_input_start(std::string_view file) {
  for (ReplaySink* sink : sinks_) sink->on_input_start(file);
}

void SinkList::on_problem(const Problem& problem) {
  for (ReplaySink* sink : sinks_) sink->on_problem(problem);
}

void SinkList::on_input_error(std::string_view message) {
  for (ReplaySink* sink : sinks_) sink->on_input_error(message);
}

void SinkList::on_notice(std::string_view message) {
  for (ReplaySink* sink : sinks_) sink->on_notice(message);
}

void SinkList::on_finish(const CellTable& cells, const ReplayStats& stats, ReplayEnd end) {
  for (ReplaySink* sink : sinks_) sink->on_finish(cells, stats, end);
}

}  // namespace cellos::replay
