// Where replay reads bytes from: a file, standard input, or a decompressor in
// front of either. Sources are pulled in chunks, so no input is ever held in
// memory whole.
#pragma once

#include <atomic>
#include <cstddef>
#include <memory>
#include <stdexcept>
#include <string>

namespace cellos::replay {

// An input could not be opened or read, or did not decompress (exit code 3).
class InputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
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
};

// `--follow`: at the end of a file, wait for it to grow instead of ending.
struct FollowOptions {
  // Set (from a signal handler) to end the wait: the input then ends normally.
  const std::atomic<bool>* stop = nullptr;
  // End after this long without new data; 0 waits until `stop`.
  double idle_timeout_seconds = 0;
};

// Opens `path` ("-" for standard input) and, when it starts with the gzip or
// zstd magic bytes, decompresses it transparently. With `follow`, a regular
// file is followed as it grows. Throws InputError.
std::unique_ptr<ByteSource> open_input(const std::string& path,
                                       const FollowOptions* follow = nullptr);

// The name problem records use for `path`: "<stdin>" for "-".
std::string display_name(const std::string& path);

}  // namespace cellos::replay
