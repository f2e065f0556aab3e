// SPDX-License-Identifier: Apache-2.0
// Prefetching a reducer's memory ahead of use: what the cell table, the
// snapshot printer and a checkpoint's encoding do for the cells a few ahead
// of the one at hand (see CellStateProjection's prefetch members). Not API:
// a tuning of this engine.
#pragma once

#include "cellos/reducer/cell_state_projection.hpp"

namespace cellos::detail {

struct CellPrefetch {
  static void cell(const CellStateProjection& c) { c.prefetch(); }
  static void pointed_to(const CellStateProjection& c) { c.prefetch_pointed_to(); }
  static void exports(const CellStateProjection& c) { c.prefetch_exports(); }
  static void event_ids(const CellStateProjection& c) { c.prefetch_event_ids(); }
};

}  // namespace cellos::detail
