// SPDX-License-Identifier: Apache-2.0
// The transactional producer of one input partition's output: its cells'
// states, snapshots and problems, each into the partition of the same
// number of its topic, committed with the input offset they reflect (see
// transaction_log.hpp for how readers tell committed work apart).
//
// Its transactional.id names the group, the input topic and the partition,
// so a new owner's start() fences the one before it: a member that lost the
// partition and did not notice can no longer write.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "cellos/kafka/client_config.hpp"
#include "cellos/kafka/transaction_log.hpp"

struct rd_kafka_s;
struct rd_kafka_error_s;
struct rd_kafka_consumer_group_metadata_s;

namespace cellos::kafka {

// The topics a stateful replay writes; an empty name is not written.
struct OutputTopics {
  std::string state;
  std::string snapshots;
  std::string problems;
};

// What one transaction carries for its partition.
struct PartitionWork {
  std::vector<std::pair<std::string, std::string>> states;     // key, value
  std::vector<std::pair<std::string, std::string>> snapshots;  // key, snapshot JSON
  std::vector<std::string> problems;                           // problem records (no key)
  std::int64_t next_offset = 0;                                // the input offset replayed up to
  [[nodiscard]] bool has_records() const {
    return !states.empty() || !snapshots.empty() || !problems.empty();
  }
};

class PartitionWriter {
 public:
  // Throws ConfigError for a property librdkafka refuses.
  PartitionWriter(ClientConfig client, const std::string& group, std::string input_topic,
                  OutputTopics outputs, std::int32_t partition);
  ~PartitionWriter();
  PartitionWriter(const PartitionWriter&) = delete;
  PartitionWriter& operator=(const PartitionWriter&) = delete;

  // Fences earlier writers of the partition (their open transaction is
  // aborted, their next write refused). Returns an error message, or empty.
  std::string fence();
  // Goes on from `restored`, the partition's last commit record.
  void resume(const CommitRecord& restored);
  // One transaction: commit records for the last one, if not yet written;
  // `work`; the input offset for the group. Nothing when there is nothing
  // new. Returns an error message, or empty.
  std::string commit(const PartitionWork& work, rd_kafka_consumer_group_metadata_s* group);
  // A later owner of the partition started its writer: this one can write
  // no more, and what it had not committed is the new owner's to redo.
  [[nodiscard]] bool fenced() const { return fenced_; }

 private:
  std::string run_transaction(const PartitionWork& work, const CommitRecord& confirming,
                              rd_kafka_consumer_group_metadata_s* group);
  std::string produce(const std::string& topic, const std::string* key, const std::string& value,
                      bool tagged);
  std::string send_offsets(std::int64_t next_offset, rd_kafka_consumer_group_metadata_s* group);
  std::string finish_error(rd_kafka_error_s* error, const char* what);

  ClientConfig client_;
  std::string input_topic_;
  OutputTopics outputs_;
  std::int32_t partition_ = 0;
  rd_kafka_s* producer_ = nullptr;
  TransactionTag tag_;      // of the transaction being written
  std::string tag_text_;    // format_tag(tag_)
  CommitRecord committed_;  // what the last committed transaction makes true
  bool confirmed_ = false;  // its commit records are in every output partition
  bool fenced_ = false;
};

}  // namespace cellos::kafka
