// SPDX-License-Identifier: Apache-2.0
// `-o json`: the whole replay as one pretty JSON document.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "cellos/json/writer.hpp"
#include "cellos/replay/sink.hpp"
#include "cellos/report/cell_selection.hpp"
#include "cellos/report/failing_states.hpp"
#include "cellos/report/output.hpp"

namespace cellos::report {

// `-o json`: one pretty document {"cells": [...], "errors": [...], "stats": {...}};
// with --fail-on-state also "failedCells": [{cellId, specId, currentState,
// lastError}, ...], the cells that ended in one of those states.
class JsonDocumentPrinter final : public replay::ReplaySink {
 public:
  explicit JsonDocumentPrinter(Output& out, CellSelection selection = {},
                               FailingStates failing = {})
      : out_(out), selection_(std::move(selection)), failing_(std::move(failing)) {}
  void on_input_start(std::string_view file) override { file_ = file; }
  void on_problem(const replay::Problem& problem) override;
  void on_input_error(std::string_view message) override;
  void on_finish(const replay::CellTable& cells, const replay::ReplayStats& stats,
                 replay::ReplayEnd end) override;

 private:
  struct FailedInput {
    std::string file;
    std::string message;
  };

  // With `ended`, the replay completed and its cells ended.
  void write_failed_cells(json::Writer& w, const replay::CellTable& cells, bool ended) const;

  Output& out_;
  CellSelection selection_;
  FailingStates failing_;
  // Each problem rendered when it happens: the reducer's state moves on.
  std::vector<std::string> errors_;
  std::string file_;  // the input being read
  // Inputs that could not be opened, read or decompressed (with -k: the
  // document is printed anyway, and says which and why).
  std::vector<FailedInput> failed_inputs_;
};

}  // namespace cellos::report
