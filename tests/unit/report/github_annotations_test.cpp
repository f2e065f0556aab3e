#include "cellos/report/github_annotations.hpp"

#include <doctest/doctest.h>

namespace cellos::report {
namespace {

TEST_CASE("workflow command escaping, as the Actions runner requires") {
  CHECK(escape_workflow_data("100% a\r\nb: c, d") == "100%25 a%0D%0Ab: c, d");
  CHECK(escape_workflow_property("logs/a:b,c%.jsonl\n") == "logs/a%3Ab%2Cc%25.jsonl%0A");
}

}  // namespace
}  // namespace cellos::report
