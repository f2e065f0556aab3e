// SPDX-License-Identifier: Apache-2.0
// The compact half of json::Writer, for hot paths: the same calls and the
// same bytes as `Writer(out, Style::Compact)`, with no state per container,
// keys taken as written (they must need no escaping: the callers' keys are
// literals), and every token stored in place in a ByteBuffer after one check
// for room. Snapshots render through it by the million.
#pragma once

#include <charconv>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "base/byte_buffer.hpp"
#include "cellos/json/writer.hpp"

namespace cellos::json {

class CompactWriter {
 public:
  explicit CompactWriter(ByteBuffer& out) : out_(out) {}

  void begin_object() { open('{'); }
  void end_object() { close('}'); }
  void begin_array() { open('['); }
  void end_array() { close(']'); }

  void key(std::string_view name) {
    char* p = comma(out_.tail(name.size() + 4));
    *p++ = '"';
    std::memcpy(p, name.data(), name.size());
    p += name.size();
    *p++ = '"';
    *p++ = ':';
    out_.commit_to(p);
    comma_ = false;
  }

  void string(std::string_view text) {
    if (text.size() <= kStringPiece) {
      char* p = before_value(out_.tail(1 + quoted_room(text.size())));
      out_.commit_to(write_quoted(p, text));
      return;
    }
    // Room for the worst case (every byte escaped, six times the text) is
    // asked for piece by piece: a huge string costs what it writes.
    char* p = before_value(out_.tail(2));
    *p++ = '"';
    out_.commit_to(p);
    for (std::size_t at = 0; at < text.size(); at += kStringPiece) {
      const std::string_view piece = text.substr(at, kStringPiece);
      out_.commit_to(write_escaped(out_.tail(escaped_room(piece.size())), piece));
    }
    out_.push_back('"');
  }
  void null() { literal("null"); }
  void boolean(bool value) { literal(value ? std::string_view("true") : "false"); }
  template <class Integer>
  void number(Integer value) {
    static_assert(sizeof(Integer) <= 8);
    constexpr std::size_t kDigits = 20;  // u64 max, or i64 min with its sign
    char* p = before_value(out_.tail(1 + kDigits));
    out_.commit_to(std::to_chars(p, p + kDigits, value).ptr);
  }

  template <class T>
  void optional_string(const T& value) {
    write_optional_string(*this, value);
  }

 private:
  static constexpr std::size_t kStringPiece = 4096;

  // In compact JSON a comma is due exactly when the container already has
  // a member, which one flag tracks: set after any value, cleared on open.
  // Writes it (when due) at `p`, which has room for it; returns past it.
  char* comma(char* p) const {
    *p = ',';
    return p + (comma_ ? 1 : 0);
  }
  char* before_value(char* p) {
    p = comma(p);
    comma_ = true;
    return p;
  }
  void literal(std::string_view word) {
    char* p = before_value(out_.tail(1 + word.size()));
    std::memcpy(p, word.data(), word.size());
    out_.commit_to(p + word.size());
  }
  void open(char bracket) {
    char* p = before_value(out_.tail(2));
    *p++ = bracket;
    out_.commit_to(p);
    comma_ = false;
  }
  void close(char bracket) {
    out_.push_back(bracket);
    comma_ = true;
  }

  ByteBuffer& out_;
  bool comma_ = false;  // whether the next member or element needs one first
};

}  // namespace cellos::json
