// SPDX-License-Identifier: Apache-2.0
// `-o table`: a table for people at a terminal.
#pragma once

#include <cstddef>
#include <utility>

#include "cellos/replay/sink.hpp"
#include "cellos/report/cell_selection.hpp"
#include "cellos/report/output.hpp"

namespace cellos::report {

// How a table is laid out for the terminal it goes to.
struct TableStyle {
  bool color = false;     // the state in green / yellow / red (ANSI)
  std::size_t width = 0;  // cut long values so rows fit; 0: no limit
};

// `-o table`: aligned columns for a person at a terminal.
class TablePrinter final : public replay::ReplaySink {
 public:
  explicit TablePrinter(Output& out, CellSelection selection = {}, TableStyle style = {})
      : out_(out), selection_(std::move(selection)), style_(style) {}
  void on_problem(const replay::Problem& /*problem*/) override {}
  void on_finish(const replay::CellTable& cells, const replay::ReplayStats& stats,
                 replay::ReplayEnd end) override;

 private:
  Output& out_;
  CellSelection selection_;
  TableStyle style_;
};

}  // namespace cellos::report
