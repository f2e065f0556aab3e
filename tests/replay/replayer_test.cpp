// The engine on in-memory inputs: line rules, routing, stop vs keep-going,
// problem records and the accounting of every line.
#include "cellos/replay/replayer.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "cellos/report/problem_record.hpp"
#include "support/memory_source.hpp"

namespace cellos::replay {
namespace {

struct Recorder final : ReplaySink {
  std::vector<std::string> problems;  // compact problem records
  std::vector<std::string> input_errors;
  ReplayEnd end = ReplayEnd::Completed;
  bool finished = false;

  void on_problem(const Problem& problem) override {
    std::string out;
    json::Writer w(out);
    report::write_problem_record(w, problem);
    problems.push_back(out);
  }
  void on_input_error(std::string_view message) override { input_errors.emplace_back(message); }
  void on_finish(const CellTable&, const ReplayStats&, ReplayEnd how) override {
    end = how;
    finished = true;
  }
};

std::string ev(const std::string& id, const std::string& type, const std::string& data) {
  return R"({"specversion":"1.0","id":")" + id + R"(","source":"t","type":"dev.cellos.events.cell.)" +
         type + R"(","data":)" + data + "}";
}

struct Run {
  Recorder sink;
  Replayer replayer;
  explicit Run(bool keep_going) : replayer({.keep_going = keep_going}, sink) {}
  bool feed(const std::string& text, std::string_view name = "log.jsonl", std::size_t chunk = 7) {
    test::MemorySource source(text, chunk);
    return replayer.replay(source, name);
  }
};

const std::string kStarted = "lifecycle.v1.started";
const std::string kCommand = "command.v1.completed";

TEST_CASE("routing: cellId, else specId alone, else rejected or ignored") {
  Run run(true);
  run.feed(ev("1", kStarted, R"({"cellId":"a","specId":"s"})") + "\n" +
           ev("2", kStarted, R"({"specId":"s"})") + "\n" +          // a separate cell keyed by specId
           ev("3", kStarted, R"({"specId":"a"})") + "\n" +          // specId "a" is not cellId "a"
           ev("4", kStarted, "null") + "\n" +                        // rejected: no data
           R"({"specversion":"1.0","id":"5","source":"t","type":"com.example.x"})" + "\n" +  // ignored
           ev("6", kStarted, R"({"cellId":7})") + "\n");              // no string ids: ignored
  const ReplayStats& s = run.replayer.stats();
  CHECK(run.replayer.cells().size() == 3);
  CHECK(s.events == 6);
  CHECK(s.applied == 3);
  CHECK(s.rejected == 1);
  CHECK(s.unrouted == 2);
  REQUIRE(run.sink.problems.size() == 1);
  CHECK(run.sink.problems[0] ==
        R"({"kind":"rejected","file":"log.jsonl","line":4,"eventId":"4","eventType":"dev.cellos.events.cell.lifecycle.v1.started",)"
        R"("cellId":null,"specId":null,"message":"event \"dev.cellos.events.cell.lifecycle.v1.started\" is missing data payload","snapshot":null})");
}

TEST_CASE("without keep-going replay stops at the first problem, in input order") {
  Run run(false);
  CHECK_FALSE(run.feed(ev("1", kStarted, R"({"cellId":"a"})") + "\nnot json\n" + ev("2", kStarted, R"({"cellId":"b"})") + "\n"));
  run.replayer.finish();
  CHECK(run.sink.end == ReplayEnd::StoppedAtProblem);
  REQUIRE(run.sink.problems.size() == 1);
  CHECK(run.sink.problems[0].starts_with(R"({"kind":"malformed","file":"log.jsonl","line":2,"eventId":null,)"));
  CHECK(run.replayer.cells().size() == 1);
  CHECK(run.replayer.exit_code() == ExitCode::Malformed);
}

TEST_CASE("a rejected event's record carries the cell's snapshot after the failed apply") {
  Run run(true);
  run.feed(ev("1", kStarted, R"({"cellId":"a","specId":"s"})") + "\n" +
           ev("2", kCommand, R"({"cellId":"a","exitCode":0})") + "\n" +
           ev("3", "identity.v1.failed", R"({"cellId":"a","operation":"materialize","reason":"late"})") + "\n");
  REQUIRE(run.sink.problems.size() == 1);
  const std::string& record = run.sink.problems[0];
  CHECK(record.find(R"("line":3,"eventId":"3")") != std::string::npos);
  CHECK(record.find(R"("cellId":"a","specId":null,"message":"illegal projection transition: identity.materialize failure after command completion;)") != std::string::npos);
  CHECK(record.find(R"("lastError":"late")") != std::string::npos);  // set before the check failed
  CHECK(run.replayer.exit_code() == ExitCode::Rejected);
}

TEST_CASE("BOM, CRLF and blank lines; every line is accounted for") {
  Run run(true);
  run.feed("\xEF\xBB\xBF" + ev("1", kStarted, R"({"cellId":"a"})") + "\r\n \t\r\n\r\n\n" +
           ev("2", kCommand, R"({"cellId":"a","exitCode":1})") + "\r\n" + "\xEF\xBB\xBF{}\n");
  const ReplayStats& s = run.replayer.stats();
  CHECK(s.lines == 6);
  CHECK(s.blank == 3);
  CHECK(s.malformed == 1);  // a BOM is only skipped at the start of an input
  CHECK(s.lines == s.blank + s.malformed + s.events);
  CHECK(s.events == s.applied + s.ignored + s.rejected + s.unrouted);
  CHECK(run.replayer.cells()[0].current_state() == CurrentState::CommandFailed);
}

TEST_CASE("line numbers restart for each input, and the file name is the one given") {
  Run run(true);
  run.feed(ev("1", kStarted, R"({"cellId":"a"})") + "\n", "first.jsonl");
  run.feed(std::string("\n") + ev("1", kStarted, R"({"cellId":"b"})") + "\n" + ev("x", kStarted, R"({"cellId":"a"})") + "\n",
           "<stdin>");
  REQUIRE(run.sink.problems.size() == 1);
  CHECK(run.sink.problems[0].starts_with(R"({"kind":"rejected","file":"<stdin>","line":3,)"));
}

TEST_CASE("a line over --max-line-bytes is malformed and replay goes on after it") {
  Recorder sink;
  Replayer replayer({.keep_going = true, .max_line_bytes = 100}, sink);
  test::MemorySource source(std::string(500, ' ') + "x\n" + ev("1", kStarted, R"({"cellId":"a"})") + "\n", 64);
  replayer.replay(source, "f");
  REQUIRE(sink.problems.size() == 2);  // the long line, and line 2 (over 100 bytes too)
  CHECK(sink.problems[0].find("line too long: 501 bytes") != std::string::npos);
  CHECK(replayer.stats().lines == 2);
}

TEST_CASE("exit code precedence: 3 over 4 over 1") {
  ReplayStats s;
  CHECK(exit_code_for(s) == ExitCode::Ok);
  s.rejected = 1;
  CHECK(exit_code_for(s) == ExitCode::Rejected);
  s.malformed = 1;
  CHECK(exit_code_for(s) == ExitCode::Malformed);
  s.input_errors = 1;
  CHECK(exit_code_for(s) == ExitCode::Input);
}

TEST_CASE("an input that cannot be opened stops replay unless keep-going") {
  Run stop(false);
  CHECK_FALSE(stop.replayer.replay_path("/nonexistent/log.jsonl"));
  stop.replayer.finish();
  CHECK(stop.sink.end == ReplayEnd::StoppedAtInputError);
  CHECK(stop.sink.input_errors.at(0) == "/nonexistent/log.jsonl: cannot open: No such file or directory");
  Run go(true);
  CHECK(go.replayer.replay_path("/nonexistent/log.jsonl"));
  CHECK(go.replayer.exit_code() == ExitCode::Input);
}

}  // namespace
}  // namespace cellos::replay
