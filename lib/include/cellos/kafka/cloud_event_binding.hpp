// SPDX-License-Identifier: Apache-2.0
// The CloudEvents Kafka protocol binding (cloudevents/spec kafka-protocol-
// binding.md), both content modes, as pure functions over a message's value
// and headers, so they are testable without a broker.
//
// - Structured mode: the record value is the JSON event (what `publish`
//   sends by default, and what a file line holds).
// - Binary mode: `ce_`-prefixed headers carry the attributes, the value is
//   the event's `data`, and `content-type` is its `datacontenttype`. A
//   message is in binary mode when it has a `ce_specversion` header.
//
// Replay turns either into the structured JSON text the event parser reads;
// publish turns a structured event into either.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cellos::kafka {

struct MessageHeader {
  std::string_view name;
  std::optional<std::string_view> value;  // a header may carry no value
};

// The event of a consumed message as structured JSON: the value itself in
// structured mode, or a JSON object assembled into `scratch` in binary mode.
// nullopt when a binary-mode message cannot be an event; `error` says why.
std::optional<std::string_view> structured_event(std::optional<std::string_view> value,
                                                 const std::vector<MessageHeader>& headers,
                                                 std::string& scratch, std::string& error);

// A structured event (one log line) in binary mode: headers and value.
struct BinaryMessage {
  std::vector<std::pair<std::string, std::string>> headers;
  std::optional<std::string> value;  // nullopt: the event has no data
};

// Converts `event` (one JSON object) to binary mode. False, with `error`
// set, when it is not a JSON object.
bool to_binary(std::string_view event, BinaryMessage& out, std::string& error);

// Whether a content type names JSON: application/json, text/json or any
// `+json` suffix, parameters ignored. No content type means JSON too.
bool is_json_content_type(std::optional<std::string_view> content_type);

// RFC 4648 base64, for data that is not JSON (the event's `data_base64`).
std::string base64_encode(std::string_view bytes);
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace cellos::kafka
