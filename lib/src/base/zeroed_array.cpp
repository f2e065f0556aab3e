// SPDX-License-Identifier: Apache-2.0
#include "cellos/base/detail/zeroed_array.hpp"

#include <sys/mman.h>

#include <cstdint>
#include <cstdlib>
#include <new>

namespace cellos::detail {

namespace {

// From here on, memory comes straight from mmap in whole huge pages.
constexpr std::size_t kHugePage = std::size_t{2} << 20;

std::size_t mapped_size(std::size_t bytes) {
  return (bytes + kHugePage - 1) / kHugePage * kHugePage;
}

}  // namespace

void* allocate_zeroed(std::size_t bytes, Paging paging) {
  if (bytes == 0) return nullptr;
  if (bytes < kHugePage) {
    void* memory = std::calloc(1, bytes);
    if (memory == nullptr) throw std::bad_alloc();
    return memory;
  }
  // Over-allocated by one huge page so that the array can start on one.
  const std::size_t size = mapped_size(bytes) + kHugePage;
  void* mapped = ::mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (mapped == MAP_FAILED) throw std::bad_alloc();
  auto* start = static_cast<char*>(mapped);
  const auto address = reinterpret_cast<std::uintptr_t>(start);
  char* aligned = start + (kHugePage - address % kHugePage) % kHugePage;
  if (aligned > start) ::munmap(start, static_cast<std::size_t>(aligned - start));
  char* end = aligned + mapped_size(bytes);
  if (end < start + size) ::munmap(end, static_cast<std::size_t>(start + size - end));
  if (paging == Paging::Huge) {
    ::madvise(aligned, mapped_size(bytes), MADV_HUGEPAGE);  // a hint: fine if refused
  }
  return aligned;
}

void free_zeroed(void* memory, std::size_t bytes) noexcept {
  if (memory == nullptr) return;
  if (bytes < kHugePage) {
    std::free(memory);
  } else {
    ::munmap(memory, mapped_size(bytes));
  }
}

}  // namespace cellos::detail
