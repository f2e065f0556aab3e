// SPDX-License-Identifier: Apache-2.0
// Turns one input line into a `CloudEvent`, or says why the line is malformed.
//
// The rules are SPEC.md §1: exactly one JSON value as serde_json accepts it,
// which must be a CloudEvents 1.0 object with non-empty string `id`, `source`
// and `type`, and string-or-null `datacontenttype`, `time` and `traceparent`.
// One pass over the line, no allocation once the scratch buffer has grown to
// the longest line seen.
#pragma once

#include <array>
#include <memory>
#include <string>
#include <string_view>

#include "cellos/event/cloud_event.hpp"
#include "cellos/json/parser.hpp"

namespace cellos {

class EventParser {
 public:
  // On success fills `event` with views that stay valid until the next call.
  // On failure `error()` says what is wrong with the line.
  bool parse(std::string_view line, CloudEvent& event);
  // The same, decoding escaped strings into `arena` (spare capacity at least
  // `line.size()`), so `event` stays valid as long as the arena and the line.
  bool parse(std::string_view line, CloudEvent& event, std::string& arena);

  [[nodiscard]] const std::string& error() const { return error_; }

  // Arrays and objects nested deeper than this make a line malformed. The
  // default and the most is the reference's limit, 127 (the event object
  // counts as 1); lower it to refuse deep documents sooner.
  void set_max_depth(int depth) { max_depth_ = depth; }

 private:
  bool parse_with(CloudEvent& event, json::Parser& parser);
  // The JSON object: its attributes into their slots (`seen` says which were
  // met), the data members the reducer reads into `event`.
  bool parse_members(CloudEvent& event, json::Parser& parser, unsigned& seen);
  // The memo for the `data` members of this line's event type.
  json::detail::KeyMemo& data_keys(unsigned seen);
  // The attributes' types and values, in the reference's order.
  bool check_attributes(CloudEvent& event, unsigned seen);
  // The checks one by one, the first failure in `error_`: for an event that
  // does not pass them all at once.
  bool explain_attributes(CloudEvent& event, unsigned seen);

  std::string scratch_;
  std::string error_;
  // The keys of the last line's event and of the last `data` of each kind
  // of event (data_keys picks the kind), in order. A log has a few kinds of
  // event, so the data memos are made when first needed: 32 of them in
  // place (~25 KB, zeroed) cost a short replay ~6 page faults of the stack
  // its replayer lives on.
  json::detail::KeyMemo event_keys_;
  static constexpr unsigned kDataShapeBits = 5;
  std::array<std::unique_ptr<json::detail::KeyMemo>, std::size_t{1} << kDataShapeBits> data_keys_;
  // The attributes met on the line being parsed (which ones, parse_with
  // keeps): a member, so that no line pays for clearing them.
  std::array<json::Value, 8> attributes_;
  int max_depth_ = json::kMaxDepth;
};

}  // namespace cellos
