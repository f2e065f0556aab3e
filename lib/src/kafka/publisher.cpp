// SPDX-License-Identifier: Apache-2.0
#include "cellos/kafka/publisher.hpp"

#include <librdkafka/rdkafka.h>
#include <spdlog/spdlog.h>

#include <array>
#include <memory>
#include <optional>
#include <span>
#include <utility>

#include "cellos/input/line_reader.hpp"
#include "cellos/input/line_rules.hpp"
#include "cellos/kafka/cloud_event_binding.hpp"
#include "cellos/replay/router.hpp"
#include "kafka/topic_metadata.hpp"

namespace cellos::kafka {

namespace {

constexpr int kLineBits = 40;
constexpr std::size_t kMaxFailuresListed = 20;

extern "C" void delivery_callback(rd_kafka_t* /*rk*/, const rd_kafka_message_t* message,
                                  void* opaque) {
  static_cast<Publisher*>(opaque)->on_delivery(
      message->err,
      static_cast<std::uint64_t>(reinterpret_cast<std::uintptr_t>(message->_private)));
}

}  // namespace

Publisher::Publisher(PublishOptions options) : options_(std::move(options)) {
  const std::string timeout = std::to_string(options_.client.timeout_ms());
  rd_kafka_conf_t* conf =
      make_conf(options_.client, {
                                     // Retries neither reorder nor duplicate a cell's events.
                                     {"enable.idempotence", "true"},
                                     {"linger.ms", "5"},
                                     // A message not acknowledged by then is reported as failed.
                                     {"message.timeout.ms", timeout},
                                 });
  rd_kafka_conf_set_opaque(conf, this);
  rd_kafka_conf_set_dr_msg_cb(conf, delivery_callback);
  producer_ = make_client(ClientKind::Producer, conf);
}

Publisher::~Publisher() {
  if (producer_ != nullptr) rd_kafka_destroy(producer_);
}

bool Publisher::connect() {
  const TopicMetadata metadata = fetch_topic_metadata(producer_, options_.client, options_.topic);
  if (metadata.error.empty()) return true;
  report_.error = metadata.error;
  if (metadata.unreachable) report_.error += std::string("; ") + kReachabilityHint;
  return false;
}

void Publisher::note_failure(std::uint64_t origin, const std::string& reason) {
  ++report_.failed;
  if (report_.failures.size() >= kMaxFailuresListed) return;
  const std::uint64_t file = origin >> kLineBits;
  const std::uint64_t line = origin & ((std::uint64_t{1} << kLineBits) - 1);
  report_.failures.push_back(files_[file] + ":" + std::to_string(line) + ": " + reason);
}

void Publisher::on_delivery(int error, std::uint64_t origin) {
  if (error == RD_KAFKA_RESP_ERR_NO_ERROR) {
    ++report_.acknowledged;
  } else {
    note_failure(origin, std::string("not acknowledged: ") +
                             rd_kafka_err2str(static_cast<rd_kafka_resp_err_t>(error)));
  }
}

namespace {

// A line as it goes to Kafka: its key and, in binary mode, its headers and value.
struct Message {
  std::string key;
  bool binary = false;
  BinaryMessage parts;
};

Message message_of(std::string_view line, EventParser& parser, bool binary_mode) {
  Message message;
  CloudEvent event;
  // A line that is no event goes unkeyed, as it is, for replay to report.
  if (!parser.parse(line, event)) return message;
  // The key replay routes by (a copy: it may view the parser's scratch).
  const replay::Route route = replay::route_event(event);
  if (route.kind == replay::RouteKind::CellId || route.kind == replay::RouteKind::SpecId)
    message.key = route.key;
  // Only valid events go binary: headers would turn a malformed attribute
  // (a numeric id, say) into a valid string one. So do events whose data is
  // typed as something other than JSON, which binary mode makes opaque bytes.
  std::string why;
  message.binary = binary_mode && is_json_content_type(event.datacontenttype) &&
                   to_binary(line, message.parts, why);
  return message;
}

// librdkafka's headers for a binary-mode message; produced, it owns them.
rd_kafka_headers_t* kafka_headers(const BinaryMessage& binary) {
  rd_kafka_headers_t* headers = rd_kafka_headers_new(binary.headers.size());
  for (const auto& [name, text] : binary.headers)
    rd_kafka_header_add(headers, name.data(), static_cast<ssize_t>(name.size()), text.data(),
                        static_cast<ssize_t>(text.size()));
  return headers;
}

// Produces the message `fields` describe, waiting while librdkafka's queue is full.
rd_kafka_resp_err_t produce_waiting_for_room(rd_kafka_t* producer,
                                             std::span<const rd_kafka_vu_t> fields) {
  for (;;) {
    rd_kafka_error_t* failure = rd_kafka_produceva(producer, fields.data(), fields.size());
    if (failure == nullptr) return RD_KAFKA_RESP_ERR_NO_ERROR;
    const rd_kafka_resp_err_t error = rd_kafka_error_code(failure);
    rd_kafka_error_destroy(failure);
    if (error != RD_KAFKA_RESP_ERR__QUEUE_FULL) return error;
    rd_kafka_poll(producer, 100);  // serve delivery reports, freeing room
  }
}

}  // namespace

void Publisher::send(std::string_view line, std::uint64_t origin) {
  const Message message = message_of(line, parser_, options_.binary_mode);
  rd_kafka_headers_t* headers = message.binary ? kafka_headers(message.parts) : nullptr;
  const std::optional<std::string_view> value =
      message.binary ? std::optional<std::string_view>(message.parts.value) : line;
  // The origin travels in librdkafka's per-message opaque pointer itself.
  // NOLINTNEXTLINE(performance-no-int-to-ptr)
  auto* const opaque = reinterpret_cast<void*>(static_cast<std::uintptr_t>(origin));
  // The array form of producev: its macros are GNU statement expressions,
  // which clang refuses under -Wpedantic.
  std::array<rd_kafka_vu_t, 6> fields{};
  fields[0].vtype = RD_KAFKA_VTYPE_TOPIC;
  fields[0].u.cstr = options_.topic.c_str();
  fields[1].vtype = RD_KAFKA_VTYPE_MSGFLAGS;
  fields[1].u.i = RD_KAFKA_MSG_F_COPY;
  fields[2].vtype = RD_KAFKA_VTYPE_KEY;
  // librdkafka copies (RD_KAFKA_MSG_F_COPY) and never writes through these.
  fields[2].u.mem.ptr = message.key.empty() ? nullptr : const_cast<char*>(message.key.data());
  fields[2].u.mem.size = message.key.size();
  fields[3].vtype = RD_KAFKA_VTYPE_VALUE;
  fields[3].u.mem.ptr = value ? const_cast<char*>(value->data()) : nullptr;
  fields[3].u.mem.size = value ? value->size() : 0;
  fields[4].vtype = RD_KAFKA_VTYPE_HEADERS;
  fields[4].u.headers = headers;
  fields[5].vtype = RD_KAFKA_VTYPE_OPAQUE;
  fields[5].u.ptr = opaque;
  const rd_kafka_resp_err_t error = produce_waiting_for_room(producer_, fields);
  ++report_.sent;
  if (error != RD_KAFKA_RESP_ERR_NO_ERROR) {
    if (headers != nullptr) rd_kafka_headers_destroy(headers);  // not taken on failure
    note_failure(origin, std::string("not sent: ") + rd_kafka_err2str(error));
  }
  rd_kafka_poll(producer_, 0);
}

bool Publisher::publish(input::ByteSource& source, const std::string& file) {
  const std::uint64_t file_index = files_.size();
  files_.push_back(file);
  input::LineReader reader(source, options_.max_line_bytes);
  input::Line line;
  try {
    while (reader.next(line)) {
      const std::uint64_t origin = file_index << kLineBits | line.number;
      if (line.too_long) {
        ++report_.sent;
        note_failure(origin, "not sent: line longer than --max-line-bytes");
        continue;
      }
      const std::string_view text = input::line_content(line.text, line.number == 1);
      if (input::is_blank_line(text)) continue;
      send(text, origin);
    }
  } catch (const input::InputError& e) {
    report_.error = e.what();
    return false;
  }
  return true;
}

PublishReport Publisher::finish() {
  // Every message is acknowledged or failed by message.timeout.ms; the flush
  // waits a little longer so their reports arrive.
  rd_kafka_flush(producer_, options_.client.timeout_ms() + 5000);
  const int unreported = rd_kafka_outq_len(producer_);
  if (unreported > 0) {
    report_.failed += static_cast<std::uint64_t>(unreported);
    report_.failures.push_back(std::to_string(unreported) +
                               " message(s): no delivery report before the timeout");
  }
  return report_;
}

}  // namespace cellos::kafka
