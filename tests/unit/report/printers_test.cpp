// The printers' output read back with an independent JSON library
// (nlohmann/json): documents are valid JSON with the SPEC's shape.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>

#include "cellos/replay/replayer.hpp"
#include "cellos/report/diagnostics.hpp"
#include "cellos/report/json_document_printer.hpp"
#include "cellos/report/ndjson_printer.hpp"
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
  CHECK(text.starts_with("CELL  SPEC  RUN  STATE    EXIT  EXPORTS  LAST ERROR\n"));
  CHECK(text.find("a\xC3\xA9?   -     -    started  -     0        -\n") != std::string::npos);
}

}  // namespace
}  // namespace cellos::report
