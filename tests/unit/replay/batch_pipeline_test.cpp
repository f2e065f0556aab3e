// SPDX-License-Identifier: Apache-2.0
// BatchPipeline on its own: reduce sees every batch once, in read order,
// whatever thread runs it; a stop or an exception ends the run cleanly.
#include "replay/batch_pipeline.hpp"

#include <doctest/doctest.h>

#include <stdexcept>
#include <string>

namespace cellos::replay {
namespace {

// Batches of `lines_per_batch` lines "n\n", numbered across batches.
struct Numbers {
  int batches;
  int lines_per_batch;
  int next = 0;
  bool read(LineBatch& batch) {
    std::string text;
    for (int i = 0; i < lines_per_batch; ++i)
      text += std::to_string(next * lines_per_batch + i) + "\n";
    batch.block.text.clear();
    batch.block.text.append(text);
    batch.block.starts_input = next == 0;
    ++next;
    return next < batches;
  }
};

TEST_CASE("every batch is reduced once, in the order it was read, at any thread count") {
  for (const unsigned threads : {1U, 2U, 5U}) {
    BatchPipeline pipeline(threads, 127, 1 << 20, input::LineRules{});
    Numbers numbers{200, 7};
    int expected = 0;
    const bool completed =
        pipeline.run({.read = [&](LineBatch& batch) { return numbers.read(batch); },
                      .reduce =
                          [&](LineBatch& batch) {
                            REQUIRE(batch.lines.size() == 7);
                            for (const input::Line& line : batch.lines)
                              CHECK(line.text == std::to_string(expected++));
                            // Parsed too: not JSON, so malformed.
                            CHECK(batch.parsed[0].kind == ParsedLine::Kind::Malformed);
                            return true;
                          }});
    CAPTURE(threads);
    CHECK(completed);
    CHECK(expected == 200 * 7);
  }
}

TEST_CASE("reduce returning false stops the run; nothing after it is reduced") {
  BatchPipeline pipeline(3, 127, 1 << 20, input::LineRules{});
  Numbers numbers{1000, 3};
  int reduced = 0;
  const bool completed =
      pipeline.run({.read = [&](LineBatch& batch) { return numbers.read(batch); },
                    .reduce = [&](LineBatch&) { return ++reduced < 10; }});
  CHECK_FALSE(completed);
  CHECK(reduced == 10);
  CHECK(numbers.next < 1000);  // reading stopped too
}

TEST_CASE("an exception in a job ends the run and reaches the caller; the pipeline runs again") {
  BatchPipeline pipeline(2, 127, 1 << 20, input::LineRules{});
  Numbers failing_read{1000, 3};
  CHECK_THROWS_WITH(pipeline.run({.read =
                                      [&](LineBatch& batch) {
                                        if (failing_read.next == 50)
                                          throw std::runtime_error("read");
                                        return failing_read.read(batch);
                                      },
                                  .reduce = [](LineBatch&) { return true; }}),
                    "read");
  Numbers numbers{100, 3};
  int reduced = 0;
  CHECK_THROWS_WITH(pipeline.run({.read = [&](LineBatch& batch) { return numbers.read(batch); },
                                  .reduce =
                                      [&](LineBatch&) {
                                        if (++reduced == 20) throw std::runtime_error("reduce");
                                        return true;
                                      }}),
                    "reduce");
  Numbers again{10, 3};
  int count = 0;
  CHECK(pipeline.run({.read = [&](LineBatch& batch) { return again.read(batch); },
                      .reduce = [&](LineBatch&) { return ++count > 0; }}));
  CHECK(count == 10);
}

}  // namespace
}  // namespace cellos::replay
