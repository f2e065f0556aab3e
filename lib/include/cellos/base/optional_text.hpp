// SPDX-License-Identifier: Apache-2.0
// OptionalText: an optional, immutable string in 16 bytes.
//
// A reducer keeps about eight optional strings per cell and a fleet log holds
// hundreds of thousands of cells; `std::optional<std::string>` costs 40 bytes
// each before the text. OptionalText is absent, holds up to 15 bytes inline
// (ids like "spec-182" or "ci-low"), or points to an exactly sized heap block.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace cellos {

class OptionalText {
 public:
  OptionalText() = default;
  OptionalText(std::optional<std::string_view> text) {
    assign(text);
  }  // NOLINT: implicit by design
  OptionalText(const OptionalText& other) { assign(other.get()); }
  OptionalText(OptionalText&& other) noexcept;
  OptionalText& operator=(const OptionalText& other);
  OptionalText& operator=(OptionalText&& other) noexcept;
  ~OptionalText() { release(); }

  void assign(std::optional<std::string_view> text);
  void reset() {
    release();
    tag_ = kAbsent;
  }

  [[nodiscard]] bool has_value() const { return tag_ != kAbsent; }
  explicit operator bool() const { return has_value(); }
  // The text; empty when absent.
  [[nodiscard]] std::string_view view() const {
    if (tag_ <= kInlineMax) return {storage_, tag_};
    return tag_ == kHeap ? heap_view() : std::string_view();
  }
  [[nodiscard]] std::optional<std::string_view> get() const {
    if (!has_value()) return std::nullopt;
    return view();
  }
  // Asks the CPU to fetch a heap-held text ahead of reading it.
  void prefetch() const {
    if (tag_ == kHeap) __builtin_prefetch(heap_block());
  }
  // Like std::optional: `*text` is the string.
  std::string_view operator*() const { return view(); }

  friend bool operator==(const OptionalText& a, const OptionalText& b) {
    return a.get() == b.get();
  }

 private:
  static constexpr std::uint8_t kInlineMax = 15;
  static constexpr std::uint8_t kHeap = 0xFE;
  static constexpr std::uint8_t kAbsent = 0xFF;

  void release();
  [[nodiscard]] const char* heap_block() const;
  [[nodiscard]] std::string_view heap_view() const;

  // Inline: the bytes. Heap: a pointer to [u64 length][bytes].
  char storage_[15] = {};
  std::uint8_t tag_ = kAbsent;  // 0..15: inline length
};

static_assert(sizeof(OptionalText) == 16);

}  // namespace cellos
