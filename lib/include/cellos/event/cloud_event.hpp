// SPDX-License-Identifier: Apache-2.0
// A CloudEvents 1.0 event in structured JSON mode, as the reducer sees it.
//
// `CloudEvent` is a view: its strings point into the input line or into the
// scratch buffer of the `EventParser` that produced it, so it is valid until
// that parser parses the next line. Of `data` it keeps only the members the
// reducer and the router read (`DataField`), each with serde_json's
// "last duplicate wins" rule already applied.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "cellos/json/value.hpp"

namespace cellos {

// The members of `data` that the reducer reads.
enum class DataField : std::uint8_t {
  CellId,
  SpecId,
  RunId,
  Placement,
  Operation,
  Reason,
  ExitCode,
  TargetKind,
  TargetName,
  Destination,
  BytesWritten,
};
inline constexpr std::size_t kDataFieldCount = 11;

// The JSON member name of a data field ("cellId", ...).
std::string_view field_name(DataField field);

class EventData {
 public:
  [[nodiscard]] bool present() const {
    return kind_ != json::Kind::Absent && kind_ != json::Kind::Null;
  }

  // serde_json's `data.get(field)`: absent unless `data` is an object that has it.
  [[nodiscard]] const json::Value& get(DataField field) const {
    if ((present_ & bit(field)) == 0) return kAbsent;
    return fields_[static_cast<std::size_t>(field)];
  }
  // The reference's `optional_string`: the member when it is a string.
  [[nodiscard]] std::optional<std::string_view> get_string(DataField field) const {
    return get(field).as_string();
  }

  // Forgets every field (O(1): one bit per field says whether it was seen).
  void reset(json::Kind kind) {
    kind_ = kind;
    present_ = 0;
  }
  // The slot a parser fills for `field`; from now on the field is present.
  json::Value& slot(DataField field) {
    present_ |= bit(field);
    return fields_[static_cast<std::size_t>(field)];
  }

 private:
  static constexpr json::Value kAbsent{};
  static constexpr std::uint16_t bit(DataField field) {
    return static_cast<std::uint16_t>(1U << static_cast<unsigned>(field));
  }

  json::Kind kind_ = json::Kind::Absent;
  std::uint16_t present_ = 0;
  std::array<json::Value, kDataFieldCount> fields_;
};

struct CloudEvent {
  std::string_view specversion;
  std::string_view id;
  std::string_view source;
  std::string_view type;
  std::optional<std::string_view> datacontenttype;
  std::optional<std::string_view> time;
  std::optional<std::string_view> traceparent;
  EventData data;
};

}  // namespace cellos
