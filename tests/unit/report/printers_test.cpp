// SPDX-License-Identifier: Apache-2.0
// The printers' output read back with an independent JSON library
// (nlohmann/json): documents are valid JSON with the SPEC's shape.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>

#include "cellos/replay/replayer.hpp"
#include "cellos/report/diagnostics.hpp"
#include "cellos/report/json_document_printer.hpp"
#include "cellos/report/ndjson_printer.hpp"
#include "cellos/report/summary_printer.hpp"
#include "cellos/report/table_printer.hpp"
#include "cellos/report/trace_printer.hpp"
#include "support/memory_source.hpp"

namespace cellos::report {
namespace {

// Runs `log` through `make_printer`'s printer into a temporary file; returns what it wrote.
template <class MakePrinter>
std::string print(const std::string& log, bool keep_going, MakePrinter make_printer) {
  std::FILE* file = std::tmpfile();
  REQUIRE(file != nullptr);
  {
    Output out(fileno(file));
    auto printer = make_printer(out);
    replay::Replayer replayer({.keep_going = keep_going}, printer);
    test::MemorySource source(log);
    replayer.replay(source, "in.jsonl");
    replayer.finish();
  }
  std::string text;
  std::rewind(file);
  char buf[4096];
  while (std::size_t n = std::fread(buf, 1, sizeof buf, file)) text.append(buf, n);
  std::fclose(file);
  return text;
}

const std::string kLog =
    R"({"specversion":"1.0","id":"1","source":"s","type":"dev.cellos.events.cell.lifecycle.v1.started","data":{"cellId":"a\u00e9\n","placement":["p"]}})"
    "\n"
    R"({"specversion":"1.0","id":"2","source":"s","type":"dev.cellos.events.cell.lifecycle.v1.started","data":{"cellId":"a\u00e9\n"}})"
    "\n"
    "not json\n"
    R"({"specversion":"1.0","id":"3","source":"s","type":"dev.cellos.events.cell.command.v1.completed","data":{"specId":"s","exitCode":4}})"
    "\n";

TEST_CASE("-o json: one document with cells, errors and stats") {
  const std::string text = print(kLog, true, [](Output& out) { return JsonDocumentPrinter(out); });
  const auto doc = nlohmann::json::parse(text);
  REQUIRE(doc["cells"].size() == 2);
  CHECK(doc["cells"][0]["cellId"] == "a\xC3\xA9\n");
  CHECK(doc["cells"][0]["placement"] == nlohmann::json{{"poolId", "p"}});
  REQUIRE(doc["errors"].size() == 3);
  CHECK(doc["errors"][0]["kind"] == "rejected");
  CHECK(doc["errors"][0]["snapshot"]["processedEvents"] == 1);
  CHECK(doc["errors"][1]["kind"] == "malformed");
  CHECK(doc["errors"][1]["snapshot"].is_null());
  CHECK(doc["errors"][2]["message"] ==
        "illegal transition for dev.cellos.events.cell.command.v1.completed: lifecycle stage is "
        "Pending");
  CHECK(doc["stats"]["lines"] == 4);
  CHECK(doc["stats"]["cells"] == 2);
}

TEST_CASE("ndjson: snapshots, or only the first problem without keep-going") {
  const std::string all = print(kLog, true, [](Output& out) { return NdjsonPrinter(out, true); });
  CHECK(std::count(all.begin(), all.end(), '\n') == 2);
  const std::string stop =
      print(kLog, false, [](Output& out) { return NdjsonPrinter(out, false); });
  CHECK(std::count(stop.begin(), stop.end(), '\n') == 1);
  const auto record = nlohmann::json::parse(stop)["error"];
  CHECK(record["line"] == 2);
  CHECK(record["eventId"] == "2");
}

TEST_CASE("-o table: a header and one aligned row per cell, control characters shown as ?") {
  const std::string text = print(kLog, true, [](Output& out) { return TablePrinter(out); });
  CHECK(text.starts_with("CELL  SPEC  RUN  STATE    EVENTS  EXIT  EXPORTS  LAST ERROR\n"));
  CHECK(text.find("a\xC3\xA9?   -     -    started  1       -     0        -\n") !=
        std::string::npos);
}

TEST_CASE("--sort and --limit order and cut the table, NDJSON and the document alike") {
  CellSelection busiest;
  busiest.order = {SortField::Events, true};
  busiest.limit = 1;
  const std::string table =
      print(kLog, true, [&](Output& out) { return TablePrinter(out, busiest); });
  CHECK(std::count(table.begin(), table.end(), '\n') == 2);  // the header and one cell
  CHECK(table.find("started  1") != std::string::npos);      // a\xC3\xA9 has 1 event, s none
  const std::string ndjson =
      print(kLog, true, [&](Output& out) { return NdjsonPrinter(out, true, busiest, 2); });
  CHECK(nlohmann::json::parse(ndjson)["cellId"] == "a\xC3\xA9\n");
  // By name, descending: "s" (the specId of a cell without a cellId) before "a\xC3\xA9\n".
  CellSelection by_cell;
  by_cell.order = {SortField::Cell, true};
  const auto doc = nlohmann::json::parse(
      print(kLog, true, [&](Output& out) { return JsonDocumentPrinter(out, by_cell); }));
  REQUIRE(doc["cells"].size() == 2);
  CHECK(doc["cells"][0]["specId"] == "s");
  CHECK(doc["cells"][1]["cellId"] == "a\xC3\xA9\n");
}

TEST_CASE("--sort names its fields, with - for descending") {
  CHECK(parse_cell_order("events")->field == SortField::Events);
  CHECK(!parse_cell_order("events")->descending);
  CHECK(parse_cell_order("-exit-code")->descending);
  CHECK(parse_cell_order("-exit-code")->field == SortField::ExitCode);
  CHECK(!parse_cell_order("size"));
  CHECK(!parse_cell_order("--events"));
  CHECK(cell_order_names() == "cell, state, events, exit-code");
}

// Three cells: one ends destroyFailed (after its identity failed), one is
// destroyed, one only started.
const std::string kEndings =
    R"({"specversion":"1.0","id":"1","source":"s","type":"dev.cellos.events.cell.lifecycle.v1.started","data":{"cellId":"bad","specId":"x"}})"
    "\n"
    R"({"specversion":"1.0","id":"2","source":"s","type":"dev.cellos.events.cell.lifecycle.v1.started","data":{"cellId":"good","specId":"x"}})"
    "\n"
    R"({"specversion":"1.0","id":"3","source":"s","type":"dev.cellos.events.cell.identity.v1.failed","data":{"cellId":"bad","specId":"x","reason":"no key"}})"
    "\n"
    R"({"specversion":"1.0","id":"4","source":"s","type":"dev.cellos.events.cell.lifecycle.v1.destroyed","data":{"cellId":"bad","specId":"x","outcome":"failed","reason":"teardown"}})"
    "\n"
    R"({"specversion":"1.0","id":"5","source":"s","type":"dev.cellos.events.cell.lifecycle.v1.destroyed","data":{"cellId":"good","specId":"x","outcome":"succeeded"}})"
    "\n"
    R"({"specversion":"1.0","id":"6","source":"s","type":"dev.cellos.events.cell.lifecycle.v1.started","data":{"cellId":"new","specId":"x"}})"
    "\n";

TEST_CASE("--fail-on-state: -o json lists the cells that ended in one of the states") {
  const FailingStates failing{{CurrentState::DestroyFailed, CurrentState::CommandFailed}};
  const auto doc = nlohmann::json::parse(
      print(kEndings, true, [&](Output& out) { return JsonDocumentPrinter(out, {}, failing); }));
  REQUIRE(doc["cells"].size() == 3);
  REQUIRE(doc["cells"][0]["currentState"] == "destroyFailed");
  REQUIRE(doc["failedCells"].size() == 1);
  CHECK(doc["failedCells"][0]["cellId"] == "bad");
  CHECK(doc["failedCells"][0]["currentState"] == "destroyFailed");
  CHECK(doc["failedCells"][0]["lastError"] == doc["cells"][0]["lastError"]);
  // Without --fail-on-state the document keeps its shape.
  const auto plain = nlohmann::json::parse(
      print(kEndings, true, [&](Output& out) { return JsonDocumentPrinter(out); }));
  CHECK(!plain.contains("failedCells"));
}

TEST_CASE("-o summary: cells per state with shares, problems, last errors, inputs, lines") {
  const std::string text = print(kEndings + "oops\n", true, [&](Output& out) {
    return SummaryPrinter(out, {}, FailingStates{{CurrentState::DestroyFailed}});
  });
  CHECK(text.starts_with("  cells        3 (1 in a --fail-on-state state)\n"));
  CHECK(text.find("    destroyFailed       1   33.3%\n") != std::string::npos);
  CHECK(text.find("    destroyed           1   33.3%\n") != std::string::npos);
  CHECK(text.find("    started             1   33.3%\n") != std::string::npos);
  CHECK(text.find("  problems     1 rejected, 1 malformed\n") != std::string::npos);
  CHECK(text.find("  inputs       1: in.jsonl\n") != std::string::npos);
  CHECK(text.find("  lines        7: 6 events, 0 blank, 0 skipped, 1 malformed\n") !=
        std::string::npos);
  CHECK(text.find("  last errors  most frequent first\n    1  teardown\n") != std::string::npos);
  CHECK(
      text.find("  events       5 applied, 0 ignored (duplicates), 1 rejected, 0 for no cell\n") !=
      std::string::npos);
  CHECK(text.find("  time         ") != std::string::npos);
}

}  // namespace
}  // namespace cellos::report
