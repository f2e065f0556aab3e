// Reads a file descriptor, with a few bytes of look-ahead so that the
// decompressor can be chosen from the magic bytes, also on a pipe.
#pragma once

#include <string>

#include "cellos/replay/byte_source.hpp"

namespace cellos::replay {

class FileSource final : public ByteSource {
 public:
  // Takes ownership of `fd` unless it is standard input.
  FileSource(int fd, std::string name);
  // Waits at the end of the file for more data, as `tail -f` does.
  void follow(const FollowOptions& options) {
    follow_ = options;
    following_ = true;
  }
  ~FileSource() override;
  FileSource(const FileSource&) = delete;
  FileSource& operator=(const FileSource&) = delete;

  std::size_t read(char* buffer, std::size_t size) override;
  [[nodiscard]] std::uint64_t consumed() const override { return consumed_; }

  // The first bytes of the input, without consuming them.
  std::string_view peek(std::size_t size);

 private:
  std::size_t read_fd(char* buffer, std::size_t size);

  int fd_;
  std::string name_;
  std::string lookahead_;
  std::size_t lookahead_pos_ = 0;
  std::uint64_t consumed_ = 0;
  FollowOptions follow_;
  bool following_ = false;
};

}  // namespace cellos::replay
