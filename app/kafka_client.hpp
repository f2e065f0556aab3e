// SPDX-License-Identifier: Apache-2.0
// The command line's Kafka settings as the library's client configuration.
#pragma once

#include "cellos/kafka/client_config.hpp"
#include "options.hpp"

namespace cellos::app {

// Throws kafka::ConfigError for a -X that is not KEY=VALUE.
inline kafka::ClientConfig client_config(const KafkaClientOptions& options) {
  kafka::ClientConfig config;
  config.brokers = options.brokers;
  config.timeout_seconds = options.timeout_seconds;
  for (const std::string& property : options.properties)
    config.properties.push_back(kafka::parse_property(property));
  return config;
}

}  // namespace cellos::app
