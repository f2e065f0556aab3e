// cellos-project: wires the command line to libcellos. All behaviour lives in
// the library; this file chooses the printer and maps the outcome to an exit code.
#include <malloc.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <thread>

#include "cellos/kafka/topic_replay.hpp"
#include "cellos/replay/replayer.hpp"
#include "cellos/report/github_annotations.hpp"
#include "cellos/report/junit_report.hpp"
#include "cellos/report/output.hpp"
#include "cellos/report/printers.hpp"
#include "cellos/report/progress_meter.hpp"
#include "cellos/report/stats_writer.hpp"
#include "kafka_client.hpp"
#include "options.hpp"
#include "publish_command.hpp"

namespace {

cellos::report::CellSelection selection_of(const cellos::app::Options& options) {
  cellos::report::CellSelection selection;
  selection.ids = options.cells;
  for (const std::string& list : options.states) {
    for (const std::string& name : cellos::app::split_list(list)) {
      cellos::CurrentState state{};
      if (cellos::parse_current_state(name, state)) selection.states.push_back(state);
    }
  }
  return selection;
}

// Colour and width for -o table, from the terminal stdout goes to (if any).
cellos::report::TableStyle table_style(const cellos::app::Options& options) {
  cellos::report::TableStyle style;
  const bool terminal = isatty(STDOUT_FILENO) == 1;
  // getenv is safe here: this runs at startup, before any thread exists.
  const char* no_color = std::getenv("NO_COLOR");  // NOLINT(concurrency-mt-unsafe)
  const char* term = std::getenv("TERM");          // NOLINT(concurrency-mt-unsafe)
  style.color =
      options.color == "always" ||
      (options.color == "auto" && terminal && (no_color == nullptr || *no_color == '\0') &&
       (term == nullptr || std::string_view(term) != "dumb"));
  if (terminal) {
    struct winsize size {};
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) style.width = size.ws_col;
    if (style.width == 0) {
      if (const char* columns = std::getenv("COLUMNS"))  // NOLINT(concurrency-mt-unsafe)
        style.width = std::strtoul(columns, nullptr, 10);
    }
  }
  return style;
}

std::unique_ptr<cellos::replay::ReplaySink> make_printer(const cellos::app::Options& options,
                                                         cellos::report::Output& out,
                                                         unsigned jobs) {
  using cellos::app::OutputFormat;
  if (options.trace) return std::make_unique<cellos::report::TracePrinter>(out);
  switch (options.format) {
    case OutputFormat::Json:
      return std::make_unique<cellos::report::JsonDocumentPrinter>(out, selection_of(options));
    case OutputFormat::Table:
      return std::make_unique<cellos::report::TablePrinter>(out, selection_of(options),
                                                            table_style(options));
    case OutputFormat::Ndjson:
      break;
  }
  return std::make_unique<cellos::report::NdjsonPrinter>(out, options.keep_going,
                                                         selection_of(options), jobs);
}

// The deterministic stats object of `-o json`, plus what this run cost.
std::string stats_summary(const cellos::replay::Replayer& replayer, double seconds) {
  std::string out;
  cellos::json::Writer w(out);
  w.begin_object();
  cellos::report::write_stats_members(w, replayer.stats(), replayer.cells());
  char number[64];
  std::snprintf(number, sizeof number, "%.3f", seconds);
  w.key("seconds");
  w.raw_value(number);
  std::snprintf(number, sizeof number, "%.1f",
                seconds > 0 ? static_cast<double>(replayer.stats().bytes) / 1e6 / seconds : 0.0);
  w.key("mbPerSecond");
  w.raw_value(number);
  struct rusage usage {};
  getrusage(RUSAGE_SELF, &usage);
  w.key("peakRssBytes");
  w.number(static_cast<std::uint64_t>(usage.ru_maxrss) * 1024);
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

void set_up_logging(const std::string& level) {
  auto logger = spdlog::stderr_logger_st("cellos-project");
  logger->set_pattern("cellos-project: %l: %v");
  logger->set_level(spdlog::level::from_str(level));
  spdlog::set_default_logger(logger);
}

}  // namespace

int main(int argc, char** argv) {
  // One malloc arena: the cells are allocated by whichever thread reduces at
  // the time (BatchPipeline), and glibc's per-thread arenas would scatter
  // them over two heaps, with more page faults and cache misses (measured:
  // ~5% of the run on 200 MB at -j2).
  mallopt(M_ARENA_MAX, 1);  // NOLINT(concurrency-mt-unsafe): before any thread starts
  cellos::app::Options options;
  if (const int code = cellos::app::parse_options(argc, argv, options); code >= 0) return code;
  set_up_logging(options.log_level);
  if (options.publish.requested) return cellos::app::run_publish(options.publish);
  const bool from_kafka = !options.kafka.brokers.empty();
  std::optional<cellos::kafka::TopicOptions> topic;
  if (from_kafka) {
    try {
      topic.emplace(cellos::kafka::TopicOptions{
          .client = cellos::app::client_config(options.kafka),
          .topic = options.kafka.topic,
          .group = options.group,
          .commit = options.commit,
          .follow = options.follow,
          .idle_timeout = options.idle_timeout,
          .stop = &g_stop_following,
      });
    } catch (const cellos::kafka::ConfigError& e) {
      std::fprintf(stderr, "cellos-project: %s\n", e.what());
      return static_cast<int>(cellos::replay::ExitCode::Usage);
    }
  }
  if (options.inputs.empty()) options.inputs.emplace_back("-");

  cellos::report::Output out(STDOUT_FILENO);
  cellos::report::Diagnostics diagnostics(stderr);
  // Following reacts to each line as it arrives, so it reads line by line.
  const unsigned jobs = options.follow      ? 1
                        : options.jobs != 0 ? options.jobs
                                            : std::max(1U, std::thread::hardware_concurrency());
  auto printer = make_printer(options, out, jobs);
  cellos::replay::SinkList sinks;
  sinks.add(diagnostics);
  cellos::report::GithubAnnotations annotations(stderr);
  if (options.github_annotations) sinks.add(annotations);
  std::optional<cellos::report::JunitReport> junit;
  if (!options.junit.empty()) sinks.add(junit.emplace(options.junit));
  sinks.add(*printer);

  const auto started = std::chrono::steady_clock::now();
  if (options.follow) install_stop_handlers();
  cellos::replay::Replayer replayer({.keep_going = options.keep_going,
                                     .max_line_bytes = options.max_line_bytes,
                                     .jobs = jobs,
                                     .json_from_first_brace = options.json_from_first_brace,
                                     .skip_non_json = options.skip_non_json,
                                     .max_depth = options.max_depth,
                                     .cells_per_stream = from_kafka},
                                    sinks);
  // Progress only for people: stderr is a terminal, and the replay is long.
  std::optional<cellos::report::ProgressMeter> meter;
  if (!options.no_progress && isatty(STDERR_FILENO) == 1) {
    meter.emplace(stderr, replayer.progress(), from_kafka ? 0 : total_input_bytes(options.inputs));
    diagnostics.set_progress(&*meter);
  }
  const cellos::replay::FollowOptions follow{&g_stop_following, options.idle_timeout};
  if (from_kafka) {
    try {
      cellos::kafka::TopicReplay kafka(*topic, replayer);
      kafka.run();
    } catch (const cellos::kafka::ConfigError& e) {
      if (meter) meter->stop();
      std::fprintf(stderr, "cellos-project: %s\n", e.what());
      return static_cast<int>(cellos::replay::ExitCode::Usage);
    }
  }
  for (std::size_t i = 0; i < options.inputs.size() && !from_kafka; ++i) {
    const std::string& input = options.inputs[i];
    spdlog::debug("replaying {}", input == "-" ? "<stdin>" : input);
    const bool last = i + 1 == options.inputs.size();
    if (!replayer.replay_path(input, options.follow && last ? &follow : nullptr)) break;
  }
  if (meter) {
    meter->stop();
    diagnostics.set_progress(nullptr);
  }
  replayer.finish();
  out.flush();

  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (options.stats || spdlog::should_log(spdlog::level::debug)) {
    const std::string summary = stats_summary(replayer, seconds);
    if (options.stats) {
      std::fprintf(stderr, "cellos-project: stats %s\n", summary.c_str());
    } else {
      spdlog::debug("stats {}", summary);
    }
  }

  int code = static_cast<int>(replayer.exit_code());
  if (out.failed()) {
    std::fprintf(stderr, "cellos-project: %s\n", out.error().c_str());
    code = static_cast<int>(cellos::replay::ExitCode::Input);
  }
  if (junit && !junit->error().empty()) {
    std::fprintf(stderr, "cellos-project: %s\n", junit->error().c_str());
    code = static_cast<int>(cellos::replay::ExitCode::Input);
  }
  // Everything is written; tearing down millions of cells one free() at a
  // time would only make the user wait. The OS reclaims the memory at once.
  std::fflush(stderr);
  std::_Exit(code);
}
