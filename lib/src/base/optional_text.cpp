// SPDX-License-Identifier: Apache-2.0
#include "cellos/base/optional_text.hpp"

#include <cstring>
#include <new>

namespace cellos {

const char* OptionalText::heap_block() const {
  const char* block;
  std::memcpy(&block, storage_, sizeof block);
  return block;
}

void OptionalText::release() {
  if (tag_ == kHeap) delete[] heap_block();
}

std::string_view OptionalText::heap_view() const {
  const char* block = heap_block();
  std::uint64_t length;
  std::memcpy(&length, block, sizeof length);
  return {block + sizeof length, static_cast<std::size_t>(length)};
}

void OptionalText::assign(std::optional<std::string_view> text) {
  release();
  if (!text) {
    tag_ = kAbsent;
    return;
  }
  if (text->size() <= kInlineMax) {
    std::memcpy(storage_, text->data(), text->size());
    tag_ = static_cast<std::uint8_t>(text->size());
    return;
  }
  const std::uint64_t length = text->size();
  char* block = new char[sizeof length + text->size()];
  std::memcpy(block, &length, sizeof length);
  std::memcpy(block + sizeof length, text->data(), text->size());
  // The pointer lives on in storage_ (tag kHeap) and release() frees it;
  // cppcheck does not follow it through memcpy, hence the suppression.
  std::memcpy(storage_, &block, sizeof block);
  tag_ = kHeap;
  // cppcheck-suppress memleak
}

OptionalText::OptionalText(OptionalText&& other) noexcept : tag_(other.tag_) {
  std::memcpy(storage_, other.storage_, sizeof storage_);
  other.tag_ = kAbsent;
}

OptionalText& OptionalText::operator=(const OptionalText& other) {
  if (this != &other) assign(other.get());
  return *this;
}

OptionalText& OptionalText::operator=(OptionalText&& other) noexcept {
  if (this != &other) {
    release();
    std::memcpy(storage_, other.storage_, sizeof storage_);
    tag_ = other.tag_;
    other.tag_ = kAbsent;
  }
  return *this;
}

}  // namespace cellos
