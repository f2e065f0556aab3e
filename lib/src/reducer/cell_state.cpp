// SPDX-License-Identifier: Apache-2.0
#include "cellos/reducer/cell_state.hpp"

#include <array>

namespace cellos {

namespace {
constexpr std::array<std::string_view, 4> kLifecycleJson = {"pending", "started",
                                                            "commandCompleted", "destroyed"};
constexpr std::array<std::string_view, 4> kLifecycleDebug = {"Pending", "Started",
                                                             "CommandCompleted", "Destroyed"};
constexpr std::array<std::string_view, 5> kIdentityJson = {
    "unknown", "materialized", "materializeFailed", "revoked", "revokeFailed"};
constexpr std::array<std::string_view, 5> kIdentityDebug = {
    "Unknown", "Materialized", "MaterializeFailed", "Revoked", "RevokeFailed"};
constexpr std::array<std::string_view, 3> kExportJson = {"none", "completed", "failed"};
constexpr std::array<std::string_view, 3> kExportDebug = {"None", "Completed", "Failed"};
constexpr std::array<std::string_view, 10> kCurrentJson = {
    "pending",       "started",         "identityReady", "identityFailed", "commandSucceeded",
    "commandFailed", "exportSucceeded", "exportFailed",  "destroyed",      "destroyFailed"};
constexpr std::array<std::string_view, 2> kTargetKindJson = {"s3", "http"};

template <class Enum, std::size_t N>
std::string_view name_in(const std::array<std::string_view, N>& names, Enum value) {
  return names[static_cast<std::size_t>(value)];
}
}  // namespace

std::string_view json_name(LifecycleStage stage) {
  return name_in(kLifecycleJson, stage);
}
std::string_view json_name(IdentityStage stage) {
  return name_in(kIdentityJson, stage);
}
std::string_view json_name(ExportStage stage) {
  return name_in(kExportJson, stage);
}
std::string_view json_name(CurrentState state) {
  return name_in(kCurrentJson, state);
}
std::string_view json_name(TargetKind kind) {
  return name_in(kTargetKindJson, kind);
}
std::string_view debug_name(LifecycleStage stage) {
  return name_in(kLifecycleDebug, stage);
}
std::string_view debug_name(IdentityStage stage) {
  return name_in(kIdentityDebug, stage);
}
std::string_view debug_name(ExportStage stage) {
  return name_in(kExportDebug, stage);
}

std::string current_state_names() {
  std::string names;
  for (const std::string_view name : kCurrentJson) {
    if (!names.empty()) names += ", ";
    names += name;
  }
  return names;
}

bool parse_current_state(std::string_view name, CurrentState& out) {
  for (std::size_t i = 0; i < kCurrentJson.size(); ++i) {
    if (kCurrentJson[i] == name) {
      out = static_cast<CurrentState>(i);
      return true;
    }
  }
  return false;
}

}  // namespace cellos
