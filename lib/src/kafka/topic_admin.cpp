// SPDX-License-Identifier: Apache-2.0
#include "kafka/topic_admin.hpp"

#include <librdkafka/rdkafka.h>
#include <spdlog/spdlog.h>

#include <memory>

#include "kafka/topic_metadata.hpp"

namespace cellos::kafka {

namespace {

std::string settings(const TopicSpec& spec) {
  return std::to_string(spec.partitions) + " partition(s)" +
         (spec.compacted ? " and cleanup.policy=compact" : "");
}

// Asks the cluster to create the topic; returns why it did not, or empty.
std::string create_topic(rd_kafka_s* client, const ClientConfig& config, const TopicSpec& spec) {
  char why[512] = "";
  rd_kafka_NewTopic_t* topic =
      rd_kafka_NewTopic_new(spec.name.c_str(), spec.partitions, -1, why, sizeof why);
  if (topic == nullptr) return why;
  if (spec.compacted) rd_kafka_NewTopic_set_config(topic, "cleanup.policy", "compact");
  rd_kafka_queue_t* queue = rd_kafka_queue_new(client);
  rd_kafka_AdminOptions_t* options =
      rd_kafka_AdminOptions_new(client, RD_KAFKA_ADMIN_OP_CREATETOPICS);
  rd_kafka_AdminOptions_set_request_timeout(options, config.timeout_ms(), why, sizeof why);
  rd_kafka_CreateTopics(client, &topic, 1, options, queue);
  std::string error;
  rd_kafka_event_t* event = rd_kafka_queue_poll(queue, config.timeout_ms() + 1000);
  if (event == nullptr) {
    error = "no answer within " + std::to_string(config.timeout_ms()) + " ms";
  } else if (rd_kafka_event_error(event) != RD_KAFKA_RESP_ERR_NO_ERROR) {
    error = rd_kafka_event_error_string(event);
  } else if (const rd_kafka_CreateTopics_result_t* result =
                 rd_kafka_event_CreateTopics_result(event)) {
    std::size_t count = 0;
    const rd_kafka_topic_result_t** topics = rd_kafka_CreateTopics_result_topics(result, &count);
    for (std::size_t i = 0; i < count; ++i) {
      const rd_kafka_resp_err_t topic_error = rd_kafka_topic_result_error(topics[i]);
      if (topic_error != RD_KAFKA_RESP_ERR_NO_ERROR &&
          topic_error != RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS) {
        const char* text = rd_kafka_topic_result_error_string(topics[i]);
        error = text != nullptr ? text : rd_kafka_err2str(topic_error);
      }
    }
  }
  if (event != nullptr) rd_kafka_event_destroy(event);
  rd_kafka_AdminOptions_destroy(options);
  rd_kafka_queue_destroy(queue);
  rd_kafka_NewTopic_destroy(topic);
  return error;
}

}  // namespace

std::string ensure_topic(rd_kafka_s* client, const ClientConfig& config, const TopicSpec& spec) {
  TopicMetadata metadata = fetch_topic_metadata(client, config, spec.name);
  if (metadata.unreachable) return metadata.error + "; " + kReachabilityHint;
  if (!metadata.error.empty()) {
    if (const std::string why = create_topic(client, config, spec); !why.empty()) {
      return "topic " + spec.name + " does not exist and the cluster did not create it (" + why +
             "); create it with " + settings(spec);
    }
    spdlog::info("kafka: created topic {} with {}", spec.name, settings(spec));
    metadata = fetch_topic_metadata(client, config, spec.name);
    if (!metadata.error.empty()) return metadata.error;
  }
  const auto partitions = static_cast<std::int32_t>(metadata.partitions.size());
  if (partitions != spec.partitions) {
    return "topic " + spec.name + " has " + std::to_string(partitions) +
           " partition(s) where the input has " + std::to_string(spec.partitions) +
           ": each input partition's output goes to the partition of the same number; use a "
           "topic with " +
           settings(spec);
  }
  return {};
}

}  // namespace cellos::kafka
