// SPDX-License-Identifier: Apache-2.0
#include "base/early_writeback.hpp"

#include <fcntl.h>
#include <unistd.h>

namespace cellos {

EarlyWriteback::EarlyWriteback(const std::string& path) {
#ifdef __linux__
  // Read-only is enough: sync_file_range acts on the file's pages, which
  // are the same whichever descriptor asks.
  fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY);
#else
  (void)path;
#endif
}

EarlyWriteback::~EarlyWriteback() {
  if (fd_ >= 0) ::close(fd_);
}

void EarlyWriteback::wrote(std::size_t bytes) {
  pending_ += bytes;
  if (fd_ < 0 || pending_ < kEvery) return;
  pending_ = 0;
#ifdef __linux__
  // The whole file (0, 0): pages already being written are left to finish.
  if (::sync_file_range(fd_, 0, 0, SYNC_FILE_RANGE_WRITE) == 0) ++started_;
#endif
}

}  // namespace cellos
