// SPDX-License-Identifier: Apache-2.0
// How the differences between two replay results are printed: NDJSON for
// tools, a table for people, human lines for --expect on stderr.
#pragma once

#include <string>
#include <vector>

#include "cellos/report/snapshot_diff.hpp"
#include "cellos/report/table_printer.hpp"

namespace cellos::report {

// One JSON object per line:
//   {"change":"changed","cellId":"c","fields":{"currentState":{"old":"destroyed","new":"destroyFailed"}}}
//   {"change":"added","cellId":"c","snapshot":{...}}
//   {"change":"removed","specId":"s","snapshot":{...}}
std::string diff_ndjson(const std::vector<CellDifference>& differences);

// CELL, CHANGE, FIELD, OLD, NEW: a row per changed field, one per added or
// removed cell; the change coloured (added green, removed red, changed yellow).
std::string diff_table(const std::vector<CellDifference>& differences, const TableStyle& style);

// `cellos-project: expected FILE: cell c: currentState "destroyed" -> "destroyFailed"`
// for each difference, made safe for a terminal.
std::string diff_human_lines(const std::vector<CellDifference>& differences,
                             const std::string& expected_file);

}  // namespace cellos::report
