// SPDX-License-Identifier: Apache-2.0
#include "cellos/input/line_reader.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "support/memory_source.hpp"

namespace cellos::input {
namespace {

std::vector<std::string> lines_of(const std::string& data, std::size_t chunk,
                                  std::size_t max = 1 << 20) {
  test::MemorySource source(data, chunk);
  LineReader reader(source, max);
  std::vector<std::string> out;
  Line line;
  while (reader.next(line)) {
    out.push_back(line.too_long ? "<too long " + std::to_string(line.length) + ">"
                                : std::string(line.text));
    CHECK(line.number == out.size());
  }
  return out;
}

TEST_CASE("splits on newlines wherever the chunks end") {
  const std::string data = "a\nbb\n\nccc\r\nlast";
  for (std::size_t chunk : {1, 2, 3, 7, 1000}) {
    CAPTURE(chunk);
    CHECK(lines_of(data, chunk) == std::vector<std::string>{"a", "bb", "", "ccc\r", "last"});
  }
  CHECK(lines_of("a\n", 1) == std::vector<std::string>{"a"});
  CHECK(lines_of("", 1).empty());
  CHECK(lines_of("\n", 1) == std::vector<std::string>{""});
}

TEST_CASE("a line longer than the limit is reported and skipped, reading goes on") {
  const std::string data =
      "short\n" + std::string(5000, 'x') + "\nafter\n" + std::string(5000, 'y');
  for (std::size_t chunk : {100, 4096, 1 << 20}) {
    CAPTURE(chunk);
    CHECK(lines_of(data, chunk, 1000) ==
          std::vector<std::string>{"short", "<too long 5000>", "after", "<too long 5000>"});
  }
  CHECK(lines_of(std::string(1000, 'z') + "\n", 10, 1000) ==
        std::vector<std::string>{std::string(1000, 'z')});
}

TEST_CASE("lines longer than the initial buffer grow it up to the limit") {
  const std::string big(3 << 20, 'q');
  CHECK(lines_of(big + "\nx", 1 << 16, 4 << 20) == std::vector<std::string>{big, "x"});
}

}  // namespace
}  // namespace cellos::input
