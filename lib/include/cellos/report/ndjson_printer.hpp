// SPDX-License-Identifier: Apache-2.0
// `-o ndjson`, the default output: one snapshot per line, or the first problem.
#pragma once

#include <string>
#include <utility>

#include "cellos/replay/sink.hpp"
#include "cellos/report/cell_selection.hpp"
#include "cellos/report/output.hpp"

namespace cellos::report {

// `-o ndjson` (the default): one snapshot per line; without --keep-going a
// problem replaces them with one `{"error":<problem record>}` line.
class NdjsonPrinter final : public replay::ReplaySink {
 public:
  // Snapshots render on `threads` threads at the end (printed in order).
  NdjsonPrinter(Output& out, bool keep_going, CellSelection selection = {}, unsigned threads = 1)
      : out_(out), keep_going_(keep_going), selection_(std::move(selection)), threads_(threads) {}
  void on_problem(const replay::Problem& problem) override;
  void on_finish(const replay::CellTable& cells, const replay::ReplayStats& stats,
                 replay::ReplayEnd end) override;

 private:
  Output& out_;
  bool keep_going_;
  CellSelection selection_;
  unsigned threads_;
  std::string first_problem_;
};

}  // namespace cellos::report
