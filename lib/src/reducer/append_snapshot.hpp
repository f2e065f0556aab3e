// SPDX-License-Identifier: Apache-2.0
// The fast path for printing many snapshots: each appended to a byte buffer
// by json::CompactWriter, the same bytes as snapshot_json.
#pragma once

#include "base/byte_buffer.hpp"
#include "cellos/reducer/cell_state_projection.hpp"
#include "reducer/stored_cell_state.hpp"

namespace cellos {

void append_snapshot(ByteBuffer& out, const CellStateProjection& cell);
// The same bytes from a state read in place from a checkpoint.
void append_snapshot(ByteBuffer& out, const StoredCellState& cell);

}  // namespace cellos
