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
  buffer_.append(text);
  commit();
}

void Output::commit() {
  if (buffer_.size() >= kFlushAt) flush();
}

bool Output::flush() {
  if (failed() || broken_pipe_) {
    buffer_.clear();
    return false;
  }
  std::size_t done = 0;
  while (done < buffer_.size()) {
    const ssize_t n = ::write(fd_, buffer_.data() + done, buffer_.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EPIPE) {
        broken_pipe_ = true;
      } else {
        error_ = std::string("cannot write output: ") +
                 std::error_code(errno, std::generic_category()).message();
      }
      buffer_.clear();
      return false;
    }
    done += static_cast<std::size_t>(n);
  }
  buffer_.clear();
  return true;
}

}  // namespace cellos::report
