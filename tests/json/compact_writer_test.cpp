#include "cellos/json/compact_writer.hpp"

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

}  // namespace
}  // namespace cellos::json
