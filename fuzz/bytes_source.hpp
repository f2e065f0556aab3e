// SPDX-License-Identifier: Apache-2.0
// A ByteSource over the fuzzer's input that hands out at most `chunk` bytes
// per read, so buffer boundaries fall in odd places.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "cellos/input/byte_source.hpp"

namespace cellos::fuzz {

class BytesSource final : public input::ByteSource {
 public:
  BytesSource(const std::uint8_t* data, std::size_t size, std::size_t chunk)
      : data_(data), size_(size), chunk_(chunk) {}
  std::size_t read(char* buffer, std::size_t size) override {
    const std::size_t n = std::min({size, size_ - pos_, chunk_});
    std::memcpy(buffer, data_ + pos_, n);
    pos_ += n;
    return n;
  }
  [[nodiscard]] std::uint64_t consumed() const override { return pos_; }

 private:
  const std::uint8_t* data_;
  std::size_t size_;
  std::size_t chunk_;
  std::size_t pos_ = 0;
};

}  // namespace cellos::fuzz
