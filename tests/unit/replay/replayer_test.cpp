// SPDX-License-Identifier: Apache-2.0
// The engine on in-memory inputs: line rules, routing, stop vs keep-going,
// problem records and the accounting of every line.
#include "cellos/replay/replayer.hpp"

#include <doctest/doctest.h>

#include <cstring>
#include <string>
#include <vector>

#include "cellos/reducer/snapshot_writer.hpp"
#include "support/memory_source.hpp"
#include "support/problem_json.hpp"

namespace cellos::replay {
namespace {

struct Recorder final : ReplaySink {
  std::vector<std::string> problems;  // compact problem records
  std::vector<std::string> input_errors;
  ReplayEnd end = ReplayEnd::Completed;
  bool finished = false;

  void on_problem(const Problem& problem) override {
    problems.push_back(test::problem_json(problem));
  }
  void on_input_error(std::string_view message) override { input_errors.emplace_back(message); }
  void on_finish(const CellTable&, const ReplayStats&, ReplayEnd how) override {
    end = how;
    finished = true;
  }
};

std::string ev(const std::string& id, const std::string& type, const std::string& data) {
  return R"({"specversion":"1.0","id":")" + id +
         R"(","source":"t","type":"dev.cellos.events.cell.)" + type + R"(","data":)" + data + "}";
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
           ev("2", kStarted, R"({"specId":"s"})") + "\n" +  // a separate cell keyed by specId
           ev("3", kStarted, R"({"specId":"a"})") + "\n" +  // specId "a" is not cellId "a"
           ev("4", kStarted, "null") + "\n" +               // rejected: no data
           R"({"specversion":"1.0","id":"5","source":"t","type":"com.example.x"})" +
           "\n" +                                         // ignored
           ev("6", kStarted, R"({"cellId":7})") + "\n");  // no string ids: ignored
  const ReplayStats& s = run.replayer.stats();
  CHECK(run.replayer.cells().size() == 3);
  CHECK(s.events == 6);
  CHECK(s.applied == 3);
  CHECK(s.rejected == 1);
  CHECK(s.unrouted == 2);
  REQUIRE(run.sink.problems.size() == 1);
  CHECK(
      run.sink.problems[0] ==
      R"({"kind":"rejected","file":"log.jsonl","line":4,"eventId":"4","eventType":"dev.cellos.events.cell.lifecycle.v1.started",)"
      R"("cellId":null,"specId":null,"message":"event \"dev.cellos.events.cell.lifecycle.v1.started\" is missing data payload","snapshot":null})");
}

TEST_CASE("without keep-going replay stops at the first problem, in input order") {
  Run run(false);
  CHECK_FALSE(run.feed(ev("1", kStarted, R"({"cellId":"a"})") + "\nnot json\n" +
                       ev("2", kStarted, R"({"cellId":"b"})") + "\n"));
  run.replayer.finish();
  CHECK(run.sink.end == ReplayEnd::StoppedAtProblem);
  REQUIRE(run.sink.problems.size() == 1);
  CHECK(run.sink.problems[0].starts_with(
      R"({"kind":"malformed","file":"log.jsonl","line":2,"eventId":null,)"));
  CHECK(run.replayer.cells().size() == 1);
  CHECK(run.replayer.exit_code() == ExitCode::Malformed);
}

TEST_CASE("a rejected event's record carries the cell's snapshot after the failed apply") {
  Run run(true);
  run.feed(
      ev("1", kStarted, R"({"cellId":"a","specId":"s"})") + "\n" +
      ev("2", kCommand, R"({"cellId":"a","exitCode":0})") + "\n" +
      ev("3", "identity.v1.failed", R"({"cellId":"a","operation":"materialize","reason":"late"})") +
      "\n");
  REQUIRE(run.sink.problems.size() == 1);
  const std::string& record = run.sink.problems[0];
  CHECK(record.find(R"("line":3,"eventId":"3")") != std::string::npos);
  CHECK(
      record.find(
          R"("cellId":"a","specId":null,"message":"illegal projection transition: identity.materialize failure after command completion;)") !=
      std::string::npos);
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
  CHECK(s.lines == s.blank + s.skipped + s.malformed + s.events);
  CHECK(s.events == s.applied + s.ignored + s.rejected + s.unrouted);
  CHECK(run.replayer.cells()[0].current_state() == CurrentState::CommandFailed);
}

TEST_CASE("line numbers restart for each input, and the file name is the one given") {
  Run run(true);
  run.feed(ev("1", kStarted, R"({"cellId":"a"})") + "\n", "first.jsonl");
  run.feed(std::string("\n") + ev("1", kStarted, R"({"cellId":"b"})") + "\n" +
               ev("x", kStarted, R"({"cellId":"a"})") + "\n",
           "<stdin>");
  REQUIRE(run.sink.problems.size() == 1);
  CHECK(run.sink.problems[0].starts_with(R"({"kind":"rejected","file":"<stdin>","line":3,)"));
}

TEST_CASE("a line over --max-line-bytes is malformed and replay goes on after it") {
  Recorder sink;
  Replayer replayer({.keep_going = true, .max_line_bytes = 100}, sink);
  test::MemorySource source(
      std::string(500, ' ') + "x\n" + ev("1", kStarted, R"({"cellId":"a"})") + "\n", 64);
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
  CHECK(stop.sink.input_errors.at(0) ==
        "/nonexistent/log.jsonl: cannot open: No such file or directory");
  Run go(true);
  CHECK(go.replayer.replay_path("/nonexistent/log.jsonl"));
  CHECK(go.replayer.exit_code() == ExitCode::Input);
}

}  // namespace
}  // namespace cellos::replay

namespace cellos::replay {
namespace {

// Everything a replay reports, in order, for comparing runs.
struct Transcript final : ReplaySink {
  std::string text;
  // As NdjsonPrinter: no cells after a stop.
  bool cells_after_stop = true;

  void on_problem(const Problem& problem) override {
    text += test::problem_json(problem);
    if (problem.cell != nullptr) {
      text += " cell ";
      text += problem.cell_key.kind == RouteKind::CellId ? "c:" : "s:";
      text.append(problem.cell_key.key);
    }
    text += "\n";
  }
  void on_input_error(std::string_view message) override {
    text.append("input error: ").append(message) += "\n";
  }
  void on_finish(const CellTable& cells, const ReplayStats& stats, ReplayEnd end) override {
    if (cells_after_stop || end != ReplayEnd::StoppedAtProblem) {
      for (std::size_t i = 0; i < cells.size(); ++i)
        text += std::string(cells.key(i).key) + " " + snapshot_json(cells[i]) + "\n";
    }
    for (const std::uint64_t count :
         {stats.lines, stats.blank, stats.skipped, stats.malformed, stats.events, stats.applied,
          stats.ignored, stats.rejected, stats.unrouted, stats.bytes, stats.input_errors})
      text += std::to_string(count) + " ";
    text += "end " + std::to_string(static_cast<int>(end)) + " exit " +
            std::to_string(static_cast<int>(exit_code_for(stats))) + "\n";
  }
};

std::string transcript(const std::string& log, ReplayOptions options,
                       bool cells_after_stop = true) {
  Transcript sink;
  sink.cells_after_stop = cells_after_stop;
  Replayer replayer(options, sink);
  test::MemorySource first(log, 1000);
  if (replayer.replay(first, "a.jsonl")) {
    test::MemorySource second(log, 333);
    replayer.replay(second, "b.jsonl");
  }
  replayer.finish();
  return sink.text;
}

std::string mixed_log() {
  std::string log;
  for (int i = 0; i < 400; ++i) {
    const std::string cell = "\"c" + std::to_string(i % 37) + "\"";
    const char* types[] = {"lifecycle.v1.started", "identity.v1.materialized",
                           "command.v1.completed", "export.v2.completed", "lifecycle.v1.destroyed"};
    log += ev("id" + std::to_string(i % 350), types[i % 5],
              "{\"cellId\":" + cell + ",\"exitCode\":" + std::to_string(i % 3) +
                  ",\"targetKind\":\"s3\"}") +
           "\n";
    if (i % 41 == 0) log += "{broken\n";
    if (i % 29 == 0) log += "  \n";
    if (i % 53 == 0) log += ev("x" + std::to_string(i), "lifecycle.v1.started", "null") + "\n";
  }
  return log;
}

// Clean lifecycles of many cells, interleaved, with one rejected event deep
// in the log (and problems after it that a stop must not see).
std::string log_rejecting_at_line(int rejected_line) {
  std::string log;
  const char* types[] = {"lifecycle.v1.started", "identity.v1.materialized", "command.v1.completed",
                         "lifecycle.v1.destroyed"};
  int line = 0;
  for (int round = 0; round < 40; ++round) {
    for (int cell = 0; cell < 60; ++cell) {
      const std::string key = "cell-" + std::to_string(round / 4 * 60 + cell);
      const std::string id = key + "-" + std::to_string(round % 4);
      std::string data = R"({"cellId":")" + key + R"(","specId":"s","exitCode":0})";
      if (++line == rejected_line) data = R"({"cellId":")" + key + R"(","specId":"other"})";
      log += ev(id, types[round % 4], data) + "\n";
      if (line > rejected_line && line % 97 == 0) log += "{broken after the stop\n";
    }
  }
  return log;
}

TEST_CASE("parallel batches give the same transcript as one thread, whatever the batch size") {
  for (const std::string& log :
       {mixed_log(), log_rejecting_at_line(1333), "\xEF\xBB\xBF" + mixed_log()}) {
    for (bool keep_going : {true, false}) {
      for (bool cells_after_stop : {true, false}) {
        const std::string expected =
            transcript(log, {.keep_going = keep_going, .jobs = 1}, cells_after_stop);
        for (unsigned jobs : {2U, 3U, 8U}) {
          for (std::size_t batch :
               {std::size_t{1}, std::size_t{50}, std::size_t{4096}, std::size_t{1} << 20}) {
            CAPTURE(keep_going);
            CAPTURE(cells_after_stop);
            CAPTURE(jobs);
            CAPTURE(batch);
            CHECK(transcript(log, {.keep_going = keep_going, .jobs = jobs, .batch_bytes = batch},
                             cells_after_stop) == expected);
          }
        }
      }
    }
  }
}

TEST_CASE("the BOM rule and too-long lines read the same in parallel, wherever batches end") {
  const std::string event = ev("b1", "lifecycle.v1.started", R"({"cellId":"b"})");
  for (const std::string& log :
       {"\xEF\xBB\xBF" + event + "\n" + std::string(300, 'x') + "\n\xEF\xBB\xBF" + event + "\n",
        std::string(300, 'x') + "\n\xEF\xBB\xBF" + event + "\n" + event,
        "\xEF\xBB\xBF" + std::string(300, 'x')}) {
    const std::string expected =
        transcript(log, {.keep_going = true, .max_line_bytes = 200, .jobs = 1});
    for (const std::size_t batch : {std::size_t{1}, std::size_t{64}, std::size_t{1} << 18}) {
      CAPTURE(batch);
      CHECK(
          transcript(
              log, {.keep_going = true, .max_line_bytes = 200, .jobs = 3, .batch_bytes = batch}) ==
          expected);
    }
  }
}

TEST_CASE("a stop deep in the log reports that problem alone, for every --jobs") {
  const std::string log = log_rejecting_at_line(1333);
  for (unsigned jobs : {1U, 2U, 4U}) {
    const std::string text = transcript(log, {.jobs = jobs, .batch_bytes = 4096}, false);
    CAPTURE(jobs);
    CHECK(text.find(R"("line":1333)") != std::string::npos);
    CHECK(text.find(R"("specId":"other")") != std::string::npos);
    CHECK(text.find("after the stop") == std::string::npos);
    CHECK(text.find("end 1 exit 1") != std::string::npos);
  }
}

TEST_CASE("parallel batches report a line too long and an input error in order") {
  struct Failing final : input::ByteSource {
    std::string data;
    std::size_t pos = 0;
    std::size_t read(char* buffer, std::size_t size) override {
      if (pos == data.size()) throw input::InputError("f: cannot read: Input/output error");
      const std::size_t n = std::min(size, data.size() - pos);
      std::memcpy(buffer, data.data() + pos, n);
      pos += n;
      return n;
    }
    [[nodiscard]] std::uint64_t consumed() const override { return pos; }
  };
  for (unsigned jobs : {1U, 3U}) {
    Transcript sink;
    Replayer replayer({.keep_going = true, .max_line_bytes = 200, .jobs = jobs, .batch_bytes = 64},
                      sink);
    Failing source;
    const std::string log = mixed_log();
    source.data = log.substr(0, log.find('\n', 5000) + 1) + std::string(300, 'x') + "\n" +
                  ev("z", "lifecycle.v1.started", R"({"cellId":"z"})") + "\npartial";
    CHECK(replayer.replay(source, "f"));
    replayer.finish();
    CAPTURE(jobs);
    CHECK(sink.text.find("line too long: 300 bytes") != std::string::npos);
    CHECK(sink.text.find("input error: f: cannot read") > sink.text.find("line too long"));
    CHECK(sink.text.find(R"("cellId":"z")") != std::string::npos);  // lines before the error count
    CHECK(replayer.exit_code() == ExitCode::Input);
  }
}

TEST_CASE("records: offsets for lines, the stream reported, cells kept per stream") {
  Recorder sink;
  std::vector<std::string> order;
  struct Order final : ReplaySink {
    std::vector<std::string>* cells;
    void on_problem(const Problem&) override {}
    void on_input_error(std::string_view) override {}
    void on_finish(const CellTable& table, const ReplayStats&, ReplayEnd) override {
      for (const CellStateProjection& cell : table) cells->emplace_back(*cell.cell_id());
    }
  } printer;
  printer.cells = &order;
  SinkList sinks;
  sinks.add(sink);
  sinks.add(printer);
  Replayer replayer({.keep_going = true, .cells_per_stream = true}, sinks);
  replayer.begin_records("topic");
  // Stream 1 is read first, but cells print stream by stream.
  CHECK(replayer.replay_record(ev("1", kStarted, R"({"cellId":"b"})"), 1, 40));
  CHECK(replayer.replay_record(ev("2", kStarted, R"({"cellId":"a"})"), 0, 7));
  // The same key in another stream is another cell: no "started twice".
  CHECK(replayer.replay_record(ev("3", kStarted, R"({"cellId":"b"})"), 0, 8));
  CHECK(replayer.replay_record(ev("4", kStarted, R"({"cellId":"b"})"), 0, 9));
  CHECK(replayer.replay_malformed_record("no event here", 2, 3));
  CHECK(replayer.replay_record(ev("5", kStarted, R"({"cellId":"c"})"), 2, 4));
  replayer.drop_stream(2);
  replayer.finish();
  CHECK(order == std::vector<std::string>{"a", "b", "b"});
  REQUIRE(sink.problems.size() == 2);
  CHECK(
      sink.problems[0].starts_with(R"({"kind":"rejected","file":"topic","line":9,"partition":0,)"));
  CHECK(
      sink.problems[1] ==
      R"({"kind":"malformed","file":"topic","line":3,"partition":2,"eventId":null,"eventType":null,)"
      R"("cellId":null,"specId":null,"message":"no event here","snapshot":null})");
  CHECK(replayer.stats().lines == 6);
  CHECK(replayer.exit_code() == ExitCode::Malformed);
}

}  // namespace
}  // namespace cellos::replay
