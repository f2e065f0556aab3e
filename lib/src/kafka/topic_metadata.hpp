// SPDX-License-Identifier: Apache-2.0
// Asks the cluster about one topic: whether it can be reached at all, and
// the topic's partitions. Replay and publish both start here, so both say
// the same thing when the cluster or the topic is missing.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "cellos/kafka/client_config.hpp"

struct rd_kafka_s;

namespace cellos::kafka {

struct TopicMetadata {
  std::vector<std::int32_t> partitions;
  std::string error;         // empty when the topic was found
  bool unreachable = false;  // the cluster did not answer (else: it has no such topic)
};

// Waits at most the config's timeout.
TopicMetadata fetch_topic_metadata(rd_kafka_s* client, const ClientConfig& config,
                                   const std::string& topic);

}  // namespace cellos::kafka
