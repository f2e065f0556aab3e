// SPDX-License-Identifier: Apache-2.0
// What a topic replay keeps of its partitions beyond the process: the hooks
// TopicReplay calls, on its polling thread, as partitions come and go and
// records are replayed. StateTopic keeps them in Kafka, transactionally.
// Every call returns an error message, empty when all went well; an error
// stops the replay (exit 3).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

struct rd_kafka_s;

namespace cellos::kafka {

class PartitionState {
 public:
  virtual ~PartitionState() = default;
  // The consumer is made and the input has `partitions` partitions; before
  // any partition is taken.
  virtual std::string attach(rd_kafka_s* consumer, std::int32_t partitions) = 0;
  // The partitions are this process's now: their cells are restored into
  // the replayer; `next_offsets` (one per partition) is where each replay
  // goes on (-1: its start).
  virtual std::string restore(const std::vector<std::int32_t>& partitions,
                              std::vector<std::int64_t>& next_offsets) = 0;
  // Records up to `next_offset` (exclusive) of the partition are replayed.
  virtual void replayed(std::int32_t partition, std::int64_t next_offset) = 0;
  // The partition is about to be handed over: everything of it is committed.
  virtual std::string release(std::int32_t partition) = 0;
  // Called after every poll: commits when it is time.
  virtual std::string tick() = 0;
  // The replay is over: everything is committed, and readable as committed.
  virtual std::string finish() = 0;
  // Partitions another member took over while this one was not looking (a
  // stalled member whose session lapsed): their cells are dropped and
  // their uncommitted work is the new owner's to redo. The replay stops
  // reading them; the group's next rebalance tells who owns what.
  virtual std::vector<std::int32_t> take_lost() = 0;
};

}  // namespace cellos::kafka
