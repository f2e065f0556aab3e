// SPDX-License-Identifier: Apache-2.0
#include "json/compact_writer.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <limits>
#include <optional>
#include <string>

namespace cellos::json {
namespace {

// The same calls on both writers; CompactWriter must give Writer's bytes.
template <class Out>
void document(Out& out) {
  out.begin_object();
  out.key("empty");
  out.begin_object();
  out.end_object();
  out.key("list");
  out.begin_array();
  out.begin_array();
  out.end_array();
  out.number(std::numeric_limits<std::uint64_t>::max());
  out.number(std::numeric_limits<std::int64_t>::min());
  out.number(std::int32_t{-7});
  out.begin_object();
  out.key("a");
  out.null();
  out.key("b");
  out.boolean(false);
  out.end_object();
  out.string("esc \" \\ \n \x01 é");
  out.string(std::string(1000, 'x') + "\x1f");  // grows the buffer mid-document
  out.end_array();
  out.key("maybe");
  out.optional_string(std::optional<std::string_view>());
  out.key("zero");
  out.number(std::uint64_t{0});
  out.key("yes");
  out.boolean(true);
  out.key(std::string(100, 'k'));  // a long key
  out.number(std::uint64_t{1});
  out.end_object();
}

TEST_CASE("CompactWriter writes what Writer writes in compact style") {
  std::string expected;
  Writer writer(expected);
  document(writer);
  ByteBuffer actual;
  actual.append("prefix ");
  CompactWriter compact(actual);
  document(compact);
  CHECK(actual.view() == "prefix " + expected);
  CHECK(expected.find(R"({"empty":{},"list":[[],18446744073709551615,)") == 0);
}

TEST_CASE("a huge string costs its own size in room, not six times it") {
  // Written in pieces: escapes at and across the pieces' edges come out as
  // in one go, and the buffer grows only to about what is written.
  std::string text(1 << 20, 'x');
  for (std::size_t i = 0; i < text.size(); i += 4093) text[i] = (i % 2 == 0) ? '"' : '\n';
  std::string expected;
  append_quoted(expected, text);
  ByteBuffer out;
  CompactWriter writer(out);
  writer.string(text);
  CHECK(out.view() == expected);
  CHECK(out.capacity() < 2 * expected.size());
}

}  // namespace
}  // namespace cellos::json
