// SPDX-License-Identifier: Apache-2.0
#include "report/ordered_render.hpp"

#include <algorithm>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace cellos::report {

namespace {

// About 0.5 MB of snapshots: enough to make a hand-off rare.
constexpr std::size_t kItemsPerChunk = 1024;

}  // namespace

void render_in_order(std::size_t count, unsigned threads, const RenderItem& render,
                     const WriteText& write) {
  const std::size_t chunks = (count + kItemsPerChunk - 1) / kItemsPerChunk;
  const auto render_chunk = [&](std::size_t chunk, ByteBuffer& out) {
    out.clear();
    const std::size_t end = std::min(count, (chunk + 1) * kItemsPerChunk);
    for (std::size_t i = chunk * kItemsPerChunk; i < end; ++i) render(i, out);
  };
  if (threads <= 1 || chunks <= 1) {
    ByteBuffer text;
    for (std::size_t chunk = 0; chunk < chunks; ++chunk) {
      render_chunk(chunk, text);
      if (!write(text.view())) return;
    }
    return;
  }

  // Chunk c renders into slot c % slots, once chunk c - slots was written.
  // A cache line each: every token a thread writes updates its buffer's
  // size, and neighbouring slots sharing a line made two threads render no
  // faster than one (measured: each chunk took twice as long).
  struct alignas(64) Slot {
    ByteBuffer text;
    bool ready = false;
  };
  const std::size_t slots = std::size_t{threads} * 2;
  std::vector<Slot> slot(slots);
  std::mutex mutex;
  std::condition_variable changed;
  std::size_t next = 0;     // the next chunk to render
  std::size_t written = 0;  // chunks written
  bool stop = false;
  std::exception_ptr failure;

  // With the lock held: renders chunk `chunk` (already claimed) unlocked.
  const auto render_claimed = [&](std::unique_lock<std::mutex>& lock, std::size_t chunk) {
    lock.unlock();
    try {
      render_chunk(chunk, slot[chunk % slots].text);
    } catch (...) {
      lock.lock();
      if (!failure) failure = std::current_exception();
      stop = true;
      changed.notify_all();
      return;
    }
    lock.lock();
    slot[chunk % slots].ready = true;
    changed.notify_all();
  };

  std::vector<std::thread> helpers;
  for (unsigned t = 1; t < threads; ++t) {
    helpers.emplace_back([&] {
      std::unique_lock lock(mutex);
      for (;;) {
        changed.wait(lock, [&] { return stop || next >= chunks || next < written + slots; });
        if (stop || next >= chunks) return;
        render_claimed(lock, next++);
      }
    });
  }
  {
    std::unique_lock lock(mutex);
    for (std::size_t chunk = 0; chunk < chunks; ++chunk) {
      Slot& current = slot[chunk % slots];
      // Rather than wait for this chunk, render the next one nobody has taken
      // (this one, or one ahead while a helper finishes this one).
      while (!current.ready && !stop) {
        if (next < chunks && next < written + slots) {
          render_claimed(lock, next++);
        } else {
          changed.wait(lock);
        }
      }
      if (stop) break;
      lock.unlock();
      const bool go_on = write(current.text.view());
      lock.lock();
      current.ready = false;
      ++written;
      if (!go_on) stop = true;
      changed.notify_all();
    }
    stop = true;
    changed.notify_all();
  }
  for (std::thread& helper : helpers) helper.join();
  if (failure) std::rethrow_exception(failure);
}

}  // namespace cellos::report
