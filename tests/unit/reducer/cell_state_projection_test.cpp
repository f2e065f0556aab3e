// SPDX-License-Identifier: Apache-2.0
// The reference's own tests (state_projection.rs #[cfg(test)]), ported one to
// one, then one test per reducer quirk of SPEC.md §4.
#include "cellos/reducer/cell_state_projection.hpp"

#include <doctest/doctest.h>

#include "support/events.hpp"

namespace cellos {
namespace {

using test::event;

ApplyOutcome outcome_of(CellStateProjection& p, const std::unique_ptr<test::OwnedEvent>& e) {
  return p.apply(e->event).outcome;
}

std::string apply_error(CellStateProjection& p, const std::unique_ptr<test::OwnedEvent>& e) {
  ApplyResult r = p.apply(e->event);
  REQUIRE(r.outcome == ApplyOutcome::Rejected);
  return r.error;
}

CellStateProjection started_cell(std::string_view extra = "") {
  CellStateProjection p;
  const std::string data = R"({"cellId":"cell-1","specId":"spec-1")" + std::string(extra) + "}";
  REQUIRE(outcome_of(p, event("1", test::kStarted, data)) == ApplyOutcome::Applied);
  return p;
}

CellStateProjection completed_cell(int exit_code = 0) {
  CellStateProjection p = started_cell();
  REQUIRE(outcome_of(p, event("c", test::kCommandCompleted,
                              R"({"cellId":"cell-1","exitCode":)" + std::to_string(exit_code) +
                                  "}")) == ApplyOutcome::Applied);
  return p;
}

TEST_SUITE("reference tests") {
  TEST_CASE("projects happy path to destroyed") {
    CellStateProjection p;
    CHECK(outcome_of(p, event("1", test::kStarted,
                              R"({"cellId":"cell-1","specId":"spec-1","runId":"run-1"})")) ==
          ApplyOutcome::Applied);
    CHECK(outcome_of(p, event("2", test::kIdentityMaterialized,
                              R"({"cellId":"cell-1","specId":"spec-1","runId":"run-1"})")) ==
          ApplyOutcome::Applied);
    CHECK(outcome_of(
              p, event("3", test::kCommandCompleted,
                       R"({"cellId":"cell-1","specId":"spec-1","runId":"run-1","exitCode":0})")) ==
          ApplyOutcome::Applied);
    CHECK(
        outcome_of(
            p, event("4", test::kExportCompleted,
                     R"({"cellId":"cell-1","specId":"spec-1","runId":"run-1","targetKind":"http",)"
                     R"("targetName":"artifact-bucket","destination":"https://example.test/a.txt",)"
                     R"("bytesWritten":42})")) == ApplyOutcome::Applied);
    CHECK(
        outcome_of(
            p,
            event(
                "5", test::kDestroyed,
                R"({"cellId":"cell-1","specId":"spec-1","runId":"run-1","outcome":"succeeded"})")) ==
        ApplyOutcome::Applied);
    CHECK(p.current_state() == CurrentState::Destroyed);
    CHECK(p.processed_events() == 5);
    REQUIRE(p.exports().size() == 1);
    CHECK(p.exports()[0].bytes_written == std::optional<std::uint64_t>(42));
  }

  TEST_CASE("duplicate event id is ignored") {
    CellStateProjection p;
    auto started = event("1", test::kStarted, R"({"cellId":"cell-1","specId":"spec-1"})");
    CHECK(outcome_of(p, started) == ApplyOutcome::Applied);
    CHECK(outcome_of(p, started) == ApplyOutcome::Ignored);
    CHECK(p.processed_events() == 1);
    CHECK(p.current_state() == CurrentState::Started);
  }

  TEST_CASE("export before command is rejected") {
    CellStateProjection p = started_cell();
    const std::string error =
        apply_error(p, event("2", test::kExportCompleted,
                             R"({"cellId":"cell-1","specId":"spec-1","targetKind":"s3"})"));
    CHECK(error.find("command has not completed") != std::string::npos);
  }

  TEST_CASE("identity materialize failure becomes identity failed state") {
    CellStateProjection p = started_cell();
    outcome_of(
        p,
        event(
            "2", test::kIdentityFailed,
            R"({"cellId":"cell-1","specId":"spec-1","operation":"materialize","reason":"missing oidc token"})"));
    CHECK(p.current_state() == CurrentState::IdentityFailed);
    CHECK(p.last_error() == std::optional<std::string>("missing oidc token"));
  }

  TEST_CASE("snapshot includes current state") {
    CellStateProjection p = started_cell();
    const CellStateSnapshot snapshot = p.snapshot();
    CHECK(snapshot.current_state == CurrentState::Started);
    CHECK(snapshot.cell_id == std::optional<std::string>("cell-1"));
  }

  TEST_CASE("snapshot carries placement from started event") {
    CellStateProjection p;
    outcome_of(
        p,
        event(
            "1", test::kStarted,
            R"({"cellId":"cell-1","specId":"spec-1","placement":{"poolId":"runner-pool-amd64","queueName":"ci-high"}})"));
    const CellStateSnapshot snapshot = p.snapshot();
    REQUIRE(snapshot.placement.has_value());
    CHECK(snapshot.placement->pool_id == std::optional<std::string>("runner-pool-amd64"));
    CHECK(snapshot.placement->queue_name == std::optional<std::string>("ci-high"));
    CHECK_FALSE(snapshot.placement->kubernetes_namespace.has_value());
  }
}

TEST_SUITE("quirks of SPEC.md section 4") {
  TEST_CASE("an id rejected for a transition error is remembered: replaying it is ignored") {
    CellStateProjection p = started_cell();
    auto twice = event("s2", test::kStarted, R"({"cellId":"cell-1"})");
    CHECK(apply_error(p, twice).starts_with("illegal projection transition: started;"));
    CHECK(outcome_of(p, twice) == ApplyOutcome::Ignored);
  }

  TEST_CASE("an id rejected for a binding error is remembered") {
    CellStateProjection p = started_cell();
    auto mismatch =
        event("m", test::kIdentityMaterialized, R"({"cellId":"cell-1","specId":"other"})");
    CHECK(apply_error(p, mismatch) ==
          R"(projection saw mismatched specId: existing="spec-1", observed="other")");
    CHECK(outcome_of(p, mismatch) == ApplyOutcome::Ignored);
  }

  TEST_CASE("ids are forgotten for missing data, non-cell data and unknown types") {
    CellStateProjection p = started_cell();
    CHECK(apply_error(p, event("x", test::kIdentityMaterialized, "null")) ==
          R"(event "dev.cellos.events.cell.identity.v1.materialized" is missing data payload)");
    CHECK(outcome_of(p, event("x", test::kIdentityMaterialized, R"({"runId":"r"})")) ==
          ApplyOutcome::Ignored);
    CHECK(outcome_of(p, event("x", "dev.cellos.events.cell.compliance.v1.summary",
                              R"({"cellId":"cell-1"})")) == ApplyOutcome::Ignored);
    // Each time the id was forgotten, so it still applies now.
    CHECK(outcome_of(p, event("x", test::kIdentityMaterialized, R"({"cellId":"cell-1"})")) ==
          ApplyOutcome::Applied);
  }

  TEST_CASE("an unknown type binds identity, and a mismatch rejects it") {
    CellStateProjection p;
    CHECK(
        outcome_of(p, event("u1", "com.example.unknown",
                            R"({"cellId":"cell-1","runId":"run-9","placement":{"poolId":"p"}})")) ==
        ApplyOutcome::Ignored);
    CHECK(p.run_id() == std::optional<std::string>("run-9"));
    CHECK(p.placement().has_value());
    CHECK(p.processed_events() == 0);
    auto unknown = event("u2", "com.example.unknown", R"({"cellId":"cell-1","runId":"run-8"})");
    CHECK(apply_error(p, unknown) ==
          R"(projection saw mismatched runId: existing="run-9", observed="run-8")");
    // The failed binding happened before the type check, so this id is remembered.
    CHECK(outcome_of(p, unknown) == ApplyOutcome::Ignored);
  }

  TEST_CASE("placement: null is rejected, unknown keys ignored, non-string values rejected") {
    CellStateProjection p;
    CHECK(apply_error(p, event("1", test::kStarted, R"({"cellId":"c","placement":null})")) ==
          R"(parse field "placement": invalid type: null, expected struct PlacementSpec)");
    CHECK(
        apply_error(p, event("2", test::kStarted, R"({"cellId":"c","placement":{"poolId":5}})")) ==
        R"(parse field "placement": invalid type: integer `5`, expected a string)");
    CHECK(apply_error(p,
                      event("3", test::kStarted, R"({"cellId":"c","placement":{"poolId":1.5}})")) ==
          R"(parse field "placement": invalid type: floating point `1.5`, expected a string)");
    CHECK(apply_error(p, event("4", test::kStarted, R"({"cellId":"c","placement":"p\n"})")) ==
          R"(parse field "placement": invalid type: string "p\n", expected struct PlacementSpec)");
    CHECK(
        outcome_of(
            p, event("5", test::kStarted,
                     R"({"cellId":"c","placement":{"poolId":"p","zone":[1],"queueName":null}})")) ==
        ApplyOutcome::Applied);
    REQUIRE(p.placement().has_value());
    CHECK(p.snapshot().placement == PlacementSpec{"p", std::nullopt, std::nullopt});
  }

  TEST_CASE("placement from an array, as serde's derive allows") {
    CellStateProjection p;
    CHECK(
        outcome_of(p, event("1", test::kStarted, R"({"cellId":"c","placement":["p",null,"q"]})")) ==
        ApplyOutcome::Applied);
    CHECK(p.snapshot().placement == PlacementSpec{"p", std::nullopt, "q"});
    CellStateProjection q;
    CHECK(apply_error(
              q, event("1", test::kStarted, R"({"cellId":"c","placement":["a","b","c","d"]})")) ==
          R"(parse field "placement": invalid length 4, expected fewer elements in array)");
  }

  TEST_CASE("a mismatched placement is rejected with both sides in Rust Debug form") {
    CellStateProjection p = started_cell(R"(,"placement":{"poolId":"p"})");
    CHECK(apply_error(p, event("2", test::kIdentityMaterialized,
                               R"({"cellId":"cell-1","placement":{"queueName":"q"}})")) ==
          "projection saw mismatched placement: existing=PlacementSpec { pool_id: Some(\"p\"), "
          "kubernetes_namespace: None, queue_name: None }, observed=PlacementSpec { pool_id: None, "
          "kubernetes_namespace: None, queue_name: Some(\"q\") }");
  }

  TEST_CASE("identity.failed stores lastError before its transition check") {
    CellStateProjection p = completed_cell();
    CHECK(apply_error(p, event("f", test::kIdentityFailed,
                               R"({"cellId":"cell-1","operation":"materialize","reason":"late"})"))
              .starts_with("illegal projection transition: identity.materialize failure after "
                           "command completion; lifecycle=CommandCompleted, identity=Unknown, "
                           "export=None, exit_code=Some(0)"));
    CHECK(p.last_error() == std::optional<std::string>("late"));
    CHECK(p.identity_stage() == IdentityStage::Unknown);
  }

  TEST_CASE("export.completed sets exportStage before parsing targetKind") {
    CellStateProjection p = completed_cell(3);
    CHECK(apply_error(
              p, event("e", test::kExportCompleted, R"({"cellId":"cell-1","targetKind":"gcs"})")) ==
          "parse field \"targetKind\": unknown variant `gcs`, expected `s3` or `http`");
    CHECK(p.export_stage() == ExportStage::Completed);
    CHECK(p.exports().empty());
    CHECK(p.current_state() == CurrentState::ExportSucceeded);
  }

  TEST_CASE("targetKind as a single-key map with a null value") {
    CellStateProjection p = completed_cell();
    CHECK(outcome_of(p, event("e1", test::kExportCompleted,
                              R"({"cellId":"cell-1","targetKind":{"http":null}})")) ==
          ApplyOutcome::Applied);
    CHECK(p.exports().back().target_kind == std::optional<TargetKind>(TargetKind::Http));
    CHECK(apply_error(p, event("e2", test::kExportCompleted,
                               R"({"cellId":"cell-1","targetKind":{"s3":1}})")) ==
          "parse field \"targetKind\": invalid type: integer `1`, expected unit");
    CHECK(apply_error(
              p, event("e3", test::kExportCompleted, R"({"cellId":"cell-1","targetKind":{}})")) ==
          "parse field \"targetKind\": invalid value: map, expected map with a single key");
    CHECK(apply_error(
              p, event("e4", test::kExportCompleted, R"({"cellId":"cell-1","targetKind":null})")) ==
          "parse field \"targetKind\": invalid type: null, expected string or map");
  }

  TEST_CASE("export.failed sets exportStage before requiring a reason") {
    CellStateProjection p = completed_cell();
    CHECK(apply_error(p, event("x", test::kExportFailed, R"({"cellId":"cell-1","reason":7})")) ==
          R"(event "dev.cellos.events.cell.export.v2.failed" field "reason" must be a string)");
    CHECK(p.export_stage() == ExportStage::Failed);
  }

  TEST_CASE("exitCode must be an integer that fits i32") {
    struct Case {
      const char* value;
      const char* error;
    };
    const Case cases[] = {
        {"1.0", "must be an integer"},
        {"-0", "must be an integer"},
        {"1e2", "must be an integer"},
        {"\"0\"", "must be an integer"},
        {"9223372036854775808", "must be an integer"},
        {"2147483648", "is out of range for i32"},
        {"-2147483649", "is out of range for i32"},
    };
    for (const Case& c : cases) {
      CAPTURE(c.value);
      CellStateProjection p = started_cell();
      CHECK(
          apply_error(p, event("c", test::kCommandCompleted,
                               std::string(R"({"cellId":"cell-1","exitCode":)") + c.value + "}")) ==
          std::string(R"(event "dev.cellos.events.cell.command.v1.completed" field "exitCode" )") +
              c.error);
    }
    CellStateProjection missing = started_cell();
    CHECK(
        apply_error(missing, event("c", test::kCommandCompleted, R"({"cellId":"cell-1"})")) ==
        R"(event "dev.cellos.events.cell.command.v1.completed" is missing required field "exitCode")");
    CellStateProjection low = started_cell();
    CHECK(outcome_of(low, event("c", test::kCommandCompleted,
                                R"({"cellId":"cell-1","exitCode":-2147483648})")) ==
          ApplyOutcome::Applied);
    CHECK(low.command_exit_code() == std::optional<std::int32_t>(INT32_MIN));
  }

  TEST_CASE("bytesWritten is kept only as an unsigned 64-bit integer") {
    const std::pair<const char*, std::optional<std::uint64_t>> cases[] = {
        {"18446744073709551615", UINT64_MAX},
        {"0", 0},
        {"-5", std::nullopt},
        {"1.0", std::nullopt},
        {"18446744073709551616", std::nullopt},
        {"\"5\"", std::nullopt},
    };
    for (const auto& [value, expected] : cases) {
      CAPTURE(value);
      CellStateProjection p = completed_cell();
      REQUIRE(outcome_of(p, event("e", test::kExportCompleted,
                                  std::string(R"({"cellId":"cell-1","bytesWritten":)") + value +
                                      "}")) == ApplyOutcome::Applied);
      CHECK(p.exports().back().bytes_written == expected);
    }
  }

  TEST_CASE("string fields of another type read as absent") {
    CellStateProjection p;
    // cellId is a number: with a string specId the event still binds via specId.
    CHECK(outcome_of(p, event("1", test::kStarted, R"({"cellId":5,"specId":"s","runId":true})")) ==
          ApplyOutcome::Applied);
    CHECK_FALSE(p.cell_id().has_value());
    CHECK_FALSE(p.run_id().has_value());
    REQUIRE(outcome_of(p, event("2", test::kCommandCompleted, R"({"specId":"s","exitCode":0})")) ==
            ApplyOutcome::Applied);
    REQUIRE(outcome_of(p, event("3", test::kExportCompleted,
                                R"({"specId":"s","targetName":1,"destination":[]})")) ==
            ApplyOutcome::Applied);
    CHECK_FALSE(p.exports().back().target_name.has_value());
    CHECK_FALSE(p.exports().back().destination.has_value());
    REQUIRE(outcome_of(p, event("4", test::kDestroyed, R"({"specId":"s","reason":{}})")) ==
            ApplyOutcome::Applied);
    CHECK(p.current_state() == CurrentState::Destroyed);
  }

  TEST_CASE("destroyed with a reason is destroyFailed and records lastError") {
    CellStateProjection p = started_cell();
    REQUIRE(outcome_of(p, event("d", test::kDestroyed, R"({"cellId":"cell-1","reason":"oom"})")) ==
            ApplyOutcome::Applied);
    CHECK(p.current_state() == CurrentState::DestroyFailed);
    CHECK(p.last_error() == std::optional<std::string>("oom"));
    CellStateProjection pending;
    CHECK(apply_error(pending, event("d", test::kDestroyed, R"({"cellId":"c"})")) ==
          "illegal projection transition: destroyed before started; lifecycle=Pending, "
          "identity=Unknown, export=None, exit_code=None");
  }

  TEST_CASE("events after destroyed need a live lifecycle") {
    CellStateProjection p = started_cell();
    outcome_of(p, event("d", test::kDestroyed, R"({"cellId":"cell-1"})"));
    CHECK(apply_error(p, event("r", test::kIdentityRevoked, R"({"cellId":"cell-1"})")) ==
          "illegal transition for dev.cellos.events.cell.identity.v1.revoked: lifecycle stage is "
          "Destroyed");
  }

  TEST_CASE("an unknown identity failure operation is quoted as Rust Debug") {
    CellStateProjection p = started_cell();
    CHECK(
        apply_error(
            p, event("f", test::kIdentityFailed,
                     R"({"cellId":"cell-1","operation":"x\u0000\u007f\u00e9\"","reason":"r"})")) ==
        "unknown identity failure operation \"x\\0\\u{7f}\xC3\xA9\\\"\"");
  }

  TEST_CASE("current state precedence follows the reference") {
    CellStateProjection p = completed_cell(2);
    CHECK(p.current_state() == CurrentState::CommandFailed);
    outcome_of(p, event("x", test::kExportFailed, R"({"cellId":"cell-1","reason":"denied"})"));
    CHECK(p.current_state() == CurrentState::ExportFailed);
    CellStateProjection identity = started_cell();
    outcome_of(identity, event("i", test::kIdentityMaterialized, R"({"cellId":"cell-1"})"));
    CHECK(identity.current_state() == CurrentState::IdentityReady);
    outcome_of(identity, event("r", test::kIdentityRevoked, R"({"cellId":"cell-1"})"));
    CHECK(identity.current_state() == CurrentState::Started);
  }
}

}  // namespace
}  // namespace cellos
