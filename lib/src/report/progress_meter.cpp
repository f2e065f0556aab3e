// SPDX-License-Identifier: Apache-2.0
#include "cellos/report/progress_meter.hpp"

#include <string>

namespace cellos::report {

std::string format_bytes(double bytes) {
  const char* units[] = {"B", "kB", "MB", "GB", "TB"};
  int unit = 0;
  while (bytes >= 1000 && unit < 4) {
    bytes /= 1000;
    ++unit;
  }
  char text[32];
  std::snprintf(text, sizeof text, unit == 0 ? "%.0f %s" : "%.1f %s", bytes, units[unit]);
  return text;
}

ProgressMeter::ProgressMeter(std::FILE* terminal, const replay::ReplayProgress& progress,
                             std::uint64_t total_bytes, std::chrono::milliseconds delay)
    : terminal_(terminal),
      progress_(progress),
      total_bytes_(total_bytes),
      delay_(delay),
      started_(std::chrono::steady_clock::now()),
      thread_([this] { run(); }) {}

ProgressMeter::~ProgressMeter() {
  stop();
}

void ProgressMeter::run() {
  std::unique_lock lock(mutex_);
  if (wake_.wait_for(lock, delay_, [&] { return stopping_; })) return;
  while (!stopping_) {
    draw_locked();
    wake_.wait_for(lock, std::chrono::milliseconds(250), [&] { return stopping_; });
  }
}

void ProgressMeter::draw_locked() {
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
  const auto done = static_cast<double>(progress_.input_bytes.load(std::memory_order_relaxed));
  const double rate = seconds > 0 ? done / seconds : 0;
  std::string line = "\r\033[Kcellos-project: " + format_bytes(done);
  if (total_bytes_ > 0) {
    const auto total = static_cast<double>(total_bytes_);
    char pct[16];
    std::snprintf(pct, sizeof pct, " (%.0f%%)", done < total ? 100 * done / total : 100.0);
    line += " of " + format_bytes(total) + pct;
  }
  line += ", " + format_bytes(rate) + "/s";
  if (total_bytes_ > 0 && rate > 0 && done < static_cast<double>(total_bytes_)) {
    char eta[32];
    std::snprintf(eta, sizeof eta, ", ETA %.0f s",
                  (static_cast<double>(total_bytes_) - done) / rate);
    line += eta;
  }
  const std::uint64_t events = progress_.events.load(std::memory_order_relaxed);
  const std::uint64_t expected = progress_.expected_records.load(std::memory_order_relaxed);
  line += ", " + std::to_string(events);
  if (total_bytes_ == 0 && expected > 0) {
    // A Kafka topic: the messages to read are known, the bytes are not.
    char pct[48];
    std::snprintf(
        pct, sizeof pct, " of %llu events (%.0f%%)", static_cast<unsigned long long>(expected),
        events < expected ? 100.0 * static_cast<double>(events) / static_cast<double>(expected)
                          : 100.0);
    line += pct;
    if (events > 0 && events < expected && seconds > 0) {
      char eta[32];
      std::snprintf(eta, sizeof eta, ", ETA %.0f s",
                    static_cast<double>(expected - events) * seconds / static_cast<double>(events));
      line += eta;
    }
    line += ", ";
  } else {
    line += " events, ";
  }
  line += std::to_string(progress_.cells.load(std::memory_order_relaxed)) + " cells";
  std::fputs(line.c_str(), terminal_);
  std::fflush(terminal_);
  shown_ = true;
}

void ProgressMeter::clear_locked() {
  if (!shown_) return;
  std::fputs("\r\033[K", terminal_);
  shown_ = false;
}

void ProgressMeter::print(std::string_view line) {
  std::lock_guard lock(mutex_);
  clear_locked();
  std::fwrite(line.data(), 1, line.size(), terminal_);
  std::fflush(terminal_);
}

void ProgressMeter::stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    stopping_ = true;
    clear_locked();
    std::fflush(terminal_);
  }
  wake_.notify_all();
  thread_.join();
}

}  // namespace cellos::report
