// SPDX-License-Identifier: Apache-2.0
// Prefetching a reducer's memory ahead of use: what the cell table, the
// snapshot printer and a checkpoint's encoding do for the cells a few ahead
// of the one at hand (see CellStateProjection's prefetch members). Not API:
// a tuning of this engine.
#pragma once

#include <cstddef>

#include "cellos/reducer/cell_state_projection.hpp"

namespace cellos::detail {

struct CellPrefetch {
  static void cell(const CellStateProjection& c) { c.prefetch(); }
  static void pointed_to(const CellStateProjection& c) { c.prefetch_pointed_to(); }
  static void exports(const CellStateProjection& c) { c.prefetch_exports(); }
  static void event_ids(const CellStateProjection& c) { c.prefetch_event_ids(); }

  // In a walk over `cells` (indexable, up to `end`) at cell `i`: the cells
  // ahead of it, each a stage further, so that each stage's memory has had
  // time to arrive when the next needs it. Encoding also reads event ids.
  static constexpr bool kWithIds = true;
  template <class Cells>
  static void ahead_of(const Cells& cells, std::size_t i, std::size_t end, bool ids = false) {
    if (i + 12 < end) cell(cells[i + 12]);
    if (i + 6 < end) {
      pointed_to(cells[i + 6]);
      if (ids) event_ids(cells[i + 6]);
    }
    if (i + 3 < end) exports(cells[i + 3]);
  }
};

}  // namespace cellos::detail
