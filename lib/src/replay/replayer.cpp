// SPDX-License-Identifier: Apache-2.0
#include "cellos/replay/replayer.hpp"

#include <optional>
#include <span>

#include "base/rust_format.hpp"
#include "cellos/replay/router.hpp"
#include "input/block_reader.hpp"
#include "input/read_ahead.hpp"
#include "replay/batch_pipeline.hpp"
#include "replay/parsed_line.hpp"

namespace cellos::replay {

namespace {

// How many of the identity fields an event binds are set: an event the
// reducer ignores (an unknown type) may still bind them, and nothing else.
int bound_identity(const CellStateProjection& cell) {
  return (cell.spec_id() ? 1 : 0) + (cell.cell_id() ? 1 : 0) + (cell.run_id() ? 1 : 0) +
         (cell.placement() ? 1 : 0);
}

}  // namespace

Replayer::Replayer(const ReplayOptions& options, ReplaySink& sink)
    : options_(options),
      sink_(sink),
      rules_(std::make_unique<input::LineRules>(
          input::LineRules{options.json_from_first_brace, options.skip_non_json})),
      line_(std::make_unique<ParsedLine>()),
      cells_(options.cells_per_stream) {
  parser_.set_max_depth(options_.max_depth);
  trace_events_ = sink_.wants_events();
  if (options_.track_changes) cells_.track_changes();
  if (options_.track_last_events) cells_.track_last_events();
}

Replayer::~Replayer() = default;

bool Replayer::replay_path(const std::string& path, const input::FollowOptions* follow,
                           const InputPosition* from) {
  const std::string file = input::display_name(path);
  for (;;) {
    sink_.on_input_start(file);
    std::unique_ptr<input::ByteSource> source;
    position_ = from != nullptr ? *from : InputPosition{};
    resumed_ = position_.bytes > 0;
    try {
      source = input::open_input(path, {.zstd_max_window = options_.zstd_max_window}, follow);
      if (source->skip(position_.bytes) != position_.bytes) {
        throw input::InputError(file + ": shorter than the " + std::to_string(position_.bytes) +
                                " bytes replayed before: it was truncated or replaced");
      }
    } catch (const input::InputError& e) {
      ++input_number_;
      return fail_input(e.what());
    }
    from = nullptr;  // a rotated file is read again from its start
    if (!replay_input(*source, file)) return false;
    // A followed file that was rotated: its name is read again as a new
    // input, its lines numbered from 1 as they are in the file now.
    switch (source->follow_end()) {
      case input::FollowEnd::None:
        return true;
      case input::FollowEnd::Truncated:
        sink_.on_notice(file + ": truncated; reading it again from its start");
        break;
      case input::FollowEnd::Replaced:
        sink_.on_notice(file +
                        ": replaced by a new file; read the old one to its end, reading "
                        "the new one from its start");
        break;
    }
  }
}

bool Replayer::replay(input::ByteSource& source, std::string_view file) {
  sink_.on_input_start(file);
  position_ = {};
  resumed_ = false;
  return replay_input(source, file);
}

bool Replayer::replay_input(input::ByteSource& source, std::string_view file) {
  progress_source_ = &source;
  bool go_on;
  // An input that fits in one batch has nothing to share out: helper
  // threads would only add their start-up (a small CI log's replay).
  const std::optional<std::uint64_t> left = source.bytes_left();
  const bool one_batch = left && *left <= options_.batch_bytes;
  if (options_.jobs <= 1 || one_batch) {
    input::LineReader reader(source, options_.max_line_bytes, position_.lines);
    go_on = replay_sequential(reader, file);
  } else {
    // Decompression gets a thread of its own, overlapping with splitting and
    // reducing. Plain reads are too cheap for that: measured, the hand-off
    // costs more than it saves.
    std::optional<input::ReadAheadSource> ahead;
    if (source.decompresses()) ahead.emplace(source);
    input::ByteSource& read_from = ahead ? static_cast<input::ByteSource&>(*ahead) : source;
    // While the read-ahead thread runs, only its own (atomic) count may be read.
    progress_source_ = &read_from;
    input::BlockReader reader(read_from, options_.max_line_bytes, resumed_);
    go_on = replay_batched(reader, file);
  }
  // Any read-ahead thread has been joined: the source is ours alone again.
  progress_source_ = &source;
  publish_progress();
  bytes_before_input_ += source.consumed();
  ++input_number_;
  return go_on;
}

void Replayer::publish_progress() {
  publish_input_progress();
  publish_reduce_progress();
}

void Replayer::publish_input_progress() {
  progress_.input_bytes.store(bytes_before_input_ + progress_source_->consumed(),
                              std::memory_order_relaxed);
}

void Replayer::publish_reduce_progress() {
  progress_.events.store(stats_.events, std::memory_order_relaxed);
  progress_.cells.store(cells_.size(), std::memory_order_relaxed);
}

bool Replayer::replay_sequential(input::LineReader& reader, std::string_view file) {
  input::Line line;
  try {
    while (reader.next(line)) {
      if ((line.number & 255) == 0) publish_progress();
      parse_line(line, *rules_, parser_, nullptr, *line_);
      if (!consume(*line_, file)) return false;
    }
  } catch (const input::InputError& e) {
    return fail_input(e.what());
  }
  return true;
}

bool Replayer::replay_batched(input::BlockReader& reader, std::string_view file) {
  if (!pipeline_) {
    pipeline_ = std::make_unique<BatchPipeline>(options_.jobs, options_.max_depth,
                                                options_.max_line_bytes, *rules_);
  }
  std::uint64_t lines_before = position_.lines;  // of this input, in the batches reduced
  // Both jobs run on whichever thread is free, one thread at a time each.
  const BatchPipeline::Jobs jobs{
      .read =
          [&](LineBatch& batch) {
            const bool more = reader.next(batch.block, options_.batch_bytes);
            publish_input_progress();
            return more;
          },
      .reduce =
          [&](LineBatch& batch) {
            const std::span lines = std::span(batch.parsed).first(batch.lines.size());
            // Lines a few ahead: their cells' index slots, then (the slot
            // having arrived) their keys and cells, fetched meanwhile.
            constexpr std::size_t kAhead = 8;
            for (std::size_t i = 0; i < lines.size(); ++i) {
              if (i + kAhead < lines.size() && lines[i + kAhead].reaches_cell())
                cells_.prefetch(lines[i + kAhead].key_hash, origin());
              if (i + kAhead / 2 < lines.size() && lines[i + kAhead / 2].reaches_cell())
                cells_.prefetch_cell(lines[i + kAhead / 2].key_hash, origin());
              lines[i].number += lines_before;  // numbered within its block until now
              if (!consume(lines[i], file)) return false;
            }
            lines_before += lines.size();
            publish_reduce_progress();
            return true;
          },
  };
  if (!pipeline_->run(jobs)) return false;
  // An input error ends the input after the lines read before it.
  if (!reader.error().empty()) return fail_input(reader.error());
  return true;
}

bool Replayer::fail_input(std::string_view message) {
  ++stats_.input_errors;
  sink_.on_input_error(message);
  if (options_.keep_going) return true;
  end_ = ReplayEnd::StoppedAtInputError;
  return false;
}

bool Replayer::report(const Problem& problem) {
  if (problem_tap_) problem_tap_(problem);
  sink_.on_problem(problem);
  if (options_.keep_going) return true;
  end_ = ReplayEnd::StoppedAtProblem;
  return false;
}

void Replayer::begin_records(std::string_view name) {
  records_name_ = name;
  sink_.on_input_start(records_name_);
}

bool Replayer::replay_record(std::string_view text, std::uint32_t stream, std::uint64_t offset) {
  // A record is one event, whatever line breaks its JSON holds.
  const input::Line record{text, offset, text.size() > options_.max_line_bytes, text.size()};
  parse_line(record, *rules_, parser_, nullptr, *line_, /*strip_bom=*/false);
  record_stream_ = stream;
  const bool go_on = consume(*line_, records_name_, static_cast<std::int32_t>(stream));
  // A topic's bytes are its records'.
  progress_.input_bytes.store(stats_.bytes, std::memory_order_relaxed);
  publish_reduce_progress();
  return go_on;
}

bool Replayer::replay_malformed_record(std::string_view why, std::uint32_t stream,
                                       std::uint64_t offset) {
  line_->kind = ParsedLine::Kind::Malformed;
  line_->number = offset;
  line_->length = 0;  // no event bytes to count
  line_->error = why;
  line_->json_after_prefix = false;
  record_stream_ = stream;
  return consume(*line_, records_name_, static_cast<std::int32_t>(stream));
}

bool Replayer::consume(const ParsedLine& line, std::string_view file,
                       std::optional<std::int32_t> stream) {
  if (!stream && (line.newline || !options_.reread_unterminated_line)) {
    position_.bytes += line.length + (line.newline ? 1 : 0);
    position_.lines = line.number;
  }
  ++stats_.lines;
  // The bytes of the lines accounted for: the whole input once read through,
  // and the same for every --jobs when a problem stops the replay.
  stats_.bytes += line.length + (line.newline ? 1 : 0);
  Problem problem;
  problem.file = file;
  problem.line = line.number;
  problem.partition = stream;
  if (line.kind != ParsedLine::Kind::Event) return account_non_event(line, problem);
  ++stats_.events;
  return reduce(line, problem);
}

void Replayer::note_change(std::size_t index, ApplyOutcome outcome, int bound_before) {
  if (outcome != ApplyOutcome::Ignored || bound_identity(cells_.cell(index)) != bound_before)
    cells_.mark_changed(index);
}

bool Replayer::after_until(const CloudEvent& event) {
  if ((!options_.until && !options_.track_event_time) || !event.time) return false;
  const std::optional<Instant> when = parse_rfc3339(*event.time);
  if (!when) return false;  // a time that does not parse is no time
  if (options_.until && *when > *options_.until) return true;
  if (options_.track_event_time &&
      (!stats_.latest_event_time || *when > *stats_.latest_event_time)) {
    stats_.latest_event_time = when;
  }
  return false;
}

bool Replayer::account_non_event(const ParsedLine& line, Problem& problem) {
  switch (line.kind) {
    case ParsedLine::Kind::Blank:
      ++stats_.blank;
      return true;
    case ParsedLine::Kind::Skipped:
      ++stats_.skipped;
      return true;
    case ParsedLine::Kind::TooLong: {
      ++stats_.malformed;
      ++stats_.too_long;
      const std::string message = "line too long: " + std::to_string(line.length) +
                                  " bytes, more than --max-line-bytes " +
                                  std::to_string(options_.max_line_bytes);
      problem.message = message;
      return report(problem);
    }
    case ParsedLine::Kind::Malformed:
    case ParsedLine::Kind::Event:  // not called for events
      ++stats_.malformed;
      problem.message = line.error;
      problem.json_after_prefix = line.json_after_prefix;
      return report(problem);
  }
  return true;
}

bool Replayer::reduce(const ParsedLine& line, Problem& problem) {
  const CloudEvent& event = line.event;
  if (after_until(event)) {
    ++stats_.after_until;
    return true;
  }
  const Route& route = line.route;
  if (route.kind == RouteKind::Unrouted) {
    ++stats_.unrouted;
    return true;
  }
  problem.kind = ProblemKind::Rejected;
  problem.event_id = event.id;
  problem.event_type = event.type;
  if (route.kind == RouteKind::MissingData) {
    ++stats_.rejected;
    const std::string message = "event " + rust::debug(event.type) + " is missing data payload";
    problem.message = message;
    return report(problem);
  }

  const std::size_t index = cells_.find_or_add(route.kind, route.key, line.key_hash, origin());
  if (!loaded(index) || !load_error_.empty()) [[unlikely]] {
    if (load_error_.empty()) load_error_ = load_(index);
    if (!load_error_.empty()) {
      end_ = ReplayEnd::StoppedAtProblem;
      return false;
    }
  }
  CellStateProjection& cell = cells_.cell(index);
  const int bound_before = options_.track_changes ? bound_identity(cell) : 0;
  const ApplyResult result = cell.apply(event);
  if (options_.track_changes) note_change(index, result.outcome, bound_before);
  cells_.note_event(index, {input_number_, line.number});
  if (trace_events_) {
    sink_.on_event({problem.file, line.number, problem.partition, route.kind, route.key, event.id,
                    event.type, result.outcome, cell.current_state(), event.time});
  }
  switch (result.outcome) {
    case ApplyOutcome::Applied:
      ++stats_.applied;
      return true;
    case ApplyOutcome::Ignored:
      ++stats_.ignored;
      return true;
    case ApplyOutcome::Rejected:
      break;
  }
  ++stats_.rejected;
  problem.cell_id = event.data.get_string(DataField::CellId);
  problem.spec_id = event.data.get_string(DataField::SpecId);
  problem.message = result.error;
  problem.cell = &cell;
  problem.cell_key = cells_.key_for(route.kind, route.key, origin());
  return report(problem);
}

void Replayer::finish() {
  if (options_.cells_per_stream) cells_.order_by_input();
  sink_.on_finish(cells_, stats_, end_);
}

}  // namespace cellos::replay
