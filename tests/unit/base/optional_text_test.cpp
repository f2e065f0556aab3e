// SPDX-License-Identifier: Apache-2.0
#include "cellos/base/optional_text.hpp"

#include <doctest/doctest.h>

#include <string>
#include <utility>

namespace cellos {
namespace {

TEST_CASE("absent, inline and heap texts") {
  OptionalText absent;
  CHECK_FALSE(absent.has_value());
  CHECK(absent.get() == std::nullopt);
  const std::string long_text(1000, 'z');
  for (const std::string& text : {std::string(), std::string("spec-182"), std::string(15, 'x'),
                                  std::string(16, 'y'), long_text}) {
    CAPTURE(text.size());
    OptionalText t(std::optional<std::string_view>{text});
    REQUIRE(t.has_value());
    CHECK(t.view() == text);
    OptionalText copy = t;
    CHECK(copy == t);
    OptionalText moved = std::move(copy);
    CHECK(moved.view() == text);
    CHECK_FALSE(copy.has_value());  // NOLINT(bugprone-use-after-move): moved-from is absent
    moved = absent;
    CHECK_FALSE(moved.has_value());
  }
}

TEST_CASE("reassignment releases and replaces") {
  OptionalText t(
      std::optional<std::string_view>{std::string_view("a fairly long string on the heap")});
  t.assign(std::string_view("short"));
  CHECK(t.view() == "short");
  t.assign(std::nullopt);
  CHECK_FALSE(t);
  t = t;  // self-assignment keeps the value
  CHECK_FALSE(t);
}

}  // namespace
}  // namespace cellos
