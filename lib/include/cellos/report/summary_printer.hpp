// SPDX-License-Identifier: Apache-2.0
// `-o summary`: a short report for people, in the place of the snapshots —
// cells per final state with counts and shares, problems by kind, the most
// frequent last errors, the inputs, lines and time. What a CI log shows at
// the end of an audit step.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "cellos/replay/sink.hpp"
#include "cellos/report/cell_selection.hpp"
#include "cellos/report/failing_states.hpp"
#include "cellos/report/output.hpp"

namespace cellos::report {

class SummaryPrinter final : public replay::ReplaySink {
 public:
  SummaryPrinter(Output& out, CellSelection selection, FailingStates failing)
      : out_(out), selection_(std::move(selection)), failing_(std::move(failing)) {}
  void on_input_start(std::string_view file) override;
  void on_problem(const replay::Problem& problem) override;
  void on_input_error(std::string_view message) override;
  void on_finish(const replay::CellTable& cells, const replay::ReplayStats& stats,
                 replay::ReplayEnd end) override;

  // How many of the most frequent last errors are listed.
  static constexpr std::size_t kTopErrors = 5;

 private:
  void write_cells(std::string& text, const replay::CellTable& cells) const;
  void write_problems(std::string& text, const replay::ReplayStats& stats,
                      replay::ReplayEnd end) const;
  void write_inputs(std::string& text, const replay::ReplayStats& stats) const;

  Output& out_;
  CellSelection selection_;
  FailingStates failing_;
  // When the first input began: the time reported is the replay's.
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
  std::vector<std::string> inputs_;
  std::uint64_t unreadable_inputs_ = 0;
  std::string first_problem_;  // "FILE:LINE", where a replay without -k stopped
};

}  // namespace cellos::report
