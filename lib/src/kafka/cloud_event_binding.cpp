// SPDX-License-Identifier: Apache-2.0
#include "cellos/kafka/cloud_event_binding.hpp"

#include <algorithm>
#include <array>
#include <cstdint>

#include "cellos/base/utf8.hpp"
#include "cellos/json/parser.hpp"
#include "cellos/json/writer.hpp"

namespace cellos::kafka {

namespace {

constexpr std::string_view kAttributePrefix = "ce_";
constexpr std::string_view kContentType = "content-type";

bool valid_utf8(std::string_view text) {
  return utf8::is_valid(text);
}

char lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

void append_lower(std::string& out, std::string_view text) {
  for (const char c : text) out.push_back(lower(c));
}

// Whether `text` equals `lowercase` but for ASCII case; no copy, as this runs
// for every header of every message.
bool equals_ignoring_case(std::string_view text, std::string_view lowercase) {
  return text.size() == lowercase.size() &&
         std::equal(text.begin(), text.end(), lowercase.begin(),
                    [](char a, char b) { return lower(a) == b; });
}

// The last header named `name` (Kafka allows repeats; the last one wins, as
// with duplicate JSON members).
std::optional<std::string_view> last_header(const std::vector<MessageHeader>& headers,
                                            std::string_view name) {
  for (std::size_t i = headers.size(); i-- > 0;) {
    if (equals_ignoring_case(headers[i].name, name))
      return headers[i].value ? headers[i].value : std::string_view();
  }
  return std::nullopt;
}

bool valid_json(std::string_view text, std::string& error) {
  std::string scratch;
  json::Parser parser(text, scratch);
  if (parser.parse_value(nullptr) && parser.finish()) return true;
  error = std::string(json::describe(parser.error())) + " at byte " +
          std::to_string(parser.error_offset() + 1);
  return false;
}

}  // namespace

bool is_json_content_type(std::optional<std::string_view> content_type) {
  if (!content_type) return true;
  std::string type;
  append_lower(type, content_type->substr(0, content_type->find(';')));
  while (!type.empty() && (type.back() == ' ' || type.back() == '\t')) type.pop_back();
  type.erase(0, type.find_first_not_of(" \t"));
  return type == "application/json" || type == "text/json" ||
         (type.size() > 5 && type.ends_with("+json"));
}

std::optional<std::string_view> structured_event(std::optional<std::string_view> value,
                                                 const std::vector<MessageHeader>& headers,
                                                 std::string& scratch, std::string& error) {
  if (!last_header(headers, "ce_specversion")) return value.value_or(std::string_view());

  scratch.clear();
  json::Writer out(scratch);
  out.begin_object();
  // Attributes in header order; a repeated header's last value wins, as the
  // event parser takes the last of duplicate members.
  std::string name;  // one buffer for every header's lowercased name
  for (const MessageHeader& header : headers) {
    name.clear();
    append_lower(name, header.name);
    if (!name.starts_with(kAttributePrefix) || name.size() == kAttributePrefix.size()) continue;
    const std::string_view text = header.value.value_or(std::string_view());
    // The message names the header only when that is safe to print.
    if (!valid_utf8(name)) {
      error = "a binary-mode header name is not valid UTF-8";
      return std::nullopt;
    }
    if (!valid_utf8(text)) {
      error = "binary-mode header " + name + " is not valid UTF-8";
      return std::nullopt;
    }
    out.key(std::string_view(name).substr(kAttributePrefix.size()));
    out.string(text);
  }
  const std::optional<std::string_view> content_type = last_header(headers, kContentType);
  if (content_type) {
    if (!valid_utf8(*content_type)) {
      error = "binary-mode header content-type is not valid UTF-8";
      return std::nullopt;
    }
    out.key("datacontenttype");
    out.string(*content_type);
  }
  // An empty value is no data, like a null one (a tombstone).
  if (value && !value->empty()) {
    if (is_json_content_type(content_type)) {
      std::string why;
      if (!valid_json(*value, why)) {
        error = "binary-mode data (the message value) is not JSON: " + why;
        return std::nullopt;
      }
      out.key("data");
      out.raw_value(*value);
    } else {
      out.key("data_base64");
      out.string(base64_encode(*value));
    }
  }
  out.end_object();
  return scratch;
}

namespace {

// A structured event's members as binary mode carries them: the data and
// its content type in the value, every other attribute in a header.
struct BinaryParts {
  std::optional<std::string> content_type;
  std::optional<std::string> data;  // JSON text
  std::optional<std::string> data_base64;
  std::vector<std::pair<std::string, std::string>> headers;
};

// A present member's value as a header's text: a string as it is, a boolean
// as true/false, anything else as its JSON text.
std::string header_text(const json::Value& value) {
  if (value.kind == json::Kind::Bool) return value.boolean ? "true" : "false";
  return std::string(value.text);
}

// Sorts the member `key` into `parts` (a null member is an absent one);
// false, with `refusal` set, when the event cannot go binary.
bool take_member(std::string_view key, const json::Value& value, BinaryParts& parts,
                 std::string& refusal) {
  const bool absent = value.kind == json::Kind::Null || value.kind == json::Kind::Absent;
  if (key == "data") {
    if (absent) {
      parts.data.reset();
    } else if (value.kind == json::Kind::String) {
      parts.data.emplace();
      json::append_quoted(*parts.data, value.text);
    } else {
      parts.data = std::string(value.text);
    }
    return true;
  }
  if (absent) return true;
  if (key == "data_base64") {
    if (value.kind != json::Kind::String) {
      refusal = "data_base64 is not a string";
      return false;
    }
    parts.data_base64 = std::string(value.text);
  } else if (key == "datacontenttype") {
    parts.content_type = header_text(value);
  } else {
    parts.headers.emplace_back(std::string(kAttributePrefix) + std::string(key),
                               header_text(value));
  }
  return true;
}

// Duplicate members: the last one wins, as in the event parser; the headers
// keep the order of those last ones.
void keep_last_of_each_name(std::vector<std::pair<std::string, std::string>>& headers) {
  std::vector<std::pair<std::string, std::string>> unique;
  for (std::size_t i = headers.size(); i-- > 0;) {
    auto& header = headers[i];
    const bool seen = std::any_of(unique.begin(), unique.end(),
                                  [&](const auto& kept) { return kept.first == header.first; });
    if (!seen) unique.push_back(std::move(header));
  }
  headers.assign(std::make_move_iterator(unique.rbegin()), std::make_move_iterator(unique.rend()));
}

bool parse_parts(std::string_view event, BinaryParts& parts, std::string& error) {
  std::string scratch;
  json::Parser parser(event, scratch);
  parser.skip_whitespace();
  if (parser.peek() != '{') {
    error = "not a JSON object";
    return false;
  }
  std::string refusal;  // why the event cannot go binary
  const bool ok = parser.parse_object([&](std::string_view key) {
    json::Value value;
    return parser.parse_value(&value) && take_member(key, value, parts, refusal);
  });
  if (!ok || !parser.finish()) {
    error = refusal.empty() ? std::string(json::describe(parser.error())) : refusal;
    return false;
  }
  keep_last_of_each_name(parts.headers);
  return true;
}

}  // namespace

bool to_binary(std::string_view event, BinaryMessage& out, std::string& error) {
  out.headers.clear();
  out.value.reset();
  BinaryParts parts;
  if (!parse_parts(event, parts, error)) return false;
  out.headers = std::move(parts.headers);
  // Bytes without a type would read back as JSON data.
  if (!parts.content_type && !parts.data && parts.data_base64) {
    parts.content_type = "application/octet-stream";
  }
  if (parts.content_type) out.headers.emplace_back(std::string(kContentType), *parts.content_type);
  if (parts.data) {
    out.value = std::move(parts.data);
  } else if (parts.data_base64) {
    out.value = base64_decode(*parts.data_base64);
    if (!out.value) {
      error = "data_base64 is not base64";
      return false;
    }
  }
  return true;
}

std::string base64_encode(std::string_view bytes) {
  static constexpr std::string_view kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const auto n = (static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i])) << 16) |
                   (static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i + 1])) << 8) |
                   static_cast<unsigned char>(bytes[i + 2]);
    for (int shift = 18; shift >= 0; shift -= 6) out.push_back(kAlphabet[(n >> shift) & 63U]);
  }
  const std::size_t rest = bytes.size() - i;
  if (rest > 0) {
    std::uint32_t n = static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i])) << 16;
    if (rest == 2) n |= static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i + 1])) << 8;
    out.push_back(kAlphabet[(n >> 18) & 63U]);
    out.push_back(kAlphabet[(n >> 12) & 63U]);
    out.push_back(rest == 2 ? kAlphabet[(n >> 6) & 63U] : '=');
    out.push_back('=');
  }
  return out;
}

std::optional<std::string> base64_decode(std::string_view text) {
  static constexpr auto kValues = [] {
    std::array<std::int8_t, 256> values{};
    values.fill(-1);
    const std::string_view alphabet =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (std::size_t i = 0; i < alphabet.size(); ++i)
      values[static_cast<unsigned char>(alphabet[i])] = static_cast<std::int8_t>(i);
    return values;
  }();
  while (!text.empty() && text.back() == '=') text.remove_suffix(1);
  if (text.size() % 4 == 1) return std::nullopt;
  std::string out;
  out.reserve(text.size() * 3 / 4);
  std::uint32_t bits = 0;
  int count = 0;
  for (const char c : text) {
    const std::int8_t v = kValues[static_cast<unsigned char>(c)];
    if (v < 0) return std::nullopt;
    bits = (bits << 6) | static_cast<std::uint32_t>(v);
    count += 6;
    if (count >= 8) {
      count -= 8;
      out.push_back(static_cast<char>((bits >> count) & 0xFFU));
    }
  }
  return out;
}

}  // namespace cellos::kafka
