// SPDX-License-Identifier: Apache-2.0
#include "cellos/kafka/state_topic.hpp"

#include <librdkafka/rdkafka.h>
#include <spdlog/spdlog.h>

#include <future>
#include <memory>
#include <utility>

#include "cellos/json/writer.hpp"
#include "cellos/kafka/cell_record.hpp"
#include "cellos/reducer/snapshot_writer.hpp"
#include "cellos/report/problem_record.hpp"
#include "kafka/partition_reader.hpp"
#include "kafka/partition_writer.hpp"
#include "kafka/topic_admin.hpp"

namespace cellos::kafka {

namespace {

struct GroupMetadataDeleter {
  void operator()(rd_kafka_consumer_group_metadata_t* metadata) const {
    rd_kafka_consumer_group_metadata_destroy(metadata);
  }
};
using GroupMetadata = std::unique_ptr<rd_kafka_consumer_group_metadata_t, GroupMetadataDeleter>;

}  // namespace

StateTopic::StateTopic(StateTopicOptions options, replay::Replayer& replayer)
    : options_(std::move(options)),
      replayer_(replayer),
      reader_(std::make_unique<PartitionReader>(options_.client)),
      last_commit_(Clock::now()) {
  replayer_.set_problem_tap([this](const replay::Problem& problem) {
    if (!problem.partition) return;
    const auto owned = owned_.find(*problem.partition);
    if (owned == owned_.end() || options_.outputs.problems.empty()) return;
    std::string record;
    json::Writer writer(record);
    report::write_problem_record(writer, problem);
    owned->second.problems.push_back(std::move(record));
  });
}

StateTopic::~StateTopic() {
  replayer_.set_problem_tap({});
}

std::string StateTopic::attach(rd_kafka_s* consumer, std::int32_t partitions) {
  consumer_ = consumer;
  const std::vector<TopicSpec> outputs = {
      {options_.outputs.state, partitions, /*compacted=*/true},
      {options_.outputs.snapshots, partitions, /*compacted=*/true},
      {options_.outputs.problems, partitions, /*compacted=*/false},
  };
  for (const TopicSpec& spec : outputs) {
    if (spec.name.empty()) continue;
    if (std::string error = ensure_topic(consumer_, options_.client, spec); !error.empty())
      return error;
  }
  return {};
}

std::string StateTopic::restore_cells(std::int32_t partition, const std::vector<LogRecord>& log) {
  const CommittedLog committed = committed_records(log);
  const auto stream = static_cast<std::uint32_t>(partition);
  const std::size_t cells_before = replayer_.cells().size();
  for (const LogRecord* record : committed.records) {
    const std::optional<CellRecordKey> key =
        record->key ? parse_cell_record_key(*record->key) : std::nullopt;
    if (!key || !decode_state_value(record->value,
                                    replayer_.restore_stream_cell(key->kind, key->id, stream))) {
      return "the state topic " + options_.outputs.state + "[" + std::to_string(partition) +
             "] holds a record at offset " + std::to_string(record->offset) +
             " that is no cell state of this version; it was not written by this "
             "cellos-project, or is damaged";
    }
  }
  // A cell's later records replace its earlier ones (the topic may not be
  // compacted yet): count cells, not records.
  const std::size_t restored = replayer_.cells().size() - cells_before;
  Owned& owned = owned_[partition];
  owned.next_offset = committed.commit ? committed.commit->next_offset : 0;
  owned.writer->resume(committed.commit.value_or(CommitRecord{}));
  spdlog::info("kafka: restored {} cell(s) of {}[{}] from {}; replay goes on at offset {}",
               restored, options_.input_topic, partition, options_.outputs.state,
               owned.next_offset);
  return {};
}

// Each partition's writer fences the partition's previous owner first, so
// nothing of it lands after the restore; they start side by side (each
// start is a few round trips to the transaction coordinator).
std::string StateTopic::restore(const std::vector<std::int32_t>& partitions,
                                std::vector<std::int64_t>& next_offsets) {
  const auto started = Clock::now();
  const std::size_t cells_before = replayer_.cells().size();
  std::vector<std::future<std::string>> fenced;
  for (const std::int32_t partition : partitions) {
    Owned& owned = owned_[partition];
    owned.writer = std::make_unique<PartitionWriter>(
        options_.client, options_.group, options_.input_topic,
        OutputTopics{options_.outputs.state, options_.outputs.snapshots, options_.outputs.problems},
        partition);
    fenced.push_back(
        std::async(std::launch::async, [writer = owned.writer.get()] { return writer->fence(); }));
  }
  std::string error;
  for (std::future<std::string>& result : fenced) {
    if (std::string why = result.get(); error.empty()) error = std::move(why);
  }
  if (!error.empty()) return error;
  std::vector<std::vector<LogRecord>> logs;
  if (error = reader_->read(options_.outputs.state, partitions, logs); !error.empty()) return error;
  next_offsets.clear();
  for (std::size_t i = 0; i < partitions.size(); ++i) {
    if (error = restore_cells(partitions[i], logs[i]); !error.empty()) return error;
    const std::int64_t next = owned_[partitions[i]].next_offset;
    next_offsets.push_back(next > 0 ? next : -1);
  }
  spdlog::info("kafka: restored {} cell(s) of {} partition(s) in {:.0f} ms",
               replayer_.cells().size() - cells_before, partitions.size(),
               std::chrono::duration<double, std::milli>(Clock::now() - started).count());
  return {};
}

void StateTopic::replayed(std::int32_t partition, std::int64_t next_offset) {
  const auto owned = owned_.find(partition);
  if (owned != owned_.end()) owned->second.next_offset = next_offset;
}

// What the partitions' next transactions carry: their cells changed since
// the last ones (their numbers into `saved`), and their problems. One pass
// over the cells, whatever the number of partitions.
std::map<std::int32_t, PartitionWork> StateTopic::take_work(
    const std::vector<std::int32_t>& partitions, std::vector<std::size_t>& saved) {
  std::map<std::int32_t, PartitionWork> work;
  for (const std::int32_t partition : partitions) {
    Owned& owned = owned_.at(partition);
    PartitionWork& next = work[partition];
    next.next_offset = owned.next_offset;
    next.problems = std::exchange(owned.problems, {});
  }
  const replay::CellTable& cells = replayer_.cells();
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (!cells.unsaved(i)) continue;
    const auto found = work.find(static_cast<std::int32_t>(cells.first_input(i)));
    if (found == work.end()) continue;
    const replay::CellKey key = cells.key(i);
    std::string record_key = cell_record_key(key.kind, key.key);
    found->second.states.emplace_back(record_key, encode_state_value(cells[i]));
    if (!options_.outputs.snapshots.empty())
      found->second.snapshots.emplace_back(std::move(record_key), snapshot_json(cells[i]));
    saved.push_back(i);
  }
  return work;
}

void StateTopic::drop(std::int32_t partition) {
  owned_.erase(partition);
  replayer_.drop_stream(static_cast<std::uint32_t>(partition));
  lost_.push_back(partition);
}

// The partitions' transactions run side by side: each waits on the brokers.
std::string StateTopic::commit(const std::vector<std::int32_t>& partitions) {
  // A member whose session lapsed (stalled, or cut off) has had its
  // partitions handed to others: it must not write another transaction.
  // (A real cluster fences its writers too; librdkafka's mock cluster does
  // not, so this check is what keeps a woken member from writing there.)
  if (rd_kafka_assignment_lost(consumer_) != 0) {
    for (const std::int32_t partition : partitions) {
      spdlog::warn(
          "kafka: {}[{}]: this member's session lapsed and the partition was handed over; its "
          "cells are dropped, and what was not committed is the new owner's to redo",
          options_.input_topic, partition);
      drop(partition);
    }
    return {};
  }
  std::vector<std::size_t> saved;
  std::map<std::int32_t, PartitionWork> work = take_work(partitions, saved);
  std::vector<std::future<std::string>> committed;
  for (const std::int32_t partition : partitions) {
    Owned& owned = owned_.at(partition);
    GroupMetadata group(rd_kafka_consumer_group_metadata(consumer_));
    committed.push_back(std::async(
        std::launch::async,
        [writer = owned.writer.get(), group = std::move(group), work = std::move(work[partition])] {
          return writer->commit(work, group.get());
        }));
  }
  std::string error;
  std::vector<std::int32_t> lost;
  for (std::size_t i = 0; i < committed.size(); ++i) {
    std::string why = committed[i].get();
    if (owned_.at(partitions[i]).writer->fenced()) {
      spdlog::warn("{}; its cells are dropped, the new owner goes on from its last commit", why);
      lost.push_back(partitions[i]);
    } else if (error.empty()) {
      error = std::move(why);
    }
  }
  if (!error.empty()) return error;
  // Before any cell moves: dropping a partition renumbers the cells.
  for (const std::size_t i : saved) replayer_.mark_cell_saved(i);
  for (const std::int32_t partition : lost) drop(partition);
  return {};
}

std::vector<std::int32_t> StateTopic::take_lost() {
  return std::exchange(lost_, {});
}

std::vector<std::int32_t> StateTopic::owned_partitions() const {
  std::vector<std::int32_t> partitions;
  partitions.reserve(owned_.size());
  for (const auto& [partition, owned] : owned_) partitions.push_back(partition);
  return partitions;
}

std::string StateTopic::commit_and_confirm(const std::vector<std::int32_t>& partitions) {
  std::string error = commit(partitions);
  // Once more, for the commit records that make the last transactions count
  // (of the partitions still owned: a lost one writes nothing).
  std::vector<std::int32_t> kept;
  for (const std::int32_t partition : partitions)
    if (owned_.contains(partition)) kept.push_back(partition);
  if (error.empty()) error = commit(kept);
  return error;
}

std::string StateTopic::release(std::int32_t partition) {
  if (!owned_.contains(partition)) return {};
  std::string error = commit_and_confirm({partition});
  owned_.erase(partition);
  return error;
}

std::string StateTopic::tick() {
  const std::chrono::duration<double> since = Clock::now() - last_commit_;
  if (since.count() < options_.commit_interval) return {};
  std::string error = commit(owned_partitions());
  // Counted from the commit's end: on a slow cluster a commit may take as
  // long as the interval, and counting from its start would commit again
  // after every record.
  last_commit_ = Clock::now();
  return error;
}

std::string StateTopic::finish() {
  return commit_and_confirm(owned_partitions());
}

}  // namespace cellos::kafka
