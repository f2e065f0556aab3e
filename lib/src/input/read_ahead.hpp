// SPDX-License-Identifier: Apache-2.0
// Runs a ByteSource on its own thread, a few blocks ahead of the reader.
//
// With --jobs > 1 the thread that splits lines and reduces them is the
// busiest; reading, and above all decompressing, moves here so that it
// overlaps with that work. At most `blocks` blocks are buffered. An error of
// the source reaches the reader in position: after every byte read before it.
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

#include "cellos/input/byte_source.hpp"

namespace cellos::input {

class ReadAheadSource final : public ByteSource {
 public:
  explicit ReadAheadSource(ByteSource& inner, std::size_t block_bytes = std::size_t{1} << 20,
                           std::size_t blocks = 4);
  ~ReadAheadSource() override;
  ReadAheadSource(const ReadAheadSource&) = delete;
  ReadAheadSource& operator=(const ReadAheadSource&) = delete;

  std::size_t read(char* buffer, std::size_t size) override;
  [[nodiscard]] std::uint64_t consumed() const override {
    return consumed_.load(std::memory_order_relaxed);
  }

 private:
  struct Block {
    std::vector<char> bytes;
    std::size_t size = 0;
  };
  void produce();

  ByteSource& inner_;
  std::mutex mutex_;
  std::condition_variable has_block_;
  std::condition_variable has_room_;
  std::deque<Block> ready_;
  std::vector<Block> spare_;
  bool finished_ = false;  // the producer saw the end or an error
  bool stopping_ = false;
  std::exception_ptr error_;
  Block current_;
  std::size_t current_pos_ = 0;
  std::atomic<std::uint64_t> consumed_{0};
  std::thread thread_;
};

}  // namespace cellos::input
