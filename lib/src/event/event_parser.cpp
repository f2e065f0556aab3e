// SPDX-License-Identifier: Apache-2.0
#include "cellos/event/event_parser.hpp"

#include <array>
#include <cstdint>
#include <cstring>

#include "base/rust_format.hpp"
#include "cellos/json/parser.hpp"

namespace cellos {

namespace {

// The event attributes the parser captures.
enum Attribute : std::uint8_t {
  kSpecversion,
  kId,
  kSource,
  kType,
  kDatacontenttype,
  kTime,
  kTraceparent,
  kData,
  kAttributeCount,
  kOther = kAttributeCount,
};

Attribute attribute_of(std::string_view key) {
  switch (key.size()) {
    case 2:
      return key == "id" ? kId : kOther;
    case 4:
      if (key == "type") return kType;
      if (key == "data") return kData;
      if (key == "time") return kTime;
      return kOther;
    case 6:
      return key == "source" ? kSource : kOther;
    case 11:
      if (key == "specversion") return kSpecversion;
      if (key == "traceparent") return kTraceparent;
      return kOther;
    case 15:
      return key == "datacontenttype" ? kDatacontenttype : kOther;
    default:
      return kOther;
  }
}

constexpr std::array<std::string_view, kDataFieldCount> kFieldNames = {
    "cellId",   "specId",     "runId",      "placement",   "operation",    "reason",
    "exitCode", "targetKind", "targetName", "destination", "bytesWritten",
};

// -1 when the member is not one the reducer reads.
int data_field_of(std::string_view key) {
  switch (key.size()) {
    case 5:
      return key == "runId" ? static_cast<int>(DataField::RunId) : -1;
    case 6:
      if (key == "cellId") return static_cast<int>(DataField::CellId);
      if (key == "specId") return static_cast<int>(DataField::SpecId);
      if (key == "reason") return static_cast<int>(DataField::Reason);
      return -1;
    case 8:
      return key == "exitCode" ? static_cast<int>(DataField::ExitCode) : -1;
    case 9:
      if (key == "placement") return static_cast<int>(DataField::Placement);
      if (key == "operation") return static_cast<int>(DataField::Operation);
      return -1;
    case 10:
      if (key == "targetKind") return static_cast<int>(DataField::TargetKind);
      if (key == "targetName") return static_cast<int>(DataField::TargetName);
      return -1;
    case 11:
      return key == "destination" ? static_cast<int>(DataField::Destination) : -1;
    case 12:
      return key == "bytesWritten" ? static_cast<int>(DataField::BytesWritten) : -1;
    default:
      return -1;
  }
}

}  // namespace

std::string_view field_name(DataField field) {
  return kFieldNames[static_cast<std::size_t>(field)];
}

bool EventParser::parse(std::string_view line, CloudEvent& event) {
  json::Parser parser(line, scratch_);
  return parse_with(event, parser);
}

bool EventParser::parse(std::string_view line, CloudEvent& event, std::string& arena) {
  json::Parser parser(line, json::Parser::AppendTo{arena});
  return parse_with(event, parser);
}

namespace {

// The attribute's value on this line, or absent: slots are filled as they are
// met and `seen` says which are valid, so nothing is cleared per line.
constexpr json::Value kAbsent{};

const json::Value& attribute(const std::array<json::Value, 8>& slots, unsigned seen, Attribute a) {
  if ((seen & (1U << a)) != 0) return slots[a];
  return kAbsent;
}

// A required string attribute: present, a string, not empty.
constexpr unsigned kRequiredAttributes =
    (1U << kSpecversion) | (1U << kId) | (1U << kSource) | (1U << kType);

bool is_nonempty_string(const json::Value& v) {
  return v.kind == json::Kind::String && !v.text.empty();
}

bool required_attribute(const json::Value& v, std::string_view name, std::string_view& out,
                        std::string& error) {
  if (is_nonempty_string(v)) {
    out = v.text;
    return true;
  }
  if (v.kind == json::Kind::String) {
    error.assign("attribute ").append(rust::debug(name)).append(" is empty");
  } else if (v.present()) {
    error.assign("attribute ").append(rust::debug(name)).append(" must be a string");
  } else {
    error.assign("missing required attribute ").append(rust::debug(name));
  }
  return false;
}

// An optional attribute: absent, null or a string.
// An optional attribute that is absent, null or a string, taken as `out`.
bool take_optional(const json::Value& v, std::optional<std::string_view>& out) {
  if (v.kind == json::Kind::String) {
    out = v.text;
    return true;
  }
  out.reset();
  return !v.present() || v.is_null();
}

// The same, saying why it is not.
bool optional_attribute(const json::Value& v, std::string_view name,
                        std::optional<std::string_view>& out, std::string& error) {
  if (take_optional(v, out)) return true;
  error.assign("attribute ").append(rust::debug(name)).append(" must be a string");
  return false;
}

// Which members `data` has depends on the event's type, and types differ in
// their last sixteen bytes ("…identity.v1.revoked"): those, mixed, pick the
// memo (two types sharing one only cost matches); 0 for a type too short.
std::uint64_t type_shape(const json::Value& type) {
  if (type.kind != json::Kind::String || type.text.size() < 16) return 0;
  const char* end = type.text.data() + type.text.size();
  std::uint64_t last;
  std::uint64_t before;
  std::memcpy(&last, end - 8, sizeof last);  // in the machine's byte order: only a hash
  std::memcpy(&before, end - 16, sizeof before);
  return (last ^ (before * 0x9E3779B97F4A7C15U)) * 0xFF51AFD7ED558CCDU;
}

}  // namespace

json::detail::KeyMemo& EventParser::data_keys(unsigned seen) {
  // `type` comes before `data` in the usual event.
  const std::uint64_t shape = type_shape(attribute(attributes_, seen, kType));
  std::unique_ptr<json::detail::KeyMemo>& memo = data_keys_[shape >> (64 - kDataShapeBits)];
  if (!memo) memo = std::make_unique<json::detail::KeyMemo>();
  return *memo;
}

bool EventParser::parse_with(CloudEvent& event, json::Parser& parser) {
  unsigned seen = 0;
  return parse_members(event, parser, seen) && check_attributes(event, seen);
}

bool EventParser::parse_members(CloudEvent& event, json::Parser& parser, unsigned& seen) {
  parser.set_max_depth(max_depth_);
  static_assert(std::tuple_size_v<decltype(attributes_)> == kAttributeCount);
  event.data.reset(json::Kind::Absent);

  auto on_data_member = [&](std::string_view key) {
    const int field = data_field_of(key);
    if (field < 0) return parser.parse_value(nullptr);
    return parser.parse_value(&event.data.slot(static_cast<DataField>(field)));
  };
  auto on_member = [&](std::string_view key) {
    const Attribute which = attribute_of(key);
    if (which == kOther) return parser.parse_value(nullptr);
    if (which != kData) {
      seen |= 1U << which;
      return parser.parse_value(&attributes_[which]);
    }
    // A repeated `data` replaces the earlier one entirely.
    if (parser.peek() == '{') {
      event.data.reset(json::Kind::Object);
      return parser.parse_object(on_data_member, data_keys(seen));
    }
    json::Value data;
    if (!parser.parse_value(&data)) return false;
    event.data.reset(data.kind);
    return true;
  };

  parser.skip_whitespace();
  const bool is_object = parser.peek() == '{';
  bool ok = is_object ? parser.parse_object(on_member, event_keys_) : parser.parse_value(nullptr);
  ok = ok && parser.finish();
  if (!ok) {
    error_.assign("invalid JSON: ");
    error_.append(json::describe(parser.error()));
    error_.append(" at line 1 column ");
    error_.append(std::to_string(parser.error_column()));
    return false;
  }
  if (!is_object) {
    error_.assign("event is not a JSON object");
    return false;
  }
  return true;
}

bool EventParser::check_attributes(CloudEvent& event, unsigned seen) {
  // The usual event passes every check: taken in one go, with the checks
  // below (and their messages) only for an event that fails one.
  const auto& a = attributes_;
  const auto attr = [&](Attribute which) -> const json::Value& {
    return attribute(a, seen, which);
  };
  if ((seen & kRequiredAttributes) == kRequiredAttributes && is_nonempty_string(a[kSpecversion]) &&
      a[kSpecversion].text == "1.0" && is_nonempty_string(a[kId]) &&
      is_nonempty_string(a[kSource]) && is_nonempty_string(a[kType]) &&
      take_optional(attr(kDatacontenttype), event.datacontenttype) &&
      take_optional(attr(kTime), event.time) &&
      take_optional(attr(kTraceparent), event.traceparent)) {
    event.specversion = a[kSpecversion].text;
    event.id = a[kId].text;
    event.source = a[kSource].text;
    event.type = a[kType].text;
    return true;
  }
  return explain_attributes(event, seen);
}

bool EventParser::explain_attributes(CloudEvent& event, unsigned seen) {
  const auto attr = [&](Attribute a) -> const json::Value& {
    return attribute(attributes_, seen, a);
  };
  // The reference checks the attributes in this order; the first failure wins.
  if (!required_attribute(attr(kSpecversion), "specversion", event.specversion, error_)) {
    return false;
  }
  if (event.specversion != "1.0") {
    error_.assign("unsupported specversion ").append(rust::debug(event.specversion));
    return false;
  }
  return required_attribute(attr(kId), "id", event.id, error_) &&
         required_attribute(attr(kSource), "source", event.source, error_) &&
         required_attribute(attr(kType), "type", event.type, error_) &&
         optional_attribute(attr(kDatacontenttype), "datacontenttype", event.datacontenttype,
                            error_) &&
         optional_attribute(attr(kTime), "time", event.time, error_) &&
         optional_attribute(attr(kTraceparent), "traceparent", event.traceparent, error_);
}

}  // namespace cellos
