// SPDX-License-Identifier: Apache-2.0
#include "cellos/kafka/client_config.hpp"

#include <librdkafka/rdkafka.h>
#include <spdlog/spdlog.h>

namespace cellos::kafka {

namespace {

extern "C" void log_to_spdlog(const rd_kafka_t* /*rk*/, int level, const char* facility,
                              const char* message) {
  // librdkafka's syslog levels: 0-3 errors, 4 warning, 5-6 info, 7 debug.
  // Connection failures it logs at error level are retried and reported
  // by the caller when they last; here they are detail for -v.
  spdlog::log(level <= 6 ? spdlog::level::debug : spdlog::level::trace, "librdkafka {}: {}",
              facility, message);
}

void set(rd_kafka_conf_t* conf, const std::string& key, const std::string& value) {
  char why[512];
  if (rd_kafka_conf_set(conf, key.c_str(), value.c_str(), why, sizeof why) != RD_KAFKA_CONF_OK) {
    rd_kafka_conf_destroy(conf);
    throw ConfigError("Kafka property " + key + "=" + value + ": " + why);
  }
}

}  // namespace

std::pair<std::string, std::string> parse_property(const std::string& assignment) {
  const auto equals = assignment.find('=');
  if (equals == std::string::npos || equals == 0)
    throw ConfigError("Kafka property \"" + assignment + "\" is not KEY=VALUE");
  return {assignment.substr(0, equals), assignment.substr(equals + 1)};
}

rd_kafka_s* make_client(ClientKind kind, rd_kafka_conf_s* conf) {
  const bool producer = kind == ClientKind::Producer;
  char why[512];
  rd_kafka_t* client =
      rd_kafka_new(producer ? RD_KAFKA_PRODUCER : RD_KAFKA_CONSUMER, conf, why, sizeof why);
  if (client == nullptr) {
    rd_kafka_conf_destroy(conf);
    throw ConfigError(std::string("cannot create a Kafka ") + (producer ? "producer" : "consumer") +
                      ": " + why);
  }
  rd_kafka_set_log_queue(client, nullptr);  // the main queue, served by poll
  return client;
}

rd_kafka_conf_s* make_conf(const ClientConfig& config,
                           const std::vector<std::pair<std::string, std::string>>& defaults) {
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  rd_kafka_conf_set_log_cb(conf, log_to_spdlog);
  // Log lines wait in a queue served by poll, on the caller's thread: the
  // callback would otherwise run on librdkafka's threads, and the logger is
  // single-threaded (see make_client).
  set(conf, "log.queue", "true");
  set(conf, "bootstrap.servers", config.brokers);
  set(conf, "client.id", "cellos-project");
  for (const auto& [key, value] : defaults) set(conf, key, value);
  for (const auto& [key, value] : config.properties) set(conf, key, value);
  return conf;
}

}  // namespace cellos::kafka
