// SPDX-License-Identifier: Apache-2.0
// EarlyWriteback: asks the kernel to start writing a file's dirty pages to
// the disk while more are still being written to it.
//
// A checkpoint writes ~130 MB in one transaction and ends it with an fsync.
// Left alone, the kernel writes none of it before that fsync (far below its
// dirty-page thresholds), which then waits for all of it: ~70 ms on this
// project's benchmark machine, after the run's work is done. Started early,
// the disk writes while the tool encodes, and the fsync waits for the last
// few megabytes. Durability is unchanged: the fsync still decides, and
// nothing here is relied on. Where the call is missing (not Linux) or the
// file cannot be opened, it does nothing.
#pragma once

#include <cstddef>
#include <string>

namespace cellos {

class EarlyWriteback {
 public:
  // How many bytes written between two requests.
  static constexpr std::size_t kEvery = std::size_t{8} << 20;

  // `path` names a file that exists (it is never created).
  explicit EarlyWriteback(const std::string& path);
  ~EarlyWriteback();
  EarlyWriteback(const EarlyWriteback&) = delete;
  EarlyWriteback& operator=(const EarlyWriteback&) = delete;

  // `bytes` more were written to the file: every kEvery, start writing the
  // file's dirty pages (without waiting for them).
  void wrote(std::size_t bytes);
  // How many write-outs were started (for tests).
  [[nodiscard]] std::size_t started() const { return started_; }

 private:
  int fd_ = -1;
  std::size_t pending_ = 0;
  std::size_t started_ = 0;
};

}  // namespace cellos
