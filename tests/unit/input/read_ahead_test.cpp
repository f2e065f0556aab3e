// SPDX-License-Identifier: Apache-2.0
// The read-ahead thread hands over every byte in order, and a failure of the
// source only after the bytes read before it.
#include "input/read_ahead.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>

namespace cellos::input {
namespace {

struct CountingSource final : ByteSource {
  std::size_t total;
  std::size_t pos = 0;
  bool fail_at_end;
  CountingSource(std::size_t n, bool fail) : total(n), fail_at_end(fail) {}
  std::size_t read(char* buffer, std::size_t size) override {
    if (pos == total) {
      if (fail_at_end) throw InputError("x: zstd: corrupt data");
      return 0;
    }
    const std::size_t n = std::min(std::min(size, total - pos), std::size_t{777});
    for (std::size_t i = 0; i < n; ++i) buffer[i] = static_cast<char>('a' + (pos + i) % 26);
    pos += n;
    return n;
  }
  [[nodiscard]] std::uint64_t consumed() const override { return pos; }
};

std::string drain(ByteSource& source, std::size_t chunk) {
  std::string out;
  std::string buf(chunk, '\0');
  while (std::size_t n = source.read(buf.data(), buf.size())) out.append(buf, 0, n);
  return out;
}

TEST_CASE("every byte arrives, in order, whatever the block and read sizes") {
  for (std::size_t block : {1, 100, 4096}) {
    for (std::size_t chunk : {1, 333, 10000}) {
      CountingSource inner(50000, false);
      ReadAheadSource ahead(inner, block, 3);
      const std::string data = drain(ahead, chunk);
      REQUIRE(data.size() == 50000);
      bool in_order = true;
      for (std::size_t i = 0; i < data.size(); ++i)
        in_order &= data[i] == static_cast<char>('a' + i % 26);
      CHECK(in_order);
    }
  }
}

TEST_CASE("an error comes after the data read before it") {
  CountingSource inner(10000, true);
  ReadAheadSource ahead(inner, 512, 2);
  std::string data;
  char buf[300];
  CHECK_THROWS_WITH_AS(
      {
        while (std::size_t n = ahead.read(buf, sizeof buf)) data.append(buf, n);
      },
      "x: zstd: corrupt data", InputError);
  CHECK(data.size() == 10000);
}

TEST_CASE("destroying it early stops the thread") {
  CountingSource inner(std::size_t{1} << 30, false);
  ReadAheadSource ahead(inner, 4096, 2);
  char buf[10];
  CHECK(ahead.read(buf, sizeof buf) == 10);
}

}  // namespace
}  // namespace cellos::input
