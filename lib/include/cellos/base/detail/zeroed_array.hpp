// SPDX-License-Identifier: Apache-2.0
// A fixed-size array of a type whose all-zero bytes are its empty value,
// taken zeroed from the kernel instead of written: a large hash index is
// then neither cleared twice (the kernel zeroes every page it hands out)
// nor faulted in 4 KiB at a time (arrays of 2 MiB and more ask for huge
// pages, which also spare random lookups most TLB misses).
#pragma once

#include <cstddef>
#include <type_traits>
#include <utility>

namespace cellos::detail {

// Zeroed bytes: `bytes` of them, from calloc or, when large, mmap.
void* allocate_zeroed(std::size_t bytes);
void free_zeroed(void* memory, std::size_t bytes) noexcept;

template <class T>
class ZeroedArray {
  static_assert(std::is_trivially_copyable_v<T> && std::is_trivially_destructible_v<T>);

 public:
  ZeroedArray() = default;
  explicit ZeroedArray(std::size_t size)
      : data_(static_cast<T*>(allocate_zeroed(size * sizeof(T)))), size_(size) {}
  ~ZeroedArray() { free_zeroed(data_, size_ * sizeof(T)); }
  ZeroedArray(ZeroedArray&& other) noexcept
      : data_(std::exchange(other.data_, nullptr)), size_(std::exchange(other.size_, 0)) {}
  ZeroedArray& operator=(ZeroedArray&& other) noexcept {
    std::swap(data_, other.data_);
    std::swap(size_, other.size_);
    return *this;
  }
  ZeroedArray(const ZeroedArray&) = delete;
  ZeroedArray& operator=(const ZeroedArray&) = delete;

  [[nodiscard]] std::size_t size() const { return size_; }
  [[nodiscard]] bool empty() const { return size_ == 0; }
  T& operator[](std::size_t i) { return data_[i]; }
  const T& operator[](std::size_t i) const { return data_[i]; }

 private:
  T* data_ = nullptr;
  std::size_t size_ = 0;
};

}  // namespace cellos::detail
