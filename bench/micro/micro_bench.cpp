// SPDX-License-Identifier: Apache-2.0
// Micro-benchmarks of the hot units (Google Benchmark): the event parser, one
// cell's reducer, the cell table, and encoding cells' states for a checkpoint. bench/run runs them
// beside the whole-tool benchmark; build with -DCELLOS_BUILD_BENCH=ON and run
//   build/bench/micro/cellos_micro_bench
#include <benchmark/benchmark.h>

#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "cellos/event/event_parser.hpp"
#include "cellos/reducer/cell_state_projection.hpp"
#include "cellos/reducer/state_codec.hpp"
#include "cellos/replay/cell_table.hpp"

namespace {

std::string event_line(const std::string& id, const std::string& type, const std::string& cell,
                       const std::string& extra = "") {
  return R"({"specversion":"1.0","id":")" + id +
         R"(","source":"/cellos/supervisor/runner-01","type":"dev.cellos.events.cell.)" + type +
         R"(","subject":"cell/)" + cell +
         R"(","time":"2026-11-27T08:00:58.522Z","datacontenttype":"application/json",)"
         R"("traceparent":"00-c6c91b9270ac06acdf70301704c9d78d-9bca3cb72ee0289d-01",)"
         R"("data":{"cellId":")" +
         cell + R"(","specId":"spec-build","runId":"run-1042")" + extra + "}}";
}

// A cell's whole lifecycle, as a fleet log holds it.
std::vector<std::string> lifecycle(const std::string& cell) {
  return {
      event_line(cell + "-1", "lifecycle.v1.started", cell, R"(,"placement":{"poolId":"p"})"),
      event_line(cell + "-2", "identity.v1.materialized", cell),
      event_line(cell + "-3", "command.v1.completed", cell, R"(,"exitCode":0)"),
      event_line(
          cell + "-4", "export.v2.completed", cell,
          R"(,"targetKind":"s3","targetName":"b","destination":"s3://b/k","bytesWritten":42)"),
      event_line(cell + "-5", "identity.v1.revoked", cell),
      event_line(cell + "-6", "lifecycle.v1.destroyed", cell),
  };
}

void parse_event(benchmark::State& state) {
  const std::vector<std::string> lines = lifecycle("build-7f3a");
  cellos::EventParser parser;
  cellos::CloudEvent event;
  std::int64_t bytes = 0;
  for (auto _ : state) {
    for (const std::string& line : lines) {
      benchmark::DoNotOptimize(parser.parse(line, event));
      bytes += static_cast<std::int64_t>(line.size());
    }
  }
  state.SetBytesProcessed(bytes);
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(lines.size()));
}
BENCHMARK(parse_event);

void apply_lifecycle(benchmark::State& state) {
  const std::vector<std::string> lines = lifecycle("build-7f3a");
  std::vector<cellos::EventParser> parsers(lines.size());
  std::vector<cellos::CloudEvent> events(lines.size());
  for (std::size_t i = 0; i < lines.size(); ++i) parsers[i].parse(lines[i], events[i]);
  for (auto _ : state) {
    cellos::CellStateProjection cell;
    for (const cellos::CloudEvent& event : events) benchmark::DoNotOptimize(cell.apply(event));
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(events.size()));
}
BENCHMARK(apply_lifecycle);

void cell_table_lookup(benchmark::State& state) {
  const auto cells = static_cast<std::size_t>(state.range(0));
  std::vector<std::string> keys;
  for (std::size_t i = 0; i < cells; ++i) keys.push_back("cell-" + std::to_string(i * 7919));
  cellos::replay::CellTable table;
  for (const std::string& key : keys) table.find_or_create(cellos::replay::RouteKind::CellId, key);
  std::size_t i = 0;
  for (auto _ : state) {
    const std::string& key = keys[i];
    i = (i + 1) % cells;
    benchmark::DoNotOptimize(table.find_or_create(cellos::replay::RouteKind::CellId, key));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(cell_table_lookup)->Arg(1000)->Arg(400000);

// A checkpoint's encoding of many finished cells, as the final checkpoint of
// a fleet log writes them: each cell's memory is cold when it is reached.
void encode_states(benchmark::State& state) {
  const auto count = static_cast<std::size_t>(state.range(0));
  std::deque<cellos::CellStateProjection> cells(count);
  cellos::EventParser parser;
  cellos::CloudEvent event;
  // Stage by stage across all cells, as interleaved logs apply them: a
  // cell's texts end up scattered over the heap.
  for (std::size_t stage = 0; stage < 6; ++stage) {
    for (std::size_t i = 0; i < count; ++i) {
      parser.parse(lifecycle("build-7f3a-" + std::to_string(i * 7919))[stage], event);
      cells[i].apply(event);
    }
  }
  std::string out;
  for (auto _ : state) {
    out.clear();
    for (const cellos::CellStateProjection& cell : cells) cellos::encode_cell_state(cell, out);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(out.size()));
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(count));
}
BENCHMARK(encode_states)->Arg(400000)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
