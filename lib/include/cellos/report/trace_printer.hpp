// SPDX-License-Identifier: Apache-2.0
// `--trace`: the replay as a timeline of events.
#pragma once

#include "cellos/replay/sink.hpp"
#include "cellos/report/output.hpp"

namespace cellos::report {

// `--trace`: the replay as a timeline, one NDJSON line per event that reached
// a cell, written as it happens:
//   {"file":"f","line":3,"cell":"c1","eventId":"e3","eventType":"…","outcome":"applied","currentState":"started"}
// (`"spec"` instead of `"cell"` for cells keyed by specId).
class TracePrinter final : public replay::ReplaySink {
 public:
  explicit TracePrinter(Output& out) : out_(out) {}
  [[nodiscard]] bool wants_events() const override { return true; }
  void on_event(const replay::EventTrace& event) override;
  void on_problem(const replay::Problem& /*problem*/) override {}
  void on_finish(const replay::CellTable& /*cells*/, const replay::ReplayStats& /*stats*/,
                 replay::ReplayEnd /*end*/) override {}

 private:
  Output& out_;
};

}  // namespace cellos::report
