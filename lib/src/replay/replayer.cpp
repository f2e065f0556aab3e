#include "cellos/replay/replayer.hpp"

#include "cellos/replay/router.hpp"
#include "cellos/rust_format.hpp"

namespace cellos::replay {

namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

bool is_blank(std::string_view text) {
  for (char c : text) {
    if (c != ' ' && c != '\t' && c != '\r') return false;
  }
  return true;
}

}  // namespace

Replayer::Replayer(ReplayOptions options, ReplaySink& sink) : options_(options), sink_(sink) {}

bool Replayer::replay_path(const std::string& path) {
  std::unique_ptr<ByteSource> source;
  try {
    source = open_input(path);
  } catch (const InputError& e) {
    return input_failed(e.what());
  }
  return replay(*source, display_name(path));
}

bool Replayer::replay(ByteSource& source, std::string_view file) {
  LineReader reader(source, options_.max_line_bytes);
  Line line;
  try {
    while (reader.next(line)) {
      if (!process_line(line, file)) {
        stats_.bytes += reader.bytes_read();
        return false;
      }
    }
  } catch (const InputError& e) {
    stats_.bytes += reader.bytes_read();
    return input_failed(e.what());
  }
  stats_.bytes += reader.bytes_read();
  return true;
}

bool Replayer::input_failed(std::string_view message) {
  ++stats_.input_errors;
  sink_.on_input_error(message);
  if (options_.keep_going) return true;
  end_ = ReplayEnd::StoppedAtInputError;
  return false;
}

bool Replayer::report(const Problem& problem) {
  sink_.on_problem(problem);
  if (options_.keep_going) return true;
  end_ = ReplayEnd::StoppedAtProblem;
  return false;
}

bool Replayer::process_line(const Line& line, std::string_view file) {
  ++stats_.lines;
  Problem problem;
  problem.file = file;
  problem.line = line.number;

  if (line.too_long) {
    ++stats_.malformed;
    const std::string message = "line too long: " + std::to_string(line.length) +
                                " bytes, more than --max-line-bytes " +
                                std::to_string(options_.max_line_bytes);
    problem.message = message;
    return report(problem);
  }

  std::string_view text = line.text;
  if (line.number == 1 && text.starts_with(kUtf8Bom)) text.remove_prefix(kUtf8Bom.size());
  if (text.ends_with('\r')) text.remove_suffix(1);
  if (is_blank(text)) {
    ++stats_.blank;
    return true;
  }

  if (!parser_.parse(text, event_)) {
    ++stats_.malformed;
    problem.message = parser_.error();
    return report(problem);
  }
  ++stats_.events;

  const Route route = route_event(event_);
  if (route.kind == RouteKind::Unrouted) {
    ++stats_.unrouted;
    return true;
  }
  problem.kind = ProblemKind::Rejected;
  problem.event_id = event_.id;
  problem.event_type = event_.type;
  if (route.kind == RouteKind::MissingData) {
    ++stats_.rejected;
    const std::string message = "event " + rust::debug(event_.type) + " is missing data payload";
    problem.message = message;
    return report(problem);
  }

  CellStateProjection& cell = cells_.find_or_create(route.kind, route.key);
  const ApplyResult result = cell.apply(event_);
  switch (result.outcome) {
    case ApplyOutcome::Applied: ++stats_.applied; return true;
    case ApplyOutcome::Ignored: ++stats_.ignored; return true;
    case ApplyOutcome::Rejected: break;
  }
  ++stats_.rejected;
  problem.cell_id = event_.data.get_string(DataField::CellId);
  problem.spec_id = event_.data.get_string(DataField::SpecId);
  problem.message = result.error;
  problem.cell = &cell;
  return report(problem);
}

void Replayer::finish() { sink_.on_finish(cells_, stats_, end_); }

}  // namespace cellos::replay
