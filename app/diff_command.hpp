// SPDX-License-Identifier: Apache-2.0
// `cellos-project diff A B`, and what `--expect FILE` shares with it: reading
// a replay result from a file.
#pragma once

#include <string>

#include "cellos/report/snapshot_diff.hpp"
#include "options.hpp"

namespace cellos::app {

// Reads a replay result (snapshots or an -o json document, gzip and zstd
// too; or a --checkpoint state file, whose cells are those its last run
// left). False, with `error` saying why and where, when it cannot.
bool read_result(const std::string& path, report::SnapshotSet& result, std::string& error);

// Compares and prints; returns the exit code (0 same, 1 different, 3 unreadable).
int run_diff(const DiffOptions& options);

}  // namespace cellos::app
