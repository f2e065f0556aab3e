// SPDX-License-Identifier: Apache-2.0
// The replay engine: reads inputs line by line, parses each event, routes it
// to its cell's reducer and tells a ReplaySink about every problem, in input
// order. Memory is bounded by the line buffer plus the cells' state.
//
//   cellos::replay::Replayer replayer({.keep_going = false}, sink);
//   for (const auto& path : paths)
//     if (!replayer.replay_path(path)) break;
//   replayer.finish();
//   return static_cast<int>(replayer.exit_code());
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cellos/base/rfc3339.hpp"
#include "cellos/event/cloud_event.hpp"
#include "cellos/event/event_parser.hpp"
#include "cellos/input/byte_source.hpp"
#include "cellos/input/line_reader.hpp"
#include "cellos/input/line_rules.hpp"
#include "cellos/replay/cell_table.hpp"
#include "cellos/replay/progress.hpp"
#include "cellos/replay/sink.hpp"

namespace cellos::input {
class BlockReader;
}  // namespace cellos::input

namespace cellos::replay {

inline constexpr std::size_t kDefaultMaxLineBytes = std::size_t{64} << 20;

struct ReplayOptions {
  // Go on past problems and failed inputs instead of stopping at the first.
  bool keep_going = false;
  // Longer lines are malformed ("line too long"); reading resumes after them.
  std::size_t max_line_bytes = kDefaultMaxLineBytes;
  // Threads: with more than one, lines are parsed in parallel batches while
  // this thread routes and reduces them in input order, so the output and
  // the first problem reported are the same for every value.
  unsigned jobs = 1;
  // Logs as CI captures them: each line's JSON starts at its first '{'.
  bool json_from_first_brace = false;
  // Lines that do not start a JSON value are counted and skipped, not malformed.
  bool skip_non_json = false;
  // Nesting limit for a line's JSON (at most the reference's 127).
  int max_depth = json::kMaxDepth;
  // Bytes of lines per parallel batch: small enough for a batch and its
  // parsed lines to stay in a core's cache between parsing and reducing
  // (measured: 256 KiB beats 1 MiB by ~5%). Tests make it tiny to cross batches.
  std::size_t batch_bytes = std::size_t{1} << 18;
  // The largest zstd window to allow (see DecompressOptions).
  std::uint64_t zstd_max_window = input::kDefaultZstdMaxWindow;
  // As of this instant: events whose CloudEvents `time` is later are not
  // applied (counted as after_until); events without a time are.
  std::optional<Instant> until{};
  // Keep, per cell, whether this replay changed it (CellTable::changed).
  bool track_changes = false;
  // Keep, per cell, where its last event was read (CellTable::last_event).
  bool track_last_events = false;
  // Keep the latest event time (ReplayStats::latest_event_time): every
  // event's `time` is parsed, which costs a little on the hot path.
  bool track_event_time = false;
  // Inputs are resumed later (a checkpoint): a last line without a newline
  // (a writer may be in the middle of it) is replayed but left out of the
  // input's position(), so that the next run reads it again, whole. A
  // complete event read twice is a duplicate the reducer ignores.
  bool reread_unterminated_line = false;
  // Records come from independent streams (Kafka partitions): a key in two
  // streams is two cells, and cells print stream by stream (see CellTable).
  bool cells_per_stream = false;
};

class BatchPipeline;
struct ParsedLine;

// Where an input goes on: after this many bytes and lines, already replayed.
struct InputPosition {
  std::uint64_t bytes = 0;
  std::uint64_t lines = 0;
};

class Replayer {
 public:
  Replayer(const ReplayOptions& options, ReplaySink& sink);
  ~Replayer();
  Replayer(const Replayer&) = delete;
  Replayer& operator=(const Replayer&) = delete;

  // Opens and replays `path` ("-" is standard input). Returns false when the
  // replay must stop: a problem or a failed input without keep_going.
  // With `from`, the input goes on after that position (its line numbers too);
  // an input shorter than that fails. position() then tells where it ended.
  bool replay_path(const std::string& path, const input::FollowOptions* follow = nullptr,
                   const InputPosition* from = nullptr);
  // The last input's position after its last whole line replayed: where a
  // later replay of the same input goes on.
  [[nodiscard]] const InputPosition& position() const { return position_; }
  // Replays an already open source under the name `file`.
  bool replay(input::ByteSource& source, std::string_view file);

  // Records that are not lines of a file: Kafka messages. begin_records()
  // names the input (the topic) once; each record then holds one JSON event,
  // numbered by its offset within its stream (partition). The stream number
  // is reported with any problem. Returns false when the replay must stop.
  void begin_records(std::string_view name);
  bool replay_record(std::string_view text, std::uint32_t stream, std::uint64_t offset);
  // A record that holds no event at all (`why` says what is wrong): malformed.
  bool replay_malformed_record(std::string_view why, std::uint32_t stream, std::uint64_t offset);
  // How many records the replay will read, for the progress display.
  void expect_records(std::uint64_t count) {
    progress_.expected_records.store(count, std::memory_order_relaxed);
  }
  // Forgets the cells of a stream (a partition handed to another process).
  void drop_stream(std::uint32_t stream) {
    cells_.drop_input(stream);
    stats_.stream_lag.erase(static_cast<std::int32_t>(stream));
  }
  // How far behind the end of its log a stream (a Kafka partition) is.
  void note_stream_lag(std::uint32_t stream, std::int64_t messages) {
    stats_.stream_lag[static_cast<std::int32_t>(stream)] = messages;
  }
  // An input that could not be opened or read, or failed outside the reader
  // (a broker that stays unreachable). Returns false when the replay must stop.
  bool fail_input(std::string_view message);

  // Room for `cells` restored cells (CellTable::reserve).
  void reserve_cells(std::size_t cells) { cells_.reserve(cells); }

  // A cell from an earlier replay (a checkpoint), restored before any input,
  // in order of first appearance; not counted as changed by this replay.
  CellStateProjection& restore_cell(RouteKind kind, std::string_view key) {
    return cells_.cell(restore_key(kind, key));
  }
  // The same by its key alone; returns the cell's number. `stream` is the
  // Kafka partition of a cell kept per stream.
  std::size_t restore_key(RouteKind kind, std::string_view key, std::uint32_t stream = 0) {
    const std::size_t i = cells_.find_or_add(kind, key, CellTable::key_hash(kind, key), stream);
    cells_.unmark_changed(i);
    return i;
  }
  // A checkpoint's cells, restored by key in their stored order (distinct
  // keys), their states to come from defer_restored_cells' loader: numbered
  // one by one, then indexed all at once by defer_restored_cells.
  void restore_stored_key(RouteKind kind, std::string_view key) { cells_.add_restored(kind, key); }
  // The same for cells known by their keys' hashes (CellTable::key_hash)
  // alone: the loader gives a key (set_restored_key) when a lookup first
  // needs it.
  void restore_stored_hashes(std::span<const std::uint64_t> key_hashes) {
    cells_.add_restored(key_hashes);
  }
  bool set_restored_key(std::size_t i, RouteKind kind, std::string_view key) {
    return cells_.set_restored_key(i, kind, key);
  }

  // Loads a restored cell's state (and any others it likes, each marked with
  // mark_loaded); returns "" or why it could not.
  using CellLoader = std::function<std::string(std::size_t cell)>;
  // Loads every restored cell not loaded yet, on up to `threads` threads;
  // returns "" or why it could not.
  using AllCellsLoader = std::function<std::string(unsigned threads)>;
  // The cells restored so far by key get their states from `load`, each when
  // an event first reaches it, or from `load_all` when load_all_cells() is
  // called: a resumed run decodes only the cells its new events reach.
  // `keep_all` keeps the states of every cell not loaded yet as stored, in
  // CellTable::stored_states(). Returns the number of a stored key that came
  // twice (the replay cannot go on), or CellTable::kNoCell.
  std::size_t defer_restored_cells(CellLoader load, AllCellsLoader load_all,
                                   AllCellsLoader keep_all) {
    const std::size_t twice = cells_.index_restored();
    load_ = std::move(load);
    load_all_ = std::move(load_all);
    keep_all_ = std::move(keep_all);
    pending_.assign(cells_.size(), 1);
    // A lookup that needs a restored cell's key loads the cell, key and all.
    cells_.set_key_loader([this](std::size_t cell) {
      if (load_error_.empty() && !loaded(cell)) load_error_ = load_(cell);
    });
    return twice;
  }
  void mark_loaded(std::size_t first, std::size_t end) {
    std::fill(pending_.begin() + static_cast<std::ptrdiff_t>(first),
              pending_.begin() + static_cast<std::ptrdiff_t>(end), 0);
  }
  [[nodiscard]] bool loaded(std::size_t cell) const {
    return cell >= pending_.size() || pending_[cell] == 0;
  }
  // Loads every cell not loaded yet (before anything reads them all), on
  // as many threads as the replay's jobs; returns "" or why not.
  std::string load_all_cells() { return load_all_ ? load_all_(options_.jobs) : std::string(); }
  // Instead of load_all_cells(), for output that only prints every snapshot:
  // the states of the cells not loaded yet are read and checked, and kept as
  // stored (CellTable::stored_state) rather than decoded into cells; "" or
  // why not.
  std::string keep_stored_states() { return keep_all_ ? keep_all_(options_.jobs) : std::string(); }
  // The cells' stored states, for a checkpoint to keep them in.
  [[nodiscard]] detail::StoredStates& stored_states() { return cells_.stored_states(); }
  // Why the replay stopped at a cell whose state could not be loaded, or "".
  [[nodiscard]] const std::string& load_error() const { return load_error_; }
  // A restored cell, to load its state into.
  [[nodiscard]] CellStateProjection& restored_cell(std::size_t i) { return cells_.cell(i); }

  // The cells as they are now were checkpointed (CellTable::mark_saved).
  void mark_cells_saved() { cells_.mark_saved(); }
  // The same for one cell (a Kafka replay commits partition by partition).
  void mark_cell_saved(std::size_t i) { cells_.mark_saved(i); }

  // A cell of a stream (a Kafka partition) restored from a changelog, as a
  // new cell for its state to be decoded into; a key restored again is
  // reset. Not counted as changed by this replay.
  CellStateProjection& restore_stream_cell(RouteKind kind, std::string_view key,
                                           std::uint32_t stream) {
    return cells_.cell(restore_key(kind, key, stream)) = CellStateProjection{};
  }

  // Called with every problem before the sink hears of it (a Kafka replay
  // keeps them for its problems topic).
  using ProblemTap = std::function<void(const Problem&)>;
  void set_problem_tap(ProblemTap tap) { problem_tap_ = std::move(tap); }

  // Tells the sink the replay is over. Call once, after the last input.
  void finish();

  [[nodiscard]] ExitCode exit_code() const { return exit_code_for(stats_); }
  // How the replay ended (so far).
  [[nodiscard]] ReplayEnd end() const { return end_; }
  // Names an input that fails before it is opened (fail_input then says why).
  void begin_input(std::string_view name) {
    sink_.on_input_start(name);
    ++input_number_;
  }
  [[nodiscard]] const ReplayStats& stats() const { return stats_; }
  [[nodiscard]] const CellTable& cells() const { return cells_; }
  // Live counters for a progress display on another thread.
  [[nodiscard]] const ReplayProgress& progress() const { return progress_; }

 private:
  bool replay_input(input::ByteSource& source, std::string_view file);
  bool replay_sequential(input::LineReader& reader, std::string_view file);
  bool replay_batched(input::BlockReader& reader, std::string_view file);
  // Routes and reduces one line, in input order. False when replay must stop.
  bool consume(const ParsedLine& line, std::string_view file,
               std::optional<std::int32_t> stream = std::nullopt);
  // Blank, skipped, too long and malformed lines: counted, and reported.
  bool account_non_event(const ParsedLine& line, Problem& problem);
  // Marks the cell changed when the event changed it: any outcome but
  // Ignored, or an Ignored one that bound the cell's identity.
  void note_change(std::size_t index, ApplyOutcome outcome, int bound_before);
  // Whether the event happened after ReplayOptions::until.
  // Whether the event is later than --until (not applied); notes its time
  // as the latest seen when it is not and that is tracked.
  [[nodiscard]] bool after_until(const CloudEvent& event);
  // An event: routed to its cell and applied; a rejection reported.
  bool reduce(const ParsedLine& line, Problem& problem);
  bool report(const Problem& problem);
  // Where the line being reduced comes from, as the cell table keys cells:
  // the record's stream when cells are per stream, else the input.
  [[nodiscard]] std::uint32_t origin() const {
    return options_.cells_per_stream ? record_stream_ : input_number_;
  }

  ReplayOptions options_;
  ReplaySink& sink_;
  std::unique_ptr<const input::LineRules> rules_;  // how lines are read (CI-log options)
  bool trace_events_ = false;                      // whether the sink wants on_event
  ReplayEnd end_ = ReplayEnd::Completed;
  EventParser parser_;
  std::unique_ptr<ParsedLine> line_;         // reused by the sequential path
  std::unique_ptr<BatchPipeline> pipeline_;  // created on first batched replay
  CellTable cells_;
  CellLoader load_;          // of the restored cells, when deferred
  AllCellsLoader load_all_;  // the same, all at once
  AllCellsLoader keep_all_;  // all at once, kept encoded
  ProblemTap problem_tap_;
  std::vector<std::uint8_t> pending_;  // per restored cell: 1 until loaded
  std::string load_error_;
  ReplayStats stats_;
  std::uint32_t input_number_ = 0;   // of the input being read
  std::uint32_t record_stream_ = 0;  // of the record being read (a Kafka partition)
  InputPosition position_;           // of the input being read
  bool resumed_ = false;             // the input being read goes on from an earlier replay
  std::string records_name_;         // the input of replay_record (a topic)
  ReplayProgress progress_;
  std::uint64_t bytes_before_input_ = 0;                // input bytes of the inputs already read
  const input::ByteSource* progress_source_ = nullptr;  // the input being read
  // Both sides' counters; or one side's: the input read so far, or the
  // events and cells reduced (in a batched replay, different threads read
  // and reduce).
  void publish_progress();
  void publish_input_progress();
  void publish_reduce_progress();
};

}  // namespace cellos::replay
