// SPDX-License-Identifier: Apache-2.0
#include "cellos/reducer/snapshot_writer.hpp"

#include "json/compact_writer.hpp"
#include "reducer/append_snapshot.hpp"

namespace cellos {

namespace {

// Each function takes any writer with json::Writer's calls (json::Writer,
// json::CompactWriter): one layout for every style.

// For the snapshot's PlacementSpec and the reducer's PlacementView alike.
template <class Out, class Placement>
void write_placement(Out& out, const std::optional<Placement>& placement) {
  if (!placement) {
    out.null();
    return;
  }
  out.begin_object();
  // `skip_serializing_if = "Option::is_none"` on each field.
  if (placement->pool_id) {
    out.key("poolId");
    out.string(*placement->pool_id);
  }
  if (placement->kubernetes_namespace) {
    out.key("kubernetesNamespace");
    out.string(*placement->kubernetes_namespace);
  }
  if (placement->queue_name) {
    out.key("queueName");
    out.string(*placement->queue_name);
  }
  out.end_object();
}

// ExportRecords, or a stored state's records read in place.
template <class Out, class Exports>
void write_exports(Out& out, const Exports& exports) {
  out.begin_array();
  for (const auto& record : exports) {
    out.begin_object();
    out.key("targetKind");
    if (record.target_kind) {
      out.string(json_name(*record.target_kind));
    } else {
      out.null();
    }
    out.key("targetName");
    out.optional_string(record.target_name);
    out.key("destination");
    out.optional_string(record.destination);
    out.key("bytesWritten");
    if (record.bytes_written) {
      out.number(*record.bytes_written);
    } else {
      out.null();
    }
    out.end_object();
  }
  out.end_array();
}

// Both overloads take their fields through this one function.
template <class Out, class State>
void write_fields(Out& out, const State& s, CurrentState current) {
  out.begin_object();
  out.key("specId");
  out.optional_string(s.spec_id());
  out.key("cellId");
  out.optional_string(s.cell_id());
  out.key("runId");
  out.optional_string(s.run_id());
  out.key("placement");
  write_placement(out, s.placement());
  out.key("lifecycleStage");
  out.string(json_name(s.lifecycle_stage()));
  out.key("identityStage");
  out.string(json_name(s.identity_stage()));
  out.key("exportStage");
  out.string(json_name(s.export_stage()));
  out.key("currentState");
  out.string(json_name(current));
  out.key("commandExitCode");
  if (s.command_exit_code()) {
    out.number(*s.command_exit_code());
  } else {
    out.null();
  }
  out.key("destroyReason");
  out.optional_string(s.destroy_reason());
  out.key("lastError");
  out.optional_string(s.last_error());
  out.key("exports");
  write_exports(out, s.exports());
  out.key("processedEvents");
  out.number(s.processed_events());
  out.end_object();
}

// Presents a snapshot's fields through the projection's accessor names.
struct SnapshotView {
  const CellStateSnapshot& s;
  const auto& spec_id() const { return s.spec_id; }
  const auto& cell_id() const { return s.cell_id; }
  const auto& run_id() const { return s.run_id; }
  const auto& placement() const { return s.placement; }
  auto lifecycle_stage() const { return s.lifecycle_stage; }
  auto identity_stage() const { return s.identity_stage; }
  auto export_stage() const { return s.export_stage; }
  auto command_exit_code() const { return s.command_exit_code; }
  const auto& destroy_reason() const { return s.destroy_reason; }
  const auto& last_error() const { return s.last_error; }
  const auto& exports() const { return s.exports; }
  auto processed_events() const { return s.processed_events; }
};

}  // namespace

void write_snapshot(json::Writer& out, const CellStateSnapshot& snapshot) {
  write_fields(out, SnapshotView{snapshot}, snapshot.current_state);
}

void write_snapshot(json::Writer& out, const CellStateProjection& cell) {
  write_fields(out, cell, cell.current_state());
}

void append_snapshot(ByteBuffer& out, const CellStateProjection& cell) {
  json::CompactWriter writer(out);
  write_fields(writer, cell, cell.current_state());
}

void append_snapshot(ByteBuffer& out, const StoredCellState& cell) {
  json::CompactWriter writer(out);
  write_fields(writer, cell, cell.current_state());
}

std::string snapshot_json(const CellStateProjection& cell) {
  ByteBuffer out;
  append_snapshot(out, cell);
  return std::string(out.view());
}

}  // namespace cellos
