// SPDX-License-Identifier: Apache-2.0
#include "input/read_ahead.hpp"

#include <algorithm>
#include <cstring>

namespace cellos::input {

ReadAheadSource::ReadAheadSource(ByteSource& inner, std::size_t block_bytes, std::size_t blocks)
    : inner_(inner) {
  for (std::size_t i = 0; i < blocks; ++i)
    spare_.push_back(Block{std::vector<char>(block_bytes), 0});
  thread_ = std::thread([this] { produce(); });
}

ReadAheadSource::~ReadAheadSource() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  has_room_.notify_all();
  thread_.join();
}

void ReadAheadSource::produce() {
  for (;;) {
    Block block;
    {
      std::unique_lock lock(mutex_);
      has_room_.wait(lock, [&] { return stopping_ || !spare_.empty(); });
      if (stopping_) return;
      block = std::move(spare_.back());
      spare_.pop_back();
    }
    try {
      block.size = inner_.read(block.bytes.data(), block.bytes.size());
    } catch (...) {
      std::lock_guard lock(mutex_);
      error_ = std::current_exception();
      finished_ = true;
      has_block_.notify_all();
      return;
    }
    consumed_.store(inner_.consumed(), std::memory_order_relaxed);
    std::lock_guard lock(mutex_);
    if (block.size == 0) {
      finished_ = true;
      has_block_.notify_all();
      return;
    }
    ready_.push_back(std::move(block));
    has_block_.notify_all();
  }
}

std::size_t ReadAheadSource::read(char* buffer, std::size_t size) {
  if (current_pos_ == current_.size) {
    std::unique_lock lock(mutex_);
    if (!current_.bytes.empty()) {
      spare_.push_back(std::move(current_));
      has_room_.notify_one();
    }
    current_ = Block{};
    current_pos_ = 0;
    has_block_.wait(lock, [&] { return !ready_.empty() || finished_; });
    if (ready_.empty()) {
      if (error_) std::rethrow_exception(error_);
      return 0;
    }
    current_ = std::move(ready_.front());
    ready_.pop_front();
  }
  const std::size_t n = std::min(size, current_.size - current_pos_);
  std::memcpy(buffer, current_.bytes.data() + current_pos_, n);
  current_pos_ += n;
  return n;
}

}  // namespace cellos::input
