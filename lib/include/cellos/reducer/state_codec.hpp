// SPDX-License-Identifier: Apache-2.0
// A cell's complete reducer state as bytes, and back: everything the
// projection needs to go on exactly as if it had never stopped (the
// snapshot's fields and the event ids it deduplicates with). What a
// checkpoint stores; versioned, so a later format can read an earlier one.
#pragma once

#include <string>
#include <string_view>

#include "cellos/reducer/cell_state_projection.hpp"

namespace cellos {

// The encoding's version; a reader refuses a newer one.
inline constexpr int kCellStateVersion = 1;

// Appends `cell`'s state to `out`.
void encode_cell_state(const CellStateProjection& cell, std::string& out);

// Reads one state from the front of `in`, advancing it, into `cell` (which
// should be new). False, with `cell` unspecified, when the bytes are not a
// state of this version: a damaged checkpoint must never crash the reader.
bool decode_cell_state(std::string_view& in, CellStateProjection& cell);

}  // namespace cellos
