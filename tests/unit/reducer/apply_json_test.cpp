// SPDX-License-Identifier: Apache-2.0
#include "cellos/reducer/apply_json.hpp"

#include <doctest/doctest.h>

#include <string>

#include "cellos/reducer/snapshot_writer.hpp"

namespace cellos {
namespace {

std::string event(const std::string& id, const std::string& type, const std::string& data) {
  return R"({"specversion":"1.0","id":")" + id +
         R"(","source":"s","type":"dev.cellos.events.cell.)" + type + R"(","data":)" + data + "}";
}

TEST_CASE("JSON text is parsed and applied; the state reads typed and as snapshot bytes") {
  CellStateProjection cell;
  EventParser parser;
  JsonApplyResult r =
      apply_json(cell, event("1", "lifecycle.v1.started", R"({"cellId":"c"})"), parser);
  CHECK(r.ok());
  CHECK(r.outcome == ApplyOutcome::Applied);
  r = apply_json(cell, event("1", "lifecycle.v1.started", R"({"cellId":"c"})"));
  CHECK(r.outcome == ApplyOutcome::Ignored);  // the same id again
  CHECK(cell.current_state() == CurrentState::Started);
  CHECK(snapshot_json(cell) ==
        R"({"specId":null,"cellId":"c","runId":null,"placement":null,"lifecycleStage":"started",)"
        R"("identityStage":"unknown","exportStage":"none","currentState":"started",)"
        R"("commandExitCode":null,"destroyReason":null,"lastError":null,"exports":[],)"
        R"("processedEvents":1})");
}

TEST_CASE("a rejected event says why in the reducer's words; a malformed text changes nothing") {
  CellStateProjection cell;
  JsonApplyResult r = apply_json(cell, event("1", "command.v1.completed", R"({"cellId":"c"})"));
  CHECK_FALSE(r.ok());
  CHECK_FALSE(r.malformed);
  CHECK(r.outcome == ApplyOutcome::Rejected);
  CHECK(r.error.find("illegal transition") != std::string::npos);
  const std::string before = snapshot_json(cell);
  r = apply_json(cell, R"({"specversion":"1.0")");
  CHECK(r.malformed);
  CHECK(r.error == "invalid JSON: EOF while parsing an object at line 1 column 20");
  CHECK(snapshot_json(cell) == before);
}

}  // namespace
}  // namespace cellos
