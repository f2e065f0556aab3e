// SPDX-License-Identifier: Apache-2.0
// The current state a cell's stages and fields imply, as the reference's
// `current_state()` derives it: one rule for the reducer and for a state
// read in place from a checkpoint (StoredCellState).
#pragma once

#include "cellos/reducer/cell_state.hpp"

namespace cellos::detail {

// `State` has the reducer's accessors: lifecycle_stage(), identity_stage(),
// export_stage(), command_exit_code() and destroy_reason().
template <class State>
CurrentState derive_current_state(const State& s) {
  if (s.lifecycle_stage() == LifecycleStage::Destroyed) {
    return s.destroy_reason() ? CurrentState::DestroyFailed : CurrentState::Destroyed;
  }
  switch (s.export_stage()) {
    case ExportStage::Completed:
      return CurrentState::ExportSucceeded;
    case ExportStage::Failed:
      return CurrentState::ExportFailed;
    case ExportStage::None:
      break;
  }
  if (const auto code = s.command_exit_code()) {
    return *code == 0 ? CurrentState::CommandSucceeded : CurrentState::CommandFailed;
  }
  switch (s.identity_stage()) {
    case IdentityStage::Materialized:
      return CurrentState::IdentityReady;
    case IdentityStage::MaterializeFailed:
      return CurrentState::IdentityFailed;
    default:
      return s.lifecycle_stage() == LifecycleStage::Started ? CurrentState::Started
                                                            : CurrentState::Pending;
  }
}

}  // namespace cellos::detail
