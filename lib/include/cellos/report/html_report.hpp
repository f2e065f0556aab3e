// SPDX-License-Identifier: Apache-2.0
// `--html FILE`: the replay as one self-contained HTML page to keep as a CI
// artifact — no network and no CDN: CSS, JavaScript and SVG are inline, the
// data a JSON block the page renders. It shows the counts and a chart of
// cells per state, the problems (FILE:LINE, event type, message), a
// searchable, sortable, paginated table of cells, and each cell's lifecycle
// as a timeline drawn from its events' `time`.
//
// Every value from a log reaches the page as JSON data ('<' escaped, so no
// text can end the block) and is put in the page as text, never as markup:
// a cell id like `<img src=x onerror=alert(1)>` shows as those characters.
//
// Size: about 150 bytes per cell plus ~25 per event with a time, so 100,000
// cells of 6 events make a page of ~30 MB; the table renders 100 rows at a
// time, and at most kMostProblems problems are listed (all are counted).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "cellos/replay/sink.hpp"

namespace cellos::report {

class HtmlReport final : public replay::ReplaySink {
 public:
  static constexpr std::size_t kMostProblems = 10000;

  explicit HtmlReport(std::string path) : path_(std::move(path)) {}

  [[nodiscard]] bool wants_events() const override { return true; }
  void on_event(const replay::EventTrace& event) override;
  void on_input_start(std::string_view file) override { inputs_.emplace_back(file); }
  void on_problem(const replay::Problem& problem) override;
  void on_input_error(std::string_view message) override;
  void on_finish(const replay::CellTable& cells, const replay::ReplayStats& stats,
                 replay::ReplayEnd end) override;

  // Why the report could not be written; empty when it was.
  [[nodiscard]] const std::string& error() const { return error_; }

 private:
  // One event of a cell's timeline: when, which type, what the reducer did.
  struct Moment {
    double epoch_ms = 0;
    std::uint32_t type = 0;  // into types_
    std::uint8_t outcome = 0;
  };
  struct ProblemRow {
    std::string file;
    std::uint64_t line = 0;
    std::string kind;
    std::string type;
    std::string message;
  };
  // A cell as CellTable::key names it.
  using CellName = std::tuple<replay::RouteKind, std::string, std::uint32_t>;

  [[nodiscard]] std::string data_json(const replay::CellTable& cells,
                                      const replay::ReplayStats& stats) const;

  std::string path_;
  std::vector<std::string> inputs_;
  std::vector<ProblemRow> problems_;
  std::uint64_t problems_seen_ = 0;
  std::vector<std::string> types_;
  std::unordered_map<std::string, std::uint32_t> type_index_;
  std::map<CellName, std::vector<Moment>> timelines_;
  std::string error_;
};

}  // namespace cellos::report
