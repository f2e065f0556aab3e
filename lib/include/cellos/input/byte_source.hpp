// SPDX-License-Identifier: Apache-2.0
// Where replay reads bytes from: a file, standard input, or a decompressor in
// front of either. Sources are pulled in chunks, so no input is ever held in
// memory whole.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

namespace cellos::input {

// An input could not be opened or read, or did not decompress (exit code 3).
class InputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Why a followed file ended before the follow did (see FollowOptions).
enum class FollowEnd : std::uint8_t {
  None,       // not followed, or stopped / idle as asked
  Truncated,  // cut shorter than what was read (copytruncate): read it again
  Replaced,   // its name now holds another file (rename + create, delete + create)
};

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Reads up to `size` bytes; returns 0 only at the end. Throws InputError.
  virtual std::size_t read(char* buffer, std::size_t size) = 0;
  // Compressed bytes consumed so far (for progress); raw bytes when uncompressed.
  [[nodiscard]] virtual std::uint64_t consumed() const = 0;
  // Whether reading costs real CPU (decompression), worth a thread of its own.
  [[nodiscard]] virtual bool decompresses() const { return false; }
  // Reads and drops `count` bytes (a file seeks past them); returns how many
  // there were, fewer only at the end. Throws InputError.
  virtual std::uint64_t skip(std::uint64_t count);
  // For a followed file: why it ended (FollowEnd::None otherwise).
  [[nodiscard]] virtual FollowEnd follow_end() const { return FollowEnd::None; }
  // The bytes left to read when known in advance (a regular file, read as it
  // is and not followed); nullopt otherwise.
  [[nodiscard]] virtual std::optional<std::uint64_t> bytes_left() const { return std::nullopt; }
};

// `--follow`: at the end of a file, wait for it to grow instead of ending.
// The file is followed by name, as `tail -F` does: when it is truncated, or
// its name comes to hold another file, the input ends (after every byte of
// the old file) and says why (ByteSource::follow_end), so that the caller
// can open the name again and lose no line.
struct FollowOptions {
  // Set (from a signal handler) to end the wait: the input then ends normally.
  const std::atomic<bool>* stop = nullptr;
  // End after this long without new data; 0 waits until `stop`.
  double idle_timeout_seconds = 0;
  // Called on the reading thread each time the follower has read everything
  // and waits for more (every 0.1 s while the file stands still): a reader
  // that hands out whole lines has handed out every one there is, so what
  // was read is all replayed. A following replay checkpoints there.
  std::function<void()> on_wait;
};

// zstd's own default limit on a frame's window (ZSTD_WINDOWLOG_LIMIT_DEFAULT):
// what a decoder allocates for files made without --long.
inline constexpr std::uint64_t kDefaultZstdMaxWindow = std::uint64_t{1} << 27;
// The most a window can be (zstd's 64-bit maximum, --long=31).
inline constexpr std::uint64_t kLargestZstdWindow = std::uint64_t{1} << 31;

struct DecompressOptions {
  // The largest zstd window to allocate (rounded down to a power of two), as
  // `zstd --memory=` allows; a frame that needs more is an input error that
  // says what to allow.
  std::uint64_t zstd_max_window = kDefaultZstdMaxWindow;
};

// Opens `path` ("-" for standard input) and, when it starts with the gzip or
// zstd magic bytes (a zstd skippable frame included), decompresses it
// transparently. xz, bzip2 and lz4 files are recognised and refused with an
// InputError that says how to replay them. With `follow`, a regular file is
// followed as it grows, by name. Throws InputError.
std::unique_ptr<ByteSource> open_input(const std::string& path,
                                       const DecompressOptions& decompress = {},
                                       const FollowOptions* follow = nullptr);

// Up to `length` bytes of `path`'s content (decompressed) from `offset`:
// fewer at its end. What tells a file by its content. Throws InputError.
std::string read_bytes_at(const std::string& path, std::uint64_t offset, std::size_t length,
                          const DecompressOptions& decompress = {});

// The name problem records use for `path`: "<stdin>" for "-"; a name that is
// not valid UTF-8 with U+FFFD for each invalid sequence (output stays UTF-8).
std::string display_name(const std::string& path);

}  // namespace cellos::input
