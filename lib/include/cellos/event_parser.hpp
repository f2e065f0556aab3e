// Turns one input line into a `CloudEvent`, or says why the line is malformed.
//
// The rules are SPEC.md §1: exactly one JSON value as serde_json accepts it,
// which must be a CloudEvents 1.0 object with non-empty string `id`, `source`
// and `type`, and string-or-null `datacontenttype`, `time` and `traceparent`.
// One pass over the line, no allocation once the scratch buffer has grown to
// the longest line seen.
#pragma once

#include <string>
#include <string_view>

#include "cellos/cloud_event.hpp"

namespace cellos {

class EventParser {
 public:
  // On success fills `event` with views that stay valid until the next call.
  // On failure `error()` says what is wrong with the line.
  bool parse(std::string_view line, CloudEvent& event);

  [[nodiscard]] const std::string& error() const { return error_; }

 private:
  std::string scratch_;
  std::string error_;
};

}  // namespace cellos
