// SPDX-License-Identifier: Apache-2.0
// A JSON value found in an input line: kind, number class and text, no tree.
//
// The event parser records only the values the reducer reads (`id`, `type`,
// `data.cellId`, ...), each as a `json::Value` that views the line or the
// parser's scratch buffer. Numbers keep serde_json's classification (u64, i64
// or f64), because the reducer's `as_i64` / `as_u64` decisions depend on it.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace cellos::json {

enum class Kind : std::uint8_t { Absent, Null, Bool, Number, String, Array, Object };

// serde_json's ParserNumber: PosInt (u64), NegInt (i64) or Float (f64).
enum class NumberClass : std::uint8_t { Unsigned, Negative, Float };

struct Number {
  NumberClass cls = NumberClass::Unsigned;
  // One of them, as `cls` says: parsed lines hold eleven Values each, and
  // batches thousands of lines, so every byte here is paid many times over.
  union {
    std::uint64_t u = 0;  // when cls == Unsigned
    std::int64_t i;       // when cls == Negative
    double f;             // when cls == Float, computed exactly as serde_json 1.0.87 does
  };
};

struct Value {
  Kind kind = Kind::Absent;
  bool boolean = false;
  Number number;
  // String: the decoded contents. Number: the literal. Array/Object: the raw
  // text including brackets (already validated), for decoding on demand.
  std::string_view text;

  [[nodiscard]] bool present() const { return kind != Kind::Absent; }
  [[nodiscard]] bool is_null() const { return kind == Kind::Null; }

  // serde_json's `Value::as_str`.
  [[nodiscard]] std::optional<std::string_view> as_string() const {
    if (kind == Kind::String) return text;
    return std::nullopt;
  }
  // serde_json's `Value::as_i64`: integers that fit i64; never floats.
  [[nodiscard]] std::optional<std::int64_t> as_i64() const {
    if (kind != Kind::Number) return std::nullopt;
    if (number.cls == NumberClass::Negative) return number.i;
    if (number.cls == NumberClass::Unsigned && number.u <= INT64_MAX) {
      return static_cast<std::int64_t>(number.u);
    }
    return std::nullopt;
  }
  // serde_json's `Value::as_u64`: non-negative integers only.
  [[nodiscard]] std::optional<std::uint64_t> as_u64() const {
    if (kind == Kind::Number && number.cls == NumberClass::Unsigned) return number.u;
    return std::nullopt;
  }
};

static_assert(sizeof(Value) <= 40, "a Value is held eleven times per parsed line");

}  // namespace cellos::json
