// SPDX-License-Identifier: Apache-2.0
// What every Kafka client of cellos-project is configured with: the brokers,
// the user's librdkafka properties (-X key=value: security, SASL, TLS, ...)
// and a bound on how long a broker may stay out of reach.
#pragma once

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

struct rd_kafka_conf_s;
struct rd_kafka_s;

namespace cellos::kafka {

// A property librdkafka refused: a usage error (exit 2).
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct ClientConfig {
  std::string brokers;  // bootstrap.servers
  // librdkafka properties, applied last so the user has the final word.
  std::vector<std::pair<std::string, std::string>> properties;
  // Seconds without reaching the cluster before giving up (exit 3).
  double timeout_seconds = 30;

  [[nodiscard]] int timeout_ms() const { return static_cast<int>(timeout_seconds * 1000); }
};

// "key=value" → {key, value}; throws ConfigError without '='.
std::pair<std::string, std::string> parse_property(const std::string& assignment);

// A new librdkafka configuration: `defaults` first, then the user's
// properties; librdkafka's own log lines go to spdlog at debug level, so
// stderr keeps one line per problem. Throws ConfigError.
rd_kafka_conf_s* make_conf(const ClientConfig& config,
                           const std::vector<std::pair<std::string, std::string>>& defaults);

enum class ClientKind { Consumer, Producer };

// A new client from `conf` (which it takes over, also on failure). Its log
// lines are served by its poll calls, on the polling thread, like every other
// callback. Throws ConfigError.
rd_kafka_s* make_client(ClientKind kind, rd_kafka_conf_s* conf);

// What to check when the cluster cannot be reached, for error messages.
inline constexpr const char* kReachabilityHint =
    "check --kafka, the brokers' listeners and -X security settings, or raise --kafka-timeout";

}  // namespace cellos::kafka
