// SPDX-License-Identifier: Apache-2.0
// A fast 64-bit hash of bytes, for recognising content (an input's first and
// last bytes) and catching damage (a checkpoint's stored cells). Not
// cryptographic; stable across runs and builds (part of the state format).
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>

namespace cellos {

inline std::uint64_t checksum64(std::string_view bytes) {
  constexpr std::uint64_t kMultiplier = 0x9E3779B97F4A7C15ULL;
  std::uint64_t h = 0x243F6A8885A308D3ULL ^ (bytes.size() * kMultiplier);
  const auto mix = [&h](std::uint64_t word) {
    h = (h ^ word) * kMultiplier;
    h ^= h >> 29;
  };
  std::size_t i = 0;
  for (; i + 8 <= bytes.size(); i += 8) {
    std::uint64_t word = 0;
    std::memcpy(&word, bytes.data() + i, 8);
    mix(word);
  }
  std::uint64_t last = 0;
  std::memcpy(&last, bytes.data() + i, bytes.size() - i);
  mix(last);
  h ^= h >> 32;
  return h * kMultiplier;
}

}  // namespace cellos
