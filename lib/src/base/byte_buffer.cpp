// SPDX-License-Identifier: Apache-2.0
#include "base/byte_buffer.hpp"

#include <algorithm>
#include <cstring>

namespace cellos {

void ByteBuffer::grow(std::size_t n) {
  // By half again: amortised appends without doubling a big block's slack.
  const std::size_t capacity = std::max(size_ + n, capacity_ + capacity_ / 2);
  auto data = std::make_unique_for_overwrite<char[]>(capacity);
  if (size_ > 0) std::memcpy(data.get(), data_.get(), size_);
  data_ = std::move(data);
  capacity_ = capacity;
}

void ByteBuffer::append(std::string_view bytes) {
  if (bytes.empty()) return;  // memcpy wants a buffer, even for nothing
  std::memcpy(tail(bytes.size()), bytes.data(), bytes.size());
  commit(bytes.size());
}

void ByteBuffer::drop_front(std::size_t n) {
  std::memmove(data_.get(), data_.get() + n, size_ - n);
  size_ -= n;
}

}  // namespace cellos
