// SPDX-License-Identifier: Apache-2.0
// `--metrics-file FILE`: the replay in Prometheus' text exposition format
// (0.0.4), for node_exporter's textfile collector, which wants each file
// replaced whole (temporary file + rename). Written at the end and, while
// following, every --checkpoint-interval. Names and units follow
// Prometheus' conventions: a `cellos_` prefix, `_total` on counters,
// `_seconds` and `_bytes` in base units; every metric has HELP and TYPE.
#pragma once

#include <chrono>
#include <string>

#include "cellos/replay/sink.hpp"

namespace cellos::report {

// The exposition of a replay so far: cells by state, lines by kind, events
// by outcome, problems by kind, input bytes, the latest event time (when
// known) and how long the replay has run.
std::string prometheus_exposition(const replay::CellTable& cells, const replay::ReplayStats& stats,
                                  double replay_seconds);

class PrometheusMetricsFile final : public replay::ReplaySink {
 public:
  explicit PrometheusMetricsFile(std::string path) : path_(std::move(path)) {}
  void on_problem(const replay::Problem& /*problem*/) override {}
  void on_finish(const replay::CellTable& cells, const replay::ReplayStats& stats,
                 replay::ReplayEnd end) override;
  // Replaces the file with the replay as it stands (while following).
  void write(const replay::CellTable& cells, const replay::ReplayStats& stats);
  // Why the file could not be written last time; empty when it was.
  [[nodiscard]] const std::string& error() const { return error_; }

 private:
  std::string path_;
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
  std::string error_;
};

}  // namespace cellos::report
