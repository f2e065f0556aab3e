// SPDX-License-Identifier: Apache-2.0
#include "cellos/kafka/topic_replay.hpp"

#include <librdkafka/rdkafka.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <memory>
#include <optional>

#include "cellos/kafka/cloud_event_binding.hpp"
#include "kafka/test_hook.hpp"
#include "kafka/topic_metadata.hpp"

namespace cellos::kafka {

namespace {

constexpr int kPollMs = 100;

// A test hook: CELLOS_TEST_RESUME_UNPAUSED_AFTER=N resumes the partitions
// this process has not paused once N records were replayed, which
// librdkafka before 2.4.0 answers by delivering records again: what the
// replay must not count twice.
bool resume_unpaused_now() {
  static detail::TestHook resume_unpaused("CELLOS_TEST_RESUME_UNPAUSED_AFTER");
  return resume_unpaused.fires();
}

extern "C" void rebalance_callback(rd_kafka_t* /*rk*/, rd_kafka_resp_err_t error,
                                   rd_kafka_topic_partition_list_t* partitions, void* opaque) {
  static_cast<TopicReplay*>(opaque)->on_rebalance(error, partitions);
}

extern "C" void error_callback(rd_kafka_t* /*rk*/, int error, const char* reason, void* opaque) {
  static_cast<TopicReplay*>(opaque)->on_error(error, reason);
}

// Errors after which waiting cannot help.
bool is_fatal(rd_kafka_resp_err_t error) {
  switch (error) {
    case RD_KAFKA_RESP_ERR__FATAL:
    case RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC:
    case RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART:
    case RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED:
    case RD_KAFKA_RESP_ERR_GROUP_AUTHORIZATION_FAILED:
    case RD_KAFKA_RESP_ERR__AUTHENTICATION:
    case RD_KAFKA_RESP_ERR__SSL:
      return true;
    default:
      return false;
  }
}

struct MessageDeleter {
  void operator()(rd_kafka_message_t* message) const { rd_kafka_message_destroy(message); }
};
struct ListDeleter {
  void operator()(rd_kafka_topic_partition_list_t* list) const {
    rd_kafka_topic_partition_list_destroy(list);
  }
};
using PartitionList = std::unique_ptr<rd_kafka_topic_partition_list_t, ListDeleter>;

// One partition of a list, and the offset it names (none: RD_KAFKA_OFFSET_INVALID).
struct PartitionOffset {
  std::int32_t partition = 0;
  std::int64_t offset = RD_KAFKA_OFFSET_INVALID;
};

// A partition list of `topic`: what assign, pause, commit and subscribe take.
PartitionList partition_list(const std::string& topic,
                             const std::vector<PartitionOffset>& entries) {
  PartitionList list(rd_kafka_topic_partition_list_new(static_cast<int>(entries.size())));
  for (const PartitionOffset& entry : entries) {
    rd_kafka_topic_partition_list_add(list.get(), topic.c_str(), entry.partition)->offset =
        entry.offset;
  }
  return list;
}

// The message's headers, as views into it, into `out`.
void read_headers(const rd_kafka_message_t* message, std::vector<MessageHeader>& out) {
  out.clear();
  rd_kafka_headers_t* headers = nullptr;
  if (rd_kafka_message_headers(message, &headers) != RD_KAFKA_RESP_ERR_NO_ERROR) return;
  const char* name = nullptr;
  const void* value = nullptr;
  std::size_t size = 0;
  for (std::size_t i = 0;
       rd_kafka_header_get_all(headers, i, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR;
       ++i) {
    MessageHeader header{name, std::nullopt};
    if (value != nullptr) header.value = std::string_view(static_cast<const char*>(value), size);
    out.push_back(header);
  }
}

}  // namespace

TopicReplay::TopicReplay(TopicOptions options, replay::Replayer& replayer)
    : options_(std::move(options)), replayer_(replayer) {
  std::vector<std::pair<std::string, std::string>> defaults = {
      {"enable.auto.commit", "false"},
      {"enable.auto.offset.store", "false"},
      {"auto.offset.reset", "earliest"},
      {"enable.partition.eof", "true"},
      {"allow.auto.create.topics", "false"},
      // An eager protocol: every rebalance hands each member its whole
      // assignment at once. (With cooperative-sticky a newcomer first gets an
      // empty assignment and the moved partitions only a round later, so it
      // could not tell "nothing for me" from "wait".)
      {"partition.assignment.strategy", "roundrobin"},
  };
  for (const auto& [key, value] : options_.client.properties) {
    if (key == "partition.assignment.strategy" && value.find("cooperative") != std::string::npos)
      throw ConfigError(
          "partition.assignment.strategy=" + value +
          ": cooperative assignment is not supported (a newcomer's first, empty assignment "
          "would read as \"nothing to replay\"); use roundrobin or range");
  }
  // librdkafka's consumer wants a group id even when partitions are assigned
  // directly; then no group is joined and nothing is committed to it.
  defaults.emplace_back("group.id",
                        options_.group.empty() ? "cellos-project-unjoined" : options_.group);
  rd_kafka_conf_t* conf = make_conf(options_.client, defaults);
  rd_kafka_conf_set_opaque(conf, this);
  rd_kafka_conf_set_error_cb(conf, error_callback);
  if (!options_.group.empty()) rd_kafka_conf_set_rebalance_cb(conf, rebalance_callback);
  consumer_ = make_client(ClientKind::Consumer, conf);
  rd_kafka_poll_set_consumer(consumer_);
}

TopicReplay::~TopicReplay() {
  if (consumer_ != nullptr) rd_kafka_destroy(consumer_);
}

void TopicReplay::on_error(int error, const char* reason) {
  last_error_ = reason;
  spdlog::debug("kafka: {}: {}", rd_kafka_err2name(static_cast<rd_kafka_resp_err_t>(error)),
                reason);
  if (error == RD_KAFKA_RESP_ERR__FATAL) failed_ = true;
}

void TopicReplay::serve_queued_events() {
  // Nothing is assigned yet, so this serves errors and logs, not messages.
  while (rd_kafka_message_t* event = rd_kafka_consumer_poll(consumer_, 0))
    rd_kafka_message_destroy(event);
}

std::string TopicReplay::unreachable(const std::string& what) const {
  std::string message = what;
  if (!last_error_.empty()) message += " (" + last_error_ + ")";
  return message + "; " + kReachabilityHint;
}

TopicReplay::Partition& TopicReplay::partition(std::int32_t id) {
  const auto index = static_cast<std::size_t>(id);
  // A partition added after start: nothing of it was seen then.
  if (index >= partitions_.size()) partitions_.resize(index + 1);
  return partitions_[index];
}

bool TopicReplay::load_partitions() {
  const TopicMetadata metadata = fetch_topic_metadata(consumer_, options_.client, options_.topic);
  if (!metadata.error.empty()) {
    serve_queued_events();  // librdkafka's own account of the failure, for the message
    replayer_.fail_input(metadata.unreachable ? unreachable(metadata.error) : metadata.error);
    return false;
  }
  std::uint64_t expected = 0;
  for (const std::int32_t id : metadata.partitions) {
    Partition& part = partition(id);
    const rd_kafka_resp_err_t watermark_error = rd_kafka_query_watermark_offsets(
        consumer_, options_.topic.c_str(), id, &part.low, &part.end, options_.client.timeout_ms());
    if (watermark_error != RD_KAFKA_RESP_ERR_NO_ERROR) {
      replayer_.fail_input(unreachable("cannot read the end offset of " + options_.topic + "[" +
                                       std::to_string(id) +
                                       "]: " + rd_kafka_err2str(watermark_error)));
      return false;
    }
    spdlog::debug("kafka: {}[{}] offsets {}..{}", options_.topic, id, part.low, part.end);
    expected += static_cast<std::uint64_t>(part.end - part.low);
    // Retention deleted the start: cells that began there are replayed from
    // the middle of their lives, and their next events will be rejected.
    if (part.low > 0 && !options_.commit) {
      spdlog::warn("{}[{}] starts at offset {}: earlier events were deleted by retention",
                   options_.topic, id, part.low);
    }
  }
  // Without a group this process reads them all; a member reads only its share.
  if (!options_.follow && options_.group.empty()) replayer_.expect_records(expected);
  return true;
}

void TopicReplay::assign_all() {
  std::vector<PartitionOffset> all;
  for (std::size_t id = 0; id < partitions_.size(); ++id) {
    take(static_cast<std::int32_t>(id));
    all.push_back({static_cast<std::int32_t>(id), RD_KAFKA_OFFSET_BEGINNING});
  }
  rd_kafka_assign(consumer_, partition_list(options_.topic, all).get());
  assigned_ = true;
}

void TopicReplay::report_lag() {
  for (std::size_t id = 0; id < partitions_.size(); ++id) {
    const Partition& part = partitions_[id];
    if (!part.owned) continue;
    std::int64_t low = 0;
    std::int64_t high = 0;
    if (rd_kafka_get_watermark_offsets(consumer_, options_.topic.c_str(),
                                       static_cast<std::int32_t>(id), &low,
                                       &high) != RD_KAFKA_RESP_ERR_NO_ERROR) {
      continue;  // nothing fetched from it yet
    }
    const std::int64_t position = std::max(part.next, low);
    replayer_.note_stream_lag(static_cast<std::uint32_t>(id),
                              std::max<std::int64_t>(0, high - position));
  }
}

void TopicReplay::take(std::int32_t id) {
  Partition& part = partition(id);
  part.owned = true;
  part.done = !options_.follow && part.low >= part.end;
  part.next = 0;
}

// The assignment strategy is eager (cooperative ones are refused up front):
// every rebalance revokes everything, then assigns each member its share.
void TopicReplay::on_rebalance(int error, rd_kafka_topic_partition_list_t* partitions) {
  if (error == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
    std::string ids;
    for (int i = 0; i < partitions->cnt; ++i) {
      rd_kafka_topic_partition_t& element = partitions->elems[i];
      take(element.partition);
      // Without --commit every replay starts at the beginning; with it, at
      // the group's committed offset (else auto.offset.reset: earliest);
      // with a state, where the state says (below).
      if (!options_.commit) element.offset = RD_KAFKA_OFFSET_BEGINNING;
      if (!ids.empty()) ids.push_back(',');
      ids.append(std::to_string(element.partition));
    }
    if (options_.state != nullptr && !restore(partitions)) return;
    spdlog::info("kafka: group {} assigned partitions [{}] of {}", options_.group, ids,
                 options_.topic);
    rd_kafka_assign(consumer_, partitions);
    // A partition this process paused before (done, or lost) is read again.
    // (librdkafka before 2.4.0 answers the resume of one that is not paused
    // by fetching again from the assignment's start: consume_one skips what
    // it delivers twice.)
    rd_kafka_resume_partitions(consumer_, partitions);
    assigned_ = true;
    last_progress_ = Clock::now();
    return;
  }
  if (error == RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS) {
    if (options_.commit) commit(/*owned_only=*/true);
    for (int i = 0; i < partitions->cnt; ++i) {
      Partition& part = partition(partitions->elems[i].partition);
      if (options_.state != nullptr && !failed_)
        state_ok(options_.state->release(partitions->elems[i].partition));
      // Once replay is over the cells are kept: they are printed next.
      if (!closing_)
        replayer_.drop_stream(static_cast<std::uint32_t>(partitions->elems[i].partition));
      part.owned = false;
      part.done = false;
    }
    spdlog::info("kafka: group {} revoked {} partition(s)", options_.group, partitions->cnt);
    // The rebalance goes on with a new assignment: until it arrives this
    // member owns nothing, which must not read as "all done".
    assigned_ = false;
    last_progress_ = Clock::now();
  }
  rd_kafka_assign(consumer_, nullptr);
}

void TopicReplay::stop_reading_lost_partitions() {
  for (const std::int32_t id : options_.state->take_lost()) {
    Partition& part = partition(id);
    part.owned = false;
    part.done = false;
    rd_kafka_pause_partitions(consumer_, partition_list(options_.topic, {{id}}).get());
  }
}

bool TopicReplay::state_ok(const std::string& error) {
  // Any call may have found partitions other members own now.
  stop_reading_lost_partitions();
  if (error.empty()) return true;
  if (!failed_) replayer_.fail_input(error);
  failed_ = true;
  return false;
}

bool TopicReplay::restore(rd_kafka_topic_partition_list_t* partitions) {
  std::vector<std::int32_t> ids;
  ids.reserve(static_cast<std::size_t>(partitions->cnt));
  for (int i = 0; i < partitions->cnt; ++i) ids.push_back(partitions->elems[i].partition);
  std::vector<std::int64_t> next;
  if (failed_ || !state_ok(options_.state->restore(ids, next))) {
    // Assign nothing: the replay is over, and must not read what it could
    // not restore.
    rd_kafka_assign(consumer_, nullptr);
    return false;
  }
  for (int i = 0; i < partitions->cnt; ++i) {
    const std::int64_t offset = next[static_cast<std::size_t>(i)];
    Partition& part = partition(ids[static_cast<std::size_t>(i)]);
    part.next = std::max<std::int64_t>(offset, 0);
    if (!options_.follow && part.next >= part.end) part.done = true;
    partitions->elems[i].offset = offset >= 0 ? offset : RD_KAFKA_OFFSET_BEGINNING;
  }
  return true;
}

void TopicReplay::mark_done(std::int32_t id) {
  Partition& part = partition(id);
  if (part.done) return;
  part.done = true;
  // Stop fetching what was written after the start.
  rd_kafka_pause_partitions(consumer_, partition_list(options_.topic, {{id}}).get());
}

bool TopicReplay::all_done() const {
  return std::ranges::all_of(partitions_,
                             [](const Partition& part) { return !part.owned || part.done; });
}

bool TopicReplay::consume_one() {
  const std::unique_ptr<rd_kafka_message_t, MessageDeleter> message(
      rd_kafka_consumer_poll(consumer_, kPollMs));
  if (!message) {
    report_lag();
    if (options_.on_wait) options_.on_wait();
    return true;
  }
  if (message->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
    last_progress_ = Clock::now();
    const Partition& part = partition(message->partition);
    if (!options_.follow && part.owned && message->offset >= part.end)
      mark_done(message->partition);
    return true;
  }
  if (message->err != RD_KAFKA_RESP_ERR_NO_ERROR) return on_consumer_error(*message);
  last_progress_ = Clock::now();
  return replay_message(*message);
}

bool TopicReplay::on_consumer_error(const rd_kafka_message_t& message) {
  const std::string reason = rd_kafka_message_errstr(&message);
  if (!is_fatal(message.err)) {
    spdlog::debug("kafka: {}", reason);
    return true;
  }
  replayer_.fail_input("topic " + options_.topic + ": " + reason);
  failed_ = true;
  return false;
}

bool TopicReplay::replay_message(const rd_kafka_message_t& message) {
  const std::int32_t id = message.partition;
  Partition& part = partition(id);
  if (!part.owned) return true;  // fetched before a revocation took effect
  const std::int64_t offset = message.offset;
  if (offset < part.next) {
    // Delivered again (a fetcher restarted at an earlier position): its
    // event is in the cells already, and a second replay would report its
    // problems twice.
    spdlog::debug("kafka: {}[{}]: offset {} delivered again, skipped", options_.topic, id, offset);
    return true;
  }
  if (!options_.follow && offset >= part.end) {
    mark_done(id);
    return true;
  }
  read_headers(&message, headers_);
  std::optional<std::string_view> value;
  if (message.payload != nullptr)
    value = std::string_view(static_cast<const char*>(message.payload), message.len);
  const std::optional<std::string_view> event =
      structured_event(value, headers_, scratch_, decode_error_);
  const auto stream = static_cast<std::uint32_t>(id);
  const auto position = static_cast<std::uint64_t>(offset);
  const bool go_on = event ? replayer_.replay_record(*event, stream, position)
                           : replayer_.replay_malformed_record(decode_error_, stream, position);
  part.next = offset + 1;
  if (options_.state != nullptr) options_.state->replayed(id, part.next);
  if (!options_.follow && part.next >= part.end) mark_done(id);
  if (resume_unpaused_now()) resume_unpaused();
  return go_on;
}

void TopicReplay::resume_unpaused() {
  std::vector<PartitionOffset> unpaused;  // owned and not done: not paused
  for (std::size_t id = 0; id < partitions_.size(); ++id) {
    if (partitions_[id].owned && !partitions_[id].done)
      unpaused.push_back({static_cast<std::int32_t>(id), RD_KAFKA_OFFSET_INVALID});
  }
  rd_kafka_resume_partitions(consumer_, partition_list(options_.topic, unpaused).get());
}

void TopicReplay::commit(bool owned_only) {
  std::vector<PartitionOffset> replayed;
  for (std::size_t id = 0; id < partitions_.size(); ++id) {
    const Partition& part = partitions_[id];
    if (part.next == 0 || (owned_only && !part.owned)) continue;
    replayed.push_back({static_cast<std::int32_t>(id), part.next});
  }
  if (replayed.empty()) return;
  const rd_kafka_resp_err_t error =
      rd_kafka_commit(consumer_, partition_list(options_.topic, replayed).get(), /*async=*/0);
  if (error != RD_KAFKA_RESP_ERR_NO_ERROR) {
    replayer_.fail_input("cannot commit offsets of " + options_.topic + " for group " +
                         options_.group + ": " + rd_kafka_err2str(error));
  }
}

void TopicReplay::run() {
  replayer_.begin_records(options_.topic);
  if (!load_partitions()) return;
  if (options_.state != nullptr &&
      !state_ok(options_.state->attach(consumer_, static_cast<std::int32_t>(partitions_.size())))) {
    close();
    return;
  }
  if (options_.group.empty()) {
    assign_all();
  } else {
    const rd_kafka_resp_err_t error = rd_kafka_subscribe(
        consumer_, partition_list(options_.topic, {{RD_KAFKA_PARTITION_UA}}).get());
    if (error != RD_KAFKA_RESP_ERR_NO_ERROR) {
      replayer_.fail_input("cannot join group " + options_.group + ": " + rd_kafka_err2str(error));
      return;
    }
  }

  const auto timeout = std::chrono::milliseconds(options_.client.timeout_ms());
  const auto idle = std::chrono::duration<double>(options_.idle_timeout);
  last_progress_ = Clock::now();
  auto last_message = Clock::now();
  for (;;) {
    if (options_.stop != nullptr && options_.stop->load()) break;
    if (!options_.follow && assigned_ && all_done()) break;
    const std::uint64_t events_before = replayer_.stats().lines;
    if (!consume_one() || failed_) break;
    if (options_.state != nullptr && !state_ok(options_.state->tick())) break;
    const auto now = Clock::now();
    if (replayer_.stats().lines != events_before) last_message = now;
    if (options_.follow) {
      if (options_.idle_timeout > 0 && now - last_message > idle) break;
    } else if (now - last_progress_ > timeout) {
      replayer_.fail_input(
          unreachable(assigned_ ? "no progress reading " + options_.topic + " for " +
                                      std::to_string(timeout.count()) + " ms"
                                : "group " + options_.group + " assigned no partitions within " +
                                      std::to_string(timeout.count()) + " ms"));
      break;
    }
  }
  report_lag();  // as the replay leaves the partitions
  close();
}

void TopicReplay::close() {
  closing_ = true;
  if (options_.commit) commit(/*owned_only=*/true);
  if (options_.state != nullptr && !failed_) state_ok(options_.state->finish());
  if (!options_.group.empty() && !options_.commit && options_.state == nullptr &&
      !options_.follow) {
    // Stay a member until the session times out instead of leaving: leaving
    // would hand this member's partitions to the others, who would replay
    // (and print) them a second time. See docs/kafka.md.
    rd_kafka_destroy_flags(consumer_, RD_KAFKA_DESTROY_F_NO_CONSUMER_CLOSE);
  } else {
    if (!options_.group.empty()) leave_group();
    rd_kafka_consumer_close(consumer_);
    rd_kafka_destroy(consumer_);
  }
  consumer_ = nullptr;
}

// A member leaves its assignment before rd_kafka_consumer_close: librdkafka
// (2.0 to 2.6 at least) can wait forever in the unassign of a revocation the
// close runs itself (the chaos tests caught a member stuck there after its
// replay was done). Unsubscribed, the revocation comes from poll, as every
// rebalance during the replay does; the close then has nothing to revoke.
void TopicReplay::leave_group() {
  if (rd_kafka_unsubscribe(consumer_) != RD_KAFKA_RESP_ERR_NO_ERROR) return;
  const auto deadline = Clock::now() + std::chrono::milliseconds(options_.client.timeout_ms());
  // on_rebalance clears assigned_ once it has unassigned the revoked partitions.
  while (assigned_ && Clock::now() < deadline) {
    // The replay is over: what was still fetched is not read.
    if (rd_kafka_message_t* message = rd_kafka_consumer_poll(consumer_, kPollMs))
      rd_kafka_message_destroy(message);
  }
}

}  // namespace cellos::kafka
