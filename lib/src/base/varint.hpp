// SPDX-License-Identifier: Apache-2.0
// LEB128 varints: how the state codec and the checkpoint's chunks write
// integers (small ones, the usual case, in one byte).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace cellos::varint {

// The most bytes one takes.
inline constexpr std::size_t kMaxBytes = 10;

// Writes one at `at`, which has room for kMaxBytes; returns the end.
inline char* put(char* at, std::uint64_t value) {
  while (value >= 0x80) {
    *at++ = static_cast<char>((value & 0x7F) | 0x80);
    value >>= 7;
  }
  *at++ = static_cast<char>(value);
  return at;
}

inline void put(std::string& out, std::uint64_t value) {
  char bytes[kMaxBytes];
  const char* const end = put(bytes, value);
  out.append(bytes, static_cast<std::size_t>(end - bytes));
}

// Reads one from the front of `in`, advancing it; false when it is cut short
// or longer than 64 bits.
inline bool get(std::string_view& in, std::uint64_t& value) {
  value = 0;
  for (int shift = 0; shift < 64 && !in.empty(); shift += 7) {
    const auto byte = static_cast<unsigned char>(in.front());
    in.remove_prefix(1);
    value |= std::uint64_t{byte & 0x7FU} << shift;
    if ((byte & 0x80U) == 0) return true;
  }
  return false;
}

}  // namespace cellos::varint
