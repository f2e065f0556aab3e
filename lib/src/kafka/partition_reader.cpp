// SPDX-License-Identifier: Apache-2.0
#include "kafka/partition_reader.hpp"

#include <librdkafka/rdkafka.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <memory>
#include <utility>

#include "kafka/topic_metadata.hpp"

namespace cellos::kafka {

namespace {

constexpr int kPollMs = 100;

struct MessageDeleter {
  void operator()(rd_kafka_message_t* message) const { rd_kafka_message_destroy(message); }
};

// The record's transaction tag, if it has a well-formed one.
std::optional<TransactionTag> read_tag(rd_kafka_message_t* message) {
  rd_kafka_headers_t* headers = nullptr;
  if (rd_kafka_message_headers(message, &headers) != RD_KAFKA_RESP_ERR_NO_ERROR)
    return std::nullopt;
  const void* value = nullptr;
  std::size_t size = 0;
  if (rd_kafka_header_get_last(headers, kTransactionHeader, &value, &size) !=
          RD_KAFKA_RESP_ERR_NO_ERROR ||
      value == nullptr) {
    return std::nullopt;
  }
  return parse_tag(std::string_view(static_cast<const char*>(value), size));
}

LogRecord to_record(rd_kafka_message_t* message) {
  LogRecord record;
  record.offset = message->offset;
  if (message->key != nullptr)
    record.key.emplace(static_cast<const char*>(message->key), message->key_len);
  if (message->payload != nullptr)
    record.value.assign(static_cast<const char*>(message->payload), message->len);
  record.tag = read_tag(message);
  return record;
}

}  // namespace

PartitionReader::PartitionReader(ClientConfig client) : client_(std::move(client)) {
  rd_kafka_conf_t* conf = make_conf(client_, {
                                                 {"group.id", "cellos-project-unjoined"},
                                                 {"enable.auto.commit", "false"},
                                                 {"enable.partition.eof", "true"},
                                                 {"auto.offset.reset", "earliest"},
                                                 {"isolation.level", "read_committed"},
                                                 {"allow.auto.create.topics", "false"},
                                             });
  consumer_ = make_client(ClientKind::Consumer, conf);
}

PartitionReader::~PartitionReader() {
  if (consumer_ == nullptr) return;
  rd_kafka_consumer_close(consumer_);
  rd_kafka_destroy(consumer_);
}

std::string PartitionReader::partitions(const std::string& topic, std::vector<std::int32_t>& out) {
  TopicMetadata metadata = fetch_topic_metadata(consumer_, client_, topic);
  if (metadata.unreachable) return metadata.error + "; " + kReachabilityHint;
  if (!metadata.error.empty()) return metadata.error;
  out = std::move(metadata.partitions);
  std::sort(out.begin(), out.end());
  return {};
}

std::string PartitionReader::read(const std::string& topic,
                                  const std::vector<std::int32_t>& partitions,
                                  std::vector<std::vector<LogRecord>>& out) {
  out.assign(partitions.size(), {});
  // Per partition: the end to read up to (-1 once read).
  std::map<std::int32_t, std::pair<std::size_t, std::int64_t>> pending;
  rd_kafka_topic_partition_list_t* list =
      rd_kafka_topic_partition_list_new(static_cast<int>(partitions.size()));
  for (std::size_t i = 0; i < partitions.size(); ++i) {
    std::int64_t low = 0;
    std::int64_t high = 0;
    if (const rd_kafka_resp_err_t error = rd_kafka_query_watermark_offsets(
            consumer_, topic.c_str(), partitions[i], &low, &high, client_.timeout_ms());
        error != RD_KAFKA_RESP_ERR_NO_ERROR) {
      rd_kafka_topic_partition_list_destroy(list);
      return "cannot read the end offset of " + topic + "[" + std::to_string(partitions[i]) +
             "]: " + rd_kafka_err2str(error);
    }
    if (high <= low) continue;
    pending[partitions[i]] = {i, high};
    rd_kafka_topic_partition_list_add(list, topic.c_str(), partitions[i])->offset =
        RD_KAFKA_OFFSET_BEGINNING;
  }
  if (pending.empty()) {
    rd_kafka_topic_partition_list_destroy(list);
    return {};
  }
  rd_kafka_assign(consumer_, list);
  rd_kafka_topic_partition_list_destroy(list);

  std::string error;
  std::string last_error;
  const auto timeout = std::chrono::milliseconds(client_.timeout_ms());
  auto last_progress = std::chrono::steady_clock::now();
  while (!pending.empty()) {
    const std::unique_ptr<rd_kafka_message_t, MessageDeleter> message(
        rd_kafka_consumer_poll(consumer_, kPollMs));
    const auto now = std::chrono::steady_clock::now();
    const auto found = message ? pending.find(message->partition) : pending.end();
    // Read committed: the end may be short of `high` (an open transaction's
    // records); the consumer says where it is. Other errors (a broker away
    // for a while) may pass: wait, up to the timeout.
    if (message && message->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
      if (found != pending.end()) pending.erase(found);
      continue;
    }
    if (!message || message->err != RD_KAFKA_RESP_ERR_NO_ERROR || found == pending.end()) {
      if (message && message->err != RD_KAFKA_RESP_ERR_NO_ERROR)
        last_error = rd_kafka_message_errstr(message.get());
      if (now - last_progress > timeout) {
        error = "no progress reading " + topic + " for " + std::to_string(timeout.count()) + " ms";
        if (!last_error.empty()) error += " (" + last_error + ")";
        break;
      }
      continue;
    }
    last_progress = now;
    out[found->second.first].push_back(to_record(message.get()));
    if (message->offset + 1 >= found->second.second) pending.erase(found);
  }
  rd_kafka_assign(consumer_, nullptr);
  return error;
}

}  // namespace cellos::kafka
