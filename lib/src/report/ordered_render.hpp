// SPDX-License-Identifier: Apache-2.0
// Renders many items (cells) into text on several threads and hands the text
// on in item order. Chunks of items render ahead of the writer, at most two
// per thread, so memory stays a few MiB whatever the number of items.
#pragma once

#include <cstddef>
#include <functional>
#include <string_view>

#include "base/byte_buffer.hpp"

namespace cellos::report {

// Appends item `i`'s text to `out`.
using RenderItem = std::function<void(std::size_t i, ByteBuffer& out)>;
// Takes the next text, in order; false to stop (the output is gone).
using WriteText = std::function<bool(std::string_view text)>;

// Renders items [0, count) on `threads` threads (this one included) and
// writes their text in order.
void render_in_order(std::size_t count, unsigned threads, const RenderItem& render,
                     const WriteText& write);

}  // namespace cellos::report
