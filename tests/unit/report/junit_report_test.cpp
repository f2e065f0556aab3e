// SPDX-License-Identifier: Apache-2.0
// The JUnit report's cases and failures, read back from the file it writes.
#include "cellos/report/junit_report.hpp"

#include <doctest/doctest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "cellos/replay/replayer.hpp"
#include "support/memory_source.hpp"

namespace cellos::report {
namespace {

std::string event(const std::string& id, const std::string& type, const std::string& cell) {
  return R"({"specversion":"1.0","id":")" + id +
         R"(","source":"t","type":"dev.cellos.events.cell.)" + type + R"(","data":{"cellId":")" +
         cell + R"("}})";
}

std::string temporary_path() {
  char path[] = "/tmp/cellos-junit-XXXXXX";
  const int fd = mkstemp(path);
  REQUIRE(fd >= 0);
  close(fd);
  return path;
}

std::string read_and_remove(const std::string& path) {
  std::ifstream in(path);
  std::stringstream xml;
  xml << in.rdbuf();
  std::remove(path.c_str());
  return xml.str();
}

TEST_CASE("a failure stays with its cell when cells print in another order (Kafka partitions)") {
  const std::string path = temporary_path();
  {
    JunitReport junit(path);
    replay::Replayer replayer({.keep_going = true, .cells_per_stream = true}, junit);
    replayer.begin_records("topic");
    // Partition 1's cell comes first; printing partition by partition moves it last.
    CHECK(replayer.replay_record(event("b1", "lifecycle.v1.started", "b"), 1, 0));
    CHECK(replayer.replay_record(event("a1", "lifecycle.v1.started", "a"), 0, 0));
    CHECK(replayer.replay_record(event("b2", "lifecycle.v1.started", "b"), 1, 1));  // twice
    replayer.finish();
    CHECK(junit.error().empty());
  }
  const std::string text = read_and_remove(path);
  CAPTURE(text);
  const auto a = text.find(R"(name="a")");
  const auto b = text.find(R"(name="b")");
  const auto failure = text.find("<failure");
  REQUIRE(a != std::string::npos);
  REQUIRE(b != std::string::npos);
  REQUIRE(failure != std::string::npos);
  CHECK(a < b);
  CHECK(b < failure);
  CHECK(text.find(R"(name="a"/>)") != std::string::npos);
  CHECK(text.find(R"(failures="1")") != std::string::npos);
}

TEST_CASE("a rejection on a later input's line is filed under that input's suite") {
  const std::string path = temporary_path();
  {
    JunitReport junit(path);
    replay::Replayer replayer({.keep_going = true}, junit);
    test::MemorySource first(event("c1", "lifecycle.v1.started", "c") + "\n");
    test::MemorySource second(event("c2", "lifecycle.v1.started", "c") + "\n");  // twice
    CHECK(replayer.replay(first, "day1.jsonl"));
    CHECK(replayer.replay(second, "day2.jsonl"));
    replayer.finish();
    CHECK(junit.error().empty());
  }
  const std::string text = read_and_remove(path);
  CAPTURE(text);
  const auto day1 = text.find(R"(<testsuite name="day1.jsonl" tests="1" failures="0")");
  const auto day2 = text.find(R"(<testsuite name="day2.jsonl" tests="1" failures="1")");
  REQUIRE(day1 != std::string::npos);
  REQUIRE(day2 != std::string::npos);
  CHECK(text.find(R"(<testcase classname="day1.jsonl" name="c"/>)") ==
        day1 + text.substr(day1).find("<testcase"));
  const auto failure = text.find("<failure");
  REQUIRE(failure != std::string::npos);
  CHECK(failure > day2);
  CHECK(text.find(R"("file":"day2.jsonl")") != std::string::npos);
}

TEST_CASE("--fail-on-state: a cell that ended in a failing state is a failed test case") {
  const std::string path = temporary_path();
  const std::string log =
      event("1", "lifecycle.v1.started", "bad") + "\n" +
      event("2", "lifecycle.v1.started", "good") + "\n" +
      R"({"specversion":"1.0","id":"3","source":"t","type":"dev.cellos.events.cell.lifecycle.v1.destroyed","data":{"cellId":"bad","outcome":"failed","reason":"teardown"}})"
      "\n";
  {
    JunitReport junit(path, FailingStates{{CurrentState::DestroyFailed}});
    replay::Replayer replayer({.keep_going = true}, junit);
    test::MemorySource source(log);
    CHECK(replayer.replay(source, "day1.jsonl"));
    replayer.finish();
    CHECK(junit.error().empty());
  }
  const std::string text = read_and_remove(path);
  CAPTURE(text);
  CHECK(text.find(R"(<testsuite name="day1.jsonl" tests="2" failures="1")") != std::string::npos);
  CHECK(text.find(R"(<testcase classname="day1.jsonl" name="good"/>)") != std::string::npos);
  const auto bad = text.find(R"(<testcase classname="day1.jsonl" name="bad">)");
  const auto failure =
      text.find(R"(<failure type="failedState" message="ended in destroyFailed: teardown">)");
  REQUIRE(bad != std::string::npos);
  REQUIRE(failure != std::string::npos);
  CHECK(bad < failure);
  const auto snapshot = text.find(R"("currentState":"destroyFailed")");
  REQUIRE(snapshot != std::string::npos);
  CHECK(snapshot > failure);
}

}  // namespace
}  // namespace cellos::report
