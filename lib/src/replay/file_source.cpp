#include "file_source.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>
#include <utility>

namespace cellos::replay {

FileSource::FileSource(int fd, std::string name) : fd_(fd), name_(std::move(name)) {}

FileSource::~FileSource() {
  if (fd_ != STDIN_FILENO) ::close(fd_);
}

std::size_t FileSource::read_fd(char* buffer, std::size_t size) {
  for (;;) {
    const ssize_t n = ::read(fd_, buffer, size);
    if (n >= 0) return static_cast<std::size_t>(n);
    if (errno == EINTR) continue;
    throw InputError(name_ +
                     ": cannot read: " + std::error_code(errno, std::generic_category()).message());
  }
}

std::string_view FileSource::peek(std::size_t size) {
  while (lookahead_.size() < size) {
    char chunk[64];
    const std::size_t n = read_fd(chunk, std::min(sizeof chunk, size - lookahead_.size()));
    if (n == 0) break;
    lookahead_.append(chunk, n);
  }
  return lookahead_;
}

std::size_t FileSource::read(char* buffer, std::size_t size) {
  std::size_t n;
  if (lookahead_pos_ < lookahead_.size()) {
    n = std::min(size, lookahead_.size() - lookahead_pos_);
    std::memcpy(buffer, lookahead_.data() + lookahead_pos_, n);
    lookahead_pos_ += n;
  } else {
    n = read_fd(buffer, size);
  }
  consumed_ += n;
  return n;
}

}  // namespace cellos::replay
