// SPDX-License-Identifier: Apache-2.0
// Reads a file descriptor, with a few bytes of look-ahead so that the
// decompressor can be chosen from the magic bytes, also on a pipe.
#pragma once

#include <string>

#include "cellos/input/byte_source.hpp"

namespace cellos::input {

class FileSource final : public ByteSource {
 public:
  // Takes ownership of `fd` unless it is standard input.
  FileSource(int fd, std::string name);
  // Waits at the end of the file for more data, as `tail -F` does: ends
  // early, after the last byte, when `path` is truncated or replaced.
  void follow(const FollowOptions& options, std::string path);
  ~FileSource() override;
  FileSource(const FileSource&) = delete;
  FileSource& operator=(const FileSource&) = delete;

  std::size_t read(char* buffer, std::size_t size) override;
  [[nodiscard]] std::uint64_t consumed() const override { return consumed_; }
  // Seeks when it can (a regular file, nothing looked ahead).
  std::uint64_t skip(std::uint64_t count) override;
  [[nodiscard]] FollowEnd follow_end() const override { return follow_end_; }
  [[nodiscard]] std::optional<std::uint64_t> bytes_left() const override;

  // The first bytes of the input, without consuming them.
  std::string_view peek(std::size_t size);

 private:
  std::size_t read_fd(char* buffer, std::size_t size);
  // At the end of a followed file: whether the name still leads to it, whole.
  [[nodiscard]] FollowEnd check_rotation() const;

  int fd_;
  std::string name_;
  std::string lookahead_;
  std::size_t lookahead_pos_ = 0;
  std::uint64_t consumed_ = 0;
  FollowOptions follow_;
  bool following_ = false;
  std::string path_;          // followed by this name
  std::uint64_t offset_ = 0;  // bytes of the descriptor read so far
  FollowEnd follow_end_ = FollowEnd::None;
};

}  // namespace cellos::input
