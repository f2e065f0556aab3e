// SPDX-License-Identifier: Apache-2.0
// The problem record of SPEC.md §3: kind, file, line, eventId, eventType,
// cellId, specId, message, snapshot — in that order.
#pragma once

#include "cellos/json/writer.hpp"
#include "cellos/replay/problem.hpp"

namespace cellos::report {

void write_problem_record(json::Writer& out, const replay::Problem& problem);

// The stderr line for a problem: `cellos-project: FILE:LINE: KIND: MESSAGE`,
// with line breaks in it escaped so it stays one line.
std::string human_line(const replay::Problem& problem);

}  // namespace cellos::report
