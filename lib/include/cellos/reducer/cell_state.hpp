// SPDX-License-Identifier: Apache-2.0
// The values a cell's state is made of, as the reference reducer defines them:
// its stages, placement, export records and the snapshot it serialises.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cellos/base/optional_text.hpp"

namespace cellos {

enum class LifecycleStage : std::uint8_t { Pending, Started, CommandCompleted, Destroyed };
enum class IdentityStage : std::uint8_t {
  Unknown,
  Materialized,
  MaterializeFailed,
  Revoked,
  RevokeFailed,
};
enum class ExportStage : std::uint8_t { None, Completed, Failed };
enum class CurrentState : std::uint8_t {
  Pending,
  Started,
  IdentityReady,
  IdentityFailed,
  CommandSucceeded,
  CommandFailed,
  ExportSucceeded,
  ExportFailed,
  Destroyed,
  DestroyFailed,
};
enum class TargetKind : std::uint8_t { S3, Http };

// The serialised (camelCase) names: "commandCompleted", "s3", ...
std::string_view json_name(LifecycleStage stage);
std::string_view json_name(IdentityStage stage);
std::string_view json_name(ExportStage stage);
std::string_view json_name(CurrentState state);
std::string_view json_name(TargetKind kind);

// The Rust `{:?}` names used in error messages: "CommandCompleted", ...
std::string_view debug_name(LifecycleStage stage);
std::string_view debug_name(IdentityStage stage);
std::string_view debug_name(ExportStage stage);

// Parses a serialised current state name; false when there is no such state.
bool parse_current_state(std::string_view name, CurrentState& out);
// Every current state's name, comma-separated, for messages that list them.
std::string current_state_names();

struct PlacementSpec {
  std::optional<std::string> pool_id;
  std::optional<std::string> kubernetes_namespace;
  std::optional<std::string> queue_name;

  friend bool operator==(const PlacementSpec&, const PlacementSpec&) = default;
};

// A placement as the reducer holds it: views of its strings.
struct PlacementView {
  std::optional<std::string_view> pool_id;
  std::optional<std::string_view> kubernetes_namespace;
  std::optional<std::string_view> queue_name;

  friend bool operator==(const PlacementView&, const PlacementView&) = default;
};

// One export.completed, as the reducer records it. Cells can export many
// artifacts, so the strings are compact OptionalTexts (`*record.destination`).
struct ExportRecord {
  std::optional<TargetKind> target_kind;
  OptionalText target_name;
  OptionalText destination;
  std::optional<std::uint64_t> bytes_written;

  friend bool operator==(const ExportRecord&, const ExportRecord&) = default;
};

// A cell's state at one point, with its derived current state.
struct CellStateSnapshot {
  std::optional<std::string> spec_id;
  std::optional<std::string> cell_id;
  std::optional<std::string> run_id;
  std::optional<PlacementSpec> placement;
  LifecycleStage lifecycle_stage = LifecycleStage::Pending;
  IdentityStage identity_stage = IdentityStage::Unknown;
  ExportStage export_stage = ExportStage::None;
  CurrentState current_state = CurrentState::Pending;
  std::optional<std::int32_t> command_exit_code;
  std::optional<std::string> destroy_reason;
  std::optional<std::string> last_error;
  std::vector<ExportRecord> exports;
  std::uint64_t processed_events = 0;

  friend bool operator==(const CellStateSnapshot&, const CellStateSnapshot&) = default;
};

}  // namespace cellos
