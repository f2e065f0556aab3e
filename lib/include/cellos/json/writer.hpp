// SPDX-License-Identifier: Apache-2.0
// Writes JSON byte-for-byte as serde_json does: `to_string` (compact) or
// `to_string_pretty` (two-space indent, `"key": value`, empty containers as
// `[]` / `{}`). Appends to a caller-owned string, so a reused buffer makes
// output allocation-free.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace cellos::json {

// Appends `text` as a JSON string with serde_json's escapes: \" \\ \b \f \n
// \r \t, other control characters as \u00xx, everything else raw.
void append_quoted(std::string& out, std::string_view text);

// The most bytes write_escaped() may store for a text of `size` bytes: every
// byte escaped as \u00xx, and the slack of a last whole sixteen-byte store.
constexpr std::size_t escaped_room(std::size_t size) {
  return 6 * size + 16;
}
// Writes `text` with append_quoted()'s escapes but without the quotes at
// `out`, which has escaped_room(text.size()) bytes of room; returns the end
// of what it wrote. A text may be written in pieces: escapes are per byte.
char* write_escaped(char* out, std::string_view text);

// The same with the quotes, within quoted_room().
constexpr std::size_t quoted_room(std::size_t size) {
  return escaped_room(size) + 2;
}
char* write_quoted(char* out, std::string_view text);

// A string when `value` holds one, else null; for any writer with string()
// and null() (Writer, CompactWriter).
template <class Out, class T>
void write_optional_string(Out& out, const T& value) {
  if (value) {
    out.string(*value);
  } else {
    out.null();
  }
}

class Writer {
 public:
  enum class Style : std::uint8_t { Compact, Pretty };

  // `indent` is the starting depth for Pretty output nested in a document.
  explicit Writer(std::string& out, Style style = Style::Compact, int indent = 0);

  void begin_object();
  void end_object();
  void begin_array();
  void end_array();
  void key(std::string_view name);

  void string(std::string_view text);
  void null();
  void boolean(bool value);
  void number(std::uint64_t value);
  void number(std::int64_t value);
  void number(std::int32_t value) { number(static_cast<std::int64_t>(value)); }
  // A value already rendered in this writer's style and at its depth.
  void raw_value(std::string_view rendered);

  template <class T>
  void optional_string(const T& value) {
    write_optional_string(*this, value);
  }

 private:
  void before_value();
  void newline_indent();

  std::string& out_;
  Style style_;
  int indent_;
  // Per open container: whether it has a member yet.
  std::vector<bool> has_value_;
  bool after_key_ = false;
};

}  // namespace cellos::json
