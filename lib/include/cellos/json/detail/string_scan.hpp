// SPDX-License-Identifier: Apache-2.0
// Finds the next byte inside a JSON string that needs attention: the closing
// quote, a backslash, a control character or a non-ASCII byte. Sixteen bytes
// at a time with SSE2 (baseline on x86-64), a byte at a time elsewhere.
#pragma once

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace cellos::json {

inline bool is_string_special(unsigned char c) {
  return c == '"' || c == '\\' || c < 0x20 || c >= 0x80;
}

#if defined(__SSE2__)
// 0xFF in each lane whose byte is string-special.
inline __m128i string_special_lanes(__m128i chunk) {
  // Signed compare: bytes >= 0x80 are negative, so one test catches them and
  // the control characters below 0x20.
  return _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(chunk, _mm_set1_epi8('"')),
                                   _mm_cmpeq_epi8(chunk, _mm_set1_epi8('\\'))),
                      _mm_cmplt_epi8(chunk, _mm_set1_epi8(0x20)));
}
#endif

inline const char* find_string_special(const char* p, const char* end) {
#if defined(__SSE2__)
  while (end - p >= 16) {
    const __m128i chunk = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const int mask = _mm_movemask_epi8(string_special_lanes(chunk));
    if (mask != 0) return p + __builtin_ctz(static_cast<unsigned>(mask));
    p += 16;
  }
#endif
  while (p != end && !is_string_special(static_cast<unsigned char>(*p))) ++p;
  return p;
}

}  // namespace cellos::json
