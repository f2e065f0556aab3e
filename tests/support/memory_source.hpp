// SPDX-License-Identifier: Apache-2.0
// A ByteSource over a string that hands out at most `chunk` bytes per read,
// so tests can put buffer boundaries anywhere.
#pragma once

#include <algorithm>
#include <cstring>
#include <string>

#include "cellos/input/byte_source.hpp"

namespace cellos::test {

class MemorySource final : public input::ByteSource {
 public:
  explicit MemorySource(std::string data, std::size_t chunk = 1 << 20)
      : data_(std::move(data)), chunk_(chunk) {}

  std::size_t read(char* buffer, std::size_t size) override {
    const std::size_t n = std::min({size, chunk_, data_.size() - pos_});
    std::memcpy(buffer, data_.data() + pos_, n);
    pos_ += n;
    return n;
  }
  [[nodiscard]] std::uint64_t consumed() const override { return pos_; }

 private:
  std::string data_;
  std::size_t chunk_;
  std::size_t pos_ = 0;
};

}  // namespace cellos::test
