// SPDX-License-Identifier: Apache-2.0
#include "reducer/serde_decode.hpp"

#include <array>
#include <string_view>
#include <utility>
#include <vector>

#include "base/rust_format.hpp"
#include "cellos/json/parser.hpp"

namespace cellos::serde {

std::string describe_unexpected(const json::Value& value) {
  std::string out;
  switch (value.kind) {
    case json::Kind::Absent:
    case json::Kind::Null:
      return "null";
    case json::Kind::Bool:
      return value.boolean ? "boolean `true`" : "boolean `false`";
    case json::Kind::Number:
      switch (value.number.cls) {
        case json::NumberClass::Unsigned:
          return "integer `" + std::to_string(value.number.u) + "`";
        case json::NumberClass::Negative:
          return "integer `" + std::to_string(value.number.i) + "`";
        case json::NumberClass::Float:
          out = "floating point `";
          rust::append_display(out, value.number.f);
          out.push_back('`');
          return out;
      }
      break;
    case json::Kind::String:
      out = "string ";
      rust::append_debug(out, value.text);
      return out;
    case json::Kind::Array:
      return "sequence";
    case json::Kind::Object:
      return "map";
  }
  return out;
}

namespace {

std::string invalid_type(const json::Value& value, std::string_view expected) {
  std::string out = "invalid type: ";
  out.append(describe_unexpected(value));
  out.append(", expected ");
  out.append(expected);
  return out;
}

// Option<String>: null is None, a string is Some, anything else an error.
std::optional<std::string> take_optional_string(const json::Value& value,
                                                std::optional<std::string_view>& slot) {
  if (value.kind == json::Kind::String) {
    slot = value.text;
  } else if (value.present() && !value.is_null()) {
    return invalid_type(value, "a string");
  }
  return std::nullopt;
}

// Re-reads an already validated container; its strings decode into `scratch`.
std::optional<std::string> decode_object_placement(std::string_view text, std::string& scratch,
                                                   PlacementView& out) {
  json::Parser parser(text, scratch);
  // serde visits a map in key order; these three names sort as listed, so
  // the first bad one in this order is the one reported.
  json::Value kubernetes_namespace;
  json::Value pool_id;
  json::Value queue_name;
  parser.parse_object([&](std::string_view key) {
    if (key == "kubernetesNamespace") return parser.parse_value(&kubernetes_namespace);
    if (key == "poolId") return parser.parse_value(&pool_id);
    if (key == "queueName") return parser.parse_value(&queue_name);
    return parser.parse_value(nullptr);
  });
  if (auto e = take_optional_string(kubernetes_namespace, out.kubernetes_namespace)) return e;
  if (auto e = take_optional_string(pool_id, out.pool_id)) return e;
  return take_optional_string(queue_name, out.queue_name);
}

std::optional<std::string> decode_array_placement(std::string_view text, std::string& scratch,
                                                  PlacementView& out) {
  json::Parser parser(text, scratch);
  std::optional<std::string_view>* slots[] = {&out.pool_id, &out.kubernetes_namespace,
                                              &out.queue_name};
  std::optional<std::string> error;
  std::size_t length = 0;
  parser.parse_array([&]() {
    json::Value element;
    if (!parser.parse_value(&element)) return false;
    if (length < 3 && !error) error = take_optional_string(element, *slots[length]);
    ++length;
    return true;
  });
  if (error) return error;
  if (length > 3) {
    return "invalid length " + std::to_string(length) + ", expected fewer elements in array";
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> decode_placement(const json::Value& value, std::string& scratch,
                                            PlacementView& out) {
  out = PlacementView{};
  if (value.kind == json::Kind::Object) return decode_object_placement(value.text, scratch, out);
  if (value.kind == json::Kind::Array) return decode_array_placement(value.text, scratch, out);
  return invalid_type(value, "struct PlacementSpec");
}

std::optional<std::string> decode_target_kind(const json::Value& value, TargetKind& out) {
  auto variant = [&](std::string_view name) -> std::optional<std::string> {
    if (name == "s3") {
      out = TargetKind::S3;
    } else if (name == "http") {
      out = TargetKind::Http;
    } else {
      std::string e = "unknown variant `";
      e.append(name);
      e.append("`, expected `s3` or `http`");
      return e;
    }
    return std::nullopt;
  };
  if (value.kind == json::Kind::String) return variant(value.text);
  if (value.kind != json::Kind::Object) return invalid_type(value, "string or map");

  // The map's distinct keys, last duplicate winning, as serde_json's Map has them.
  std::string scratch;
  json::Parser parser(value.text, scratch);
  std::vector<std::pair<std::string, json::Value>> members;
  parser.parse_object([&](std::string_view key) {
    json::Value member;
    if (!parser.parse_value(&member)) return false;
    for (auto& [k, v] : members) {
      if (k == key) {
        v = member;
        return true;
      }
    }
    members.emplace_back(std::string(key), member);
    return true;
  });
  if (members.size() != 1) return std::string("invalid value: map, expected map with a single key");
  if (auto e = variant(members.front().first)) return e;
  const json::Value& content = members.front().second;
  if (!content.is_null()) return invalid_type(content, "unit");
  return std::nullopt;
}

}  // namespace cellos::serde
