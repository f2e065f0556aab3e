// SPDX-License-Identifier: Apache-2.0
// A batch of lines on its way through a parallel replay (--jobs > 1): the
// reading job fills its block straight from the input (BlockReader), any
// thread splits and parses it (BatchPipeline), and the reducing job then
// numbers, routes and reduces its lines in input order.
#pragma once

#include <vector>

#include "cellos/input/line_reader.hpp"
#include "input/block_reader.hpp"
#include "replay/parsed_line.hpp"

namespace cellos::replay {

struct LineBatch {
  input::Block block;              // the bytes, as read
  std::vector<input::Line> lines;  // the block's lines, numbered from 1 within it
  std::string arena;               // decoded strings of the parsed events
  std::vector<ParsedLine> parsed;
  bool done = false;  // split and parsed (guarded by BatchPipeline's mutex)

  [[nodiscard]] bool empty() const { return block.text.size() == 0 && block.too_long_first == 0; }
};

}  // namespace cellos::replay
