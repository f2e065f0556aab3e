// SPDX-License-Identifier: Apache-2.0
// Counters a replay publishes while it runs, for a progress display on
// another thread. Relaxed atomics: a reader sees recent, not exact, values.
#pragma once

#include <atomic>
#include <cstdint>

namespace cellos::replay {

struct ReplayProgress {
  // Input bytes consumed (compressed bytes for compressed inputs), all inputs so far.
  std::atomic<std::uint64_t> input_bytes{0};
  std::atomic<std::uint64_t> events{0};
  std::atomic<std::uint64_t> cells{0};
  // Records (Kafka messages) the replay will read, when known up front; 0 when not.
  std::atomic<std::uint64_t> expected_records{0};
};

}  // namespace cellos::replay
