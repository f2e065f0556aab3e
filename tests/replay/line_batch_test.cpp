#include "replay/line_batch.hpp"

#include <doctest/doctest.h>

namespace cellos::replay {
namespace {

TEST_CASE("a batch is full by bytes of text or by count of lines, so empty lines fill it too") {
  LineBatch batch;
  const std::size_t limit = 100;
  while (batch.has_room(limit))
    batch.lines.push_back({batch.lines.size() + 1, 0, 0, 0, false, true});
  CHECK(batch.lines.size() == limit);  // no text at all: bounded by the count
  batch.clear();
  CHECK(batch.lines.empty());
  batch.text.assign(60, 'x');
  batch.lines.push_back({1, 0, 60, 60, false, true});
  CHECK(batch.has_room(limit));
  batch.text.append(39, 'y');
  batch.lines.push_back({2, 60, 39, 39, false, true});
  CHECK_FALSE(batch.has_room(limit));  // 99 bytes and 2 lines
}

}  // namespace
}  // namespace cellos::replay
