#include "cellos/json/writer.hpp"

#include <array>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace cellos::json {

namespace {
// Index of the first byte that needs escaping ('"', '\\' or a control
// character) at or after `from`, sixteen bytes at a time where possible.
std::size_t next_to_escape(std::string_view text, std::size_t from) {
  std::size_t i = from;
#if defined(__SSE2__)
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i backslash = _mm_set1_epi8('\\');
  const __m128i space = _mm_set1_epi8(0x20);
  const __m128i zero = _mm_setzero_si128();
  for (; i + 16 <= text.size(); i += 16) {
    const __m128i chunk = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + i));
    // Unsigned "below 0x20": signed compare, excluding negative (non-ASCII) bytes.
    const __m128i control =
        _mm_andnot_si128(_mm_cmplt_epi8(chunk, zero), _mm_cmplt_epi8(chunk, space));
    const __m128i hits = _mm_or_si128(
        _mm_or_si128(_mm_cmpeq_epi8(chunk, quote), _mm_cmpeq_epi8(chunk, backslash)), control);
    if (const int mask = _mm_movemask_epi8(hits); mask != 0) {
      return i + static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
    }
  }
#endif
  for (; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 || c == '"' || c == '\\') return i;
  }
  return text.size();
}
}  // namespace

void append_quoted(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  std::size_t run = 0;
  for (std::size_t i = next_to_escape(text, 0); i < text.size(); i = next_to_escape(text, i + 1)) {
    const auto c = static_cast<unsigned char>(text[i]);
    out.append(text.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"':
        out.append("\\\"");
        break;
      case '\\':
        out.append("\\\\");
        break;
      case '\b':
        out.append("\\b");
        break;
      case '\f':
        out.append("\\f");
        break;
      case '\n':
        out.append("\\n");
        break;
      case '\r':
        out.append("\\r");
        break;
      case '\t':
        out.append("\\t");
        break;
      default: {
        const std::array<char, 6> escape = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xF]};
        out.append(escape.data(), escape.size());
      }
    }
  }
  out.append(text.data() + run, text.size() - run);
  out.push_back('"');
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
