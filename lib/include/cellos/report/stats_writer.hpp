// SPDX-License-Identifier: Apache-2.0
// The `stats` object: every line accounted for, and cells per current state.
// Deterministic (the same for every --jobs), so `-o json` stays reproducible;
// `--stats` adds the run's time and memory after these members.
#pragma once

#include <array>
#include <cstdint>

#include "cellos/json/writer.hpp"
#include "cellos/replay/sink.hpp"

namespace cellos::report {

// How many cells are in each current state, indexed by CurrentState.
using CellsByState =
    std::array<std::uint64_t, static_cast<std::size_t>(CurrentState::DestroyFailed) + 1>;
CellsByState count_cells_by_state(const replay::CellTable& cells);

// Writes the members of the stats object (the caller opens and closes it).
void write_stats_members(json::Writer& out, const replay::ReplayStats& stats,
                         const replay::CellTable& cells);

}  // namespace cellos::report
