// SPDX-License-Identifier: Apache-2.0
#include "cellos/report/prometheus_metrics.hpp"

#include <doctest/doctest.h>

#include <string>

#include "cellos/replay/replayer.hpp"
#include "support/memory_source.hpp"

namespace cellos::report {
namespace {

std::string exposition_of(const std::string& log, bool track_time) {
  replay::SinkList none;
  replay::Replayer replayer(
      {.keep_going = true, .max_line_bytes = 400, .track_event_time = track_time}, none);
  test::MemorySource source(log);
  replayer.replay(source, "in.jsonl");
  return prometheus_exposition(replayer.cells(), replayer.stats(), 1.5);
}

const std::string kLog =
    R"({"specversion":"1.0","id":"1","source":"s","type":"dev.cellos.events.cell.lifecycle.v1.started","time":"2026-11-27T08:00:00.250Z","data":{"cellId":"a"}})"
    "\n"
    R"({"specversion":"1.0","id":"2","source":"s","type":"dev.cellos.events.cell.lifecycle.v1.started","time":"2026-11-27T09:00:00+01:00","data":{"cellId":"a"}})"
    "\n"
    "\n"
    "not json\n" +
    std::string(500, 'x') + "\n";

TEST_CASE("the exposition counts cells, lines, events and problems, with HELP and TYPE") {
  const std::string text = exposition_of(kLog, true);
  CHECK(
      text.starts_with("# HELP cellos_cells Cells by their current state.\n"
                       "# TYPE cellos_cells gauge\n"
                       "cellos_cells{state=\"pending\"} 0\n"
                       "cellos_cells{state=\"started\"} 1\n"));
  CHECK(text.find("cellos_lines_total{kind=\"event\"} 2\n") != std::string::npos);
  CHECK(text.find("cellos_lines_total{kind=\"blank\"} 1\n") != std::string::npos);
  CHECK(text.find("cellos_lines_total{kind=\"malformed\"} 1\n") != std::string::npos);
  CHECK(text.find("cellos_lines_total{kind=\"too_long\"} 1\n") != std::string::npos);
  CHECK(text.find("cellos_events_total{outcome=\"applied\"} 1\n") != std::string::npos);
  CHECK(text.find("cellos_events_total{outcome=\"rejected\"} 1\n") != std::string::npos);
  CHECK(text.find("cellos_problems_total{kind=\"malformed\"} 2\n") != std::string::npos);
  CHECK(text.find("cellos_problems_total{kind=\"rejected\"} 1\n") != std::string::npos);
  // The latest instant, not the last line: 09:00+01:00 is 08:00Z, before 08:00:00.250Z.
  CHECK(text.find("cellos_last_event_timestamp_seconds 1795766400.250\n") != std::string::npos);
  CHECK(
      text.ends_with("# TYPE cellos_replay_duration_seconds gauge\n"
                     "cellos_replay_duration_seconds 1.500000\n"));
}

TEST_CASE("without event times tracked, no last-event metric is made up") {
  CHECK(exposition_of(kLog, false).find("cellos_last_event_timestamp_seconds") ==
        std::string::npos);
}

}  // namespace
}  // namespace cellos::report

namespace cellos::report {
namespace {

TEST_CASE("a Kafka replay's consumer lag is one gauge per partition") {
  replay::CellTable cells;
  replay::ReplayStats stats;
  CHECK(prometheus_exposition(cells, stats, 0).find("cellos_kafka_consumer_lag_messages") ==
        std::string::npos);
  stats.stream_lag = {{0, 12}, {3, 0}};
  const std::string text = prometheus_exposition(cells, stats, 0);
  CHECK(text.find("# TYPE cellos_kafka_consumer_lag_messages gauge\n"
                  "cellos_kafka_consumer_lag_messages{partition=\"0\"} 12\n"
                  "cellos_kafka_consumer_lag_messages{partition=\"3\"} 0\n") != std::string::npos);
}

}  // namespace
}  // namespace cellos::report
