#include "cellos/event_id_set.hpp"

#include <doctest/doctest.h>

#include <string>

namespace cellos {
namespace {

TEST_CASE("ids are found exactly, before and after the index takes over") {
  EventIdSet set;
  for (int i = 0; i < 1000; ++i) {
    const std::string id = "id-" + std::to_string(i);
    REQUIRE_FALSE(set.contains(id));
    set.insert(id);
    REQUIRE(set.contains(id));
    if (i == 10 || i == 999) {
      for (int j = 0; j <= i; ++j) CHECK(set.contains("id-" + std::to_string(j)));
      CHECK_FALSE(set.contains("id-" + std::to_string(i + 1)));
      CHECK_FALSE(set.contains("id-"));
    }
  }
  CHECK(set.size() == 1000);
}

TEST_CASE("ids with NULs and prefixes of each other are distinct") {
  EventIdSet set;
  set.insert(std::string_view("a\0b", 3));
  CHECK_FALSE(set.contains("a"));
  CHECK(set.contains(std::string_view("a\0b", 3)));
  set.insert("a");
  CHECK(set.contains("a"));
}

}  // namespace
}  // namespace cellos
