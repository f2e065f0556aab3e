// SPDX-License-Identifier: Apache-2.0
// Buffered output to a file descriptor that notices every write error.
//
// A closed pipe (`cellos-project log | head -1`) ends output quietly; any
// other failure (a full disk) is kept so the program can exit 3 saying so,
// instead of leaving a silently truncated result behind.
#pragma once

#include <string>
#include <string_view>

namespace cellos::report {

class Output {
 public:
  explicit Output(int fd);
  ~Output();
  Output(const Output&) = delete;
  Output& operator=(const Output&) = delete;

  void write(std::string_view text);
  // Render straight into the buffer, then call `commit` to maybe flush.
  std::string& buffer() { return buffer_; }
  void commit();
  bool flush();

  [[nodiscard]] bool failed() const { return !error_.empty(); }
  [[nodiscard]] bool broken_pipe() const { return broken_pipe_; }
  [[nodiscard]] const std::string& error() const { return error_; }

 private:
  static constexpr std::size_t kFlushAt = std::size_t{1} << 16;

  bool write_all(std::string_view bytes);

  int fd_;
  std::string buffer_;
  std::string error_;
  bool broken_pipe_ = false;
};

}  // namespace cellos::report
