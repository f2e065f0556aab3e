// SPDX-License-Identifier: Apache-2.0
#include "cellos/base/rfc3339.hpp"

#include <doctest/doctest.h>

namespace cellos {
namespace {

Instant at(std::string_view text) {
  const auto instant = parse_rfc3339(text);
  INFO(text);
  REQUIRE(instant.has_value());
  return *instant;
}

TEST_CASE("timestamps become instants on the UTC timeline") {
  CHECK(at("1970-01-01T00:00:00Z") == Instant{0, 0});
  CHECK(at("2026-11-27T08:00:58.522Z") == Instant{1795766458, 522000000});
  CHECK(at("2000-02-29t12:00:00z").seconds == 951825600);
  CHECK(at("1969-12-31T23:59:59Z").seconds == -1);
  CHECK(at("2026-11-27 08:00:58Z") == at("2026-11-27T08:00:58Z"));
}

TEST_CASE("offsets are honoured and fractions compare to the nanosecond") {
  CHECK(at("2026-11-27T10:00:00+02:00") == at("2026-11-27T08:00:00Z"));
  CHECK(at("2026-11-27T03:30:00-04:30") == at("2026-11-27T08:00:00Z"));
  CHECK(at("2026-11-27T08:00:00.000000001Z") > at("2026-11-27T08:00:00Z"));
  CHECK(at("2026-11-27T08:00:00.5Z") == at("2026-11-27T08:00:00.500000000Z"));
  CHECK(at("2026-11-27T08:00:00.1234567891Z").nanoseconds == 123456789);
  CHECK(at("2026-11-27T08:00:00.999Z") < at("2026-11-27T08:00:01Z"));
  CHECK(at("2016-12-31T23:59:60Z") == at("2017-01-01T00:00:00Z"));  // a leap second
}

TEST_CASE("anything else is no timestamp") {
  for (const char* text : {"", "2026-11-27", "2026-11-27T08:00:00", "2026-11-27T08:00Z",
                           "2026-13-01T00:00:00Z", "2026-02-29T00:00:00Z", "2026-11-31T00:00:00Z",
                           "2026-11-27T24:00:00Z", "2026-11-27T08:60:00Z", "2026-11-27T08:00:00.Z",
                           "2026-11-27T08:00:00+2:00", "2026-11-27T08:00:00+24:00",
                           "2026-11-27T08:00:00Zjunk", "2026/11/27T08:00:00Z", "yesterday"}) {
    CAPTURE(text);
    CHECK_FALSE(parse_rfc3339(text).has_value());
  }
}

}  // namespace
}  // namespace cellos
