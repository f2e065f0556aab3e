// SPDX-License-Identifier: Apache-2.0
#include "replay_command.hpp"

#include <sched.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <future>
#include <memory>
#include <numeric>
#include <optional>
#include <thread>

#include "cellos/base/utf8.hpp"
#include "cellos/report/diagnostics.hpp"
#include "cellos/report/diff_printer.hpp"
#include "cellos/report/json_document_printer.hpp"
#include "cellos/report/ndjson_printer.hpp"
#include "cellos/report/output.hpp"
#include "cellos/report/progress_meter.hpp"
#include "cellos/report/prometheus_metrics.hpp"
#include "cellos/report/stats_writer.hpp"
#include "cellos/report/summary_printer.hpp"
#include "cellos/report/table_printer.hpp"
#include "cellos/report/trace_printer.hpp"
#include "checkpointing.hpp"
#include "diff_command.hpp"
#include "logging.hpp"
#include "metrics_server.hpp"
#include "periodic.hpp"
#include "report_sinks.hpp"

namespace cellos::app {

namespace {

report::CellSelection selection_of(const Options& options) {
  return {.ids = options.cells,
          .states = options.states,
          .changed_only = options.changed_only,
          .order = options.order,
          .limit = options.limit};
}

report::FailingStates failing_states_of(const Options& options) {
  return {options.fail_on_states};
}

// Colour and width for -o table, from the terminal stdout goes to (if any).
report::TableStyle table_style(const Options& options) {
  report::TableStyle style;
  style.color = wants_color(options.color);
  if (isatty(STDOUT_FILENO) == 1) {
    struct winsize size {};
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) style.width = size.ws_col;
    if (style.width == 0) {
      if (const char* columns = std::getenv("COLUMNS"))  // NOLINT(concurrency-mt-unsafe)
        style.width = std::strtoul(columns, nullptr, 10);
    }
  }
  return style;
}

// The cores this process may run on (taskset, cgroup cpusets): the threads
// of -j0. One system call, where std::thread::hardware_concurrency reads
// /sys and counts cores the process may not be allowed to use.
unsigned available_cores() {
  cpu_set_t cores;
  CPU_ZERO(&cores);
  if (::sched_getaffinity(0, sizeof cores, &cores) == 0) {
    return static_cast<unsigned>(std::max(1, CPU_COUNT(&cores)));
  }
  return std::max(1U, std::thread::hardware_concurrency());
}

std::unique_ptr<replay::ReplaySink> make_printer(const Options& options, report::Output& out,
                                                 unsigned jobs) {
  if (options.trace) return std::make_unique<report::TracePrinter>(out);
  switch (options.format) {
    case OutputFormat::Json:
      return std::make_unique<report::JsonDocumentPrinter>(out, selection_of(options),
                                                           failing_states_of(options));
    case OutputFormat::Summary:
      return std::make_unique<report::SummaryPrinter>(out, selection_of(options),
                                                      failing_states_of(options));
    case OutputFormat::Table:
      return std::make_unique<report::TablePrinter>(out, selection_of(options),
                                                    table_style(options));
    case OutputFormat::Ndjson:
      break;
  }
  return std::make_unique<report::NdjsonPrinter>(out, options.keep_going, selection_of(options),
                                                 jobs);
}

// The most memory this process has held, in bytes. The kernel's high-water
// mark of the address space (VmHWM) starts anew at exec; getrusage's
// ru_maxrss does not, so a replay started by a large process (a test runner,
// a CI agent) would report that process's size instead of its own.
std::uint64_t peak_rss_bytes() {
  if (std::FILE* status = std::fopen("/proc/self/status", "re")) {
    char line[256];
    unsigned long long kib = 0;
    bool found = false;
    while (!found && std::fgets(line, sizeof line, status) != nullptr)
      found = std::sscanf(line, "VmHWM: %llu kB", &kib) == 1;
    std::fclose(status);
    if (found) return static_cast<std::uint64_t>(kib) * 1024;
  }
  struct rusage usage {};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<std::uint64_t>(usage.ru_maxrss) * 1024;
}

// The deterministic stats object of `-o json`, plus what this run cost.
std::string stats_summary(const replay::Replayer& replayer, double seconds) {
  std::string out;
  json::Writer w(out);
  w.begin_object();
  report::write_stats_members(w, replayer.stats(), replayer.cells());
  char number[64];
  std::snprintf(number, sizeof number, "%.3f", seconds);
  w.key("seconds");
  w.raw_value(number);
  std::snprintf(number, sizeof number, "%.1f",
                seconds > 0 ? static_cast<double>(replayer.stats().bytes) / 1e6 / seconds : 0.0);
  w.key("mbPerSecond");
  w.raw_value(number);
  w.key("peakRssBytes");
  w.number(peak_rss_bytes());
  w.end_object();
  return out;
}

// --follow ends on the first SIGINT / SIGTERM; a second one acts as usual.
std::atomic<bool> g_stop_following{false};

extern "C" void stop_following(int signal_number) {
  g_stop_following.store(true);
  std::signal(signal_number, SIG_DFL);
}

void install_stop_handlers() {
  struct sigaction action {};
  action.sa_handler = stop_following;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;  // no SA_RESTART: a blocked read returns EINTR
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

// The size of the inputs when all are regular files; 0 when unknown (stdin, pipes).
std::uint64_t total_input_bytes(const std::vector<std::string>& inputs) {
  std::uint64_t total = 0;
  for (const std::string& input : inputs) {
    struct stat st {};
    if (input == "-" || ::stat(input.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return 0;
    total += static_cast<std::uint64_t>(st.st_size);
  }
  return total;
}

// --expect: the replay's cells against the expected result; each difference
// named on stderr.
bool expected_result_matches(const Options& options, const report::SnapshotSet& expected,
                             const replay::Replayer& replayer) {
  report::SnapshotSet replayed;
  replayed.take(replayer.cells());
  const auto differences = report::diff_snapshots(expected, replayed, options.ignored_fields);
  const std::string lines =
      report::diff_human_lines(differences, input::display_name(options.expect));
  std::fputs(lines.c_str(), stderr);
  return differences.empty();
}

// Says why on stderr and ends the run with `code`: a run that cannot go on
// has nothing else to write.
[[noreturn]] void end_run(replay::ExitCode code, std::string_view why) {
  std::fprintf(stderr, "cellos-project: %s\n", utf8::for_terminal(why).c_str());
  std::fflush(stderr);
  std::_Exit(static_cast<int>(code));
}

// --expect: the expected result is read first, so that a missing file ends
// the run before it starts.
report::SnapshotSet read_expected_result(const Options& options) {
  report::SnapshotSet expected;
  std::string error;
  if (!options.expect.empty() && !read_result(options.expect, expected, error)) {
    end_run(replay::ExitCode::Input, "--expect: " + error);
  }
  return expected;
}

// Opens the --checkpoint state file; a file in use, not ours, damaged or from
// a newer format ends the run (exit 3), and so do options that give other
// results than the runs before (exit 2).
std::unique_ptr<CheckpointedRun> open_checkpoint(const Options& options) {
  std::unique_ptr<CheckpointedRun> run;
  try {
    run = std::make_unique<CheckpointedRun>(options);
  } catch (const replay::CheckpointError& e) {
    end_run(replay::ExitCode::Input, e.what());
  }
  if (const std::string conflict = run->settings_conflict(); !conflict.empty()) {
    run.reset();  // unlocked and closed, as it was
    end_run(replay::ExitCode::Usage, conflict);
  }
  return run;
}

void restore_checkpoint(CheckpointedRun& run, replay::Replayer& replayer) {
  try {
    run.restore(replayer);
  } catch (const replay::CheckpointError& e) {
    end_run(replay::ExitCode::Input, e.what());
  }
}

// Whether nothing but the snapshots (or the table) reads the cells: no trace,
// selection, counts, reports, metrics, --expect or --fail-on-state.
bool only_printing_reads_cells(const Options& options) {
  return !options.trace && options.cells.empty() && options.states.empty() &&
         options.order.field == report::SortField::None && options.limit == SIZE_MAX &&
         options.fail_on_states.empty() && options.junit.empty() && options.html.empty() &&
         options.metrics_file.empty() && options.metrics_listen.empty() && options.expect.empty() &&
         !options.stats;
}

// Whether the output reads only the cells this run changed: --changed with
// snapshots or a table, and nothing else reading the cells.
bool reads_only_changed_cells(const Options& options) {
  return options.changed_only &&
         (options.format == OutputFormat::Ndjson || options.format == OutputFormat::Table) &&
         only_printing_reads_cells(options);
}

// Whether the output only prints every cell's snapshot (NDJSON, nothing
// else reading the cells): a resumed run's untouched cells can then print
// from their stored states without being made.
bool only_prints_every_snapshot(const Options& options) {
  return !options.changed_only && options.format == OutputFormat::Ndjson &&
         only_printing_reads_cells(options);
}

// After a resumed replay: stops (exit 3) at a state that could not be
// loaded, loads every restored cell the output reads (or keeps their
// states, when it only prints them), and what the final checkpoint writes.
void load_cells_for_output(const Options& options, replay::Replayer& replayer,
                           CheckpointedRun& checkpointed) {
  std::string why = replayer.load_error();
  if (why.empty() && only_prints_every_snapshot(options)) {
    why = replayer.keep_stored_states();
  } else if (why.empty() && !reads_only_changed_cells(options)) {
    why = replayer.load_all_cells();
  }
  if (why.empty()) why = checkpointed.prepare_finish(replayer);
  if (!why.empty()) end_run(replay::ExitCode::Input, why);
}

std::unique_ptr<MetricsServer> start_metrics_server(const std::string& listen) {
  try {
    return std::make_unique<MetricsServer>(listening_address(listen));
  } catch (const MetricsServerError& e) {
    end_run(replay::ExitCode::Input, e.what());
  }
}

// How --follow follows: stopped by SIGINT / SIGTERM, and, each time it has
// caught up and waits for more, keeping the metrics file (every
// --checkpoint-interval) and the /metrics endpoint (every second) fresh.
input::FollowOptions follow_options(const Options& options, const replay::Replayer& replayer,
                                    report::PrometheusMetricsFile* file, MetricsServer* server,
                                    std::chrono::steady_clock::time_point started) {
  input::FollowOptions follow{
      .stop = &g_stop_following, .idle_timeout_seconds = options.idle_timeout, .on_wait = {}};
  if (server != nullptr) {
    server->publish(report::prometheus_exposition(replayer.cells(), replayer.stats(), 0));
  }
  if (file == nullptr && server == nullptr) return follow;
  follow.on_wait = [&replayer, file, server, started,
                    file_due = Periodic(options.checkpoint_interval),
                    server_due = Periodic(1.0)]() mutable {
    if (file != nullptr && file_due.due()) file->write(replayer.cells(), replayer.stats());
    if (server != nullptr && server_due.due()) {
      const double seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      server->publish(report::prometheus_exposition(replayer.cells(), replayer.stats(), seconds));
    }
  };
  return follow;
}

// `--cell ID` that names no cell is most likely a typo: say so rather than
// print nothing and exit 0.
void warn_of_unmatched_cells(const Options& options, const replay::CellTable& cells) {
  for (const std::string& id : selection_of(options).unmatched_ids(cells)) {
    std::fprintf(stderr,
                 "cellos-project: warning: --cell %s matched no cell (a cell is named by its "
                 "cellId, or by its specId when it has none)\n",
                 utf8::for_terminal(id).c_str());
  }
}

// How the replayer replays: the options' settings, and what it tracks for
// the state that is saved and the metrics that are kept.
replay::ReplayOptions replay_options_of(const Options& options, unsigned jobs, bool checkpointed,
                                        bool keeps_metrics) {
  return {.keep_going = options.keep_going,
          .max_line_bytes = options.max_line_bytes,
          .jobs = jobs,
          .json_from_first_brace = options.json_from_first_brace,
          .skip_non_json = options.skip_non_json,
          .max_depth = options.max_depth,
          .zstd_max_window = options.zstd_memory,
          .until = options.until,
          // A checkpoint, or a Kafka state topic, saves the cells that changed.
          .track_changes = checkpointed || !options.state_topic.empty(),
          .track_last_events = options.github_annotations && !options.fail_on_states.empty(),
          .track_event_time = keeps_metrics,
          .reread_unterminated_line = checkpointed,
          .cells_per_stream = !options.kafka.brokers.empty()};
}

// Runs `feed`, with a progress line while it does when stderr is a terminal
// (people watch it; pipes and CI logs do not). A feed that ends the run
// before any cell is printed ends the process here.
void feed_with_progress(const Options& options, const Feed& feed, replay::Replayer& replayer,
                        report::Diagnostics& diagnostics, const input::FollowOptions& follow,
                        CheckpointedRun* checkpointed) {
  std::optional<report::ProgressMeter> meter;
  if (!options.no_progress && isatty(STDERR_FILENO) == 1) {
    const bool from_kafka = !options.kafka.brokers.empty();
    meter.emplace(stderr, replayer.progress(), from_kafka ? 0 : total_input_bytes(options.inputs));
    diagnostics.set_progress(&*meter);
  }
  const int code = feed(replayer, follow, checkpointed);
  if (meter) {
    meter->stop();
    diagnostics.set_progress(nullptr);
  }
  if (code >= 0) {
    std::fflush(stderr);
    std::_Exit(code);
  }
}

// --stats prints what the replay counted and cost on stderr; -v logs it.
void report_stats(const Options& options, const replay::Replayer& replayer,
                  std::chrono::steady_clock::time_point started) {
  if (!options.stats && !log().should_log(spdlog::level::debug)) return;
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  const std::string summary = stats_summary(replayer, seconds);
  if (options.stats) {
    std::fprintf(stderr, "%s\n", summary.c_str());
  } else {
    log().debug("stats {}", summary);
  }
}

// The exit code of a finished replay: the replayer's, unless the final
// checkpoint could not be saved (3), the result is not the --expect one (1),
// a cell ended in a --fail-on-state state (5), or stdout or a report file
// could not be written (3). Each reason is said on stderr.
int final_exit_code(const Options& options, const replay::Replayer& replayer,
                    const report::SnapshotSet& expected, const std::string& checkpoint_error,
                    const report::Output& out, const ReportSinks& reports) {
  int code = static_cast<int>(replayer.exit_code());
  if (!checkpoint_error.empty()) {
    std::fprintf(stderr, "cellos-project: %s: %s\n", utf8::for_terminal(options.checkpoint).c_str(),
                 utf8::for_terminal(checkpoint_error).c_str());
    if (checkpoint_error.starts_with("cannot")) code = static_cast<int>(replay::ExitCode::Input);
  }
  if (!options.expect.empty() && !expected_result_matches(options, expected, replayer) &&
      code == 0) {
    code = static_cast<int>(replay::ExitCode::Rejected);
  }
  warn_of_unmatched_cells(options, replayer.cells());
  if (code == 0 && replayer.end() == replay::ReplayEnd::Completed &&
      !failing_states_of(options).failing_cells(replayer.cells()).empty()) {
    code = static_cast<int>(replay::ExitCode::FailedState);
  }
  if (out.failed()) {
    std::fprintf(stderr, "cellos-project: %s\n", out.error().c_str());
    code = static_cast<int>(replay::ExitCode::Input);
  }
  if (reports.report_unwritten_files()) code = static_cast<int>(replay::ExitCode::Input);
  return code;
}

}  // namespace

Feed replay_files(const Options& options) {
  return [&options](replay::Replayer& replayer, const input::FollowOptions& follow,
                    CheckpointedRun* checkpointed) {
    std::vector<std::size_t> order(options.inputs.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    if (checkpointed != nullptr) order = checkpointed->order(options.inputs);
    for (const std::size_t i : order) {
      const std::string& input = options.inputs[i];
      log().debug("replaying {}", input == "-" ? "<stdin>" : input);
      const bool last = i + 1 == options.inputs.size();  // the one --follow follows
      const input::FollowOptions* follows = options.follow && last ? &follow : nullptr;
      const bool go_on = checkpointed != nullptr ? checkpointed->replay(replayer, input, follows)
                                                 : replayer.replay_path(input, follows);
      if (!go_on) break;
    }
    return -1;
  };
}

void run_replay(const Options& options, const Feed& feed) {
  report::Output out(STDOUT_FILENO);
  // Following reacts to each line as it arrives, so it reads line by line.
  const unsigned jobs = options.follow ? 1 : options.jobs != 0 ? options.jobs : available_cores();
  auto printer = make_printer(options, out, jobs);
  ReportSinks reports(options);
  replay::SinkList sinks;
  reports.add_to(sinks, *printer);

  // What can end the run before it starts is done before anything is read:
  // the expected result read, the --metrics-listen port taken, the state
  // file opened and locked.
  const report::SnapshotSet expected = read_expected_result(options);
  std::unique_ptr<MetricsServer> server;
  if (!options.metrics_listen.empty()) server = start_metrics_server(options.metrics_listen);
  std::unique_ptr<CheckpointedRun> checkpointed;
  if (!options.checkpoint.empty()) {
    checkpointed = open_checkpoint(options);
    sinks.add(checkpointed->problem_recorder());
  }

  const auto started = std::chrono::steady_clock::now();
  if (options.follow) install_stop_handlers();
  replay::Replayer replayer(
      replay_options_of(options, jobs, checkpointed != nullptr,
                        reports.metrics_file() != nullptr || server != nullptr),
      sinks);
  if (checkpointed) restore_checkpoint(*checkpointed, replayer);
  const input::FollowOptions follow =
      follow_options(options, replayer, reports.metrics_file(), server.get(), started);
  feed_with_progress(options, feed, replayer, reports.diagnostics(), follow, checkpointed.get());

  // A resumed run loaded only the restored cells its events reached; what
  // reads every cell (all snapshots, reports, counts) needs the rest too.
  if (checkpointed) load_cells_for_output(options, replayer, *checkpointed);
  // The final checkpoint is written while the snapshots print: both only
  // read the cells (a run with --checkpoint never reorders them, as a Kafka
  // replay's finish does), and its commit mostly waits for the disk.
  std::future<std::string> saved;
  if (checkpointed) {
    saved = std::async(std::launch::async, [&] { return checkpointed->finish(replayer); });
  }
  replayer.finish();
  out.flush();
  report_stats(options, replayer, started);

  const int code = final_exit_code(options, replayer, expected,
                                   checkpointed ? saved.get() : std::string(), out, reports);
  // Everything is written; the OS reclaims the cells' memory at once. The
  // state file is closed properly first (SQLite removes its journal).
  checkpointed.reset();
  std::fflush(stderr);
  std::_Exit(code);
}

}  // namespace cellos::app
