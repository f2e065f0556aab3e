#include "cellos/replay/sink.hpp"

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

void SinkList::on_problem(const Problem& problem) {
  for (ReplaySink* sink : sinks_) sink->on_problem(problem);
}

void SinkList::on_input_error(std::string_view message) {
  for (ReplaySink* sink : sinks_) sink->on_input_error(message);
}

void SinkList::on_finish(const CellTable& cells, const ReplayStats& stats, ReplayEnd end) {
  for (ReplaySink* sink : sinks_) sink->on_finish(cells, stats, end);
}

}  // namespace cellos::replay
