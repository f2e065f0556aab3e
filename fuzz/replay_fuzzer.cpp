// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: bytes → lines → events → routing → reducers → printers.
//
// The input is replayed as a log (keep-going, small line limit), or (one
// input in four) line by line as Kafka records of three partitions, with a
// partition dropped now and then as a rebalance would. Besides
// crashes and sanitizer reports, it checks that every problem record and
// snapshot the printers would write is valid JSON to our own strict parser,
// that the replay accounts for every line, and that the parallel replay
// (blocks read whole, split and parsed on other threads) reports exactly
// what the sequential one does.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>

#include "bytes_source.hpp"
#include "cellos/json/parser.hpp"
#include "cellos/reducer/snapshot_writer.hpp"
#include "cellos/replay/replayer.hpp"
#include "cellos/report/problem_record.hpp"

namespace {

void require_valid_json(const std::string& text) {
  std::string scratch;
  cellos::json::Parser parser(text, scratch);
  parser.skip_whitespace();
  if (!parser.parse_value(nullptr) || !parser.finish()) {
    std::fprintf(stderr, "invalid JSON written: %s\n", text.c_str());
    std::abort();
  }
}

class CheckingSink final : public cellos::replay::ReplaySink {
 public:
  void on_problem(const cellos::replay::Problem& problem) override {
    std::string out;
    cellos::json::Writer writer(out);
    cellos::report::write_problem_record(writer, problem);
    require_valid_json(out);
    ++problems;
    transcript += out + "\n";
  }
  void on_input_error(std::string_view) override {}
  void on_finish(const cellos::replay::CellTable& cells, const cellos::replay::ReplayStats& stats,
                 cellos::replay::ReplayEnd) override {
    for (const cellos::CellStateProjection& cell : cells) {
      const std::string snapshot = cellos::snapshot_json(cell);
      require_valid_json(snapshot);
      transcript += snapshot + "\n";
    }
    transcript += std::to_string(stats.lines) + " " + std::to_string(stats.bytes) + "\n";
    if (stats.lines != stats.blank + stats.skipped + stats.malformed + stats.events ||
        stats.events != stats.applied + stats.ignored + stats.rejected + stats.unrouted ||
        problems != stats.malformed + stats.rejected) {
      std::fprintf(stderr, "line accounting is off\n");
      std::abort();
    }
  }
  std::uint64_t problems = 0;
  std::string transcript;  // problem records, snapshots, line and byte counts
};

// Each line a record of partition line % 3; every 7th line drops a partition
// first. Cells must stay apart per partition and print grouped by it.
void replay_as_records(std::string_view text) {
  CheckingSink sink;
  cellos::replay::Replayer replayer({.keep_going = true, .cells_per_stream = true}, sink);
  replayer.begin_records("topic");
  std::uint64_t offset = 0;
  while (!text.empty()) {
    const std::size_t end = std::min(text.find('\n'), text.size());
    const auto stream = static_cast<std::uint32_t>(offset % 3);
    if (offset % 7 == 6) replayer.drop_stream((stream + 1) % 3);
    replayer.replay_record(text.substr(0, end), stream, offset++);
    text.remove_prefix(std::min(end + 1, text.size()));
  }
  replayer.finish();
  const cellos::replay::CellTable& cells = replayer.cells();
  for (std::size_t i = 1; i < cells.size(); ++i) {
    if (cells.first_input(i - 1) > cells.first_input(i)) {
      std::fprintf(stderr, "cells are not grouped by partition\n");
      std::abort();
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 0 && data[0] % 4 == 2) {
    replay_as_records(std::string_view(reinterpret_cast<const char*>(data), size));
    return 0;
  }
  // Both replay paths, which must agree.
  std::string transcripts[2];
  for (const unsigned jobs : {1U, 3U}) {
    CheckingSink sink;
    cellos::replay::Replayer replayer(
        {.keep_going = true, .max_line_bytes = 4096, .jobs = jobs, .batch_bytes = 97}, sink);
    cellos::fuzz::BytesSource source(data, size, 61);
    replayer.replay(source, "fuzz.jsonl");
    replayer.finish();
    transcripts[jobs == 1 ? 0 : 1] = std::move(sink.transcript);
  }
  if (transcripts[0] != transcripts[1]) {
    std::fprintf(stderr, "-j1 and -j3 differ:\n%s\n---\n%s\n", transcripts[0].c_str(),
                 transcripts[1].c_str());
    std::abort();
  }
  return 0;
}
