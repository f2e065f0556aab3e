// SPDX-License-Identifier: Apache-2.0
// Makes sure a topic the tool writes exists as it must: created through the
// Admin API when missing, refused (with what to create) when it cannot be
// or when its partitions do not match the input's.
#pragma once

#include <cstdint>
#include <string>

#include "cellos/kafka/client_config.hpp"

struct rd_kafka_s;

namespace cellos::kafka {

struct TopicSpec {
  std::string name;
  std::int32_t partitions = 1;
  bool compacted = false;  // cleanup.policy=compact, else the cluster's default
};

// Returns an error message, empty when the topic is there as `spec` says.
std::string ensure_topic(rd_kafka_s* client, const ClientConfig& config, const TopicSpec& spec);

}  // namespace cellos::kafka
