// SPDX-License-Identifier: Apache-2.0
#include "cellos/report/prometheus_metrics.hpp"

#include <cstdio>
#include <string_view>

#include "cellos/base/output_file.hpp"
#include "cellos/report/stats_writer.hpp"

namespace cellos::report {

namespace {

// One metric family: its HELP and TYPE lines, then its samples.
class Family {
 public:
  Family(std::string& out, std::string_view name, std::string_view type, std::string_view help)
      : out_(out), name_(name) {
    out_.append("# HELP ").append(name).append(" ").append(help).append("\n");
    out_.append("# TYPE ").append(name).append(" ").append(type).append("\n");
  }
  // A sample with one label (label values here are names and numbers: no escaping needed).
  Family& sample(std::string_view label, std::string_view value, std::uint64_t number) {
    out_.append(name_).append("{").append(label).append("=\"").append(value).append("\"} ");
    out_.append(std::to_string(number)).append("\n");
    return *this;
  }
  Family& sample(std::uint64_t number) {
    out_.append(name_).append(" ").append(std::to_string(number)).append("\n");
    return *this;
  }
  // A number of seconds, to the given decimals (an epoch time to the millisecond).
  Family& seconds(double number, int decimals) {
    char text[64];
    std::snprintf(text, sizeof text, "%.*f", decimals, number);
    out_.append(name_).append(" ").append(text).append("\n");
    return *this;
  }

 private:
  std::string& out_;
  std::string_view name_;
};

}  // namespace

std::string prometheus_exposition(const replay::CellTable& cells, const replay::ReplayStats& stats,
                                  double replay_seconds) {
  std::string out;
  Family states(out, "cellos_cells", "gauge", "Cells by their current state.");
  const CellsByState by_state = count_cells_by_state(cells);
  for (std::size_t i = 0; i < by_state.size(); ++i)
    states.sample("state", json_name(static_cast<CurrentState>(i)), by_state[i]);
  Family(out, "cellos_lines_total", "counter", "Input lines read, by kind.")
      .sample("kind", "event", stats.events)
      .sample("kind", "blank", stats.blank)
      .sample("kind", "skipped", stats.skipped)
      .sample("kind", "malformed", stats.malformed - stats.too_long)
      .sample("kind", "too_long", stats.too_long);
  Family(out, "cellos_events_total", "counter", "Events read, by what the reducer did with them.")
      .sample("outcome", "applied", stats.applied)
      .sample("outcome", "ignored", stats.ignored)
      .sample("outcome", "rejected", stats.rejected)
      .sample("outcome", "unrouted", stats.unrouted)
      .sample("outcome", "after_until", stats.after_until);
  Family(out, "cellos_problems_total", "counter", "Problems reported, by kind.")
      .sample("kind", "malformed", stats.malformed)
      .sample("kind", "rejected", stats.rejected)
      .sample("kind", "input_error", stats.input_errors);
  Family(out, "cellos_input_bytes_total", "counter", "Bytes of input read, after decompression.")
      .sample(stats.bytes);
  if (stats.latest_event_time) {
    const Instant& t = *stats.latest_event_time;
    Family(out, "cellos_last_event_timestamp_seconds", "gauge",
           "The latest CloudEvents time of the events read, in seconds since the epoch.")
        .seconds(static_cast<double>(t.seconds) + static_cast<double>(t.nanoseconds) / 1e9, 3);
  }
  if (!stats.stream_lag.empty()) {
    Family lag(out, "cellos_kafka_consumer_lag_messages", "gauge",
               "Messages of each partition this process owns not replayed yet.");
    for (const auto& [partition, messages] : stats.stream_lag)
      lag.sample("partition", std::to_string(partition), static_cast<std::uint64_t>(messages));
  }
  Family(out, "cellos_replay_duration_seconds", "gauge", "How long the replay has run.")
      .seconds(replay_seconds, 6);
  return out;
}

void PrometheusMetricsFile::write(const replay::CellTable& cells,
                                  const replay::ReplayStats& stats) {
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
  error_ = write_file_atomically(path_, prometheus_exposition(cells, stats, seconds));
  if (!error_.empty()) error_ = "cannot write the metrics file: " + error_;
}

void PrometheusMetricsFile::on_finish(const replay::CellTable& cells,
                                      const replay::ReplayStats& stats, replay::ReplayEnd /*end*/) {
  write(cells, stats);
}

}  // namespace cellos::report
