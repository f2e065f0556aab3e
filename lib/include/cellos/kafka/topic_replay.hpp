// SPDX-License-Identifier: Apache-2.0
// Replays a Kafka topic through a Replayer, as if each partition were a file:
// the "file" of a problem is the topic, its "line" the offset, and the
// partition is reported with it.
//
// Without a group every partition is read; with one, Kafka's group protocol
// splits the partitions between the processes that share it, and each
// replays only its own (cells of a partition taken away in a rebalance are
// dropped: the new owner replays them). By default the replay runs from the
// earliest offset up to the end offsets seen at start; with `follow` it goes
// on until stopped. Offsets are committed only with `commit`.
//
//   cellos::kafka::TopicReplay kafka({.client = {.brokers = "host:9092"}, .topic = "cells"},
//                                    replayer);
//   kafka.run();          // problems and failures go to the replayer's sink
//   replayer.finish();    // prints the cells, partition by partition
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "cellos/kafka/client_config.hpp"
#include "cellos/kafka/cloud_event_binding.hpp"
#include "cellos/kafka/partition_state.hpp"
#include "cellos/replay/replayer.hpp"

struct rd_kafka_s;
struct rd_kafka_message_s;
struct rd_kafka_topic_partition_list_s;

namespace cellos::kafka {

struct TopicOptions {
  ClientConfig client;
  std::string topic;
  std::string group;                        // empty: read every partition, join no group
  bool commit = false;                      // commit the offsets replayed (group only)
  bool follow = false;                      // keep consuming past the end offsets seen at start
  double idle_timeout = 0;                  // with follow: stop after this many quiet seconds
  const std::atomic<bool>* stop = nullptr;  // set (by a signal handler) to stop following
  // Called when a poll found nothing new (the consumer has caught up): a
  // follower refreshes its metrics there.
  std::function<void()> on_wait;
  // With a group: where the partitions' cells live beyond this process
  // (StateTopic), or null. Then each partition goes on where its state
  // says, offsets are committed only through it, and a member that finishes
  // leaves the group.
  PartitionState* state = nullptr;
};

class TopicReplay {
 public:
  // Throws ConfigError for a property librdkafka refuses.
  TopicReplay(TopicOptions options, replay::Replayer& replayer);
  ~TopicReplay();
  TopicReplay(const TopicReplay&) = delete;
  TopicReplay& operator=(const TopicReplay&) = delete;

  // Consumes until done (or stopped). A cluster that cannot be reached, a
  // missing topic or a failed commit is reported to the replayer as an input
  // error (exit 3).
  void run();

  // librdkafka's callbacks (called on this thread, from poll).
  void on_rebalance(int error, rd_kafka_topic_partition_list_s* partitions);
  void on_error(int error, const char* reason);

 private:
  struct Partition {
    bool owned = false;
    bool done = false;
    std::int64_t low = 0;  // offsets seen at start
    std::int64_t end = 0;
    std::int64_t next = 0;  // the offset after the last one replayed (what --commit commits)
  };
  using Clock = std::chrono::steady_clock;

  bool load_partitions();
  void assign_all();
  bool consume_one();  // false when the replay must stop
  // A consumer error: logged, or, when fatal, the end of the replay (false).
  bool on_consumer_error(const rd_kafka_message_s& message);
  // Replays a fetched message of an owned partition, once; false to stop.
  bool replay_message(const rd_kafka_message_s& message);
  void take(std::int32_t id);  // the partition is ours now: replay it from the start
  // With a state: restores the partitions' cells and sets each one's
  // offset to go on from. False when the state failed.
  bool restore(rd_kafka_topic_partition_list_s* partitions);
  // A PartitionState call's error, if any, stops the replay.
  bool state_ok(const std::string& error);
  // Partitions the state found taken over by another member: not read on.
  void stop_reading_lost_partitions();
  // Tells the replayer each owned partition's consumer lag, from the
  // watermarks librdkafka last fetched (no request to the cluster).
  void report_lag();
  void mark_done(std::int32_t id);
  // For a test hook (see its definition): resumes the partitions not paused.
  void resume_unpaused();
  [[nodiscard]] bool all_done() const;
  void commit(bool owned_only);
  void close();
  // Gives the group's partitions back while this thread still serves the
  // rebalance callback from poll (see its definition).
  void leave_group();
  [[nodiscard]] std::string unreachable(const std::string& what) const;
  void serve_queued_events();
  Partition& partition(std::int32_t id);

  TopicOptions options_;
  replay::Replayer& replayer_;
  rd_kafka_s* consumer_ = nullptr;
  std::vector<Partition> partitions_;
  bool assigned_ = false;  // holding an assignment (none between revoke and assign)
  bool closing_ = false;
  bool failed_ = false;
  std::string last_error_;
  Clock::time_point last_progress_;
  std::vector<MessageHeader> headers_;  // of the message being replayed (reused)
  std::string scratch_;                 // a binary-mode event, assembled
  std::string decode_error_;
};

}  // namespace cellos::kafka
