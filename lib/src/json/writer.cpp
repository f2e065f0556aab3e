// SPDX-License-Identifier: Apache-2.0
#include "cellos/json/writer.hpp"

#include <array>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace cellos::json {

namespace {

#if defined(__SSE2__)
// 0xFF in each lane whose byte needs escaping ('"', '\\' or a control character).
__m128i needs_escape(__m128i chunk) {
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i backslash = _mm_set1_epi8('\\');
  const __m128i space = _mm_set1_epi8(0x20);
  const __m128i zero = _mm_setzero_si128();
  // Unsigned "below 0x20": signed compare, excluding negative (non-ASCII) bytes.
  const __m128i control =
      _mm_andnot_si128(_mm_cmplt_epi8(chunk, zero), _mm_cmplt_epi8(chunk, space));
  return _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(chunk, quote), _mm_cmpeq_epi8(chunk, backslash)),
                      control);
}
#endif
bool is_escaped(unsigned char c) {
  return c < 0x20 || c == '"' || c == '\\';
}

// The letter of a two-byte escape (\n), or 0 where serde_json writes \u00xx.
constexpr std::array<char, 256> kShortEscape = [] {
  std::array<char, 256> letter{};
  letter['"'] = '"';
  letter['\\'] = '\\';
  letter['\b'] = 'b';
  letter['\f'] = 'f';
  letter['\n'] = 'n';
  letter['\r'] = 'r';
  letter['\t'] = 't';
  return letter;
}();

// Writes serde_json's escape for `c`, a byte that needs one; returns its length.
std::size_t write_escape(char* out, unsigned char c) {
  static constexpr char kHex[] = "0123456789abcdef";
  out[0] = '\\';
  if (const char letter = kShortEscape[c]; letter != 0) {
    out[1] = letter;
    return 2;
  }
  out[1] = 'u';
  out[2] = '0';
  out[3] = '0';
  out[4] = kHex[c >> 4];
  out[5] = kHex[c & 0xF];
  return 6;
}

}  // namespace

void append_quoted(std::string& out, std::string_view text) {
  // Through write_escaped(), a piece at a time into a buffer on the stack
  // sized for the piece's worst case: one escaping routine for both writers.
  constexpr std::size_t kPiece = 1024;
  char escaped[escaped_room(kPiece)];
  out.push_back('"');
  for (std::size_t at = 0; at < text.size(); at += kPiece) {
    const char* end = write_escaped(escaped, text.substr(at, kPiece));
    out.append(escaped, static_cast<std::size_t>(end - escaped));
  }
  out.push_back('"');
}

char* write_escaped(char* out, std::string_view text) {
  const char* in = text.data();
  std::size_t left = text.size();
  while (left > 0) {
    // Up to the next byte to escape, copied as it is.
    std::size_t plain = 0;
#if defined(__SSE2__)
    if (left >= 16) {
      // Sixteen bytes are stored whole (escaped_room() leaves room for
      // that); only those up to the first one to escape count.
      const __m128i chunk = _mm_loadu_si128(reinterpret_cast<const __m128i*>(in));
      _mm_storeu_si128(reinterpret_cast<__m128i*>(out), chunk);
      const auto mask = static_cast<unsigned>(_mm_movemask_epi8(needs_escape(chunk)));
      plain = mask == 0 ? 16 : static_cast<std::size_t>(__builtin_ctz(mask));
    } else
#endif
    {
      // A last short piece (or every byte, without SSE2), a byte at a time:
      // a padded copy of it loaded as a vector had to wait for the copy's
      // stores (a store-forwarding stall at the end of every string).
      while (plain < left && !is_escaped(static_cast<unsigned char>(in[plain]))) ++plain;
      std::memcpy(out, in, plain);
    }
    in += plain;
    out += plain;
    left -= plain;
    if (left == 0 || !is_escaped(static_cast<unsigned char>(*in))) continue;
    out += write_escape(out, static_cast<unsigned char>(*in));
    ++in;
    --left;
  }
  return out;
}

char* write_quoted(char* out, std::string_view text) {
  *out++ = '"';
  out = write_escaped(out, text);
  *out++ = '"';
  return out;
}

Writer::Writer(std::string& out, Style style, int indent)
    : out_(out), style_(style), indent_(indent) {}

void Writer::newline_indent() {
  out_.push_back('\n');
  out_.append(static_cast<std::size_t>(indent_) * 2, ' ');
}

void Writer::before_value() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (has_value_.empty()) return;  // a top-level value
  if (has_value_.back()) out_.push_back(',');
  has_value_.back() = true;
  if (style_ == Style::Pretty) newline_indent();
}

void Writer::key(std::string_view name) {
  before_value();
  append_quoted(out_, name);
  out_.append(style_ == Style::Pretty ? ": " : ":");
  after_key_ = true;
}

void Writer::begin_object() {
  before_value();
  out_.push_back('{');
  has_value_.push_back(false);
  ++indent_;
}

void Writer::end_object() {
  --indent_;
  if (style_ == Style::Pretty && has_value_.back()) newline_indent();
  has_value_.pop_back();
  out_.push_back('}');
}

void Writer::begin_array() {
  before_value();
  out_.push_back('[');
  has_value_.push_back(false);
  ++indent_;
}

void Writer::end_array() {
  --indent_;
  if (style_ == Style::Pretty && has_value_.back()) newline_indent();
  has_value_.pop_back();
  out_.push_back(']');
}

void Writer::string(std::string_view text) {
  before_value();
  append_quoted(out_, text);
}

void Writer::raw_value(std::string_view rendered) {
  before_value();
  out_.append(rendered);
}

void Writer::null() {
  before_value();
  out_.append("null");
}

void Writer::boolean(bool value) {
  before_value();
  out_.append(value ? "true" : "false");
}

void Writer::number(std::uint64_t value) {
  before_value();
  out_.append(std::to_string(value));
}

void Writer::number(std::int64_t value) {
  before_value();
  out_.append(std::to_string(value));
}

}  // namespace cellos::json
