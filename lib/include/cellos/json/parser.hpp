// SPDX-License-Identifier: Apache-2.0
// A strict, single-pass JSON parser that accepts exactly what serde_json
// 1.0.87 accepts (the reference's parser) and builds no tree.
//
// Callers walk the objects they care about with `parse_object`, capture the
// members they need as `json::Value`s and let everything else be validated and
// skipped by `parse_value(nullptr)`. Skipping is iterative, so hostile nesting
// cannot overflow the stack; the nesting limit is serde_json's (127 levels).
//
// Strings are decoded only when captured. A string without escapes is a view
// of the input; one with escapes is decoded into the caller's scratch buffer,
// which the parser reserves up front so that views into it stay valid.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "cellos/json/detail/key_memo.hpp"
#include "cellos/json/detail/string_scan.hpp"
#include "cellos/json/value.hpp"

namespace cellos::json {

// serde_json's recursion limit: 128 levels are refused, so 127 are the most.
inline constexpr int kMaxDepth = 127;

enum class ErrorCode : std::uint8_t {
  None,
  EofWhileParsingList,
  EofWhileParsingObject,
  EofWhileParsingString,
  EofWhileParsingValue,
  ExpectedColon,
  ExpectedListCommaOrEnd,
  ExpectedObjectCommaOrEnd,
  ExpectedSomeIdent,
  ExpectedSomeValue,
  InvalidEscape,
  InvalidNumber,
  NumberOutOfRange,
  InvalidUnicodeCodePoint,
  ControlCharacterWhileParsingString,
  KeyMustBeAString,
  LoneLeadingSurrogateInHexEscape,
  TrailingComma,
  TrailingCharacters,
  UnexpectedEndOfHexEscape,
  RecursionLimitExceeded,
};

// serde_json's wording for each error.
std::string_view describe(ErrorCode code);

class Parser {
 public:
  // `scratch` is cleared and reserved to hold every decoded string of `input`.
  Parser(std::string_view input, std::string& scratch);

  // Decoded strings are appended to `arena`, whose spare capacity must be at
  // least `input.size()` (checked): views into it stay valid across lines, so
  // a batch of events can share one arena reserved to the batch's size.
  struct AppendTo {
    std::string& arena;
  };
  Parser(std::string_view input, AppendTo append);

  // Parses the value at the current position (after whitespace). With `out`,
  // records it; without, only validates it. Strings, most of any event, are
  // parsed inline; other values by parse_other_value.
  bool parse_value(Value* out) {
    if (pos_ == end_ || *pos_ != '"') return parse_other_value(out);
    // The string's view is written straight into `out`: built in a local and
    // copied, its two halves were stored apart and loaded as one, a load the
    // CPU cannot forward from the stores (a stall on every captured string).
    if (!parse_string(out != nullptr ? &out->text : nullptr)) return false;
    if (out != nullptr) out->kind = Kind::String;
    return true;
  }

  // At '{': calls `on_member(std::string_view key)` for each member, with the
  // parser positioned at the member's value; the callback must consume the
  // value (parse_value, parse_object, ...) and return whether it succeeded.
  template <class OnMember>
  bool parse_object(OnMember&& on_member);
  // The same, recognising keys spelled as in the last object parsed with
  // `memo` (objects of one kind, such as every line's event, share a memo).
  template <class OnMember>
  bool parse_object(OnMember&& on_member, detail::KeyMemo& memo);

  // At '[': calls `on_element()` for each element, positioned at it.
  template <class OnElement>
  bool parse_array(OnElement&& on_element);

  // Succeeds when only whitespace is left.
  bool finish();

  void skip_whitespace() {
    // Every whitespace byte is at most ' ', so one compare passes the usual
    // case, compact JSON, where there is none.
    if (pos_ == end_ || static_cast<unsigned char>(*pos_) > ' ') return;
    while (pos_ != end_ && is_whitespace(*pos_)) ++pos_;
  }
  // The next byte, or '\0' at the end of input.
  [[nodiscard]] char peek() const { return pos_ == end_ ? '\0' : *pos_; }
  // Containers nested deeper than `depth` are an error; at most kMaxDepth.
  void set_max_depth(int depth) { max_depth_ = depth < kMaxDepth ? depth : kMaxDepth; }

  // Bytes of the input parsed so far: a value's text is the input between
  // the offsets before and after parsing it.
  [[nodiscard]] std::size_t offset() const { return static_cast<std::size_t>(pos_ - begin_); }

  [[nodiscard]] ErrorCode error() const { return error_; }
  // 0-based byte offset of the error in the input.
  [[nodiscard]] std::size_t error_offset() const { return error_offset_; }
  // The 1-based column serde_json names for the error: that of the byte
  // after the offending one, or of the last byte when the input ended early
  // (serde reports the position it peeked at, which cannot pass the end).
  [[nodiscard]] std::size_t error_column() const {
    const auto size = static_cast<std::size_t>(end_ - begin_);
    return error_offset_ < size ? error_offset_ + 1 : size;
  }

 private:
  static bool is_whitespace(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; }

  bool fail(ErrorCode code);
  bool fail_at_end_or(ErrorCode code, ErrorCode at_end);
  bool enter_container();
  bool skip_container();
  // The longest string parse_string() finds inline: four 16-byte steps cover
  // keys, ids, UUIDs, times, event types and traceparents.
  static constexpr std::size_t kInlineStringBytes = 64;

  // At '"': the string, decoded into `out` if given. Most strings end within
  // kInlineStringBytes and hold nothing to escape or check as UTF-8: those
  // are found here, inline, a vector compare per 16 bytes; anything else
  // takes parse_string_fully(), from where this scan stopped.
  bool parse_string(std::string_view* out) {
    std::size_t offset = 0;  // the string's first `offset` bytes are plain
#if defined(__SSE2__)
    const char* const first = pos_ + 1;
    const auto room = static_cast<std::size_t>(end_ - first);
    // Scans the sixteen bytes loaded from `at` (at most `offset` bytes
    // before the scan's place, first + offset) from that place on.
    enum class Scan : std::uint8_t { Plain, Closed, Special };
    const auto scan = [&](const char* at) {
      const auto lanes = static_cast<unsigned>(_mm_movemask_epi8(
          string_special_lanes(_mm_loadu_si128(reinterpret_cast<const __m128i*>(at)))));
      const unsigned mask = lanes >> (first + offset - at);
      if (mask == 0) return Scan::Plain;
      const char* close = first + offset + __builtin_ctz(mask);
      if (*close != '"') return Scan::Special;
      if (out != nullptr) *out = std::string_view(first, static_cast<std::size_t>(close - first));
      pos_ = close + 1;
      return Scan::Closed;
    };
    for (; offset < kInlineStringBytes && offset + 16 <= room; offset += 16) {
      const Scan step = scan(first + offset);
      if (step == Scan::Closed) return true;
      if (step == Scan::Special) return parse_string_fully(out, offset);
    }
    // Fewer than sixteen bytes left (the last string of a line, usually):
    // the input's last sixteen, the lanes before first + offset shifted out.
    if (offset < kInlineStringBytes && end_ - begin_ >= 16 && scan(end_ - 16) == Scan::Closed) {
      return true;
    }
#endif
    return parse_string_fully(out, offset);
  }
  // The steps every object and array takes, parsed or skipped: after its
  // opening bracket, and after each member or element, either the container
  // closes (depth back down), or another member (at its key's quote) or
  // element follows, or the text breaks serde_json's rules (error set).
  enum class Step : std::uint8_t { Item, Closed, Failed };
  Step after_open(bool in_object);
  Step after_item(bool in_object);
  // At an object member's key: the key, its colon and the whitespace after.
  bool key_and_colon(std::string_view* key);
  // The same for member `index` of an object parsed with `memo`.
  bool key_and_colon(std::string_view* key, detail::KeyMemo& memo, std::size_t index);
  // When the memo did not know the key (or keeps no member `index`): parses
  // it and remembers it.
  bool key_and_colon_remembered(std::string_view* key, detail::KeyMemo& memo, std::size_t index);
  // An object's members, each key read by `read_key(std::string_view*, index)`.
  template <class OnMember, class ReadKey>
  bool walk_object(OnMember&& on_member, ReadKey&& read_key);
  // At '"', the string's first `plain` bytes known to hold no quote,
  // backslash, control or non-ASCII byte: the string, however long or
  // escaped, decoded into `out` if given.
  bool parse_string_fully(std::string_view* out, std::size_t plain);
  bool parse_other_value(Value* out);
  bool parse_escape(bool decode);
  bool parse_hex4(std::uint32_t& value);
  bool validate_utf8_sequence();
  bool parse_literal(std::string_view word);
  bool parse_number(Number* out);
  bool parse_number_tail(bool positive, std::uint64_t significand, Number& out);
  bool parse_long_integer(bool positive, std::uint64_t significand, Number& out);
  bool parse_decimal(bool positive, std::uint64_t significand, std::int32_t exponent, Number& out);
  bool parse_decimal_overflow(bool positive, std::uint64_t significand, std::int32_t exponent,
                              Number& out);
  bool parse_exponent(bool positive, std::uint64_t significand, std::int32_t starting_exp,
                      Number& out);
  bool f64_from_parts(bool positive, std::uint64_t significand, std::int32_t exponent, Number& out);

  const char* begin_;
  const char* pos_;
  const char* end_;
  std::string& scratch_;
  int depth_ = 0;
  int max_depth_ = kMaxDepth;
  ErrorCode error_ = ErrorCode::None;
  std::size_t error_offset_ = 0;
};

inline Parser::Step Parser::after_open(bool in_object) {
  skip_whitespace();
  if (pos_ == end_) {
    fail(in_object ? ErrorCode::EofWhileParsingObject : ErrorCode::EofWhileParsingList);
    return Step::Failed;
  }
  if (*pos_ == (in_object ? '}' : ']')) {
    ++pos_;
    --depth_;
    return Step::Closed;
  }
  if (in_object && *pos_ != '"') {
    fail(ErrorCode::KeyMustBeAString);
    return Step::Failed;
  }
  return Step::Item;
}

inline Parser::Step Parser::after_item(bool in_object) {
  // Compact JSON: a comma and, straight after it, the next key or element.
  if (end_ - pos_ >= 2 && pos_[0] == ',') {
    const char next = pos_[1];
    if (in_object ? next == '"' : static_cast<unsigned char>(next) > ' ' && next != ']') {
      ++pos_;
      return Step::Item;
    }
  }
  skip_whitespace();
  if (pos_ == end_) {
    fail(in_object ? ErrorCode::EofWhileParsingObject : ErrorCode::EofWhileParsingList);
    return Step::Failed;
  }
  const char close = in_object ? '}' : ']';
  if (*pos_ == close) {
    ++pos_;
    --depth_;
    return Step::Closed;
  }
  if (*pos_ != ',') {
    fail(in_object ? ErrorCode::ExpectedObjectCommaOrEnd : ErrorCode::ExpectedListCommaOrEnd);
    return Step::Failed;
  }
  ++pos_;
  skip_whitespace();
  if (pos_ == end_) {
    fail(ErrorCode::EofWhileParsingValue);
    return Step::Failed;
  }
  if (*pos_ == close) {
    fail(ErrorCode::TrailingComma);
    return Step::Failed;
  }
  if (in_object && *pos_ != '"') {
    fail(ErrorCode::KeyMustBeAString);
    return Step::Failed;
  }
  return Step::Item;
}

inline bool Parser::key_and_colon(std::string_view* key) {
  if (!parse_string(key)) return false;
  skip_whitespace();
  if (pos_ == end_) return fail(ErrorCode::EofWhileParsingObject);
  if (*pos_ != ':') return fail(ErrorCode::ExpectedColon);
  ++pos_;
  skip_whitespace();
  return true;
}

inline bool Parser::key_and_colon(std::string_view* key, detail::KeyMemo& memo, std::size_t index) {
  if (index < detail::KeyMemo::kMembers) {
    if (const std::size_t spelled = memo.match(index, pos_, end_)) {
      *key = std::string_view(pos_ + 1, spelled - 3);  // between the quotes
      pos_ += spelled;
      skip_whitespace();
      return true;
    }
  }
  return key_and_colon_remembered(key, memo, index);
}

template <class OnMember, class ReadKey>
bool Parser::walk_object(OnMember&& on_member, ReadKey&& read_key) {
  if (!enter_container()) return false;
  std::size_t index = 0;
  for (Step step = after_open(/*in_object=*/true); step != Step::Closed;
       step = after_item(/*in_object=*/true), ++index) {
    if (step == Step::Failed) return false;
    std::string_view key;
    if (!read_key(&key, index) || !on_member(key)) return false;
  }
  return true;
}

template <class OnMember>
bool Parser::parse_object(OnMember&& on_member, detail::KeyMemo& memo) {
  return walk_object(on_member, [this, &memo](std::string_view* key, std::size_t index) {
    return key_and_colon(key, memo, index);
  });
}

template <class OnMember>
bool Parser::parse_object(OnMember&& on_member) {
  return walk_object(on_member,
                     [this](std::string_view* key, std::size_t) { return key_and_colon(key); });
}

template <class OnElement>
bool Parser::parse_array(OnElement&& on_element) {
  if (!enter_container()) return false;
  for (Step step = after_open(/*in_object=*/false); step != Step::Closed;
       step = after_item(/*in_object=*/false)) {
    if (step == Step::Failed || !on_element()) return false;
  }
  return true;
}

}  // namespace cellos::json
