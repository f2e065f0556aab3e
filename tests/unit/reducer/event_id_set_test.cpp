// SPDX-License-Identifier: Apache-2.0
#include "cellos/reducer/detail/event_id_set.hpp"

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

namespace cellos {
namespace {

TEST_CASE("canonical UUIDs are stored compactly, other spellings stay distinct") {
  EventIdSet set;
  set.insert("5a78c252-e44f-42f5-8154-1057c97e85bb");
  CHECK(set.contains("5a78c252-e44f-42f5-8154-1057c97e85bb"));
  CHECK_FALSE(set.contains("5A78C252-E44F-42F5-8154-1057C97E85BB"));  // upper case is another id
  CHECK_FALSE(set.contains("5a78c252-e44f-42f5-8154-1057c97e85bc"));
  CHECK_FALSE(set.contains("5a78c252e44f-42f5-8154-1057c97e85bb-"));
  set.insert("5A78C252-E44F-42F5-8154-1057C97E85BB");
  CHECK(set.contains("5A78C252-E44F-42F5-8154-1057C97E85BB"));
  set.insert("5a78c252-e44f-42f5-8154-1057c97e85bg");  // not hex: stored raw
  CHECK(set.contains("5a78c252-e44f-42f5-8154-1057c97e85bg"));
  CHECK(set.size() == 3);

  // Saved states hold this encoding: a tag, then the sixteen bytes in order.
  EventIdSet one;
  one.insert("5a78c252-e44f-42f5-8154-1057c97e85bb");
  CHECK(
      one.encoded() ==
      std::string_view("\xFC\x5a\x78\xc2\x52\xe4\x4f\x42\xf5\x81\x54\x10\x57\xc9\x7e\x85\xbb", 17));
}

TEST_CASE("a UUID differing in any one byte is another id, stored raw unless canonical") {
  const std::string uuid = "0a1b2c3d-4e5f-6789-abcd-ef0123456789";
  EventIdSet set;
  set.insert(uuid);
  for (std::size_t at = 0; at < uuid.size(); ++at) {
    for (int byte = 0; byte < 256; ++byte) {
      std::string other = uuid;
      other[at] = static_cast<char>(byte);
      if (other == uuid) continue;
      CAPTURE(at);
      CAPTURE(byte);
      REQUIRE_FALSE(set.contains(other));
      // Beside three canonical UUIDs, 4 x 17 bytes fill the first
      // allocation exactly when it is canonical too; its raw text does not fit.
      EventIdSet four;
      four.insert(other);
      for (const char* id :
           {"10000000-0000-0000-0000-000000000000", "20000000-0000-0000-0000-000000000000",
            "30000000-0000-0000-0000-000000000000"}) {
        four.insert(id);
      }
      REQUIRE(four.contains(other));
      const bool hex = (byte >= '0' && byte <= '9') || (byte >= 'a' && byte <= 'f');
      const bool dash = at == 8 || at == 13 || at == 18 || at == 23;
      CHECK((four.heap_bytes() == 4 * 17) == (hex && !dash));
    }
  }
}

TEST_CASE("a UUID takes 17 bytes, and a typical cell's ids two allocations") {
  EventIdSet set;
  std::size_t allocations = 0;
  std::size_t held = set.heap_bytes();
  for (int i = 0; i < 8; ++i) {
    set.insert("5a78c252-e44f-42f5-8154-1057c97e85b" + std::to_string(i));
    if (set.heap_bytes() != held) ++allocations;
    held = set.heap_bytes();
  }
  CHECK(set.heap_bytes() == 8 * 17);  // 37 bytes each as text
  CHECK(allocations == 2);
}

TEST_CASE("ids longer than the short form round-trip") {
  EventIdSet set;
  const std::string long_id(1 << 20, 'x');
  set.insert(long_id);
  set.insert(std::string(250, 'y'));
  set.insert(std::string(251, 'y'));
  CHECK(set.contains(long_id));
  CHECK(set.contains(std::string(250, 'y')));
  CHECK(set.contains(std::string(251, 'y')));
  CHECK_FALSE(set.contains(std::string(252, 'y')));
  CHECK_FALSE(set.contains(long_id.substr(1)));
}

}  // namespace
}  // namespace cellos
