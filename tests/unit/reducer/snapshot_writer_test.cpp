// SPDX-License-Identifier: Apache-2.0
#include "cellos/reducer/snapshot_writer.hpp"

#include <doctest/doctest.h>

#include "support/events.hpp"

namespace cellos {
namespace {

TEST_CASE("the snapshot is serialised byte for byte as SPEC.md shows") {
  CellStateProjection p;
  const char* events[][3] = {
      {"1", "dev.cellos.events.cell.lifecycle.v1.started",
       R"({"cellId":"c","specId":"s","placement":{"poolId":"p"}})"},
      {"2", "dev.cellos.events.cell.identity.v1.materialized", R"({"cellId":"c"})"},
      {"3", "dev.cellos.events.cell.command.v1.completed", R"({"cellId":"c","exitCode":0})"},
      {"4", "dev.cellos.events.cell.export.v2.completed",
       R"({"cellId":"c","targetKind":"s3","targetName":"b","destination":"s3://b/k","bytesWritten":42})"},
      {"5", "dev.cellos.events.cell.identity.v1.revoked", R"({"cellId":"c"})"},
      {"6", "dev.cellos.events.cell.lifecycle.v1.destroyed", R"({"cellId":"c"})"},
  };
  for (auto& e : events)
    REQUIRE(p.apply(test::event(e[0], e[1], e[2])->event).outcome == ApplyOutcome::Applied);
  CHECK(
      snapshot_json(p) ==
      R"({"specId":"s","cellId":"c","runId":null,"placement":{"poolId":"p"},"lifecycleStage":"destroyed",)"
      R"("identityStage":"revoked","exportStage":"completed","currentState":"destroyed","commandExitCode":0,)"
      R"("destroyReason":null,"lastError":null,"exports":[{"targetKind":"s3","targetName":"b",)"
      R"("destination":"s3://b/k","bytesWritten":42}],"processedEvents":6})");
}

TEST_CASE("a snapshot struct and the projection serialise identically") {
  CellStateProjection p;
  p.apply(test::event("1", "dev.cellos.events.cell.lifecycle.v1.started",
                      R"({"specId":"s","placement":["p","n","q"],"runId":"r\u2028"})")
              ->event);
  std::string from_struct;
  json::Writer w(from_struct);
  write_snapshot(w, p.snapshot());
  CHECK(from_struct == snapshot_json(p));
  CHECK(
      from_struct.find(R"("placement":{"poolId":"p","kubernetesNamespace":"n","queueName":"q"})") !=
      std::string::npos);
}

}  // namespace
}  // namespace cellos
