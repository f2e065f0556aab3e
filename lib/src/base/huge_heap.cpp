// SPDX-License-Identifier: Apache-2.0
#include "cellos/base/detail/huge_heap.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdint>

#ifdef __GLIBC__
#include <malloc.h>
#endif

namespace cellos::detail {

namespace {

constexpr std::uintptr_t kHugePage = std::uintptr_t{2} << 20;
constexpr std::uintptr_t kPage = 4096;

// Guarded by `busy`: one thread advises at a time, the others skip it.
struct Advice {
  std::uintptr_t heap_start = 0;
  std::uintptr_t advised_end = 0;  // 0 until the first advice
};
Advice advice;
std::atomic<std::size_t> advice_count{0};
std::atomic<bool> allowed{false};
std::atomic<bool> busy{false};

// sbrk(0) reads the break glibc keeps: no system call.
char* heap_end() {
  return static_cast<char*>(::sbrk(0));
}

std::uintptr_t address(const char* at) {
  return reinterpret_cast<std::uintptr_t>(at);
}

void advise_if_due(char* end_at) {
  const std::uintptr_t end = address(end_at);
  const bool first = advice.advised_end == 0;
  const std::uintptr_t due =
      first ? advice.heap_start + HugeHeap::kSmallHeap : advice.advised_end + kHugePage;
  if (end < due) return;
  if (first) {
#ifdef __GLIBC__
    // From now on every extension maps whole huge pages beyond what malloc
    // asked for, instead of 128 KiB, which no huge page fits in. mallopt
    // takes the heap's lock: safe with other threads running.
    mallopt(M_TOP_PAD, static_cast<int>(HugeHeap::kGrowth));  // NOLINT(concurrency-mt-unsafe)
#endif
    advice.advised_end = end;  // below it the heap is faulted already
  }
  // From the huge page the last advice ended in: pages of it already
  // faulted stay small, the rest of it may be huge.
  const std::uintptr_t from = std::max(advice.advised_end & ~(kHugePage - 1),
                                       (advice.heap_start + kPage - 1) & ~(kPage - 1));
  // A hint: refused where the kernel gives no huge pages, which is fine.
  ::madvise(end_at - (end - from), end - from, MADV_HUGEPAGE);
  advice.advised_end = end;
  advice_count.fetch_add(1, std::memory_order_relaxed);
}

}  // namespace

void HugeHeap::allow() noexcept {
#ifdef __GLIBC__
  advice.heap_start = address(heap_end());
  allowed.store(true, std::memory_order_release);
#endif
}

void HugeHeap::grew() noexcept {
  if (!allowed.load(std::memory_order_acquire)) return;
  if (busy.exchange(true, std::memory_order_acquire)) return;  // another thread is at it
  advise_if_due(heap_end());
  busy.store(false, std::memory_order_release);
}

std::size_t HugeHeap::advised() noexcept {
  return advice_count.load(std::memory_order_relaxed);
}

}  // namespace cellos::detail
