// SPDX-License-Identifier: Apache-2.0
#include "cellos/report/json_document_printer.hpp"

#include "cellos/json/writer.hpp"
#include "cellos/reducer/snapshot_writer.hpp"
#include "cellos/report/problem_record.hpp"
#include "cellos/report/stats_writer.hpp"

namespace cellos::report {

namespace {
constexpr auto kPretty = json::Writer::Style::Pretty;
}  // namespace

void JsonDocumentPrinter::on_problem(const replay::Problem& problem) {
  // Rendered at the depth it will have in the document: {"errors": [ here ]}.
  std::string& rendered = errors_.emplace_back();
  json::Writer writer(rendered, kPretty, 2);
  write_problem_record(writer, problem);
}

void JsonDocumentPrinter::on_input_error(std::string_view message) {
  failed_inputs_.push_back({file_, std::string(message)});
}

void JsonDocumentPrinter::on_finish(const replay::CellTable& cells,
                                    const replay::ReplayStats& stats, replay::ReplayEnd end) {
  if (end == replay::ReplayEnd::StoppedAtInputError) return;
  json::Writer w(out_.buffer(), kPretty);
  w.begin_object();
  w.key("cells");
  w.begin_array();
  for (const std::size_t i : selection_.picked(cells)) {
    write_snapshot(w, cells[i]);
    out_.commit();
  }
  w.end_array();
  w.key("errors");
  w.begin_array();
  for (const std::string& rendered : errors_) {
    w.raw_value(rendered);
    out_.commit();
  }
  w.end_array();
  w.key("failedInputs");
  w.begin_array();
  for (const FailedInput& input : failed_inputs_) {
    w.begin_object();
    w.key("file");
    w.string(input.file);
    w.key("message");
    w.string(input.message);
    w.end_object();
  }
  w.end_array();
  if (!failing_.empty()) write_failed_cells(w, cells, end == replay::ReplayEnd::Completed);
  w.key("stats");
  w.begin_object();
  write_stats_members(w, stats, cells);
  w.end_object();
  w.end_object();
  out_.buffer().push_back('\n');
  out_.commit();
}

void JsonDocumentPrinter::write_failed_cells(json::Writer& w, const replay::CellTable& cells,
                                             bool ended) const {
  w.key("failedCells");
  w.begin_array();
  // Cells of a replay stopped at a problem did not end: none failed so.
  const std::vector<std::size_t> failing =
      ended ? failing_.failing_cells(cells) : std::vector<std::size_t>{};
  for (const std::size_t i : failing) {
    const CellStateProjection& cell = cells[i];
    w.begin_object();
    w.key("cellId");
    w.optional_string(cell.cell_id());
    w.key("specId");
    w.optional_string(cell.spec_id());
    w.key("currentState");
    w.string(json_name(cell.current_state()));
    w.key("lastError");
    w.optional_string(cell.last_error());
    w.end_object();
  }
  w.end_array();
}

}  // namespace cellos::report
