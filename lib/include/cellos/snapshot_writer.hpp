// Serialises a cell's state as the reference's `CellStateSnapshot`: keys in
// declaration order, absent values as null, placement with only its given keys.
#pragma once

#include <string>

#include "cellos/byte_buffer.hpp"
#include "cellos/cell_state.hpp"
#include "cellos/cell_state_projection.hpp"
#include "cellos/json/writer.hpp"

namespace cellos {

void write_snapshot(json::Writer& out, const CellStateSnapshot& snapshot);
// The same bytes, straight from the reducer without copying its state.
void write_snapshot(json::Writer& out, const CellStateProjection& cell);

// One compact snapshot, as `serde_json::to_string` prints it, appended to
// `out`: the fast path for printing many (json::CompactWriter).
void append_snapshot(ByteBuffer& out, const CellStateProjection& cell);
std::string snapshot_json(const CellStateProjection& cell);

}  // namespace cellos
