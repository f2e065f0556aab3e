// SPDX-License-Identifier: Apache-2.0
// A rule-for-rule port of reference/state_projection.rs. Function names and
// the order of every check follow the reference, because the order decides
// which error wins and which state changes survive a rejection.
#include "cellos/reducer/cell_state_projection.hpp"

#include "base/rust_format.hpp"
#include "reducer/derived_state.hpp"
#include "reducer/serde_decode.hpp"

namespace cellos {

namespace {

constexpr std::string_view kStarted = "dev.cellos.events.cell.lifecycle.v1.started";
constexpr std::string_view kDestroyed = "dev.cellos.events.cell.lifecycle.v1.destroyed";
constexpr std::string_view kIdentityMaterialized =
    "dev.cellos.events.cell.identity.v1.materialized";
constexpr std::string_view kIdentityFailed = "dev.cellos.events.cell.identity.v1.failed";
constexpr std::string_view kIdentityRevoked = "dev.cellos.events.cell.identity.v1.revoked";
constexpr std::string_view kCommandCompleted = "dev.cellos.events.cell.command.v1.completed";
constexpr std::string_view kExportCompleted = "dev.cellos.events.cell.export.v2.completed";
constexpr std::string_view kExportFailed = "dev.cellos.events.cell.export.v2.failed";

using Error = std::optional<std::string>;

enum class EventType : std::uint8_t {
  Started,
  IdentityMaterialized,
  IdentityFailed,
  IdentityRevoked,
  CommandCompleted,
  ExportCompleted,
  ExportFailed,
  Destroyed,
  Unknown,
};

EventType classify(std::string_view type) {
  if (type == kStarted) return EventType::Started;
  if (type == kIdentityMaterialized) return EventType::IdentityMaterialized;
  if (type == kIdentityFailed) return EventType::IdentityFailed;
  if (type == kIdentityRevoked) return EventType::IdentityRevoked;
  if (type == kCommandCompleted) return EventType::CommandCompleted;
  if (type == kExportCompleted) return EventType::ExportCompleted;
  if (type == kExportFailed) return EventType::ExportFailed;
  if (type == kDestroyed) return EventType::Destroyed;
  return EventType::Unknown;
}

Error missing_field(std::string_view event_type, DataField field) {
  return "event " + rust::debug(event_type) + " is missing required field " +
         rust::debug(field_name(field));
}

// The reference's `required_str`.
Error required_str(const EventData& data, DataField field, std::string_view event_type,
                   std::string_view& out) {
  const json::Value& value = data.get(field);
  if (!value.present()) return missing_field(event_type, field);
  if (value.kind != json::Kind::String) {
    return "event " + rust::debug(event_type) + " field " + rust::debug(field_name(field)) +
           " must be a string";
  }
  out = value.text;
  return std::nullopt;
}

// The reference's `required_i32`: an i64 (never a float) that fits i32.
Error required_i32(const EventData& data, DataField field, std::string_view event_type,
                   std::int32_t& out) {
  const json::Value& value = data.get(field);
  if (!value.present()) return missing_field(event_type, field);
  const auto wide = value.as_i64();
  if (!wide) {
    return "event " + rust::debug(event_type) + " field " + rust::debug(field_name(field)) +
           " must be an integer";
  }
  if (*wide < INT32_MIN || *wide > INT32_MAX) {
    return "event " + rust::debug(event_type) + " field " + rust::debug(field_name(field)) +
           " is out of range for i32";
  }
  out = static_cast<std::int32_t>(*wide);
  return std::nullopt;
}

Error bind_optional(std::string_view field, OptionalText& slot,
                    std::optional<std::string_view> observed) {
  if (!observed) return std::nullopt;
  if (!slot) {
    slot.assign(observed);
    return std::nullopt;
  }
  if (slot.view() != *observed) {
    return "projection saw mismatched " + std::string(field) +
           ": existing=" + rust::debug(slot.view()) + ", observed=" + rust::debug(*observed);
  }
  return std::nullopt;
}

template <class OptionalString>
void append_debug_option(std::string& out, const OptionalString& value) {
  if (value) {
    out.append("Some(");
    rust::append_debug(out, *value);
    out.push_back(')');
  } else {
    out.append("None");
  }
}

template <class Placement>
std::string debug_placement(const Placement& p) {
  std::string out = "PlacementSpec { pool_id: ";
  append_debug_option(out, p.pool_id);
  out.append(", kubernetes_namespace: ");
  append_debug_option(out, p.kubernetes_namespace);
  out.append(", queue_name: ");
  append_debug_option(out, p.queue_name);
  out.append(" }");
  return out;
}

}  // namespace

std::string_view json_name(ApplyOutcome outcome) {
  switch (outcome) {
    case ApplyOutcome::Applied:
      return "applied";
    case ApplyOutcome::Ignored:
      return "ignored";
    case ApplyOutcome::Rejected:
      return "rejected";
  }
  return "rejected";
}

ApplyResult CellStateProjection::apply(const CloudEvent& event) {
  // The reference inserts the id first and removes it again on the paths
  // below that "forget" it; checking first and inserting once the event is
  // known to be remembered is equivalent.
  const EventIdSet::Key id(event.id);
  if (applied_event_ids_.contains(id)) return ApplyResult::ignored();

  if (!event.data.present()) {
    return ApplyResult::rejected("event " + rust::debug(event.type) + " is missing data payload");
  }
  const EventData& data = event.data;
  if (!data.get_string(DataField::SpecId) && !data.get_string(DataField::CellId)) {
    return ApplyResult::ignored();  // not a cell event
  }
  const EventType type = classify(event.type);
  // Binding happens before the type is looked at: a binding error rejects
  // even an unknown type, and the id stays remembered.
  if (auto error = bind_identity(data)) {
    applied_event_ids_.insert(id);
    return ApplyResult::rejected(std::move(*error));
  }
  if (type == EventType::Unknown) return ApplyResult::ignored();  // bound, id forgotten
  applied_event_ids_.insert(id);

  Error error;
  switch (type) {
    case EventType::Started:
      error = apply_started();
      break;
    case EventType::IdentityMaterialized:
      error = apply_identity_materialized();
      break;
    case EventType::IdentityFailed:
      error = apply_identity_failed(data);
      break;
    case EventType::IdentityRevoked:
      error = apply_identity_revoked();
      break;
    case EventType::CommandCompleted:
      error = apply_command_completed(data);
      break;
    case EventType::ExportCompleted:
      error = apply_export_completed(data);
      break;
    case EventType::ExportFailed:
      error = apply_export_failed(data);
      break;
    case EventType::Destroyed:
      error = apply_destroyed(data);
      break;
    case EventType::Unknown:
      break;
  }
  if (error) return ApplyResult::rejected(std::move(*error));

  ++processed_events_;
  return ApplyResult::applied();
}

void CellStateProjection::prefetch() const {
  const auto* bytes = reinterpret_cast<const char*>(this);
  for (std::size_t line = 0; line < sizeof *this; line += 64) __builtin_prefetch(bytes + line);
}

void CellStateProjection::prefetch_pointed_to() const {
  for (const OptionalText* text :
       {&spec_id_, &cell_id_, &run_id_, &placement_pool_id_, &placement_kubernetes_namespace_,
        &placement_queue_name_, &destroy_reason_, &last_error_})
    text->prefetch();
  if (!exports_.empty()) __builtin_prefetch(exports_.data());
}

void CellStateProjection::prefetch_exports() const {
  for (const ExportRecord& record : exports_) {
    record.target_name.prefetch();
    record.destination.prefetch();
  }
}

void CellStateProjection::prefetch_event_ids() const {
  const std::string_view ids = applied_event_ids_.encoded();
  for (std::size_t line = 0; line < ids.size(); line += 64) __builtin_prefetch(ids.data() + line);
}

CurrentState CellStateProjection::current_state() const {
  return detail::derive_current_state(*this);
}

std::optional<PlacementView> CellStateProjection::placement() const {
  if (!has_placement_) return std::nullopt;
  return PlacementView{placement_pool_id_.get(), placement_kubernetes_namespace_.get(),
                       placement_queue_name_.get()};
}

namespace {
std::optional<std::string> owned(std::optional<std::string_view> text) {
  if (!text) return std::nullopt;
  return std::string(*text);
}
}  // namespace

CellStateSnapshot CellStateProjection::snapshot() const {
  CellStateSnapshot s;
  s.spec_id = owned(spec_id());
  s.cell_id = owned(cell_id());
  s.run_id = owned(run_id());
  if (auto p = placement()) {
    s.placement =
        PlacementSpec{owned(p->pool_id), owned(p->kubernetes_namespace), owned(p->queue_name)};
  }
  s.lifecycle_stage = lifecycle_stage_;
  s.identity_stage = identity_stage_;
  s.export_stage = export_stage_;
  s.current_state = current_state();
  s.command_exit_code = command_exit_code_;
  s.destroy_reason = owned(destroy_reason());
  s.last_error = owned(last_error());
  s.exports = exports_;
  s.processed_events = processed_events_;
  return s;
}

CellStateProjection::Error CellStateProjection::bind_identity(const EventData& data) {
  if (auto e = bind_optional("specId", spec_id_, data.get_string(DataField::SpecId))) return e;
  if (auto e = bind_optional("cellId", cell_id_, data.get_string(DataField::CellId))) return e;
  if (auto e = bind_optional("runId", run_id_, data.get_string(DataField::RunId))) return e;
  const json::Value& value = data.get(DataField::Placement);
  if (!value.present()) return std::nullopt;
  // Decoded strings land in a per-thread scratch buffer that keeps its
  // capacity, so a placement on every `started` event costs no allocation.
  thread_local std::string scratch;
  PlacementView observed;
  if (auto e = serde::decode_placement(value, scratch, observed)) {
    return "parse field \"placement\": " + *e;
  }
  if (!has_placement_) {
    has_placement_ = true;
    placement_pool_id_.assign(observed.pool_id);
    placement_kubernetes_namespace_.assign(observed.kubernetes_namespace);
    placement_queue_name_.assign(observed.queue_name);
    return std::nullopt;
  }
  if (const PlacementView stored = *placement(); !(stored == observed)) {
    return "projection saw mismatched placement: existing=" + debug_placement(stored) +
           ", observed=" + debug_placement(observed);
  }
  return std::nullopt;
}

CellStateProjection::Error CellStateProjection::apply_started() {
  if (lifecycle_stage_ != LifecycleStage::Pending) return illegal_transition("started");
  lifecycle_stage_ = LifecycleStage::Started;
  return std::nullopt;
}

CellStateProjection::Error CellStateProjection::apply_identity_materialized() {
  if (auto e = require_started(kIdentityMaterialized)) return e;
  if (identity_stage_ == IdentityStage::MaterializeFailed) {
    return illegal_transition("identity.materialized after materialize failure");
  }
  identity_stage_ = IdentityStage::Materialized;
  return std::nullopt;
}

CellStateProjection::Error CellStateProjection::apply_identity_failed(const EventData& data) {
  if (auto e = require_started(kIdentityFailed)) return e;
  std::string_view operation;
  if (auto e = required_str(data, DataField::Operation, kIdentityFailed, operation)) return e;
  if (operation != "materialize" && operation != "revoke") {
    return "unknown identity failure operation " + rust::debug(operation);
  }
  std::string_view reason;
  if (auto e = required_str(data, DataField::Reason, kIdentityFailed, reason)) return e;
  last_error_.assign(reason);  // stored before the transition check, as in the reference
  if (operation == "materialize") {
    if (command_exit_code_) {
      return illegal_transition("identity.materialize failure after command completion");
    }
    identity_stage_ = IdentityStage::MaterializeFailed;
  } else {
    identity_stage_ = IdentityStage::RevokeFailed;
  }
  return std::nullopt;
}

CellStateProjection::Error CellStateProjection::apply_identity_revoked() {
  if (auto e = require_started(kIdentityRevoked)) return e;
  identity_stage_ = IdentityStage::Revoked;
  return std::nullopt;
}

CellStateProjection::Error CellStateProjection::apply_command_completed(const EventData& data) {
  if (auto e = require_started(kCommandCompleted)) return e;
  if (command_exit_code_) return illegal_transition("command.completed twice");
  if (identity_stage_ == IdentityStage::MaterializeFailed) {
    return illegal_transition("command.completed after identity materialize failure");
  }
  std::int32_t exit_code = 0;
  if (auto e = required_i32(data, DataField::ExitCode, kCommandCompleted, exit_code)) return e;
  command_exit_code_ = exit_code;
  lifecycle_stage_ = LifecycleStage::CommandCompleted;
  return std::nullopt;
}

CellStateProjection::Error CellStateProjection::apply_export_completed(const EventData& data) {
  if (auto e = require_command_completed(kExportCompleted)) return e;
  export_stage_ = ExportStage::Completed;  // set before targetKind is parsed, as in the reference
  ExportRecord record;
  const json::Value& target_kind = data.get(DataField::TargetKind);
  if (target_kind.present()) {
    TargetKind kind = TargetKind::S3;
    if (auto e = serde::decode_target_kind(target_kind, kind)) {
      return "parse field \"targetKind\": " + *e;
    }
    record.target_kind = kind;
  }
  record.target_name.assign(data.get_string(DataField::TargetName));
  record.destination.assign(data.get_string(DataField::Destination));
  record.bytes_written = data.get(DataField::BytesWritten).as_u64();
  // Grow by half: most cells export a few artifacts, some export thousands.
  if (exports_.size() == exports_.capacity())
    exports_.reserve(exports_.size() + exports_.size() / 2 + 1);
  exports_.push_back(std::move(record));
  return std::nullopt;
}

CellStateProjection::Error CellStateProjection::apply_export_failed(const EventData& data) {
  if (auto e = require_command_completed(kExportFailed)) return e;
  export_stage_ = ExportStage::Failed;
  std::string_view reason;
  if (auto e = required_str(data, DataField::Reason, kExportFailed, reason)) return e;
  last_error_.assign(reason);
  return std::nullopt;
}

CellStateProjection::Error CellStateProjection::apply_destroyed(const EventData& data) {
  if (lifecycle_stage_ == LifecycleStage::Pending) {
    return illegal_transition("destroyed before started");
  }
  lifecycle_stage_ = LifecycleStage::Destroyed;
  destroy_reason_.assign(data.get_string(DataField::Reason));
  if (destroy_reason_) last_error_ = destroy_reason_;
  return std::nullopt;
}

CellStateProjection::Error CellStateProjection::require_started(std::string_view event_type) const {
  if (lifecycle_stage_ == LifecycleStage::Pending ||
      lifecycle_stage_ == LifecycleStage::Destroyed) {
    return "illegal transition for " + std::string(event_type) + ": lifecycle stage is " +
           std::string(debug_name(lifecycle_stage_));
  }
  return std::nullopt;
}

CellStateProjection::Error CellStateProjection::require_command_completed(
    std::string_view event_type) const {
  if (lifecycle_stage_ != LifecycleStage::CommandCompleted) {
    return "illegal transition for " + std::string(event_type) + ": command has not completed";
  }
  return std::nullopt;
}

std::string CellStateProjection::illegal_transition(std::string_view label) const {
  std::string out = "illegal projection transition: ";
  out.append(label);
  out.append("; lifecycle=").append(debug_name(lifecycle_stage_));
  out.append(", identity=").append(debug_name(identity_stage_));
  out.append(", export=").append(debug_name(export_stage_));
  out.append(", exit_code=");
  if (command_exit_code_) {
    out.append("Some(").append(std::to_string(*command_exit_code_)).append(")");
  } else {
    out.append("None");
  }
  return out;
}

}  // namespace cellos
