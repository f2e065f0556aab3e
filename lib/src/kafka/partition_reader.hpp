// SPDX-License-Identifier: Apache-2.0
// Reads one partition of a topic from its start to its end as of the call:
// what restoring a partition's cells from the state topic needs, and what
// `table` does for every partition of a snapshots or problems topic.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "cellos/kafka/client_config.hpp"
#include "cellos/kafka/transaction_log.hpp"

struct rd_kafka_s;

namespace cellos::kafka {

class PartitionReader {
 public:
  // Its own consumer, in no group, reading committed records only.
  // Throws ConfigError for a property librdkafka refuses.
  explicit PartitionReader(ClientConfig client);
  ~PartitionReader();
  PartitionReader(const PartitionReader&) = delete;
  PartitionReader& operator=(const PartitionReader&) = delete;

  // The topic's partition numbers, in order. Returns an error message, empty
  // on success.
  std::string partitions(const std::string& topic, std::vector<std::int32_t>& out);
  // Every record of each of the topic's `partitions` into `out` (one log per
  // partition, in that order), all fetched at once. Returns an error
  // message, empty on success.
  std::string read(const std::string& topic, const std::vector<std::int32_t>& partitions,
                   std::vector<std::vector<LogRecord>>& out);

 private:
  ClientConfig client_;
  rd_kafka_s* consumer_ = nullptr;
};

}  // namespace cellos::kafka
