#include "cellos/replay/byte_source.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>

#include "decompress.hpp"
#include "file_source.hpp"

namespace cellos::replay {

namespace {
constexpr std::string_view kGzipMagic = "\x1f\x8b";
constexpr std::string_view kZstdMagic = "\x28\xb5\x2f\xfd";
}  // namespace

std::string display_name(const std::string& path) {
  return path == "-" ? "<stdin>" : path;
}

std::unique_ptr<ByteSource> open_input(const std::string& path, const FollowOptions* follow) {
  const std::string name = display_name(path);
  int fd = STDIN_FILENO;
  if (path != "-") {
    fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
      throw InputError(
          name + ": cannot open: " + std::error_code(errno, std::generic_category()).message());
    struct stat st {};
    if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
      ::close(fd);
      throw InputError(name + ": is a directory; give the log files inside it");
    }
#ifdef POSIX_FADV_SEQUENTIAL
    ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
  }
  auto file = std::make_unique<FileSource>(fd, name);
  // Only a regular file can grow; a pipe's end of file is final.
  struct stat st {};
  if (follow != nullptr && ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) file->follow(*follow);
  const std::string_view head = file->peek(kZstdMagic.size());
  if (head.substr(0, kGzipMagic.size()) == kGzipMagic) {
    return make_gzip_source(std::move(file), name);
  }
  if (head.substr(0, kZstdMagic.size()) == kZstdMagic) {
    return make_zstd_source(std::move(file), name);
  }
  return file;
}

}  // namespace cellos::replay
