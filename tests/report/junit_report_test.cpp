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

namespace cellos::report {
namespace {

std::string event(const std::string& id, const std::string& type, const std::string& cell) {
  return R"({"specversion":"1.0","id":")" + id +
         R"(","source":"t","type":"dev.cellos.events.cell.)" + type + R"(","data":{"cellId":")" +
         cell + R"("}})";
}

TEST_CASE("a failure stays with its cell when cells print in another order (Kafka partitions)") {
  char path[] = "/tmp/cellos-junit-XXXXXX";
  const int fd = mkstemp(path);
  REQUIRE(fd >= 0);
  close(fd);
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
  std::ifstream in(path);
  std::stringstream xml;
  xml << in.rdbuf();
  std::remove(path);
  const std::string text = xml.str();
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

}  // namespace
}  // namespace cellos::report
