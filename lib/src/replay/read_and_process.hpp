// SPDX-License-Identifier: Apache-2.0
// Items read one by one on this thread (what only one thread may do: read a
// SQLite connection) and processed on others as soon as each is read, with
// no step where all wait for the slowest.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace cellos::replay::detail {

// Reads items 0..count-1 in order, each with read(i, slot) into a free one
// of `slots`, and processes each with process(i, slot) on one of `workers`
// threads (on this one, after reading it, when there are none); a slot is
// read into again once its item is processed. Both return "" or what went
// wrong; reading stops at its first error. Returns the error of the first
// item that had one, in item order.
template <class Slot, class Read, class Process>
std::string read_and_process(std::size_t count, unsigned workers, std::vector<Slot>& slots,
                             Read read, Process process) {
  std::vector<std::string> errors(count);
  const auto process_safely = [&](std::size_t i, Slot& slot) {
    try {
      errors[i] = process(i, slot);
    } catch (const std::exception& e) {
      errors[i] = e.what();
    }
  };
  std::mutex mutex;
  std::condition_variable changed;
  std::deque<std::pair<std::size_t, Slot*>> ready;
  std::vector<Slot*> free;
  free.reserve(slots.size());
  for (Slot& slot : slots) free.push_back(&slot);
  bool all_read = false;
  std::vector<std::jthread> pool;
  for (unsigned w = 0; w < workers; ++w) {
    pool.emplace_back([&] {
      std::unique_lock lock(mutex);
      for (;;) {
        changed.wait(lock, [&] { return !ready.empty() || all_read; });
        if (ready.empty()) return;
        const auto [i, slot] = ready.front();
        ready.pop_front();
        lock.unlock();
        process_safely(i, *slot);
        lock.lock();
        free.push_back(slot);
        changed.notify_all();
      }
    });
  }
  for (std::size_t i = 0; i < count; ++i) {
    Slot* slot = nullptr;
    {
      std::unique_lock lock(mutex);
      changed.wait(lock, [&] { return !free.empty(); });
      slot = free.back();
      free.pop_back();
    }
    // An exception must not leave this loop: the workers wait for its end.
    std::string why;
    try {
      why = read(i, *slot);
    } catch (const std::exception& e) {
      why = e.what();
    }
    if (!why.empty()) {
      errors[i] = std::move(why);
      break;
    }
    if (workers == 0) {
      process_safely(i, *slot);
      free.push_back(slot);
      continue;
    }
    {
      const std::lock_guard lock(mutex);
      ready.emplace_back(i, slot);
    }
    changed.notify_all();
  }
  {
    const std::lock_guard lock(mutex);
    all_read = true;
  }
  changed.notify_all();
  pool.clear();  // joins
  for (std::string& error : errors) {
    if (!error.empty()) return std::move(error);
  }
  return {};
}

}  // namespace cellos::replay::detail
