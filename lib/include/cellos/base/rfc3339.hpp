// SPDX-License-Identifier: Apache-2.0
// Instants written as RFC 3339 timestamps (CloudEvents' `time`, --until):
// parsed into a point on the UTC timeline, so that offsets are honoured and
// fractions of a second compare to the nanosecond.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string_view>

namespace cellos {

struct Instant {
  std::int64_t seconds = 0;      // since 1970-01-01T00:00:00Z
  std::int32_t nanoseconds = 0;  // 0 to 999,999,999
  // clang-tidy 14 takes the defaulted comparison's 0 for a null pointer.
  auto operator<=>(const Instant&) const = default;  // NOLINT(modernize-use-nullptr)
};

// `YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)`; `t`, `z` and a space
// for `T` are accepted too, and a leap second (:60) as the second after :59.
// Digits of the fraction past the ninth are dropped. nullopt when `text` is
// not such a timestamp or names no real date.
std::optional<Instant> parse_rfc3339(std::string_view text);

}  // namespace cellos
