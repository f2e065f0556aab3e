// SPDX-License-Identifier: Apache-2.0
#include "replay/read_and_process.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <stdexcept>
#include <string>
#include <vector>

namespace cellos::replay::detail {
namespace {

struct Slot {
  std::size_t item = 0;
  std::string bytes;
};

TEST_CASE("every item is read in order and processed once, from the slot it was read into") {
  for (const unsigned workers : {0U, 1U, 2U, 4U}) {
    for (const std::size_t slot_count : {std::size_t{1}, std::size_t{2}, std::size_t{8}}) {
      std::vector<Slot> slots(slot_count);
      std::vector<std::size_t> read_order;
      std::vector<std::atomic<int>> processed(100);
      const std::string why = read_and_process(
          100, workers, slots,
          [&](std::size_t i, Slot& slot) {
            read_order.push_back(i);
            slot.item = i;
            slot.bytes = std::to_string(i);
            return std::string();
          },
          [&](std::size_t i, Slot& slot) {
            CHECK(slot.item == i);
            CHECK(slot.bytes == std::to_string(i));
            ++processed[i];
            return std::string();
          });
      CHECK(why.empty());
      REQUIRE(read_order.size() == 100);
      for (std::size_t i = 0; i < 100; ++i) {
        CHECK(read_order[i] == i);
        CHECK(processed[i] == 1);
      }
    }
  }
}

TEST_CASE("the first item's error wins, whichever step found it and whenever") {
  for (const unsigned workers : {0U, 1U, 3U}) {
    std::vector<Slot> slots(4);
    // Item 30 cannot be processed, item 50 cannot be read (reading stops
    // there), item 40 throws: item 30's error is the one returned.
    std::size_t last_read = 0;
    const std::string why = read_and_process(
        100, workers, slots,
        [&](std::size_t i, Slot& /*slot*/) {
          last_read = i;
          return i == 50 ? std::string("read 50") : std::string();
        },
        [&](std::size_t i, Slot& /*slot*/) {
          if (i == 40) throw std::runtime_error("threw at 40");
          return i == 30 ? std::string("processed 30") : std::string();
        });
    CHECK(why == "processed 30");
    CHECK(last_read == 50);
    const std::string read_error = read_and_process(
        10, workers, slots,
        [&](std::size_t i, Slot& /*slot*/) { return i == 5 ? std::string("read 5") : ""; },
        [&](std::size_t i, Slot& /*slot*/) { return i == 7 ? std::string("never read") : ""; });
    CHECK(read_error == "read 5");
    const std::string thrown = read_and_process(
        10, workers, slots,
        [&](std::size_t i, Slot& /*slot*/) {
          if (i == 6) throw std::runtime_error("read threw at 6");
          return std::string();
        },
        [&](std::size_t /*i*/, Slot& /*slot*/) { return std::string(); });
    CHECK(thrown == "read threw at 6");
  }
}

}  // namespace
}  // namespace cellos::replay::detail
