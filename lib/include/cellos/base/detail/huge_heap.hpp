// SPDX-License-Identifier: Apache-2.0
// The malloc heap of a process replaying a large log, grown in huge pages.
//
// A replay's memory is mostly small heap pieces that live until the process
// exits: cells, their event ids and texts. Faulted in 4 KiB at a time, the
// 50 MB a 200 MB log needs cost ~11,000 page faults; where a fault is dear
// (on this project's benchmark machine, a virtual machine, ~9 µs each) that
// was a third of a one-core replay. Once the heap is past kSmallHeap, so
// that a small log never pays to zero a 2 MiB page it would use a little
// of, its new parts are advised as huge pages (MADV_HUGEPAGE) and it grows
// kGrowth at a time, so that whole huge pages fit in what it maps: faults
// fall to ~750 and the replay takes ~35% less time there.
//
// malloc belongs to the process, so nothing changes until the application
// allows it (cellos-project does, in main); a library user's heap is left
// as it is. Without glibc's malloc, or where the kernel gives no huge pages
// (transparent huge pages off), it all does nothing.
#pragma once

#include <cstddef>

namespace cellos::detail {

class HugeHeap {
 public:
  // The heap size from which new parts are advised.
  static constexpr std::size_t kSmallHeap = std::size_t{1} << 20;
  // What the heap is extended by at least, once advised: address space,
  // which costs nothing until touched.
  static constexpr std::size_t kGrowth = std::size_t{64} << 20;

  // Lets grew() act in this process. Called once, at start-up.
  static void allow() noexcept;
  // Called where a replay's memory grows (every few hundred new cells):
  // advises the heap's new parts, if allowed and it is past kSmallHeap.
  // Cheap when there is nothing to do (no system call). Thread-safe.
  static void grew() noexcept;
  // How many times the heap was advised (for tests).
  static std::size_t advised() noexcept;
};

}  // namespace cellos::detail
