// SPDX-License-Identifier: Apache-2.0
// A group member's cells, kept in Kafka so that they survive restarts,
// crashes and rebalances: exactly-once, stateful topic replay.
//
// Each input partition's cells go to the partition of the same number of a
// compacted state topic (a changelog: key = the cell, value = its complete
// state, see cell_record.hpp); with them, in the same transaction, the
// changed cells' snapshots (a snapshots topic any consumer can read as a
// table), the problems found, and the input offsets for the group. A member
// that takes a partition restores its cells from the changelog and goes on
// where the last transaction ended (transaction_log.hpp says how uncommitted
// work is left out).
//
//   cellos::kafka::StateTopic state({.client = client, .input_topic = "cells",
//                                    .group = "audit", .outputs = {.state = "cells-state"}},
//                                   replayer);
//   TopicOptions topic{..., .group = "audit", .state = &state};
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "cellos/kafka/client_config.hpp"
#include "cellos/kafka/partition_state.hpp"
#include "cellos/kafka/transaction_log.hpp"
#include "cellos/replay/replayer.hpp"

namespace cellos::kafka {

class PartitionReader;
class PartitionWriter;
struct PartitionWork;

struct StateTopicOutputs {
  std::string state;      // the changelog (required)
  std::string snapshots;  // empty: not written
  std::string problems;   // empty: not written
};

struct StateTopicOptions {
  ClientConfig client;
  std::string input_topic;
  std::string group;
  StateTopicOutputs outputs;
  double commit_interval = 1.0;  // seconds between transactions
};

class StateTopic final : public PartitionState {
 public:
  // Throws ConfigError for a property librdkafka refuses.
  StateTopic(StateTopicOptions options, replay::Replayer& replayer);
  ~StateTopic() override;
  StateTopic(const StateTopic&) = delete;
  StateTopic& operator=(const StateTopic&) = delete;

  std::string attach(rd_kafka_s* consumer, std::int32_t partitions) override;
  std::string restore(const std::vector<std::int32_t>& partitions,
                      std::vector<std::int64_t>& next_offsets) override;
  void replayed(std::int32_t partition, std::int64_t next_offset) override;
  std::string release(std::int32_t partition) override;
  std::string tick() override;
  std::string finish() override;
  std::vector<std::int32_t> take_lost() override;

 private:
  struct Owned {
    std::unique_ptr<PartitionWriter> writer;
    std::int64_t next_offset = 0;
    std::vector<std::string> problems;  // found since the last transaction
  };
  using Clock = std::chrono::steady_clock;

  std::string check_output_topic(const std::string& topic, bool compacted, std::int32_t partitions);
  std::string restore_cells(std::int32_t partition, const std::vector<LogRecord>& log);
  // The transaction of each owned partition with something new, all at once.
  std::string commit(const std::vector<std::int32_t>& partitions);
  // commit(), then the commit records that make those transactions count.
  std::string commit_and_confirm(const std::vector<std::int32_t>& partitions);
  [[nodiscard]] std::vector<std::int32_t> owned_partitions() const;
  // Forgets a partition another member owns now (see take_lost).
  void drop(std::int32_t partition);
  std::map<std::int32_t, PartitionWork> take_work(const std::vector<std::int32_t>& partitions,
                                                  std::vector<std::size_t>& saved);

  StateTopicOptions options_;
  replay::Replayer& replayer_;
  rd_kafka_s* consumer_ = nullptr;
  std::unique_ptr<PartitionReader> reader_;
  std::map<std::int32_t, Owned> owned_;
  std::vector<std::int32_t> lost_;  // not yet taken by take_lost()
  Clock::time_point last_commit_;
};

}  // namespace cellos::kafka
