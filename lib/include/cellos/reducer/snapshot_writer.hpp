// SPDX-License-Identifier: Apache-2.0
// Serialises a cell's state as the reference's `CellStateSnapshot`: keys in
// declaration order, absent values as null, placement with only its given keys.
#pragma once

#include <string>

#include "cellos/json/writer.hpp"
#include "cellos/reducer/cell_state.hpp"
#include "cellos/reducer/cell_state_projection.hpp"

namespace cellos {

void write_snapshot(json::Writer& out, const CellStateSnapshot& snapshot);
// The same bytes, straight from the reducer without copying its state.
void write_snapshot(json::Writer& out, const CellStateProjection& cell);

// One compact snapshot, as `serde_json::to_string` prints it.
std::string snapshot_json(const CellStateProjection& cell);

}  // namespace cellos
