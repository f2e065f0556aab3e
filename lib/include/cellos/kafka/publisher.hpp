// SPDX-License-Identifier: Apache-2.0
// Loads NDJSON event logs into a Kafka topic: one message per event, keyed
// by the event's cell (its cellId, else its specId: the key replay routes by)
// so that a cell's events stay in one partition, in order. Structured mode
// sends each line as it is; binary mode moves the attributes to ce_ headers.
//
//   cellos::kafka::Publisher publisher({.client = {.brokers = "host:9092"}, .topic = "cells"});
//   publisher.publish(source, "day1.jsonl");   // as many inputs as needed
//   const PublishReport report = publisher.finish();  // waits for every delivery report
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "cellos/event/event_parser.hpp"
#include "cellos/input/byte_source.hpp"
#include "cellos/kafka/client_config.hpp"

struct rd_kafka_s;

namespace cellos::kafka {

struct PublishOptions {
  ClientConfig client;
  std::string topic;
  bool binary_mode = false;
  std::size_t max_line_bytes = std::size_t{64} << 20;
};

struct PublishReport {
  std::uint64_t sent = 0;
  std::uint64_t acknowledged = 0;
  std::uint64_t failed = 0;           // sent - acknowledged
  std::vector<std::string> failures;  // "FILE:LINE: reason", the first few
  std::string error;                  // the cluster or an input failed as a whole
  [[nodiscard]] bool ok() const { return failed == 0 && error.empty(); }
};

class Publisher {
 public:
  // Throws ConfigError for a property librdkafka refuses.
  explicit Publisher(PublishOptions options);
  ~Publisher();
  Publisher(const Publisher&) = delete;
  Publisher& operator=(const Publisher&) = delete;

  // Checks that the cluster answers and the topic exists; false (with the
  // report's error set) when not.
  bool connect();
  // Sends every non-blank line of `source`; `file` names it in failures.
  // False when the input cannot be read (the report's error says why).
  bool publish(input::ByteSource& source, const std::string& file);
  // Waits for every delivery report (at most the timeout) and reports.
  PublishReport finish();

  // librdkafka's delivery report callback.
  void on_delivery(int error, std::uint64_t origin);

 private:
  void send(std::string_view line, std::uint64_t origin);
  void note_failure(std::uint64_t origin, const std::string& reason);

  PublishOptions options_;
  rd_kafka_s* producer_ = nullptr;
  EventParser parser_;
  std::vector<std::string> files_;  // origin = file index << 40 | line number
  PublishReport report_;
};

}  // namespace cellos::kafka
