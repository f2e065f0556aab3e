// SPDX-License-Identifier: Apache-2.0
// Encoding a cell's state into a ByteBuffer: how a checkpoint writes its
// chunks, without the zero-filling a std::string's growth costs. The same
// bytes as encode_cell_state(cell, std::string&).
#pragma once

#include "base/byte_buffer.hpp"
#include "cellos/reducer/cell_state_projection.hpp"

namespace cellos {

void encode_cell_state(const CellStateProjection& cell, ByteBuffer& out);

}  // namespace cellos
