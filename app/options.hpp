// SPDX-License-Identifier: Apache-2.0
// The command line of cellos-project: every flag, its help text and the
// examples live in options.cpp, the one place `--help` is generated from.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cellos/base/rfc3339.hpp"
#include "cellos/input/byte_source.hpp"
#include "cellos/reducer/cell_state.hpp"
#include "cellos/replay/replayer.hpp"
#include "cellos/report/cell_selection.hpp"

namespace cellos::app {

enum class OutputFormat { Ndjson, Json, Table, Summary };
// --color: when -o table colours the state.
enum class ColorWhen { Auto, Always, Never };

// Where a Kafka client connects, for replay (--kafka) and publish alike.
struct KafkaClientOptions {
  std::string brokers;                  // --kafka; empty: no Kafka
  std::string topic;                    // --topic
  std::vector<std::string> properties;  // -X KEY=VALUE, for librdkafka
  double timeout_seconds = 30;          // --kafka-timeout
};

// `cellos-project publish FILE... --kafka BROKERS --topic TOPIC`.
struct PublishOptions {
  bool requested = false;
  std::vector<std::string> inputs;
  KafkaClientOptions kafka;
  bool binary_mode = false;
};

// `cellos-project table --kafka BROKERS --topic TOPIC`: what a stateful
// replay committed to a snapshots, problems or state topic.
struct TableOptions {
  bool requested = false;
  KafkaClientOptions kafka;
};

// `cellos-project diff A B`: two replay results compared cell by cell.
struct DiffOptions {
  bool requested = false;
  std::string before;                 // A
  std::string after;                  // B
  bool table = false;                 // -o table instead of NDJSON
  ColorWhen color = ColorWhen::Auto;  // for -o table
  std::vector<std::string> ignored;   // --ignore-field
};

struct Options {
  std::vector<std::string> inputs;  // "-" is standard input; empty means stdin
  bool keep_going = false;
  bool stats = false;
  bool no_progress = false;
  bool follow = false;
  double idle_timeout = 0;
  ColorWhen color = ColorWhen::Auto;
  bool github_annotations = false;
  bool trace = false;
  bool json_from_first_brace = false;
  bool skip_non_json = false;
  std::string junit;           // --junit FILE
  std::string html;            // --html FILE
  std::string metrics_file;    // --metrics-file FILE
  std::string metrics_listen;  // --metrics-listen HOST:PORT
  OutputFormat format = OutputFormat::Ndjson;
  std::size_t max_line_bytes = replay::kDefaultMaxLineBytes;
  std::uint64_t zstd_memory = input::kDefaultZstdMaxWindow;  // the largest zstd window
  unsigned jobs = 0;                                         // 0: all cores
  int max_depth = json::kMaxDepth;
  std::optional<Instant> until;              // --until
  std::vector<std::string> cells;            // --cell
  std::vector<CurrentState> states;          // --state
  report::CellOrder order;                   // --sort
  std::size_t limit = SIZE_MAX;              // --limit
  std::vector<CurrentState> fail_on_states;  // --fail-on-state
  std::string log_level = "warn";
  KafkaClientOptions kafka;     // replay a topic instead of files
  std::string group;            // --group
  bool commit = false;          // --commit
  std::string state_topic;      // --state-topic: the changelog of a stateful group replay
  std::string snapshots_topic;  // --snapshots-topic
  std::string problems_topic;   // --problems-topic
  double commit_interval = 1;   // --commit-interval, seconds between transactions
  PublishOptions publish;
  TableOptions table;
  DiffOptions diff;
  std::string expect;                       // --expect FILE: the result the replay must give
  std::string checkpoint;                   // --checkpoint FILE: the state kept between runs
  bool changed_only = false;                // --changed
  double checkpoint_interval = 10;          // --checkpoint-interval, seconds (also metrics)
  std::vector<std::string> ignored_fields;  // --ignore-field, with --expect
};

// Whether --color WHEN colours what goes to stdout: always, or (auto) when
// stdout is a terminal, NO_COLOR is unset and TERM is not "dumb". Call before
// any thread starts (it reads the environment).
bool wants_color(ColorWhen when);

// "a,b,,c" → {"a", "b", "c"}.
std::vector<std::string> split_list(const std::string& list);

// Parses argv. Returns -1 to go on, or the exit code to end with (0 after
// --help / --version, 2 after a usage error, already reported on stderr).
int parse_options(int argc, char** argv, Options& options);

}  // namespace cellos::app
