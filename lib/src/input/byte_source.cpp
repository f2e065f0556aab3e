// SPDX-License-Identifier: Apache-2.0
#include "cellos/input/byte_source.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string_view>
#include <system_error>

#include "cellos/base/utf8.hpp"
#include "input/decompress.hpp"
#include "input/file_source.hpp"

namespace cellos::input {

namespace {

constexpr std::string_view kGzipMagic = "\x1f\x8b";
constexpr std::string_view kZstdMagic = "\x28\xb5\x2f\xfd";

// A zstd skippable frame (pzstd starts its files with one): magic
// 0x184D2A50..0x184D2A5F, little-endian.
bool is_zstd_skippable(std::string_view head) {
  return head.size() >= 4 && (static_cast<unsigned char>(head[0]) & 0xF0U) == 0x50 &&
         head.substr(1, 3) == "\x2a\x4d\x18";
}

struct ForeignFormat {
  std::string_view magic;
  std::string_view name;
  std::string_view decompressor;  // the command that writes it out as text
};

// Compressed formats the tool does not read: recognised, so that a file of
// them is one clear error instead of a malformed line per line.
constexpr ForeignFormat kForeignFormats[] = {
    {"\xfd\x37\x7a\x58\x5a\x00", "xz", "xz -dc"},
    {"BZh", "bzip2", "bzip2 -dc"},
    {"\x04\x22\x4d\x18", "lz4", "lz4 -dc"},
    {"\x02\x21\x4c\x18", "lz4 (legacy format)", "lz4 -dc"},
};

void refuse_foreign_format(std::string_view head, const std::string& name,
                           const std::string& path) {
  for (const ForeignFormat& format : kForeignFormats) {
    if (!head.starts_with(format.magic)) continue;
    // bzip2's magic is "BZh" and a block size digit.
    if (format.name == "bzip2" && (head.size() < 4 || head[3] < '1' || head[3] > '9')) continue;
    std::string message = name + ": ";
    message.append(format.name).append("-compressed, which cellos-project does not decompress; ");
    message.append("replay it with `").append(format.decompressor).append(" ");
    message.append(path == "-" ? std::string("FILE") : path).append(" | cellos-project -`");
    throw InputError(message);
  }
}

}  // namespace

std::uint64_t ByteSource::skip(std::uint64_t count) {
  // On the heap, and only as large as needed: every input is skipped to its
  // resume point, most by nothing, and a 64 KiB stack array would be probed
  // page by page (stack clash protection) at every call.
  const auto size = static_cast<std::size_t>(std::min<std::uint64_t>(count, 1 << 16));
  if (size == 0) return 0;
  const auto buffer = std::make_unique_for_overwrite<char[]>(size);
  std::uint64_t skipped = 0;
  while (skipped < count) {
    const std::size_t n = read(
        buffer.get(), static_cast<std::size_t>(std::min<std::uint64_t>(size, count - skipped)));
    if (n == 0) break;
    skipped += n;
  }
  return skipped;
}

std::string read_bytes_at(const std::string& path, std::uint64_t offset, std::size_t length,
                          const DecompressOptions& decompress) {
  const std::unique_ptr<ByteSource> source = open_input(path, decompress);
  std::string bytes;
  if (source->skip(offset) != offset) return bytes;
  bytes.resize(length);
  std::size_t got = 0;
  while (got < length) {
    const std::size_t n = source->read(bytes.data() + got, length - got);
    if (n == 0) break;
    got += n;
  }
  bytes.resize(got);
  return bytes;
}

std::string display_name(const std::string& path) {
  return path == "-" ? "<stdin>" : utf8::lossy(path);
}

std::unique_ptr<ByteSource> open_input(const std::string& path, const DecompressOptions& decompress,
                                       const FollowOptions* follow) {
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
  if (follow != nullptr && ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
    file->follow(*follow, path);
  const std::string_view head = file->peek(6);
  if (head.starts_with(kGzipMagic)) return make_gzip_source(std::move(file), name);
  if (head.starts_with(kZstdMagic) || is_zstd_skippable(head)) {
    return make_zstd_source(std::move(file), name, decompress.zstd_max_window);
  }
  refuse_foreign_format(head, name, path);
  return file;
}

}  // namespace cellos::input
