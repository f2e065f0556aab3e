// SPDX-License-Identifier: Apache-2.0
#include "kafka/topic_metadata.hpp"

#include <librdkafka/rdkafka.h>

#include <memory>

namespace cellos::kafka {

TopicMetadata fetch_topic_metadata(rd_kafka_s* client, const ClientConfig& config,
                                   const std::string& topic) {
  TopicMetadata result;
  const std::unique_ptr<rd_kafka_topic_t, void (*)(rd_kafka_topic_t*)> handle(
      rd_kafka_topic_new(client, topic.c_str(), nullptr), rd_kafka_topic_destroy);
  const rd_kafka_metadata_t* metadata = nullptr;
  const rd_kafka_resp_err_t error =
      rd_kafka_metadata(client, 0, handle.get(), &metadata, config.timeout_ms());
  if (error != RD_KAFKA_RESP_ERR_NO_ERROR) {
    result.error = "cannot reach Kafka at " + config.brokers + " within " +
                   std::to_string(config.timeout_ms()) + " ms: " + rd_kafka_err2str(error);
    result.unreachable = true;
    return result;
  }
  const std::unique_ptr<const rd_kafka_metadata_t, void (*)(const rd_kafka_metadata_t*)> owned(
      metadata, rd_kafka_metadata_destroy);
  const rd_kafka_resp_err_t topic_error =
      metadata->topic_cnt == 1 ? metadata->topics[0].err : RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART;
  if (topic_error != RD_KAFKA_RESP_ERR_NO_ERROR) {
    result.error = "topic " + topic + " on " + config.brokers + ": " +
                   rd_kafka_err2str(topic_error) + " (check the name, or create the topic)";
    return result;
  }
  const rd_kafka_metadata_topic_t& info = metadata->topics[0];
  for (int i = 0; i < info.partition_cnt; ++i) result.partitions.push_back(info.partitions[i].id);
  return result;
}

}  // namespace cellos::kafka
