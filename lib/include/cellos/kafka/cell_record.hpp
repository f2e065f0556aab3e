// SPDX-License-Identifier: Apache-2.0
// A cell as a record of a state topic (the changelog a stateful Kafka
// replay keeps) and of a snapshots topic: the key says which cell, the value
// of a state record is the cell's complete reducer state, versioned.
//
//   key:   'c' + data.cellId, or 's' + data.specId for a cell keyed by its spec
//   value: one byte, the state encoding's version (kCellStateVersion), then
//          the state as encode_cell_state writes it (what --checkpoint keeps)
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "cellos/reducer/cell_state_projection.hpp"
#include "cellos/replay/router.hpp"

namespace cellos::kafka {

struct CellRecordKey {
  replay::RouteKind kind = replay::RouteKind::CellId;
  std::string_view id;
};

std::string cell_record_key(replay::RouteKind kind, std::string_view id);
// None for a key that names no cell (a commit record's, say).
std::optional<CellRecordKey> parse_cell_record_key(std::string_view key);

std::string encode_state_value(const CellStateProjection& cell);
// False, with `cell` unspecified, for bytes that are no state of this
// version: whatever a topic holds must never crash the reader.
bool decode_state_value(std::string_view value, CellStateProjection& cell);

}  // namespace cellos::kafka
