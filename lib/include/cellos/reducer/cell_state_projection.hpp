// SPDX-License-Identifier: Apache-2.0
// CellStateProjection: the canonical cell state reducer, a faithful port of
// the reference `state_projection.rs` (cellos-core), quirks included.
//
// Feed it a cell's CloudEvents in order with `apply`; read the derived state
// with `current_state` and the whole state with `snapshot`. Error messages
// have the reference's wording, Rust `{:?}` quoting included.
//
//   cellos::CellStateProjection cell;
//   cellos::ApplyResult r = cell.apply(event);
//   if (r.outcome == cellos::ApplyOutcome::Rejected) std::cerr << r.error;
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cellos/base/optional_text.hpp"
#include "cellos/event/cloud_event.hpp"
#include "cellos/reducer/cell_state.hpp"
#include "cellos/reducer/detail/event_id_set.hpp"

namespace cellos {

namespace detail {
struct CellPrefetch;
struct CellStateCodec;
}  // namespace detail

// The reference's `Result<bool, CellosError>`: Ok(true), Ok(false), Err.
enum class ApplyOutcome : std::uint8_t { Applied, Ignored, Rejected };

// "applied", "ignored", "rejected".
std::string_view json_name(ApplyOutcome outcome);

struct ApplyResult {
  ApplyOutcome outcome = ApplyOutcome::Ignored;
  std::string error;  // the reason, when Rejected

  static ApplyResult applied() { return {ApplyOutcome::Applied, {}}; }
  static ApplyResult ignored() { return {ApplyOutcome::Ignored, {}}; }
  static ApplyResult rejected(std::string why) { return {ApplyOutcome::Rejected, std::move(why)}; }
};

class CellStateProjection {
 public:
  // Applies one event. Duplicate ids and types the reducer does not know are
  // Ignored; illegal transitions and invalid data are Rejected, possibly
  // after changing state (as the reference does).
  ApplyResult apply(const CloudEvent& event);

  [[nodiscard]] CurrentState current_state() const;

  [[nodiscard]] CellStateSnapshot snapshot() const;

  // The state, field by field. Strings are views into the reducer, valid
  // until its next `apply`; `snapshot()` copies everything out.
  [[nodiscard]] std::optional<std::string_view> spec_id() const { return spec_id_.get(); }
  [[nodiscard]] std::optional<std::string_view> cell_id() const { return cell_id_.get(); }
  [[nodiscard]] std::optional<std::string_view> run_id() const { return run_id_.get(); }
  [[nodiscard]] std::optional<PlacementView> placement() const;
  [[nodiscard]] LifecycleStage lifecycle_stage() const { return lifecycle_stage_; }
  [[nodiscard]] IdentityStage identity_stage() const { return identity_stage_; }
  [[nodiscard]] ExportStage export_stage() const { return export_stage_; }
  [[nodiscard]] std::optional<std::int32_t> command_exit_code() const { return command_exit_code_; }
  [[nodiscard]] std::optional<std::string_view> destroy_reason() const {
    return destroy_reason_.get();
  }
  [[nodiscard]] std::optional<std::string_view> last_error() const { return last_error_.get(); }
  [[nodiscard]] const std::vector<ExportRecord>& exports() const { return exports_; }
  [[nodiscard]] std::uint64_t processed_events() const { return processed_events_; }

 private:
  friend struct detail::CellPrefetch;    // the replay engine's prefetching
  friend struct detail::CellStateCodec;  // saving and restoring (state_codec.hpp)
  // Printing walks hundreds of thousands of reducers that have long left the
  // cache, and stalls on each one and on every heap block it points to. A
  // walk calls these on the reducers a few ahead, in this order, each
  // stage once the one before has had time to arrive: the reducer itself,
  // then what it points to, then what its exports point to. Encoding a
  // checkpoint also reads the event ids.
  void prefetch() const;
  void prefetch_pointed_to() const;
  void prefetch_exports() const;
  void prefetch_event_ids() const;

  // Each handler returns an error message, or nothing when it applied.
  using Error = std::optional<std::string>;

  Error bind_identity(const EventData& data);
  Error apply_started();
  Error apply_identity_materialized();
  Error apply_identity_failed(const EventData& data);
  Error apply_identity_revoked();
  Error apply_command_completed(const EventData& data);
  Error apply_export_completed(const EventData& data);
  Error apply_export_failed(const EventData& data);
  Error apply_destroyed(const EventData& data);

  [[nodiscard]] Error require_started(std::string_view event_type) const;
  [[nodiscard]] Error require_command_completed(std::string_view event_type) const;
  [[nodiscard]] std::string illegal_transition(std::string_view label) const;

  // Laid out for size: a fleet log holds hundreds of thousands of cells.
  OptionalText spec_id_;
  OptionalText cell_id_;
  OptionalText run_id_;
  OptionalText placement_pool_id_;
  OptionalText placement_kubernetes_namespace_;
  OptionalText placement_queue_name_;
  OptionalText destroy_reason_;
  OptionalText last_error_;
  std::vector<ExportRecord> exports_;
  std::uint64_t processed_events_ = 0;
  std::optional<std::int32_t> command_exit_code_;
  LifecycleStage lifecycle_stage_ = LifecycleStage::Pending;
  IdentityStage identity_stage_ = IdentityStage::Unknown;
  ExportStage export_stage_ = ExportStage::None;
  bool has_placement_ = false;
  EventIdSet applied_event_ids_;
};

}  // namespace cellos
