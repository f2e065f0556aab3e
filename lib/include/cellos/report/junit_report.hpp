// SPDX-License-Identifier: Apache-2.0
// `--junit FILE`: the replay as a JUnit XML report, the format GitLab and
// Jenkins show as test results (validated against tests/unit/report/junit.xsd).
//
// One <testsuite> per input file; one <testcase> per cell, in the suite of
// the file where the cell first appeared, with a <failure> holding the
// problem record of each rejected event. A rejection on a line of a later
// file is filed under that file's suite, in a testcase of the cell there. A malformed line is a
// testcase of its own with an <error>; so is an input that could not be read. With
// --fail-on-state, a cell that ended in one of those states has a <failure>
// of type failedState holding its snapshot.
#pragma once

#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "cellos/replay/sink.hpp"
#include "cellos/report/failing_states.hpp"

namespace cellos::report {

// Text for XML content or attributes: & < > " escaped, characters XML 1.0
// forbids (most controls) replaced by U+FFFD, and in attributes tab, CR and LF
// as character references so that they survive attribute normalisation.
std::string xml_escape(std::string_view text, bool attribute);

class JunitReport final : public replay::ReplaySink {
 public:
  // A cell that ends in one of `failing` (--fail-on-state) is a failed test
  // case too, in the suite of the input where it first appeared.
  explicit JunitReport(std::string path, FailingStates failing = {})
      : path_(std::move(path)), failing_(std::move(failing)) {}

  void on_input_start(std::string_view file) override;
  void on_problem(const replay::Problem& problem) override;
  void on_input_error(std::string_view message) override;
  void on_finish(const replay::CellTable& cells, const replay::ReplayStats& stats,
                 replay::ReplayEnd end) override;

  // Why the report could not be written; empty when it was.
  [[nodiscard]] const std::string& error() const { return error_; }

 private:
  struct Finding {
    std::size_t suite = 0;  // the input whose line it is
    bool is_error = false;  // <error> (malformed, unreadable) rather than <failure>
    std::string type;
    std::string message;
    std::string body;  // the problem record, or the input error
  };
  struct LooseCase {
    std::string name;
    Finding finding;
  };
  struct Suite {
    std::string name;
    std::vector<LooseCase> loose;  // findings that belong to no cell
  };

  struct Counts {
    std::size_t tests = 0;
    std::size_t failures = 0;
    std::size_t errors = 0;
  };

  // With `ended`, the cells ended (the replay completed): --fail-on-state applies.
  std::string render(const replay::CellTable& cells, bool ended) const;
  // The s-th suite's <testsuite>, its cases `suite_cells` and loose findings,
  // which it adds to `counts`.
  std::string suite_xml(std::size_t s, const replay::CellTable& cells,
                        const std::vector<std::size_t>& suite_cells, bool ended,
                        Counts& counts) const;
  // The <failure> and <error> elements of the i-th cell in `suite`.
  std::string cell_findings_xml(const replay::CellTable& cells, std::size_t i, std::size_t suite,
                                bool ended) const;
  static std::string finding_xml(const Finding& finding);
  // Cells by the suite of their first input, and by the suite of any later
  // input that has findings about them; each list in the cells' order.
  std::vector<std::vector<std::size_t>> cells_by_suite(const replay::CellTable& cells) const;
  // The suite of the input where the i-th cell first appeared.
  [[nodiscard]] std::size_t first_suite(const replay::CellTable& cells, std::size_t i) const;
  // The findings about the i-th cell, or nullptr.
  const std::vector<Finding>* findings_of(const replay::CellTable& cells, std::size_t i) const;

  std::string path_;
  FailingStates failing_;
  std::vector<Suite> suites_;
  // By cell: its key space, key and (Kafka) partition.
  using CellName = std::tuple<replay::RouteKind, std::string, std::uint32_t>;
  std::map<CellName, std::vector<Finding>> cell_findings_;
  std::string error_;
};

}  // namespace cellos::report
