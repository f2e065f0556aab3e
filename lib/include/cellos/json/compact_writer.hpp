// The compact half of json::Writer, for hot paths: the same calls and the
// same bytes as `Writer(out, Style::Compact)`, with no state per container
// and keys that are taken as written (they must need no escaping: the
// callers' keys are literals). Snapshots render through it by the million.
#pragma once

#include <charconv>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "cellos/json/writer.hpp"

namespace cellos::json {

class CompactWriter {
 public:
  explicit CompactWriter(std::string& out) : out_(out) {}

  void begin_object() { open('{'); }
  void end_object() { close('}'); }
  void begin_array() { open('['); }
  void end_array() { close(']'); }
  void key(std::string_view name) {
    // In compact JSON a comma is due exactly when the container already has
    // a member, which one flag tracks: set after any value, cleared on open.
    // The whole token goes out in one append (keys are short literals).
    char token[64];
    if (name.size() + 4 > sizeof token) {
      if (comma_) out_.push_back(',');
      out_.push_back('"');
      out_.append(name);
      out_.append("\":", 2);
    } else {
      char* p = token;
      *p = ',';
      p += comma_ ? 1 : 0;
      *p++ = '"';
      std::memcpy(p, name.data(), name.size());
      p += name.size();
      *p++ = '"';
      *p++ = ':';
      out_.append(token, static_cast<std::size_t>(p - token));
    }
    comma_ = false;
  }

  void string(std::string_view text) {
    before_value();
    append_quoted(out_, text);
  }
  void null() {
    before_value();
    out_.append("null", 4);
  }
  void boolean(bool value) {
    before_value();
    out_.append(value ? std::string_view("true") : std::string_view("false"));
  }
  template <class Integer>
  void number(Integer value) {
    before_value();
    char digits[24];
    const auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
    out_.append(digits, static_cast<std::size_t>(end - digits));
  }

  template <class T>
  void optional_string(const T& value) {
    write_optional_string(*this, value);
  }

 private:
  void before_value() {
    if (comma_) out_.push_back(',');
    comma_ = true;
  }
  void open(char bracket) {
    before_value();
    out_.push_back(bracket);
    comma_ = false;
  }
  void close(char bracket) {
    out_.push_back(bracket);
    comma_ = true;
  }

  std::string& out_;
  bool comma_ = false;  // whether the next member or element needs one first
};

}  // namespace cellos::json
