// SPDX-License-Identifier: Apache-2.0
#include "cellos/report/html_report.hpp"

#include <cstdio>

#include "cellos/base/output_file.hpp"
#include "cellos/base/rfc3339.hpp"
#include "cellos/json/writer.hpp"
#include "cellos/report/cell_selection.hpp"
#include "cellos/report/stats_writer.hpp"
#include "report/html_report_page.hpp"

namespace cellos::report {

namespace {

// JSON for inside <script type="application/json">: a '<' only ever occurs in
// strings there, and as \u003c no text can close the element.
std::string script_safe(const std::string& json) {
  std::string out;
  out.reserve(json.size());
  for (const char c : json) {
    if (c == '<') {
      out.append("\\u003c");
    } else {
      out.push_back(c);
    }
  }
  return out;
}

void write_timeline_entry(json::Writer& w, double epoch_ms, std::uint32_t type,
                          std::uint8_t outcome) {
  char number[32];
  std::snprintf(number, sizeof number, "%.0f", epoch_ms);
  w.begin_array();
  w.raw_value(number);
  w.number(std::uint64_t{type});
  w.number(std::uint64_t{outcome});
  w.end_array();
}

}  // namespace

void HtmlReport::on_event(const replay::EventTrace& event) {
  if (!event.time) return;
  const std::optional<Instant> when = parse_rfc3339(*event.time);
  if (!when) return;
  auto [found, added] = type_index_.try_emplace(std::string(event.event_type),
                                                static_cast<std::uint32_t>(types_.size()));
  if (added) types_.emplace_back(event.event_type);
  const CellName name{event.key_kind, std::string(event.key),
                      static_cast<std::uint32_t>(event.partition.value_or(0))};
  timelines_[name].push_back(
      {static_cast<double>(when->seconds) * 1e3 + static_cast<double>(when->nanoseconds) / 1e6,
       found->second, static_cast<std::uint8_t>(event.outcome)});
}

void HtmlReport::on_problem(const replay::Problem& problem) {
  if (problems_seen_++ >= kMostProblems) return;
  problems_.push_back({std::string(problem.file), problem.line,
                       std::string(replay::json_name(problem.kind)),
                       std::string(problem.event_type.value_or("")), std::string(problem.message)});
}

void HtmlReport::on_input_error(std::string_view message) {
  if (problems_seen_++ >= kMostProblems) return;
  problems_.push_back(
      {inputs_.empty() ? std::string() : inputs_.back(), 0, "input", "", std::string(message)});
}

std::string HtmlReport::data_json(const replay::CellTable& cells,
                                  const replay::ReplayStats& stats) const {
  std::string out;
  json::Writer w(out);
  w.begin_object();
  w.key("inputs");
  w.begin_array();
  for (const std::string& input : inputs_) w.string(input);
  w.end_array();
  w.key("stats");
  w.begin_object();
  write_stats_members(w, stats, cells);
  w.end_object();
  w.key("problemsSeen");
  w.number(problems_seen_);
  w.key("problems");
  w.begin_array();
  for (const ProblemRow& p : problems_) {
    w.begin_array();
    w.string(p.file);
    w.number(p.line);
    w.string(p.kind);
    w.string(p.type);
    w.string(p.message);
    w.end_array();
  }
  w.end_array();
  w.key("types");
  w.begin_array();
  for (const std::string& type : types_) w.string(type);
  w.end_array();
  // Each cell: [name, spec, run, state, events, exit code, last error, timeline].
  w.key("cells");
  w.begin_array();
  for (std::size_t i = 0; i < cells.size(); ++i) {
    const CellStateProjection& cell = cells[i];
    w.begin_array();
    w.optional_string(cell_name(cell));
    w.optional_string(cell.spec_id());
    w.optional_string(cell.run_id());
    w.string(json_name(cell.current_state()));
    w.number(cell.processed_events());
    if (cell.command_exit_code()) {
      w.number(*cell.command_exit_code());
    } else {
      w.null();
    }
    w.optional_string(cell.last_error());
    w.begin_array();
    const replay::CellKey key = cells.key(i);
    if (const auto found = timelines_.find({key.kind, std::string(key.key), key.input});
        found != timelines_.end()) {
      for (const Moment& m : found->second) write_timeline_entry(w, m.epoch_ms, m.type, m.outcome);
    }
    w.end_array();
    w.end_array();
  }
  w.end_array();
  w.end_object();
  return script_safe(out);
}

void HtmlReport::on_finish(const replay::CellTable& cells, const replay::ReplayStats& stats,
                           replay::ReplayEnd /*end*/) {
  const std::string_view page = detail::kHtmlReportPage;
  const auto slot = page.find(detail::kHtmlReportDataSlot);
  std::string html;
  html.append(page.substr(0, slot));
  html.append(data_json(cells, stats));
  html.append(page.substr(slot + detail::kHtmlReportDataSlot.size()));
  if (std::string why = write_file_atomically(path_, html); !why.empty())
    error_ = "cannot write the HTML report: " + why;
}

}  // namespace cellos::report
