// SPDX-License-Identifier: Apache-2.0
// BlockReader + split_block must give exactly LineReader's lines: the
// parallel replay reads through them, the sequential one through LineReader.
#include "input/block_reader.hpp"

#include <doctest/doctest.h>

#include <random>
#include <string>
#include <vector>

#include "support/memory_source.hpp"

namespace cellos::input {
namespace {

// Each line as "number:newline:too_long:length:text", and the input error.
using Transcript = std::vector<std::string>;

std::string describe(const Line& line, std::uint64_t number) {
  return std::to_string(number) + ":" + (line.newline ? "nl" : "eof") + ":" +
         (line.too_long ? "long" : "ok") + ":" + std::to_string(line.length) + ":" +
         std::string(line.text);
}

// A source that fails after handing out `fail_after` bytes.
class FailingSource final : public ByteSource {
 public:
  FailingSource(std::string data, std::size_t chunk, std::size_t fail_after)
      : inner_(std::move(data), chunk), left_(fail_after) {}
  std::size_t read(char* buffer, std::size_t size) override {
    if (left_ == 0) throw InputError("in: cannot read: Input/output error");
    const std::size_t n = inner_.read(buffer, std::min(size, left_));
    left_ -= n;
    return n;
  }
  [[nodiscard]] std::uint64_t consumed() const override { return inner_.consumed(); }

 private:
  test::MemorySource inner_;
  std::size_t left_;
};

Transcript with_line_reader(ByteSource& source, std::size_t max) {
  Transcript out;
  LineReader reader(source, max);
  Line line;
  try {
    while (reader.next(line)) out.push_back(describe(line, line.number));
  } catch (const InputError& e) {
    out.emplace_back(e.what());
  }
  return out;
}

Transcript with_blocks(ByteSource& source, std::size_t max, std::size_t target) {
  Transcript out;
  BlockReader reader(source, max);
  Block block;
  std::vector<Line> lines;
  std::uint64_t before = 0;
  bool more = true;
  while (more) {
    more = reader.next(block, target);
    split_block(block, max, lines);
    if (!lines.empty()) CHECK(block.starts_input == (before == 0));
    for (const Line& line : lines) {
      CHECK(line.number >= 1);
      out.push_back(describe(line, before + line.number));
    }
    before += lines.size();
  }
  if (!reader.error().empty()) out.push_back(reader.error());
  return out;
}

std::string random_log(std::mt19937& rng) {
  std::string log;
  const int lines = static_cast<int>(rng() % 60);
  for (int i = 0; i < lines; ++i) {
    const std::size_t length = rng() % 8 == 0 ? rng() % 700 : rng() % 40;
    for (std::size_t j = 0; j < length; ++j) log += static_cast<char>('a' + rng() % 26);
    if (rng() % 10 == 0) log += '\r';
    log += '\n';
  }
  if (rng() % 2 == 0) log += std::string(rng() % 500, 'z');  // a last line without newline
  return log;
}

TEST_CASE("blocks split into LineReader's lines, whatever the chunks, targets and limits") {
  std::mt19937 rng(7);
  for (int round = 0; round < 400; ++round) {
    const std::string log = random_log(rng);
    const std::size_t chunk = 1 + rng() % 600;
    const std::size_t max = rng() % 3 == 0 ? 1 + rng() % 300 : 1 << 20;
    const std::size_t target = 1 + rng() % 2000;
    CAPTURE(round);
    test::MemorySource a(log, chunk);
    test::MemorySource b(log, chunk);
    CHECK(with_blocks(b, max, target) == with_line_reader(a, max));
  }
}

TEST_CASE("edge cases: empty input, newline only, a too-long last line, an error mid-line") {
  for (const std::string& log : {std::string(), std::string("\n"), std::string("\n\n"),
                                 std::string("only"), "a\n" + std::string(900, 'x'),
                                 std::string(900, 'x') + "\n" + std::string(900, 'y') + "\nz"}) {
    for (const std::size_t chunk : {1UL, 64UL, 4096UL}) {
      test::MemorySource a(log, chunk);
      test::MemorySource b(log, chunk);
      CAPTURE(log.size());
      CAPTURE(chunk);
      CHECK(with_blocks(b, 100, 64) == with_line_reader(a, 100));
    }
  }
  const std::string log = "one\ntwo\nthree is cut";
  for (const std::size_t fail_after : {0UL, 3UL, 4UL, 10UL, 15UL}) {
    FailingSource a(log, 5, fail_after);
    FailingSource b(log, 5, fail_after);
    CAPTURE(fail_after);
    const Transcript expected = with_line_reader(a, 100);
    CHECK(with_blocks(b, 100, 3) == expected);
    CHECK(expected.back() == "in: cannot read: Input/output error");
  }
}

TEST_CASE("a block ends at a newline once it has the bytes asked for") {
  test::MemorySource source(std::string(10, 'a') + "\n" + std::string(10, 'b') + "\n", 4);
  BlockReader reader(source, 100);
  Block block;
  CHECK(reader.next(block, 5));
  CHECK(block.starts_input);
  CHECK(block.text.view() == std::string(10, 'a') + "\n");
  reader.next(block, 5);
  CHECK_FALSE(block.starts_input);
  CHECK(block.text.view() == std::string(10, 'b') + "\n");
  CHECK_FALSE(reader.next(block, 5));
  CHECK(block.text.size() == 0);
}

}  // namespace
}  // namespace cellos::input
