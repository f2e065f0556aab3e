// SPDX-License-Identifier: Apache-2.0
#include "cellos/report/github_annotations.hpp"

#include <doctest/doctest.h>

#include <cstdio>
#include <string>

#include "cellos/replay/replayer.hpp"
#include "support/memory_source.hpp"
#include "support/read_all.hpp"

namespace cellos::report {
namespace {

TEST_CASE("workflow command escaping, as the Actions runner requires") {
  CHECK(escape_workflow_data("100% a\r\nb: c, d") == "100%25 a%0D%0Ab: c, d");
  CHECK(escape_workflow_property("logs/a:b,c%.jsonl\n") == "logs/a%3Ab%2Cc%25.jsonl%0A");
}

using test::read_all;

TEST_CASE("--fail-on-state: a cell that ended badly is annotated at its last event's line") {
  const std::string first =
      R"({"specversion":"1.0","id":"1","source":"s","type":"dev.cellos.events.cell.lifecycle.v1.started","data":{"cellId":"bad","specId":"x"}})"
      "\n"
      R"({"specversion":"1.0","id":"2","source":"s","type":"dev.cellos.events.cell.lifecycle.v1.started","data":{"cellId":"good","specId":"x"}})"
      "\n";
  const std::string second =
      "\n"
      R"({"specversion":"1.0","id":"3","source":"s","type":"dev.cellos.events.cell.lifecycle.v1.destroyed","data":{"cellId":"bad","specId":"x","outcome":"failed","reason":"disk, full: 100%"}})"
      "\n";
  std::FILE* stream = std::tmpfile();
  REQUIRE(stream != nullptr);
  GithubAnnotations annotations(stream, FailingStates{{CurrentState::DestroyFailed}});
  replay::Replayer replayer({.keep_going = true, .track_last_events = true}, annotations);
  test::MemorySource a(first);
  test::MemorySource b(second);
  replayer.replay(a, "day1.jsonl");
  replayer.replay(b, "logs/day:2.jsonl");
  replayer.finish();
  CHECK(read_all(stream) ==
        "::error file=logs/day%3A2.jsonl,line=2,title=cellos-project::cell bad ended in "
        "destroyFailed: disk, full: 100%25\n");
  std::fclose(stream);
}

}  // namespace
}  // namespace cellos::report
