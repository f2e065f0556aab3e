// SPDX-License-Identifier: Apache-2.0
// Arrays of a type whose all-zero bytes are its empty value, taken zeroed
// from the kernel instead of written: a large hash index is then neither
// cleared twice (the kernel zeroes every page it hands out) nor faulted in
// 4 KiB at a time (arrays of 2 MiB and more ask for huge pages, which also
// spare random lookups most TLB misses).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <type_traits>
#include <utility>

namespace cellos::detail {

// How a large zeroed allocation is paged: huge pages suit an array touched
// all over (a hash index); 4 KiB pages one touched only in places, whose
// untouched pages then cost nothing.
enum class Paging { Huge, Small };

// Zeroed bytes: `bytes` of them, from calloc or, when large, mmap.
void* allocate_zeroed(std::size_t bytes, Paging paging = Paging::Huge);
void free_zeroed(void* memory, std::size_t bytes) noexcept;

template <class T>
class ZeroedArray {
  static_assert(std::is_trivially_copyable_v<T> && std::is_trivially_destructible_v<T>);

 public:
  ZeroedArray() = default;
  explicit ZeroedArray(std::size_t size, Paging paging = Paging::Huge)
      : data_(static_cast<T*>(allocate_zeroed(size * sizeof(T), paging))), size_(size) {}
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
  T* data() { return data_; }
  [[nodiscard]] const T* data() const { return data_; }

 private:
  T* data_ = nullptr;
  std::size_t size_ = 0;
};

// A growable array of such a type that can grow by many empty elements
// without writing them (grow_zeroed): a resumed replay numbers 400k stored
// cells whose keys it may never need, and their pages are then never
// touched. Otherwise a minimal std::vector.
template <class T>
class ZeroedVector {
 public:
  [[nodiscard]] std::size_t size() const { return size_; }
  [[nodiscard]] std::size_t capacity() const { return storage_.size(); }
  T& operator[](std::size_t i) { return storage_[i]; }
  const T& operator[](std::size_t i) const { return storage_[i]; }
  [[nodiscard]] const T* begin() const { return storage_.data(); }
  [[nodiscard]] const T* end() const { return storage_.data() + size_; }

  void reserve(std::size_t capacity) {
    if (capacity > storage_.size()) reallocate(capacity);
  }
  void push_back(const T& value) {
    if (size_ == storage_.size()) reallocate(std::max<std::size_t>(16, 2 * size_));
    storage_[size_++] = value;
  }
  // `count` more elements, each T{} (all zero bytes).
  void grow_zeroed(std::size_t count) {
    if (size_ + count > storage_.size()) reallocate(std::max(size_ + count, 2 * size_));
    size_ += count;
  }

 private:
  void reallocate(std::size_t capacity) {
    ZeroedArray<T> bigger(capacity, Paging::Small);
    if (size_ > 0) std::memcpy(bigger.data(), storage_.data(), size_ * sizeof(T));
    storage_ = std::move(bigger);
  }

  ZeroedArray<T> storage_;
  std::size_t size_ = 0;
};

}  // namespace cellos::detail
