// SPDX-License-Identifier: Apache-2.0
#include "input/file_source.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <system_error>
#include <thread>
#include <utility>

namespace cellos::input {

FileSource::FileSource(int fd, std::string name) : fd_(fd), name_(std::move(name)) {}

FileSource::~FileSource() {
  if (fd_ != STDIN_FILENO) ::close(fd_);
}

void FileSource::follow(const FollowOptions& options, std::string path) {
  follow_ = options;
  following_ = true;
  path_ = std::move(path);
}

std::optional<std::uint64_t> FileSource::bytes_left() const {
  struct stat file {};
  if (following_ || ::fstat(fd_, &file) != 0 || !S_ISREG(file.st_mode)) return std::nullopt;
  const auto size = static_cast<std::uint64_t>(file.st_size);
  const std::uint64_t looked_ahead = lookahead_.size() - lookahead_pos_;
  return (size > offset_ ? size - offset_ : 0) + looked_ahead;
}

FollowEnd FileSource::check_rotation() const {
  struct stat open_file {};
  if (::fstat(fd_, &open_file) != 0) return FollowEnd::None;
  if (static_cast<std::uint64_t>(open_file.st_size) < offset_) return FollowEnd::Truncated;
  struct stat named {};
  // A name that leads nowhere (rotation between rename and create, or a
  // deleted log): keep reading the old file, which may still be written to.
  if (::stat(path_.c_str(), &named) != 0) return FollowEnd::None;
  if (named.st_dev != open_file.st_dev || named.st_ino != open_file.st_ino)
    return FollowEnd::Replaced;
  return FollowEnd::None;
}

std::size_t FileSource::read_fd(char* buffer, std::size_t size) {
  auto idle_since = std::chrono::steady_clock::now();
  for (;;) {
    const ssize_t n = ::read(fd_, buffer, size);
    if (n > 0) offset_ += static_cast<std::uint64_t>(n);
    if (n > 0 || (n == 0 && !following_)) return static_cast<std::size_t>(n);
    if (n == 0) {
      // Following: poll for growth until stopped or idle for too long. A
      // rotated file is read to its end first (this read found it).
      if (const FollowEnd end = check_rotation(); end != FollowEnd::None) {
        // A replaced file may have been written between that read and the
        // check; one more read takes what is there. A truncated one holds
        // nothing more for us.
        if (end == FollowEnd::Replaced) {
          const ssize_t last = ::read(fd_, buffer, size);
          if (last > 0) {
            offset_ += static_cast<std::uint64_t>(last);
            return static_cast<std::size_t>(last);
          }
        }
        follow_end_ = end;
        return 0;
      }
      if (follow_.stop != nullptr && follow_.stop->load()) return 0;
      const double idle =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - idle_since).count();
      if (follow_.idle_timeout_seconds > 0 && idle >= follow_.idle_timeout_seconds) return 0;
      if (follow_.on_wait) follow_.on_wait();
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      continue;
    }
    if (errno == EINTR) {
      if (following_ && follow_.stop != nullptr && follow_.stop->load()) return 0;
      continue;
    }
    throw InputError(name_ +
                     ": cannot read: " + std::error_code(errno, std::generic_category()).message());
  }
}

std::uint64_t FileSource::skip(std::uint64_t count) {
  const std::uint64_t ahead = std::min<std::uint64_t>(count, lookahead_.size() - lookahead_pos_);
  lookahead_pos_ += static_cast<std::size_t>(ahead);
  consumed_ += ahead;
  struct stat st {};
  if (ahead == count || ::fstat(fd_, &st) != 0 || !S_ISREG(st.st_mode)) {
    return ahead + ByteSource::skip(count - ahead);
  }
  const auto here = static_cast<std::uint64_t>(::lseek(fd_, 0, SEEK_CUR));
  const std::uint64_t there =
      std::min<std::uint64_t>(here + (count - ahead), static_cast<std::uint64_t>(st.st_size));
  ::lseek(fd_, static_cast<off_t>(there), SEEK_SET);
  offset_ = there;
  consumed_ += there - here;
  return ahead + (there - here);
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

}  // namespace cellos::input
