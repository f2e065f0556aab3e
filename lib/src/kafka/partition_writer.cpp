// SPDX-License-Identifier: Apache-2.0
#include "kafka/partition_writer.hpp"

#include <librdkafka/rdkafka.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <csignal>
#include <random>
#include <utility>

#include "kafka/test_hook.hpp"

namespace cellos::kafka {

namespace {

constexpr int kQueueFullWaitMs = 50;

// A test hook: CELLOS_TEST_KILL_BEFORE_COMMIT=N makes the process kill
// itself with SIGKILL once the records of its N-th transaction (counting
// those with records) reached the cluster, before it commits: the moment
// that exactly-once must survive.
void maybe_kill_before_commit(rd_kafka_t* producer, const PartitionWork& work) {
  static detail::TestHook kill_before_commit("CELLOS_TEST_KILL_BEFORE_COMMIT");
  if (!work.has_records() || !kill_before_commit.fires()) return;
  rd_kafka_flush(producer, 10000);
  std::raise(SIGKILL);
}

std::uint64_t new_writer_id() {
  std::random_device device;
  return (std::uint64_t{device()} << 32) ^ device();
}

}  // namespace

PartitionWriter::PartitionWriter(ClientConfig client, const std::string& group,
                                 std::string input_topic, OutputTopics outputs,
                                 std::int32_t partition)
    : client_(std::move(client)),
      input_topic_(std::move(input_topic)),
      outputs_(std::move(outputs)),
      partition_(partition),
      tag_{new_writer_id(), 0} {
  const std::string id =
      "cellos-project." + group + "." + input_topic_ + "." + std::to_string(partition_);
  rd_kafka_conf_t* conf = make_conf(client_, {
                                                 {"transactional.id", id},
                                                 {"linger.ms", "5"},
                                             });
  producer_ = make_client(ClientKind::Producer, conf);
}

PartitionWriter::~PartitionWriter() {
  if (producer_ != nullptr) rd_kafka_destroy(producer_);
}

std::string PartitionWriter::finish_error(rd_kafka_error_t* error, const char* what) {
  std::string message = std::string("cannot ") + what + " a transaction for " + input_topic_ + "[" +
                        std::to_string(partition_) + "]: " + rd_kafka_error_string(error);
  const rd_kafka_resp_err_t code = rd_kafka_error_code(error);
  if (code == RD_KAFKA_RESP_ERR__FENCED || code == RD_KAFKA_RESP_ERR_PRODUCER_FENCED ||
      code == RD_KAFKA_RESP_ERR_INVALID_PRODUCER_EPOCH) {
    fenced_ = true;
    message += " (another member owns the partition now)";
  }
  if (rd_kafka_error_txn_requires_abort(error) != 0) {
    if (rd_kafka_error_t* abort = rd_kafka_abort_transaction(producer_, client_.timeout_ms()))
      rd_kafka_error_destroy(abort);
  }
  rd_kafka_error_destroy(error);
  return message;
}

std::string PartitionWriter::fence() {
  if (rd_kafka_error_t* error = rd_kafka_init_transactions(producer_, client_.timeout_ms()))
    return finish_error(error, "start");
  return {};
}

void PartitionWriter::resume(const CommitRecord& restored) {
  committed_ = restored;
  // The outputs' last commit records may disagree (a writer killed while
  // writing them): the first transaction writes this one everywhere.
  confirmed_ = false;
}

std::string PartitionWriter::produce(const std::string& topic, const std::string* key,
                                     const std::string& value, bool tagged) {
  // The array form of producev (whose macros are GNU statement expressions,
  // which clang refuses under -Wpedantic). librdkafka copies the key, value
  // and header (RD_KAFKA_MSG_F_COPY) and never writes through them.
  std::array<rd_kafka_vu_t, 6> fields{};
  fields[0].vtype = RD_KAFKA_VTYPE_TOPIC;
  fields[0].u.cstr = topic.c_str();
  fields[1].vtype = RD_KAFKA_VTYPE_PARTITION;
  fields[1].u.i32 = partition_;
  fields[2].vtype = RD_KAFKA_VTYPE_MSGFLAGS;
  fields[2].u.i = RD_KAFKA_MSG_F_COPY;
  fields[3].vtype = RD_KAFKA_VTYPE_KEY;
  fields[3].u.mem.ptr = key != nullptr ? const_cast<char*>(key->data()) : nullptr;
  fields[3].u.mem.size = key != nullptr ? key->size() : 0;
  fields[4].vtype = RD_KAFKA_VTYPE_VALUE;
  fields[4].u.mem.ptr = const_cast<char*>(value.data());
  fields[4].u.mem.size = value.size();
  fields[5].vtype = RD_KAFKA_VTYPE_HEADER;
  fields[5].u.header.name = kTransactionHeader;
  fields[5].u.header.val = tag_text_.data();
  fields[5].u.header.size = static_cast<ssize_t>(tag_text_.size());
  const std::size_t count = tagged ? fields.size() : fields.size() - 1;
  for (;;) {
    rd_kafka_error_t* failure = rd_kafka_produceva(producer_, fields.data(), count);
    const rd_kafka_resp_err_t error =
        failure == nullptr ? RD_KAFKA_RESP_ERR_NO_ERROR : rd_kafka_error_code(failure);
    if (failure != nullptr) rd_kafka_error_destroy(failure);
    if (error == RD_KAFKA_RESP_ERR_NO_ERROR) return {};
    if (error != RD_KAFKA_RESP_ERR__QUEUE_FULL) {
      return "cannot write to " + topic + "[" + std::to_string(partition_) +
             "]: " + rd_kafka_err2str(error);
    }
    rd_kafka_poll(producer_, kQueueFullWaitMs);
  }
}

std::string PartitionWriter::send_offsets(std::int64_t next_offset,
                                          rd_kafka_consumer_group_metadata_t* group) {
  if (group == nullptr || next_offset <= 0) return {};
  rd_kafka_topic_partition_list_t* offsets = rd_kafka_topic_partition_list_new(1);
  rd_kafka_topic_partition_list_add(offsets, input_topic_.c_str(), partition_)->offset =
      next_offset;
  rd_kafka_error_t* error =
      rd_kafka_send_offsets_to_transaction(producer_, offsets, group, client_.timeout_ms());
  rd_kafka_topic_partition_list_destroy(offsets);
  return error != nullptr ? finish_error(error, "send the offsets of") : std::string();
}

std::string PartitionWriter::run_transaction(const PartitionWork& work,
                                             const CommitRecord& confirming,
                                             rd_kafka_consumer_group_metadata_t* group) {
  if (rd_kafka_error_t* error = rd_kafka_begin_transaction(producer_))
    return finish_error(error, "begin");
  std::string failed;
  const std::string commit_key(kCommitKey);
  const std::string commit_value = encode_commit(confirming);
  for (const std::string* topic : {&outputs_.problems, &outputs_.snapshots, &outputs_.state}) {
    if (!topic->empty() && failed.empty())
      failed = produce(*topic, &commit_key, commit_value, /*tagged=*/false);
  }
  for (const auto& [key, value] : work.states) {
    if (failed.empty()) failed = produce(outputs_.state, &key, value, /*tagged=*/true);
  }
  for (const auto& [key, value] : work.snapshots) {
    if (failed.empty()) failed = produce(outputs_.snapshots, &key, value, /*tagged=*/true);
  }
  for (const std::string& value : work.problems) {
    if (failed.empty()) failed = produce(outputs_.problems, nullptr, value, /*tagged=*/true);
  }
  if (failed.empty()) failed = send_offsets(work.next_offset, group);
  if (!failed.empty()) {
    if (rd_kafka_error_t* abort = rd_kafka_abort_transaction(producer_, client_.timeout_ms()))
      rd_kafka_error_destroy(abort);
    return failed;
  }
  maybe_kill_before_commit(producer_, work);
  if (rd_kafka_error_t* error = rd_kafka_commit_transaction(producer_, client_.timeout_ms()))
    return finish_error(error, "commit");
  return {};
}

std::string PartitionWriter::commit(const PartitionWork& work,
                                    rd_kafka_consumer_group_metadata_t* group) {
  if (work.has_records()) {
    // The commit records at its start make the previous transaction count;
    // this one counts once the next has begun the same way.
    ++tag_.sequence;
    tag_text_ = format_tag(tag_);
    const auto started = std::chrono::steady_clock::now();
    if (std::string error = run_transaction(work, committed_, group); !error.empty()) return error;
    spdlog::debug(
        "kafka: {}[{}]: transaction {} committed in {:.0f} ms: {} state(s), {} problem(s), up "
        "to offset {}",
        input_topic_, partition_, tag_text_,
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
            .count(),
        work.states.size(), work.problems.size(), work.next_offset);
    committed_.committed[tag_.writer] = tag_.sequence;
    committed_.next_offset = std::max(committed_.next_offset, work.next_offset);
    confirmed_ = false;
    return {};
  }
  if (confirmed_ && work.next_offset <= committed_.next_offset) return {};
  // Only commit records: they name everything committed and the offset
  // reached (records the offsets since the last one did not produce).
  CommitRecord confirming = committed_;
  confirming.next_offset = std::max(committed_.next_offset, work.next_offset);
  if (std::string error = run_transaction(work, confirming, group); !error.empty()) return error;
  committed_ = std::move(confirming);
  confirmed_ = true;
  return {};
}

}  // namespace cellos::kafka
