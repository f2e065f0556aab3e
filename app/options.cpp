// SPDX-License-Identifier: Apache-2.0
#include "options.hpp"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>

#include "cellos/base/output_file.hpp"
#include "cellos/base/utf8.hpp"
#include "cellos/reducer/cell_state.hpp"
#include "cellos/replay/replayer.hpp"
#include "cellos_build_info.hpp"
#include "completions.hpp"
#include "man_page.hpp"
#include "metrics_server.hpp"
#include "option_choices.hpp"
#include "option_sections.hpp"

namespace cellos::app {

OptionChoices& option_choices() {
  static OptionChoices choices;
  return choices;
}

CLI::Option* with_choices(CLI::Option* option, std::vector<std::string> values) {
  option_choices()[option] = std::move(values);
  return option;
}

namespace {

constexpr const char* kDescription =
    "Replays a log of CellOS CloudEvents (one JSON event per line) through the\n"
    "canonical cell state reducer, one reducer per cell, and prints every cell's\n"
    "final snapshot, or the first event the reducer rejected.\n";

constexpr const char* kFooter = R"(Inputs:
  Files are read in the order given; "-" or no file at all reads standard input.
  gzip and zstd files are decompressed transparently (xz, bzip2, lz4: pipe them
  in, e.g. xz -dc FILE | cellos-project -). With --kafka, a topic is
  replayed instead: a problem's file is the topic, its line the offset, and it
  names the partition; cells print partition by partition.

Examples:
  cellos-project events.jsonl                    final snapshot of every cell, as NDJSON
  cellos-project events.jsonl | jq -r .currentState
  cellos-project -o table events.jsonl.gz        a table for people
  cellos-project -o table --sort -events --limit 10 events.jsonl   the 10 busiest cells
  cellos-project -k -o summary events.jsonl       counts per state, problems, top errors
  cellos-project -k --fail-on-state destroyFailed,commandFailed --junit report.xml events.jsonl
  cellos-project --json-from-first-brace ci-job.log   each line's JSON after a timestamp
  cellos-project -k -o json day1.jsonl day2.jsonl.zst > report.json
  zcat fleet-*.jsonl.gz | cellos-project -k - > cells.ndjson
  cellos-project publish events.jsonl --kafka localhost:9092 --topic cells
  cellos-project --kafka localhost:9092 --topic cells            replay a topic (docs/kafka.md)
  cellos-project --kafka k1:9092,k2:9092 --topic cells --group audit-$CI_JOB_ID   one of N members
  cellos-project -k --kafka k1:9092 --topic cells --group fleet --state-topic cells-state \
      --snapshots-topic cells-snapshots --follow          exactly-once, stateful members
  cellos-project table --kafka k1:9092 --topic cells-snapshots   the fleet's latest snapshots

Exit codes:
  0  every line processed, no event rejected
  1  an event was rejected (illegal transition or invalid event data)
  2  usage error
  3  an input could not be opened, read or decompressed, or output failed
  4  a line was malformed (not a CloudEvents 1.0 JSON object)
  5  a cell ended in a state given to --fail-on-state
  When several apply: 3 wins over 4, 4 over 1, and 1 over 5.
)";

// A number of seconds: finite and within [least, most]. CLI11's Range and
// NonNegativeNumber let NaN through (every comparison with it is false), and
// a NaN timeout would never expire.
CLI::Validator seconds_between(double least, double most) {
  return {[least, most](const std::string& text) -> std::string {
            double value = 0;
            if (!CLI::detail::lexical_cast(text, value) || !std::isfinite(value) || value < least ||
                value > most) {
              return "must be a number of seconds from " + CLI::detail::to_string(least) + " to " +
                     CLI::detail::to_string(most) + ", not " + text;
            }
            return "";
          },
          "", "SECONDS"};
}

// Every file the options name for the tool to write, with the option that
// names it: none may be one of the inputs.
struct OutputFile {
  std::string flag;
  std::string path;
  std::string_view signature;  // how the text of such a file starts
  std::string_view example;    // a name to suggest
};

std::vector<OutputFile> output_files(const Options& options) {
  std::vector<OutputFile> outputs;
  if (!options.junit.empty()) outputs.push_back({"--junit", options.junit, "<", "report.xml"});
  // A state file that is not one is refused when it is opened, untouched.
  if (!options.checkpoint.empty())
    outputs.push_back({"--checkpoint", options.checkpoint, "", "state.db"});
  if (!options.html.empty())
    outputs.push_back({"--html", options.html, "<!DOCTYPE html>", "report.html"});
  if (!options.metrics_file.empty()) {
    outputs.push_back(
        {"--metrics-file", options.metrics_file, "# HELP", "/var/lib/node_exporter/cellos.prom"});
  }
  return outputs;
}

// `--checkpoint --version log` takes --version for the state file's name
// (as getopt does: `sort -o --version`): a file named like an option that
// does not exist is almost surely a slip. Written, it would be hard to
// remove; read, "cannot open --version" would hide what went wrong.
bool names_an_option(const std::string& flag, const std::string& path, std::string_view example) {
  if (path.size() < 2 || path.front() != '-' || ::access(path.c_str(), F_OK) == 0) return false;
  const std::string shown = utf8::for_terminal(path);
  std::fprintf(stderr,
               "cellos-project: %s %s: that is an option, taken as %s's file name; give the "
               "file name first, e.g. %s %s (to name a file that starts with '-', write "
               "./%s)\n",
               flag.c_str(), shown.c_str(), flag.c_str(), flag.c_str(),
               std::string(example).c_str(), shown.c_str());
  return true;
}

// A usage error, before anything is opened for writing, when an output would
// overwrite an input: `--junit events.jsonl` (taking --junit for a switch) in
// a CI step whose standard input is empty would otherwise pass and destroy
// the log it audits. So is replacing a file of another kind.
bool output_spares_inputs(const OutputFile& out, const std::vector<std::string>& inputs) {
  const std::string path = utf8::for_terminal(out.path);
  if (names_an_option(out.flag, out.path, out.example)) return false;
  if (const auto input = input_overwritten_by(out.path, inputs)) {
    std::fprintf(stderr,
                 "cellos-project: %s %s would overwrite the input %s; give the report a file "
                 "name of its own, e.g. %s %s\n",
                 out.flag.c_str(), path.c_str(),
                 utf8::for_terminal(*input == "-" ? "<stdin>" : *input).c_str(), out.flag.c_str(),
                 std::string(out.example).c_str());
    return false;
  }
  if (!may_replace(out.path, out.signature)) {
    std::fprintf(stderr,
                 "cellos-project: %s %s: that file exists and is not such a report (a log "
                 "given as %s's value?); it is left alone. Name a new file, e.g. %s %s, or "
                 "remove it first\n",
                 out.flag.c_str(), path.c_str(), out.flag.c_str(), out.flag.c_str(),
                 std::string(out.example).c_str());
    return false;
  }
  return true;
}

// Every file option's value is a file name, not an option slipped in its
// place; and no output overwrites an input.
bool file_options_name_files(const Options& options) {
  if (!options.expect.empty() && names_an_option("--expect", options.expect, "expected.jsonl"))
    return false;
  if (!options.kafka.brokers.empty()) return true;  // the inputs are topics
  return std::ranges::all_of(output_files(options), [&](const OutputFile& out) {
    return output_spares_inputs(out, options.inputs);
  });
}

}  // namespace

void add_kafka_client_options(CLI::App& cli, KafkaClientOptions& kafka, bool replaying) {
  const std::string group = replaying ? "Kafka" : "Options";
  cli.add_option("--kafka", kafka.brokers,
                 replaying ? "Replay a Kafka topic instead of files: the bootstrap brokers, "
                             "host:port[,host:port...]"
                           : "Kafka bootstrap brokers, host:port[,host:port...]")
      ->type_name("BROKERS")
      ->group(group);
  cli.add_option("--topic", kafka.topic, "The Kafka topic")->type_name("TOPIC")->group(group);
  cli.add_option("-X,--kafka-property", kafka.properties,
                 "A librdkafka property, e.g. -X security.protocol=SASL_SSL; repeatable")
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
      ->type_name("KEY=VALUE")
      ->group(group);
  cli.add_option("--kafka-timeout", kafka.timeout_seconds,
                 "Give up (exit 3) when the cluster cannot be reached, or makes no progress, for "
                 "this long")
      ->check(seconds_between(0.1, 86400.0))
      ->default_str("30")
      ->type_name("SECONDS")
      ->group(group);
}

bool wants_color(ColorWhen when) {
  if (when != ColorWhen::Auto) return when == ColorWhen::Always;
  const char* no_color = std::getenv("NO_COLOR");  // NOLINT(concurrency-mt-unsafe): see above
  const char* term = std::getenv("TERM");          // NOLINT(concurrency-mt-unsafe)
  return isatty(STDOUT_FILENO) == 1 && (no_color == nullptr || *no_color == '\0') &&
         (term == nullptr || std::string_view(term) != "dumb");
}

std::vector<std::string> split_list(const std::string& list) {
  std::vector<std::string> parts;
  std::string::size_type start = 0;
  for (;;) {
    const auto comma = list.find(',', start);
    std::string part = list.substr(start, comma - start);
    if (!part.empty()) parts.push_back(std::move(part));
    if (comma == std::string::npos) return parts;
    start = comma + 1;
  }
}

namespace {

// "64M" for 64 MiB: the way --max-line-bytes and --zstd-memory are written.
std::string size_text(std::uint64_t bytes) {
  constexpr const char* kUnits = "KMGT";
  int unit = -1;
  while (bytes >= 1024 && bytes % 1024 == 0 && unit < 3) {
    bytes /= 1024;
    ++unit;
  }
  return std::to_string(bytes) + (unit >= 0 ? std::string(1, kUnits[unit]) : std::string());
}

// "a, b, c" (as messages list names) → {"a", "b", "c"}.
std::vector<std::string> listed(const std::string& names) {
  std::vector<std::string> words = split_list(names);
  for (std::string& word : words) word.erase(0, word.find_first_not_of(' '));
  return words;
}

// The names of a fixed set of values, for completions.
template <class T>
std::vector<std::string> names_of(const std::map<std::string, T>& values) {
  std::vector<std::string> names;
  names.reserve(values.size());
  for (const auto& entry : values) names.push_back(entry.first);
  return names;
}

// A value from a fixed set (any case), turned into its enum, with an error
// that names the choices (CLI11's own message prints its internal map).
template <class T>
CLI::Validator one_of(const std::map<std::string, T>& values, const std::string& what) {
  std::string names;
  for (const auto& entry : values) names += (names.empty() ? "" : ", ") + entry.first;
  return {[values, what, names](std::string& text) -> std::string {
            std::string lower = text;
            std::ranges::transform(lower, lower.begin(), [](unsigned char c) {
              return static_cast<char>(std::tolower(c));
            });
            const auto found = values.find(lower);
            if (found == values.end()) {
              return "unknown " + what + " \"" + text + "\"; use one of " + names;
            }
            text = std::to_string(static_cast<int>(found->second));
            return "";
          },
          "", ""};
}

// --color WHEN, for the table of a replay and of a diff.
void add_color_option(CLI::App& cli, ColorWhen& color, const std::string& description) {
  const std::map<std::string, ColorWhen> colors = {
      {"auto", ColorWhen::Auto}, {"always", ColorWhen::Always}, {"never", ColorWhen::Never}};
  with_choices(cli.add_option("--color", color, description), names_of(colors))
      ->transform(one_of(colors, "--color value"))
      ->default_str("auto")
      ->type_name("WHEN");
}

// The operands: the logs to replay.
CLI::Option* add_files(CLI::App& cli, Options& options) {
  return cli.add_option("FILE", options.inputs, "Event logs to replay (\"-\" for standard input)")
      ->type_name("FILE");
}

// How to read: following, the CI-log rules and limits.
void add_input_options(CLI::App& cli, Options& options) {
  CLI::Option* follow =
      cli.add_flag("--follow", options.follow,
                   "Keep reading the last file as it grows, by name like tail -F (a truncated or "
                   "replaced file is read again from its start); problems are reported as they "
                   "happen, the snapshots on Ctrl-C / SIGTERM or after --idle-timeout");
  cli.add_option("--idle-timeout", options.idle_timeout,
                 "With --follow: stop after this many seconds without new lines (0: never)")
      ->check(seconds_between(0.0, 1e9))
      ->needs(follow)
      ->default_str("0")
      ->type_name("SECONDS");
  cli.add_flag("--json-from-first-brace", options.json_from_first_brace,
               "Each line's JSON starts at its first '{'; what precedes it (a timestamp, a step "
               "name, as CI logs have) is ignored");
  cli.add_flag("--skip-non-json", options.skip_non_json,
               "Count and skip lines that do not start a JSON value instead of calling them "
               "malformed");
  cli.add_option(
         "--max-line-bytes", options.max_line_bytes,
         "Longer lines are malformed (\"line too long\") and skipped; accepts K, M, G suffixes")
      ->transform(CLI::AsSizeValue(false).description(""))
      ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 40).description(""))
      ->default_str(size_text(replay::kDefaultMaxLineBytes))
      ->type_name("BYTES");
  cli.add_option(
         "--max-depth", options.max_depth,
         "Lines nesting arrays/objects deeper are malformed (the event object counts as 1); "
         "127, the reference's limit, is also the most")
      ->check(CLI::Range(1, json::kMaxDepth).description(""))
      ->default_str(std::to_string(json::kMaxDepth))
      ->type_name("N");
  cli.add_option_function<std::string>(
         "--until", [&options](const std::string& text) { options.until = parse_rfc3339(text); },
         "Replay as of TIME (RFC 3339, e.g. 2026-11-27T10:00:00Z or ...+01:00): events whose "
         "CloudEvents time is later are not applied (counted as afterUntil); events without a "
         "time are")
      ->check(
          [](const std::string& text) -> std::string {
            if (parse_rfc3339(text)) return "";
            return "\"" + text +
                   "\" is no RFC 3339 time; write it as 2026-11-27T10:00:00Z, with a "
                   "fraction (...:00.250Z) or an offset (...:00+01:00) if needed";
          },
          "", "")
      ->type_name("TIME");
  cli.add_option("--zstd-memory", options.zstd_memory,
                 "The largest window a zstd frame may use, as zstd --memory= (files made with "
                 "zstd --long need more); K, M, G suffixes, at most " +
                     size_text(input::kLargestZstdWindow))
      ->transform(CLI::AsSizeValue(false).description(""))
      ->check(CLI::Range(std::uint64_t{1} << 10, input::kLargestZstdWindow).description(""))
      ->default_str(size_text(input::kDefaultZstdMaxWindow))
      ->type_name("BYTES");
}

// An option whose value is a list of current states, e.g. destroyFailed,exportFailed
// (repeatable), checked against the reducer's names.
void add_states_option(CLI::App& cli, const std::string& name, std::vector<CurrentState>& states,
                       const std::string& description) {
  CLI::Option* option =
      cli.add_option_function<std::vector<std::string>>(
             name,
             [&states](const std::vector<std::string>& lists) {
               for (const std::string& list : lists) {
                 for (const std::string& state_name : split_list(list)) {
                   CurrentState state{};
                   parse_current_state(state_name, state);  // checked below
                   states.push_back(state);
                 }
               }
             },
             description)
          ->allow_extra_args(false)
          ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
          ->check([](const std::string& list) -> std::string {
            for (const std::string& state_name : split_list(list)) {
              CurrentState state{};
              if (!parse_current_state(state_name, state)) {
                return "unknown state \"" + state_name + "\"; states are " + current_state_names();
              }
            }
            return "";
          })
          ->type_name("STATES");
  with_choices(option, listed(current_state_names()));
}

// What to print, and the reports beside it.
// Which cells print, in what order: --cell, --state, --sort, --limit.
void add_selection_options(CLI::App& cli, Options& options) {
  cli.add_option("--cell", options.cells,
                 "Print only this cell (its cellId, or specId for cells without one); repeatable. "
                 "Every event is still replayed and every problem reported")
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
      ->type_name("ID");
  add_states_option(cli, "--state", options.states,
                    "Print only cells in these current states, e.g. --state "
                    "exportFailed,destroyFailed");
  CLI::Option* sort =
      cli.add_option_function<std::string>(
             "--sort",
             [&options](const std::string& text) {
               options.order = *report::parse_cell_order(text);  // checked below
             },
             "Print the cells ordered by FIELD: cell, state, events or exit-code; a leading - "
             "sorts descending (-events: most events first). Ties keep the default order, first "
             "appearance")
          ->check([](const std::string& text) -> std::string {
            if (report::parse_cell_order(text)) return "";
            return "unknown sort field \"" + text + "\"; use one of " + report::cell_order_names() +
                   ", with a leading - for descending";
          })
          ->type_name("FIELD");
  std::vector<std::string> fields = listed(report::cell_order_names());
  for (const std::string& field : listed(report::cell_order_names())) fields.push_back("-" + field);
  with_choices(sort, fields);
  cli.add_option("--limit", options.limit,
                 "Print at most N cells (after --cell, --state and --sort)")
      // Checked as text: "-1" would otherwise wrap around to the largest size.
      ->check(
          [](const std::string& text) -> std::string {
            const bool digits =
                !text.empty() && text.size() <= 18 &&
                std::ranges::all_of(text, [](unsigned char c) { return std::isdigit(c); });
            return digits ? "" : "takes a number of cells, 0 or more, not " + text;
          },
          "", "")
      ->type_name("N");
}

void add_output_options(CLI::App& cli, Options& options) {
  cli.add_flag("-k,--keep-going", options.keep_going,
               "Replay everything: report each problem on stderr and go on");
  const std::map<std::string, OutputFormat> formats = {{"ndjson", OutputFormat::Ndjson},
                                                       {"json", OutputFormat::Json},
                                                       {"table", OutputFormat::Table},
                                                       {"summary", OutputFormat::Summary}};
  CLI::Option* output =
      with_choices(
          cli.add_option("-o,--output", options.format,
                         "Output format: ndjson (one snapshot per line), json (one document with "
                         "cells, errors and stats), table (a row per cell), summary (counts per "
                         "state, problems, most frequent errors: a report for people)"),
          names_of(formats))
          ->transform(one_of(formats, "output format"))
          ->default_str("ndjson")
          ->type_name("FORMAT");
  cli.add_flag("--trace", options.trace,
               "Print the replay as a timeline instead of the snapshots: one NDJSON line per "
               "event that reached a cell (file, line, cell, event id and type, outcome, the "
               "cell's state after it)")
      ->excludes(output);
  add_selection_options(cli, options);
  add_color_option(cli, options.color,
                   "Colour the state in -o table: auto (when stdout is a terminal, NO_COLOR is "
                   "not set and TERM is not dumb), always, never");
}

// The reports beside the snapshots, and how the run is judged.
void add_report_options(CLI::App& cli, Options& options) {
  add_states_option(cli, "--fail-on-state", options.fail_on_states,
                    "Fail the run (exit 5) when a cell ends in one of these states, e.g. "
                    "destroyFailed,commandFailed,exportFailed; the JUnit report, GitHub "
                    "annotations and -o json name those cells");
  cli.add_flag("--stats", options.stats,
               "Print the replay's numbers on stderr when done, as one JSON object on a line "
               "of its own (jq reads it): lines, events, outcomes, cells per state, bytes, "
               "seconds, MB/s, peak memory");
  cli.add_flag("--no-progress", options.no_progress,
               "Never show the progress line (shown on stderr only when it is a terminal and the "
               "replay takes a while)");
  cli.add_option("--junit", options.junit,
                 "Also write a JUnit XML report to FILE: a test suite per input, a test case per "
                 "cell, a failure per rejected event (for GitLab and Jenkins). Written whole or "
                 "not at all; never over an input or a file that is not such a report")
      ->type_name("FILE");
  cli.add_option("--html", options.html,
                 "Also write a self-contained HTML report to FILE (counts, a chart of cells per "
                 "state, the problems, a searchable table of cells, each cell's timeline), to "
                 "keep as a CI artifact. Written whole or not at all")
      ->type_name("FILE");
  cli.add_option("--metrics-file", options.metrics_file,
                 "Also write the replay's metrics to FILE in the Prometheus text format (for "
                 "node_exporter's textfile collector), replaced whole at the end and, with "
                 "--follow, every --checkpoint-interval")
      ->type_name("FILE");
  cli.add_option("--metrics-listen", options.metrics_listen,
                 "With --follow: serve the metrics at http://HOST:PORT/metrics for Prometheus to "
                 "scrape (HOST defaults to 127.0.0.1; give 0.0.0.0 for every interface)")
      ->needs("--follow")
      ->check(
          [](const std::string& text) -> std::string {
            if (!listening_address(text).empty()) return "";
            return "\"" + text +
                   "\" is no HOST:PORT; write it as 127.0.0.1:9464, 0.0.0.0:9464 or a port alone";
          },
          "", "")
      ->type_name("HOST:PORT");
  cli.add_flag(
      "--github-annotations", options.github_annotations,
      "Also write each problem as a GitHub Actions ::error workflow command on stderr, so it "
      "shows on the log's line in the Actions UI");
}

// State kept between runs, and the result a run must give.
void add_state_options(CLI::App& cli, Options& options) {
  CLI::Option* checkpoint =
      cli.add_option("--checkpoint", options.checkpoint,
                     "Keep the replay's state in FILE (SQLite) and go on from it: each input "
                     "seen before resumes after its last whole line (found by its content, also "
                     "renamed or compressed by log rotation), new ones start at their beginning. "
                     "Standard input is never resumed; a last line without its newline yet is "
                     "read again by the next run")
          ->type_name("FILE");
  cli.add_option("--checkpoint-interval", options.checkpoint_interval,
                 "With --follow: how often to checkpoint (--checkpoint) and rewrite the metrics "
                 "file (--metrics-file) while the replay has caught up with the file; both are "
                 "written at the end too (Ctrl-C, SIGTERM)")
      ->check(seconds_between(0.0, 86400.0))
      ->default_str("10")
      ->type_name("SECONDS");
  cli.add_flag("--changed", options.changed_only,
               "With --checkpoint: print only the cells this run changed")
      ->needs(checkpoint);
  cli.add_option("--expect", options.expect,
                 "Compare the replay's cells with FILE (snapshots or an -o json document, as "
                 "diff reads them) and exit 1 when they differ, naming each difference on "
                 "stderr: the gate for a reducer upgrade")
      ->type_name("FILE");
  cli.add_option("--ignore-field", options.ignored_fields,
                 "With --expect: do not compare this snapshot field; repeatable")
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
      ->needs("--expect")
      ->type_name("NAME");
}

// How the run goes: threads and diagnostics.
void add_run_options(CLI::App& cli, Options& options) {
  cli.add_option("-j,--jobs", options.jobs,
                 "Threads to read, parse, reduce and print with; output is identical for every "
                 "value (0: all cores)")
      ->check(CLI::Range(0U, 1024U).description(""))
      ->default_str("0")
      ->type_name("N");
  cli.add_flag_callback(
      "-v,--verbose", [&options] { options.log_level = "debug"; },
      "Log what is being read and how it went on stderr (same as --log-level debug)");
  const std::vector<std::string> levels = {"trace", "debug", "info", "warn", "error", "off"};
  with_choices(cli.add_option("--log-level", options.log_level,
                              "Diagnostics on stderr: trace, debug, info, warn, error, off"),
               levels)
      ->check(CLI::IsMember(levels).description(""))
      ->default_str("warn")
      ->type_name("LEVEL");
}

// A group replay whose cells live in Kafka: exactly-once, stateful.
void add_kafka_state_options(CLI::App& cli, Options& options, CLI::Option* group,
                             CLI::Option* commit) {
  CLI::Option* state =
      cli.add_option("--state-topic", options.state_topic,
                     "Keep the cells of the group's partitions in this compacted topic and "
                     "replay exactly once: restarts, crashes and new members go on from the "
                     "last transaction (docs/kafka.md)")
          ->needs(group)
          ->excludes(commit)
          ->type_name("TOPIC")
          ->group("Kafka");
  cli.add_option("--snapshots-topic", options.snapshots_topic,
                 "With --state-topic: write each changed cell's snapshot to this compacted topic "
                 "(read it with `cellos-project table`)")
      ->needs(state)
      ->type_name("TOPIC")
      ->group("Kafka");
  cli.add_option("--problems-topic", options.problems_topic,
                 "With --state-topic: write every problem record to this topic, exactly once")
      ->needs(state)
      ->type_name("TOPIC")
      ->group("Kafka");
  cli.add_option(
         "--commit-interval", options.commit_interval,
         "With --state-topic: seconds between transactions, counted from the last one's end")
      ->needs(state)
      ->check(seconds_between(0.0, 3600.0))
      ->default_str("1")
      ->type_name("SECONDS")
      ->group("Kafka");
}

// Replaying a topic instead of files.
void add_kafka_replay_options(CLI::App& cli, Options& options, CLI::Option* files) {
  add_kafka_client_options(cli, options.kafka, /*replaying=*/true);
  CLI::Option* kafka = cli.get_option("--kafka");
  CLI::Option* topic = cli.get_option("--topic");
  kafka->excludes(files)->excludes("--checkpoint")->needs(topic);
  topic->needs(kafka);
  cli.get_option("--kafka-property")->needs(kafka);
  cli.get_option("--kafka-timeout")->needs(kafka);
  CLI::Option* group =
      cli.add_option("--group", options.group,
                     "Join this consumer group: the members that share it split the partitions, "
                     "and each prints the cells of its own")
          ->needs(kafka)
          ->type_name("GROUP")
          ->group("Kafka");
  CLI::Option* commit =
      cli.add_flag("--commit", options.commit,
                   "Commit the offsets replayed to the group (a rerun or a new member goes on "
                   "from there)")
          ->needs(group)
          ->group("Kafka");
  add_kafka_state_options(cli, options, group, commit);
}

// `cellos-project publish FILE... --kafka B --topic T`.
CLI::App* add_publish_command(CLI::App& cli, PublishOptions& publish_options) {
  CLI::App* publish = cli.add_subcommand(
      "publish",
      "Load NDJSON event logs into a Kafka topic, one message per event keyed by its cell, and "
      "wait until every message is acknowledged");
  publish->add_option("FILE", publish_options.inputs, "Event logs (\"-\" for standard input)")
      ->required()
      ->type_name("FILE");
  add_kafka_client_options(*publish, publish_options.kafka, /*replaying=*/false);
  publish->get_option("--kafka")->required();
  publish->get_option("--topic")->required();
  publish->add_flag("--binary-mode", publish_options.binary_mode,
                    "Send events in the CloudEvents binary content mode (attributes as ce_ "
                    "headers, data as the value) instead of the structured mode (the JSON event "
                    "as the value)");
  publish->footer(R"(Examples:
  cellos-project publish events.jsonl --kafka localhost:9092 --topic cells
  cellos-project publish day*.jsonl.zst --kafka k1:9093 --topic cells --binary-mode \
      -X security.protocol=SASL_SSL -X sasl.mechanism=PLAIN \
      -X sasl.username="$KAFKA_USER" -X sasl.password="$KAFKA_PASSWORD"

Exit codes: 0 every message acknowledged, 2 usage error, 3 an input could not be
read, the cluster could not be reached or a message was not acknowledged.
)");
  return publish;
}

// `cellos-project table --kafka B --topic T`.
CLI::App* add_table_command(CLI::App& cli, TableOptions& table) {
  CLI::App* command = cli.add_subcommand(
      "table",
      "Print what a stateful Kafka replay committed to a topic: each cell's latest snapshot "
      "(a --snapshots-topic or --state-topic), or every problem (a --problems-topic), as "
      "NDJSON, partition by partition");
  add_kafka_client_options(*command, table.kafka, /*replaying=*/false);
  command->get_option("--kafka")->required();
  command->get_option("--topic")->required();
  command->footer(R"(Examples:
  cellos-project table --kafka localhost:9092 --topic cells-snapshots
  cellos-project table --kafka localhost:9092 --topic cells-problems | jq -r .message

Exit codes: 0 printed, 2 usage error, 3 the cluster or the topic could not be read.
)");
  return command;
}

// `cellos-project diff A B`.
CLI::App* add_diff_command(CLI::App& cli, DiffOptions& diff) {
  CLI::App* command = cli.add_subcommand(
      "diff",
      "Compare two replay results cell by cell: NDJSON snapshots as cellos-project prints "
      "them, -o json documents (gzip and zstd files too), or --checkpoint state files. One "
      "line per cell added, removed or changed, naming each changed field with its old and new "
      "value");
  command->add_option("A", diff.before, "The earlier result")->required()->type_name("A");
  command->add_option("B", diff.after, "The later result")->required()->type_name("B");
  const std::map<std::string, bool> formats = {{"ndjson", false}, {"table", true}};
  with_choices(command->add_option("-o,--output", diff.table,
                                   "ndjson (one JSON object per difference) or table (for people)"),
               names_of(formats))
      ->transform(one_of(formats, "output format"))
      ->default_str("ndjson")
      ->type_name("FORMAT");
  add_color_option(*command, diff.color, "Colour the change in -o table: auto, always, never");
  command
      ->add_option("--ignore-field", diff.ignored,
                   "Do not compare this snapshot field (e.g. processedEvents); repeatable")
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
      ->type_name("NAME");
  command->footer(R"(Examples:
  cellos-project diff yesterday.ndjson today.ndjson
  cellos-project diff yesterday-state.db today-state.db   two --checkpoint state files
  cellos-project diff -o table old-build.json new-build.json --ignore-field processedEvents

Exit codes: 0 the same, 1 different, 2 usage error, 3 a result could not be read.
)");
  return command;
}

// "cellos-project 0.3.0 (git 1a2b3c4d5e6f)": the commit for a build from a git
// checkout, with "-dirty" when it had uncommitted changes.
std::string version_text() {
  std::string text = std::string("cellos-project ") + CELLOS_VERSION;
  if (*kGitCommit != '\0') text += std::string(" (git ") + kGitCommit + ")";
  return text;
}

// --version: like CLI11's own version flag (set_version_flag), a flag whose
// callback ends the parse, run before requirements and unknown arguments are
// checked. CLI11's throws an exception for its caller to print; this one
// prints and ends the process itself. The first exception a process throws
// sets up the unwinder and reads its tables from pages not yet touched: ~0.07
// ms of a ~0.8 ms start on the benchmark machine (docs/performance.md).
void add_version_flag(CLI::App& cli) {
  cli.add_flag_callback(
         "--version",
         [] {
           std::puts(version_text().c_str());
           std::fflush(stdout);
           std::_Exit(0);
         },
         "Display program version information and exit")
      ->configurable(false);
}

// -1 to go on, or the exit code after --help or a usage error (--version
// ends the process itself, add_version_flag).
int parse(CLI::App& cli, int argc, char** argv) {
  try {
    cli.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return cli.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return cli.exit(e);
  } catch (const CLI::ParseError& e) {
    cli.exit(e);
    return 2;
  }
  return -1;
}

// The table's sections in the order --help shows them, each with the names
// it adds (checked whenever the whole table is built, as for the man page at
// build time). What is used from a section's options after parsing is held
// by `built`.
struct BuiltCommands {
  const CLI::App* publish = nullptr;
  const CLI::App* table = nullptr;
  const CLI::App* diff = nullptr;
  bool generate_man = false;
  std::string completion_shell;
};

std::vector<OptionSection> option_sections(Options& options, CLI::Option* files,
                                           BuiltCommands& built) {
  enum Index : std::size_t {
    Input,
    Output,
    Reports,
    State,
    Run,
    Kafka,
    Publish,
    Table,
    Diff,
    Hidden
  };
  return {
      {{"--follow", "--idle-timeout", "--json-from-first-brace", "--skip-non-json",
        "--max-line-bytes", "--max-depth", "--until", "--zstd-memory"},
       {},
       false,
       [&options](CLI::App& cli) { add_input_options(cli, options); }},
      {{"-k", "--keep-going", "-o", "--output", "--trace", "--cell", "--state", "--sort", "--limit",
        "--color"},
       {},
       false,
       [&options](CLI::App& cli) { add_output_options(cli, options); }},
      {{"--fail-on-state", "--stats", "--no-progress", "--junit", "--html", "--metrics-file",
        "--metrics-listen", "--github-annotations"},
       {Input},  // --metrics-listen needs --follow
       false,
       [&options](CLI::App& cli) { add_report_options(cli, options); }},
      {{"--checkpoint", "--checkpoint-interval", "--changed", "--expect", "--ignore-field"},
       {},
       false,
       [&options](CLI::App& cli) { add_state_options(cli, options); }},
      {{"-j", "--jobs", "-v", "--verbose", "--log-level"},
       {},
       false,
       [&options](CLI::App& cli) { add_run_options(cli, options); }},
      {{"--kafka", "--topic", "-X", "--kafka-property", "--kafka-timeout", "--group", "--commit",
        "--state-topic", "--snapshots-topic", "--problems-topic", "--commit-interval"},
       {State},  // --kafka excludes --checkpoint
       false,
       [&options, files](CLI::App& cli) { add_kafka_replay_options(cli, options, files); }},
      {{"publish"},
       {},
       false,
       [&options, &built](CLI::App& cli) {
         built.publish = add_publish_command(cli, options.publish);
       }},
      {{"table"},
       {},
       false,
       [&options, &built](CLI::App& cli) { built.table = add_table_command(cli, options.table); }},
      {{"diff"},
       {},
       false,
       [&options, &built](CLI::App& cli) { built.diff = add_diff_command(cli, options.diff); }},
      {{"--generate-man", "--generate-completion"},
       {},
       true,
       [&built](CLI::App& cli) {
         cli.add_flag("--generate-man", built.generate_man, "Print the man page (troff) and exit")
             ->group("");
         cli.add_option("--generate-completion", built.completion_shell,
                        "Print the completion script for bash, zsh or fish and exit")
             ->group("");
       }},
  };
}

}  // namespace

int parse_options(int argc, char** argv, Options& options) {
  CLI::App cli(kDescription, "cellos-project");
  cli.footer(kFooter);
  add_version_flag(cli);
  cli.get_formatter()->column_width(30);
  CLI::Option* files = add_files(cli, options);
  BuiltCommands built;
  const std::vector<OptionSection> sections = option_sections(options, files, built);
  try {
    build_sections(cli, sections,
                   mentioned_sections({argv + 1, static_cast<std::size_t>(argc - 1)}, sections));
  } catch (const std::logic_error& e) {
    std::fprintf(stderr, "cellos-project: internal error in the option table: %s\n", e.what());
    return 70;  // EX_SOFTWARE
  }

  if (const int code = parse(cli, argc, argv); code >= 0) return code;
  options.publish.requested = built.publish != nullptr && built.publish->parsed();
  options.diff.requested = built.diff != nullptr && built.diff->parsed();
  options.table.requested = built.table != nullptr && built.table->parsed();
  if (!options.publish.requested && !options.diff.requested && !options.table.requested &&
      !file_options_name_files(options))
    return 2;
  if (built.generate_man) {
    std::fputs(man_page(cli, kDescription, kFooter).c_str(), stdout);
    return 0;
  }
  if (!built.completion_shell.empty()) {
    const auto script = completion_script(built.completion_shell, cli, option_choices());
    if (!script) {
      std::fprintf(stderr, "cellos-project: no completion for %s; use bash, zsh or fish\n",
                   built.completion_shell.c_str());
      return 2;
    }
    std::fputs(script->c_str(), stdout);
    return 0;
  }
  return -1;
}

}  // namespace cellos::app
