// SPDX-License-Identifier: Apache-2.0
#include "cellos/base/output_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <system_error>

namespace cellos {

namespace {

std::string errno_text(int error) {
  return std::error_code(error, std::generic_category()).message();
}

bool same_file(const struct stat& a, const struct stat& b) {
  return a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

// Where the bytes of `path` really go: a symlink's final target, so that
// renaming onto it replaces the file and keeps the link.
std::string resolved_target(const std::string& path) {
  struct stat link {};
  if (::lstat(path.c_str(), &link) != 0 || !S_ISLNK(link.st_mode)) return path;
  char* real = ::realpath(path.c_str(), nullptr);
  if (real == nullptr) return path;  // a dangling link: replace the link itself
  std::string target(real);
  std::free(real);  // NOLINT(cppcoreguidelines-no-malloc): realpath's contract
  return target;
}

std::string directory_of(const std::string& path) {
  const auto slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

// A new, empty file beside `target`, created exclusively (no other process's
// file is ever opened) with mode 0666 less the umask.
int create_temporary(const std::string& target, std::string& name) {
  static std::atomic<unsigned> counter{0};
  const auto slash = target.rfind('/');
  const std::string dir = slash == std::string::npos ? "" : target.substr(0, slash + 1);
  const std::string base = slash == std::string::npos ? target : target.substr(slash + 1);
  for (int attempt = 0; attempt < 100; ++attempt) {
    name.assign(dir).append(".").append(base).append(".");
    name.append(std::to_string(::getpid())).append(".");
    name.append(std::to_string(counter.fetch_add(1))).append(".tmp");
    const int fd = ::open(name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd >= 0 || errno != EEXIST) return fd;
  }
  return -1;
}

bool write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

}  // namespace

std::optional<std::string> input_overwritten_by(const std::string& output,
                                                const std::vector<std::string>& inputs) {
  struct stat out {};
  if (::stat(output.c_str(), &out) != 0) return std::nullopt;
  for (const std::string& input : inputs) {
    struct stat in {};
    const int rc = input == "-" ? ::fstat(STDIN_FILENO, &in) : ::stat(input.c_str(), &in);
    if (rc == 0 && same_file(in, out)) return input;
  }
  if (inputs.empty()) {  // no input given: standard input is read
    struct stat in {};
    if (::fstat(STDIN_FILENO, &in) == 0 && same_file(in, out)) return std::string("-");
  }
  return std::nullopt;
}

bool may_replace(const std::string& path, std::string_view signature) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode) || st.st_size == 0) return true;
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return true;  // unreadable: writing will fail and say so
  char head[256];
  const ssize_t n = ::read(fd, head, sizeof head);
  ::close(fd);
  std::string_view text(head, n > 0 ? static_cast<std::size_t>(n) : 0);
  while (!text.empty() && (text.front() == ' ' || text.front() == '\n' || text.front() == '\r' ||
                           text.front() == '\t')) {
    text.remove_prefix(1);
  }
  return text.starts_with(signature) || (text.empty() && n >= 0);
}

namespace {

std::string write_directly(const std::string& path, std::string_view contents) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC);
  if (fd < 0) return path + ": cannot open: " + errno_text(errno);
  const bool ok = write_all(fd, contents);
  const int error = errno;
  ::close(fd);
  return ok ? std::string() : path + ": cannot write: " + errno_text(error);
}

}  // namespace

std::string write_file_atomically(const std::string& path, std::string_view contents) {
  const std::string target = resolved_target(path);
  struct stat existing {};
  const bool exists = ::stat(target.c_str(), &existing) == 0;
  if (exists && !S_ISREG(existing.st_mode)) return write_directly(path, contents);
  std::string temporary;
  const int fd = create_temporary(target, temporary);
  if (fd < 0) {
    return path + ": cannot create a temporary file in " + directory_of(target) + ": " +
           errno_text(errno);
  }
  bool ok = !exists || ::fchmod(fd, existing.st_mode & 07777) == 0;
  ok = ok && write_all(fd, contents) && ::fsync(fd) == 0;
  int error = errno;
  if (::close(fd) != 0 && ok) {
    ok = false;
    error = errno;
  }
  if (ok && ::rename(temporary.c_str(), target.c_str()) != 0) {
    ok = false;
    error = errno;
  }
  if (!ok) {
    ::unlink(temporary.c_str());
    return path + ": cannot write: " + errno_text(error);
  }
  // The rename itself is durable once the directory is on disk.
  const int dir = ::open(directory_of(target).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
  return {};
}

}  // namespace cellos
