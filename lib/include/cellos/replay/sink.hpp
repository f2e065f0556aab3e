// SPDX-License-Identifier: Apache-2.0
// The one interface between the replay engine and whatever reports on it
// (NDJSON, JSON document, table, stderr diagnostics). The engine calls it as
// things happen; printers decide what to keep and when to write.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "cellos/base/rfc3339.hpp"
#include "cellos/replay/cell_table.hpp"
#include "cellos/replay/problem.hpp"

namespace cellos::replay {

// Every line accounted for: lines = blank + skipped + malformed + events, and
// events = applied + ignored + rejected + unrouted + after_until.
struct ReplayStats {
  std::uint64_t lines = 0;
  std::uint64_t blank = 0;
  std::uint64_t skipped = 0;  // not JSON, with --skip-non-json
  std::uint64_t malformed = 0;
  std::uint64_t too_long = 0;  // of the malformed: longer than --max-line-bytes
  std::uint64_t events = 0;
  std::uint64_t applied = 0;
  std::uint64_t ignored = 0;
  std::uint64_t rejected = 0;
  std::uint64_t unrouted = 0;
  std::uint64_t after_until = 0;  // not applied: later than ReplayOptions::until
  std::uint64_t bytes = 0;        // input bytes after decompression
  std::uint64_t input_errors = 0;
  // The latest CloudEvents `time` of the events read (not later than
  // --until); kept only with ReplayOptions::track_event_time.
  std::optional<Instant> latest_event_time;
  // Replaying Kafka: per partition this process owns, how many messages it
  // is behind the end of the partition's log, as last seen (consumer lag).
  std::map<std::int32_t, std::int64_t> stream_lag;
};

// SPEC.md's exit codes, and FailedState: a cell ended in a state the run was
// told to fail on (--fail-on-state), which every other problem outranks.
enum class ExitCode : int {
  Ok = 0,
  Rejected = 1,
  Usage = 2,
  Input = 3,
  Malformed = 4,
  FailedState = 5
};

// 3 wins over 4, and 4 over 1 (FailedState is decided after the replay).
ExitCode exit_code_for(const ReplayStats& stats);

// How the replay ended.
enum class ReplayEnd : std::uint8_t {
  Completed,            // every input read to its end (problems may have been kept going past)
  StoppedAtProblem,     // without --keep-going, at the first problem
  StoppedAtInputError,  // without --keep-going, at an input that failed
};

// One event that reached a cell, after its apply (for --trace).
struct EventTrace {
  std::string_view file;
  std::uint64_t line = 0;                 // for a Kafka record: its offset
  std::optional<std::int32_t> partition;  // for a Kafka record
  RouteKind key_kind = RouteKind::CellId;
  std::string_view key;  // the cellId, or the specId of a cell keyed by it
  std::string_view event_id;
  std::string_view event_type;
  ApplyOutcome outcome = ApplyOutcome::Applied;
  CurrentState state = CurrentState::Pending;  // the cell's, after the event
  std::optional<std::string_view> time;        // the event's CloudEvents `time`, as written
};

class ReplaySink {
 public:
  virtual ~ReplaySink() = default;
  // Sinks that want every routed event say so; the engine builds EventTraces
  // only then, so replay without them pays nothing.
  [[nodiscard]] virtual bool wants_events() const { return false; }
  virtual void on_event(const EventTrace& /*event*/) {}
  // An input is about to be read (the inputs are numbered from 0 in this order).
  virtual void on_input_start(std::string_view /*file*/) {}
  virtual void on_problem(const Problem& problem) = 0;
  // An input could not be opened, read or decompressed.
  virtual void on_input_error(std::string_view /*message*/) {}
  // Something a person watching should know that is no problem: a followed
  // file was rotated and is read again from its start.
  virtual void on_notice(std::string_view /*message*/) {}
  virtual void on_finish(const CellTable& cells, const ReplayStats& stats, ReplayEnd end) = 0;
};

// Passes every call to each of its sinks in turn.
class SinkList final : public ReplaySink {
 public:
  void add(ReplaySink& sink) { sinks_.push_back(&sink); }
  [[nodiscard]] bool wants_events() const override;
  void on_event(const EventTrace& event) override;
  void on_input_start(std::string_view file) override;
  void on_problem(const Problem& problem) override;
  void on_input_error(std::string_view message) override;
  void on_notice(std::string_view message) override;
  void on_finish(const CellTable& cells, const ReplayStats& stats, ReplayEnd end) override;

 private:
  std::vector<ReplaySink*> sinks_;
};

}  // namespace cellos::replay
