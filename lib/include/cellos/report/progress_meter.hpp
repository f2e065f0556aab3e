// SPDX-License-Identifier: Apache-2.0
// A one-line progress display on a terminal: bytes done of the total, rate,
// ETA, events and cells so far, redrawn in place four times a second.
//
// It stays silent for short replays (it starts after a delay) and writes
// nothing unless told to, so callers enable it only when stderr is a
// terminal. Lines printed through `print` clear the status line first, so
// diagnostics never interleave with it.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <mutex>
#include <string_view>
#include <thread>

#include "cellos/replay/progress.hpp"

namespace cellos::report {

class ProgressMeter {
 public:
  // `total_bytes` 0: unknown (standard input): no percentage, no ETA.
  ProgressMeter(std::FILE* terminal, const replay::ReplayProgress& progress,
                std::uint64_t total_bytes,
                std::chrono::milliseconds delay = std::chrono::milliseconds(500));
  ~ProgressMeter();
  ProgressMeter(const ProgressMeter&) = delete;
  ProgressMeter& operator=(const ProgressMeter&) = delete;

  // Writes `line` (ending in '\n') above the status line.
  void print(std::string_view line);
  // Clears the status line and stops redrawing.
  void stop();

 private:
  void run();
  void draw_locked();
  void clear_locked();

  std::FILE* terminal_;
  const replay::ReplayProgress& progress_;
  std::uint64_t total_bytes_;
  std::chrono::milliseconds delay_;
  std::chrono::steady_clock::time_point started_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  bool shown_ = false;
  std::thread thread_;
};

// "12.3 MB", "1.30 GB".
std::string format_bytes(double bytes);

}  // namespace cellos::report
