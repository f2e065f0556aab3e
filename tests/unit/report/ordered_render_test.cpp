// SPDX-License-Identifier: Apache-2.0
#include "report/ordered_render.hpp"

#include <doctest/doctest.h>

#include <stdexcept>
#include <string>

namespace cellos::report {
namespace {

std::string expected_text(std::size_t count) {
  std::string text;
  for (std::size_t i = 0; i < count; ++i) text += std::to_string(i) + "\n";
  return text;
}

TEST_CASE("items come out in order, whatever the threads and the count") {
  for (const unsigned threads : {1U, 2U, 3U, 8U}) {
    for (const std::size_t count : {std::size_t{0}, std::size_t{1}, std::size_t{1023},
                                    std::size_t{1024}, std::size_t{1025}, std::size_t{50000}}) {
      std::string text;
      render_in_order(
          count, threads,
          [](std::size_t i, ByteBuffer& out) { out.append(std::to_string(i) + "\n"); },
          [&](std::string_view chunk) {
            text += chunk;
            return true;
          });
      CAPTURE(threads);
      CAPTURE(count);
      CHECK(text == expected_text(count));
    }
  }
}

TEST_CASE("a write that fails stops the rendering") {
  for (const unsigned threads : {1U, 4U}) {
    std::size_t writes = 0;
    render_in_order(
        100000, threads, [](std::size_t i, ByteBuffer& out) { out.append(std::to_string(i)); },
        [&](std::string_view) { return ++writes < 3; });
    CHECK(writes == 3);
  }
}

TEST_CASE("an exception while rendering reaches the caller") {
  for (const unsigned threads : {1U, 2U}) {
    const auto render = [](std::size_t i, ByteBuffer& out) {
      if (i == 5000) throw std::runtime_error("render failed");
      out.push_back('x');
    };
    CHECK_THROWS_WITH(
        render_in_order(10000, threads, render, [](std::string_view) { return true; }),
        "render failed");
  }
}

}  // namespace
}  // namespace cellos::report
