// SPDX-License-Identifier: Apache-2.0
#include "base/byte_buffer.hpp"

#include <doctest/doctest.h>

#include <cstring>
#include <string>

namespace cellos {
namespace {

TEST_CASE("bytes written into tail() and committed are kept as the buffer grows") {
  ByteBuffer buffer;
  CHECK(buffer.empty());
  std::string expected;
  for (int i = 0; i < 2000; ++i) {
    const std::string piece = std::to_string(i) + ",";
    // Room for more than is written: only what is committed counts.
    char* room = buffer.tail(piece.size() + 100);
    std::memcpy(room, piece.data(), piece.size());
    if (i % 2 == 0) {
      buffer.commit(piece.size());
    } else {
      buffer.commit_to(room + piece.size());
    }
    expected += piece;
  }
  CHECK(buffer.view() == expected);
  CHECK(buffer.size() == expected.size());
}

TEST_CASE("append, push_back, shrink_to, drop_front and clear") {
  ByteBuffer buffer;
  buffer.append("");  // nothing, on a buffer with no storage yet
  CHECK(buffer.empty());
  buffer.append("hello");
  buffer.push_back(' ');
  buffer.append("world");
  CHECK(buffer.view() == "hello world");
  buffer.shrink_to(5);
  CHECK(buffer.view() == "hello");
  buffer.drop_front(2);
  CHECK(buffer.view() == "llo");
  buffer.clear();
  CHECK(buffer.empty());
  buffer.append("again");
  CHECK(buffer.view() == "again");
}

}  // namespace
}  // namespace cellos
