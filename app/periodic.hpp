// SPDX-License-Identifier: Apache-2.0
// "Every N seconds" for work a following replay does while it waits for its
// file to grow: checkpoints and the metrics file.
#pragma once

#include <chrono>

namespace cellos::app {

class Periodic {
 public:
  explicit Periodic(double seconds) : seconds_(seconds) {}
  // True at most once per interval: when it has passed since the last true
  // (or since construction).
  bool due() {
    const auto now = std::chrono::steady_clock::now();
    if (std::chrono::duration<double>(now - last_).count() < seconds_) return false;
    last_ = now;
    return true;
  }

 private:
  double seconds_;
  std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
};

}  // namespace cellos::app
