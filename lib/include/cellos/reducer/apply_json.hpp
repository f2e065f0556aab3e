// SPDX-License-Identifier: Apache-2.0
// Applying an event given as its JSON text: parsing (SPEC.md §1) and the
// reducer's apply in one call, for code that receives events one at a time
// (a supervisor checking what it emits, a test harness).
//
//   cellos::CellStateProjection cell;
//   cellos::JsonApplyResult r = cellos::apply_json(cell, line);
//   if (!r.ok()) std::cerr << r.error << '\n';
//
// Replaying whole logs goes faster through replay::Replayer, which reuses
// one parser for every line.
#pragma once

#include <string>
#include <string_view>

#include "cellos/event/event_parser.hpp"
#include "cellos/reducer/cell_state_projection.hpp"

namespace cellos {

struct JsonApplyResult {
  // The text is not a CloudEvents 1.0 event in structured JSON mode (the
  // SPEC's "malformed"): nothing was applied.
  bool malformed = false;
  // When not malformed: what the reducer made of it.
  ApplyOutcome outcome = ApplyOutcome::Ignored;
  // Why it was malformed (the parser's message) or rejected (the reducer's).
  std::string error;

  // Applied or ignored: neither malformed nor rejected.
  [[nodiscard]] bool ok() const { return !malformed && outcome != ApplyOutcome::Rejected; }
};

// Parses `json` with `parser` and applies the event to `cell`. The event is
// not routed: the caller has chosen the cell (by `data.cellId`, SPEC.md §2).
JsonApplyResult apply_json(CellStateProjection& cell, std::string_view json, EventParser& parser);

// The same with this thread's own parser, kept from call to call: it has
// learnt the keys of the events before, and its buffers stop allocating.
JsonApplyResult apply_json(CellStateProjection& cell, std::string_view json);

}  // namespace cellos
