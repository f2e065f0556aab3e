// SPDX-License-Identifier: Apache-2.0
// ByteBuffer: a growable run of bytes that is written in place.
//
// A writer asks for room (`tail(n)`), writes into it and commits what it
// wrote. Unlike std::string, growing never zero-fills the bytes about to be
// overwritten, and a write needs one capacity check however many bytes it
// stores: read(2) fills a block of input this way, and the snapshot writer a
// chunk of output.
#pragma once

#include <cstddef>
#include <memory>
#include <string_view>

namespace cellos {

class ByteBuffer {
 public:
  [[nodiscard]] std::string_view view() const { return {data_.get(), size_}; }
  // The bytes, to fill in one written earlier (a size ahead of what it counts).
  [[nodiscard]] char* data() { return data_.get(); }
  [[nodiscard]] std::size_t size() const { return size_; }
  [[nodiscard]] bool empty() const { return size_ == 0; }
  // Bytes allocated, for memory accounting.
  [[nodiscard]] std::size_t capacity() const { return capacity_; }
  void clear() { size_ = 0; }

  // Room for `n` more bytes: where to write them; then commit() those written.
  // The pointer stays valid until the next call that may grow the buffer.
  char* tail(std::size_t n) {
    if (capacity_ - size_ < n) grow(n);
    return data_.get() + size_;
  }
  void commit(std::size_t n) { size_ += n; }
  // Commits the bytes from tail() up to `end`.
  void commit_to(const char* end) { size_ = static_cast<std::size_t>(end - data_.get()); }

  void append(std::string_view bytes);
  void push_back(char c) {
    *tail(1) = c;
    ++size_;
  }
  void shrink_to(std::size_t size) { size_ = size; }
  void drop_front(std::size_t n);

 private:
  void grow(std::size_t n);

  std::unique_ptr<char[]> data_;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
};

}  // namespace cellos
