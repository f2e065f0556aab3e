// SPDX-License-Identifier: Apache-2.0
// The `stats` object: every line accounted for, and cells per current state.
// Deterministic (the same for every --jobs), so `-o json` stays reproducible;
// `--stats` adds the run's time and memory after these members.
#pragma once

#include "cellos/json/writer.hpp"
#include "cellos/replay/sink.hpp"

namespace cellos::report {

// Writes the members of the stats object (the caller opens and closes it).
void write_stats_members(json::Writer& out, const replay::ReplayStats& stats,
                         const replay::CellTable& cells);

}  // namespace cellos::report
