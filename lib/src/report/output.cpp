// SPDX-License-Identifier: Apache-2.0
#include "cellos/report/output.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>

namespace cellos::report {

Output::Output(int fd) : fd_(fd) {
  buffer_.reserve(kFlushAt * 2);
}

Output::~Output() {
  flush();
}

void Output::write(std::string_view text) {
  if (text.size() < kFlushAt) {
    buffer_.append(text);
    commit();
    return;
  }
  // Big enough to go out as it is (chunks of rendered snapshots): no copy.
  if (flush()) write_all(text);
}

void Output::commit() {
  if (buffer_.size() >= kFlushAt) flush();
}

bool Output::flush() {
  const bool written = write_all(buffer_);
  buffer_.clear();
  return written;
}

bool Output::write_all(std::string_view bytes) {
  if (failed() || broken_pipe_) return false;
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd_, bytes.data() + done, bytes.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EPIPE) {
        broken_pipe_ = true;
      } else {
        error_ = std::string("cannot write output: ") +
                 std::error_code(errno, std::generic_category()).message();
      }
      return false;
    }
    done += static_cast<std::size_t>(n);
  }
  return true;
}

}  // namespace cellos::report
