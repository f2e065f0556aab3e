// SPDX-License-Identifier: Apache-2.0
// Test hooks: an environment variable set to N makes a moment of the Kafka
// replay happen at its N-th occasion (a member killed before a commit,
// records delivered again), so that tests can reach what exactly-once must
// survive. Unset, as in normal use, a hook never fires.
#pragma once

#include <cstdlib>

namespace cellos::kafka::detail {

class TestHook {
 public:
  // Reads the variable once: nothing sets the environment while we run.
  explicit TestHook(const char* variable) : left_(read(variable)) {}

  // True at the N-th call, and only then.
  bool fires() { return left_ > 0 && --left_ == 0; }

 private:
  static long read(const char* variable) {
    const char* value = std::getenv(variable);  // NOLINT(concurrency-mt-unsafe)
    return value != nullptr ? std::atol(value) : 0L;
  }

  long left_;
};

}  // namespace cellos::kafka::detail
