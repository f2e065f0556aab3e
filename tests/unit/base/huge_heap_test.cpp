// SPDX-License-Identifier: Apache-2.0
#include "cellos/base/detail/huge_heap.hpp"

#include <doctest/doctest.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace cellos::detail {
namespace {

// The VmFlags of the mapping holding `address`, from /proc/self/smaps.
std::string vm_flags_at(const void* address) {
  const auto at = reinterpret_cast<std::uintptr_t>(address);
  std::ifstream smaps("/proc/self/smaps");
  std::string line;
  bool inside = false;
  while (std::getline(smaps, line)) {
    std::uintptr_t from = 0;
    std::uintptr_t to = 0;
    char dash = 0;
    std::istringstream range(line);
    if (range >> std::hex >> from >> dash >> to && dash == '-') inside = from <= at && at < to;
    if (inside && line.rfind("VmFlags:", 0) == 0) return line;
  }
  return {};
}

// Small pieces, as a replay's cells and ids are: malloc takes them from
// its heap, which grows by the program break.
struct Pieces {
  std::vector<void*> held;
  ~Pieces() {
    for (void* piece : held) std::free(piece);  // NOLINT(cppcoreguidelines-no-malloc)
  }
  void add(std::size_t bytes) {
    for (std::size_t added = 0; added < bytes; added += 1024) {
      held.push_back(std::malloc(1024));  // NOLINT(cppcoreguidelines-no-malloc)
      HugeHeap::grew();
    }
  }
};

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
// A sanitizer's malloc keeps no program-break heap: there is none to advise.
constexpr bool kBreakHeap = false;
#else
constexpr bool kBreakHeap = true;
#endif

TEST_CASE("a heap is advised as huge pages only once allowed, and past its small size") {
  Pieces pieces;
  pieces.add(HugeHeap::kSmallHeap * 2);
  CHECK(HugeHeap::advised() == 0);  // not allowed: a library user's heap is left alone

  HugeHeap::allow();
  const auto start = reinterpret_cast<std::uintptr_t>(::sbrk(0));
  pieces.add(HugeHeap::kSmallHeap / 2);
  CHECK(HugeHeap::advised() == 0);  // still a small heap

  pieces.add(HugeHeap::kSmallHeap + (std::size_t{8} << 20));
  if (!kBreakHeap) {
    CHECK(HugeHeap::advised() == 0);
    return;
  }
  REQUIRE(reinterpret_cast<std::uintptr_t>(::sbrk(0)) > start);
  CHECK(HugeHeap::advised() >= 2);  // the first time, and as it grew on
  if (std::filesystem::exists("/sys/kernel/mm/transparent_hugepage")) {
    // The newest pieces lie in an advised part; the first ones do not.
    CHECK(vm_flags_at(pieces.held.back()).find(" hg") != std::string::npos);
    CHECK(vm_flags_at(pieces.held.front()).find(" hg") == std::string::npos);
  }
}

}  // namespace
}  // namespace cellos::detail
