// SPDX-License-Identifier: Apache-2.0
// An object's keys as the last object of its kind spelled them, in order.
//
// The lines of an event log share their shape: the same members in the same
// order, spelled the same way. Parsing a key costs a string scan, two
// whitespace checks and a colon check; with the memo, the parser compares
// the bytes at a member's place with what the previous object had there
// (`"key":`, two vector compares) and, when they are equal, knows the
// key and where its value starts. Equal bytes parse to the same key, so a
// match gives exactly what parsing would; a mismatch parses the key as
// usual and remembers it for the next object.

#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace cellos::json::detail {

class KeyMemo {
 public:
  // Members past this many are parsed as usual.
  static constexpr std::size_t kMembers = 16;
  // The longest spelling remembered: the quotes, the key and the colon.
  static constexpr std::size_t kSpellingBytes = 32;

  // The length of the spelling remembered for member `index` when the bytes
  // at `at` (before `end`) start with it; 0 when they do not, or when nothing
  // is remembered there.
  [[nodiscard]] std::size_t match(std::size_t index, const char* at, const char* end) const {
    const Spelling& s = spellings_[index];
    const auto room = static_cast<std::size_t>(end - at);
#if defined(__SSE2__)
    if (room >= kSpellingBytes) {
      const auto* bytes = reinterpret_cast<const __m128i*>(s.bytes.data());
      const auto* input = reinterpret_cast<const __m128i*>(at);
      const auto low = static_cast<std::uint32_t>(
          _mm_movemask_epi8(_mm_cmpeq_epi8(_mm_loadu_si128(input), _mm_load_si128(bytes))));
      const auto high = static_cast<std::uint32_t>(
          _mm_movemask_epi8(_mm_cmpeq_epi8(_mm_loadu_si128(input + 1), _mm_load_si128(bytes + 1))));
      const std::uint32_t equal = low | (high << 16);
      return (equal | ~s.mask) == ~std::uint32_t{0} ? s.size : 0;
    }
#endif
    if (s.size == 0 || room < s.size) return 0;
    return std::memcmp(at, s.bytes.data(), s.size) == 0 ? s.size : 0;
  }

  // Remembers `spelling` (`"key":` exactly as the input had it) for member
  // `index`; returns false, remembering nothing there, when it is too long.
  bool remember(std::size_t index, std::string_view spelling) {
    Spelling& s = spellings_[index];
    s = Spelling{};
    if (spelling.size() > kSpellingBytes) return false;
    std::memcpy(s.bytes.data(), spelling.data(), spelling.size());
    s.size = spelling.size();
    s.mask = spelling.size() == kSpellingBytes ? ~std::uint32_t{0}
                                               : (std::uint32_t{1} << spelling.size()) - 1;
    return true;
  }

 private:
  struct Spelling {
    alignas(16) std::array<char, kSpellingBytes> bytes{};
    std::size_t size = 0;
    // One bit for each byte of the spelling; none when nothing is
    // remembered, which would match anything: `size` 0 then says no.
    std::uint32_t mask = 0;
  };
  std::array<Spelling, kMembers> spellings_{};
};

}  // namespace cellos::json::detail
