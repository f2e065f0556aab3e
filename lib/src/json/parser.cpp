// SPDX-License-Identifier: Apache-2.0
#include "cellos/json/parser.hpp"

#include <bitset>
#include <cmath>
#include <cstring>
#include <stdexcept>

#include "cellos/base/utf8.hpp"
#include "json/pow10.hpp"

namespace cellos::json {

std::string_view describe(ErrorCode code) {
  switch (code) {
    case ErrorCode::None:
      return "no error";
    case ErrorCode::EofWhileParsingList:
      return "EOF while parsing a list";
    case ErrorCode::EofWhileParsingObject:
      return "EOF while parsing an object";
    case ErrorCode::EofWhileParsingString:
      return "EOF while parsing a string";
    case ErrorCode::EofWhileParsingValue:
      return "EOF while parsing a value";
    case ErrorCode::ExpectedColon:
      return "expected `:`";
    case ErrorCode::ExpectedListCommaOrEnd:
      return "expected `,` or `]`";
    case ErrorCode::ExpectedObjectCommaOrEnd:
      return "expected `,` or `}`";
    case ErrorCode::ExpectedSomeIdent:
      return "expected ident";
    case ErrorCode::ExpectedSomeValue:
      return "expected value";
    case ErrorCode::InvalidEscape:
      return "invalid escape";
    case ErrorCode::InvalidNumber:
      return "invalid number";
    case ErrorCode::NumberOutOfRange:
      return "number out of range";
    case ErrorCode::InvalidUnicodeCodePoint:
      return "invalid unicode code point";
    case ErrorCode::ControlCharacterWhileParsingString:
      return "control character (\\u0000-\\u001F) found while parsing a string";
    case ErrorCode::KeyMustBeAString:
      return "key must be a string";
    case ErrorCode::LoneLeadingSurrogateInHexEscape:
      return "lone leading surrogate in hex escape";
    case ErrorCode::TrailingComma:
      return "trailing comma";
    case ErrorCode::TrailingCharacters:
      return "trailing characters";
    case ErrorCode::UnexpectedEndOfHexEscape:
      return "unexpected end of hex escape";
    case ErrorCode::RecursionLimitExceeded:
      return "recursion limit exceeded";
  }
  return "invalid JSON";
}

Parser::Parser(std::string_view input, std::string& scratch)
    : begin_(input.data()),
      pos_(input.data()),
      end_(input.data() + input.size()),
      scratch_(scratch) {
  // Decoded strings are never longer than their escaped form, so this much
  // room means the scratch buffer never moves while views into it are alive.
  scratch_.clear();
  scratch_.reserve(input.size());
}

Parser::Parser(std::string_view input, AppendTo append)
    : begin_(input.data()),
      pos_(input.data()),
      end_(input.data() + input.size()),
      scratch_(append.arena) {
  if (scratch_.capacity() - scratch_.size() < input.size()) {
    throw std::logic_error("json::Parser: arena too small for the input; reserve it up front");
  }
}

bool Parser::fail(ErrorCode code) {
  error_ = code;
  error_offset_ = static_cast<std::size_t>(pos_ - begin_);
  return false;
}

bool Parser::fail_at_end_or(ErrorCode code, ErrorCode at_end) {
  return fail(pos_ == end_ ? at_end : code);
}

bool Parser::finish() {
  skip_whitespace();
  if (pos_ != end_) return fail(ErrorCode::TrailingCharacters);
  return true;
}

bool Parser::enter_container() {
  if (++depth_ > max_depth_) return fail(ErrorCode::RecursionLimitExceeded);
  ++pos_;
  return true;
}

bool Parser::key_and_colon_remembered(std::string_view* key, detail::KeyMemo& memo,
                                      std::size_t index) {
  const char* start = pos_;
  if (!key_and_colon(key)) return false;
  // Only a key spelled `"key":`, with nothing to decode and no whitespace,
  // is remembered: those bytes always parse to this key.
  // (A key viewed in the input had no escapes; its colon then follows its
  // closing quote unless whitespace came between.)
  const std::size_t spelled = key->size() + 3;
  if (index < detail::KeyMemo::kMembers && key->data() == start + 1 && start[spelled - 1] == ':') {
    memo.remember(index, std::string_view(start, spelled));
  }
  return true;
}

bool Parser::parse_other_value(Value* out) {
  if (pos_ == end_) return fail(ErrorCode::EofWhileParsingValue);
  const char* start = pos_;
  Kind kind;
  switch (*pos_) {
    case '{':
    case '[':
      kind = *pos_ == '{' ? Kind::Object : Kind::Array;
      if (!skip_container()) return false;
      break;
    case 'n':
      kind = Kind::Null;
      if (!parse_literal("null")) return false;
      break;
    case 't':
    case 'f': {
      const bool is_true = *pos_ == 't';
      if (!parse_literal(is_true ? "true" : "false")) return false;
      if (out != nullptr) out->boolean = is_true;
      kind = Kind::Bool;
      break;
    }
    case '-':
    case '0':
    case '1':
    case '2':
    case '3':
    case '4':
    case '5':
    case '6':
    case '7':
    case '8':
    case '9':
      kind = Kind::Number;
      if (!parse_number(out != nullptr ? &out->number : nullptr)) return false;
      break;
    default:
      return fail(ErrorCode::ExpectedSomeValue);
  }
  if (out != nullptr) {
    out->kind = kind;
    out->text = std::string_view(start, static_cast<std::size_t>(pos_ - start));
  }
  return true;
}

bool Parser::parse_literal(std::string_view word) {
  for (char expected : word) {
    if (pos_ == end_) return fail(ErrorCode::EofWhileParsingValue);
    if (*pos_ != expected) return fail(ErrorCode::ExpectedSomeIdent);
    ++pos_;
  }
  return true;
}

// Validates the array or object at pos_ without recursion: one bit per
// nesting level says whether that level is an object.
bool Parser::skip_container() {
  std::bitset<kMaxDepth + 2> is_object;
  const int base = depth_;
  const auto in_object = [&] { return is_object[static_cast<std::size_t>(depth_)]; };
  const auto open = [&]() {
    const bool object = *pos_ == '{';
    if (!enter_container()) return Step::Failed;
    is_object[static_cast<std::size_t>(depth_)] = object;
    return after_open(object);
  };

  for (Step step = open();;) {
    if (step == Step::Failed) return false;
    if (step == Step::Closed) {
      if (depth_ == base) return true;
      step = after_item(in_object());
      continue;
    }
    // Another member (its key first) or element.
    if (in_object() && !key_and_colon(nullptr)) return false;
    if (pos_ == end_) return fail(ErrorCode::EofWhileParsingValue);
    if (*pos_ == '{' || *pos_ == '[') {
      step = open();
      continue;
    }
    if (!parse_value(nullptr)) return false;
    step = after_item(in_object());
  }
}

bool Parser::parse_string_fully(std::string_view* out, std::size_t plain) {
  ++pos_;                  // the opening quote
  const char* run = pos_;  // start of the bytes not yet copied to scratch
  pos_ += plain;
  std::size_t decoded_begin = std::string::npos;
  for (;;) {
    pos_ = find_string_special(pos_, end_);
    if (pos_ == end_) return fail(ErrorCode::EofWhileParsingString);
    const auto c = static_cast<unsigned char>(*pos_);
    if (c == '"') {
      if (out != nullptr) {
        if (decoded_begin == std::string::npos) {
          *out = std::string_view(run, static_cast<std::size_t>(pos_ - run));
        } else {
          scratch_.append(run, pos_);
          *out = std::string_view(scratch_).substr(decoded_begin);
        }
      }
      ++pos_;
      return true;
    }
    if (c == '\\') {
      if (out != nullptr) {
        if (decoded_begin == std::string::npos) decoded_begin = scratch_.size();
        scratch_.append(run, pos_);
      }
      ++pos_;
      if (!parse_escape(out != nullptr)) return false;
      run = pos_;
      continue;
    }
    if (c < 0x20) return fail(ErrorCode::ControlCharacterWhileParsingString);
    if (!validate_utf8_sequence()) return false;
  }
}

bool Parser::parse_hex4(std::uint32_t& value) {
  value = 0;
  for (int i = 0; i < 4; ++i) {
    if (pos_ == end_) return fail(ErrorCode::EofWhileParsingString);
    const char c = *pos_;
    std::uint32_t digit;
    if (c >= '0' && c <= '9') {
      digit = static_cast<std::uint32_t>(c - '0');
    } else if (c >= 'a' && c <= 'f') {
      digit = static_cast<std::uint32_t>(c - 'a' + 10);
    } else if (c >= 'A' && c <= 'F') {
      digit = static_cast<std::uint32_t>(c - 'A' + 10);
    } else {
      return fail(ErrorCode::InvalidEscape);
    }
    value = value * 16 + digit;
    ++pos_;
  }
  return true;
}

namespace {
void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}
}  // namespace

// After a backslash. serde_json requires surrogates to come in pairs.
bool Parser::parse_escape(bool decode) {
  if (pos_ == end_) return fail(ErrorCode::EofWhileParsingString);
  const char c = *pos_++;
  char simple;
  switch (c) {
    case '"':
      simple = '"';
      break;
    case '\\':
      simple = '\\';
      break;
    case '/':
      simple = '/';
      break;
    case 'b':
      simple = '\b';
      break;
    case 'f':
      simple = '\f';
      break;
    case 'n':
      simple = '\n';
      break;
    case 'r':
      simple = '\r';
      break;
    case 't':
      simple = '\t';
      break;
    case 'u': {
      std::uint32_t cp;
      if (!parse_hex4(cp)) return false;
      if (cp >= 0xDC00 && cp <= 0xDFFF) return fail(ErrorCode::LoneLeadingSurrogateInHexEscape);
      if (cp >= 0xD800 && cp <= 0xDBFF) {
        if (pos_ == end_) return fail(ErrorCode::EofWhileParsingString);
        if (*pos_ != '\\') {
          ++pos_;
          return fail(ErrorCode::UnexpectedEndOfHexEscape);
        }
        ++pos_;
        if (pos_ == end_) return fail(ErrorCode::EofWhileParsingString);
        if (*pos_ != 'u') {
          ++pos_;
          return fail(ErrorCode::UnexpectedEndOfHexEscape);
        }
        ++pos_;
        std::uint32_t low;
        if (!parse_hex4(low)) return false;
        if (low < 0xDC00 || low > 0xDFFF) return fail(ErrorCode::LoneLeadingSurrogateInHexEscape);
        cp = (((cp - 0xD800) << 10) | (low - 0xDC00)) + 0x10000;
      }
      if (decode) append_utf8(scratch_, cp);
      return true;
    }
    default:
      --pos_;
      return fail(ErrorCode::InvalidEscape);
  }
  if (decode) scratch_.push_back(simple);
  return true;
}

// One non-ASCII UTF-8 sequence at pos_, well-formed as utf8::sequence_at
// (Rust's str::from_utf8) defines it.
bool Parser::validate_utf8_sequence() {
  const int n = utf8::sequence_at(std::string_view(pos_, static_cast<std::size_t>(end_ - pos_)), 0);
  if (n < 0) return fail(ErrorCode::InvalidUnicodeCodePoint);
  pos_ += n;
  return true;
}

// ---------------------------------------------------------------------------
// Numbers: a line-by-line port of serde_json 1.0.87 (de.rs, without the
// float_roundtrip feature), so that classification, overflow errors and the
// f64 value (shown in error messages) are the reference's.

namespace {
constexpr std::uint64_t kU64Max = UINT64_MAX;

bool overflows(std::uint64_t value, std::uint64_t digit) {
  return value >= kU64Max / 10 && (value > kU64Max / 10 || digit > kU64Max % 10);
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
}  // namespace

bool Parser::parse_number(Number* out) {
  Number scratch_number;
  Number& number = out != nullptr ? *out : scratch_number;
  bool positive = true;
  if (*pos_ == '-') {
    positive = false;
    ++pos_;
  }
  if (pos_ == end_) return fail(ErrorCode::EofWhileParsingValue);
  const char first = *pos_++;
  if (first == '0') {
    if (pos_ != end_ && is_digit(*pos_)) return fail(ErrorCode::InvalidNumber);
    return parse_number_tail(positive, 0, number);
  }
  if (!is_digit(first)) {
    --pos_;
    return fail(ErrorCode::InvalidNumber);
  }
  auto significand = static_cast<std::uint64_t>(first - '0');
  while (pos_ != end_ && is_digit(*pos_)) {
    const auto digit = static_cast<std::uint64_t>(*pos_ - '0');
    if (overflows(significand, digit)) return parse_long_integer(positive, significand, number);
    ++pos_;
    significand = significand * 10 + digit;
  }
  return parse_number_tail(positive, significand, number);
}

bool Parser::parse_number_tail(bool positive, std::uint64_t significand, Number& out) {
  const char next = peek();
  if (next == '.') return parse_decimal(positive, significand, 0, out);
  if (next == 'e' || next == 'E') return parse_exponent(positive, significand, 0, out);
  if (positive) {
    out.cls = NumberClass::Unsigned;
    out.u = significand;
    return true;
  }
  const auto negated = static_cast<std::int64_t>(0 - significand);
  if (negated >= 0) {  // -0, or below i64::MIN: a float
    out.cls = NumberClass::Float;
    out.f = -static_cast<double>(significand);
  } else {
    out.cls = NumberClass::Negative;
    out.i = negated;
  }
  return true;
}

bool Parser::parse_long_integer(bool positive, std::uint64_t significand, Number& out) {
  std::int32_t exponent = 0;
  for (;;) {
    const char c = peek();
    if (is_digit(c)) {
      ++pos_;
      ++exponent;
    } else if (c == '.') {
      return parse_decimal(positive, significand, exponent, out);
    } else if (c == 'e' || c == 'E') {
      return parse_exponent(positive, significand, exponent, out);
    } else {
      return f64_from_parts(positive, significand, exponent, out);
    }
  }
}

bool Parser::parse_decimal(bool positive, std::uint64_t significand, std::int32_t exponent,
                           Number& out) {
  ++pos_;  // '.'
  while (pos_ != end_ && is_digit(*pos_)) {
    const auto digit = static_cast<std::uint64_t>(*pos_ - '0');
    if (overflows(significand, digit)) {
      return parse_decimal_overflow(positive, significand, exponent, out);
    }
    ++pos_;
    significand = significand * 10 + digit;
    --exponent;
  }
  // serde_json checks "a digit after the point" by the exponent, so a long
  // integer (exponent > 0) followed by a bare '.' is accepted, as it is there.
  if (exponent == 0) {
    return fail_at_end_or(ErrorCode::InvalidNumber, ErrorCode::EofWhileParsingValue);
  }
  const char next = peek();
  if (next == 'e' || next == 'E') return parse_exponent(positive, significand, exponent, out);
  return f64_from_parts(positive, significand, exponent, out);
}

bool Parser::parse_decimal_overflow(bool positive, std::uint64_t significand, std::int32_t exponent,
                                    Number& out) {
  while (pos_ != end_ && is_digit(*pos_)) ++pos_;
  const char next = peek();
  if (next == 'e' || next == 'E') return parse_exponent(positive, significand, exponent, out);
  return f64_from_parts(positive, significand, exponent, out);
}

bool Parser::parse_exponent(bool positive, std::uint64_t significand, std::int32_t starting_exp,
                            Number& out) {
  ++pos_;  // 'e' or 'E'
  bool positive_exp = true;
  if (peek() == '+') {
    ++pos_;
  } else if (peek() == '-') {
    positive_exp = false;
    ++pos_;
  }
  if (pos_ == end_) return fail(ErrorCode::EofWhileParsingValue);
  const char first = *pos_++;
  if (!is_digit(first)) return fail(ErrorCode::InvalidNumber);
  std::int32_t exp = first - '0';
  while (pos_ != end_ && is_digit(*pos_)) {
    const std::int32_t digit = *pos_ - '0';
    ++pos_;
    if (exp >= INT32_MAX / 10 && (exp > INT32_MAX / 10 || digit > INT32_MAX % 10)) {
      // Error instead of +/- infinity; otherwise the value is zero.
      if (significand != 0 && positive_exp) return fail(ErrorCode::NumberOutOfRange);
      while (pos_ != end_ && is_digit(*pos_)) ++pos_;
      out.cls = NumberClass::Float;
      out.f = positive ? 0.0 : -0.0;
      return true;
    }
    exp = exp * 10 + digit;
  }
  std::int64_t final_exp =
      positive_exp ? std::int64_t{starting_exp} + exp : std::int64_t{starting_exp} - exp;
  if (final_exp > INT32_MAX) final_exp = INT32_MAX;
  if (final_exp < INT32_MIN) final_exp = INT32_MIN;
  return f64_from_parts(positive, significand, static_cast<std::int32_t>(final_exp), out);
}

bool Parser::f64_from_parts(bool positive, std::uint64_t significand, std::int32_t exponent,
                            Number& out) {
  auto f = static_cast<double>(significand);
  for (;;) {
    // exponent.wrapping_abs() as usize: i32::MIN stays out of the table.
    const std::uint64_t magnitude =
        exponent == INT32_MIN ? UINT64_MAX
                              : static_cast<std::uint64_t>(exponent < 0 ? -exponent : exponent);
    if (magnitude < kPow10.size()) {
      const double pow = kPow10[magnitude];
      if (exponent >= 0) {
        f *= pow;
        if (std::isinf(f)) return fail(ErrorCode::NumberOutOfRange);
      } else {
        f /= pow;
      }
      break;
    }
    if (f == 0.0) break;
    if (exponent >= 0) return fail(ErrorCode::NumberOutOfRange);
    f /= 1e308;
    exponent += 308;
  }
  out.cls = NumberClass::Float;
  out.f = positive ? f : -f;
  return true;
}

}  // namespace cellos::json
