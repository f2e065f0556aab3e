// SPDX-License-Identifier: Apache-2.0
#include "cellos/report/ndjson_printer.hpp"

#include "cellos/json/writer.hpp"
#include "cellos/reducer/snapshot_writer.hpp"
#include "cellos/report/problem_record.hpp"
#include "reducer/append_snapshot.hpp"
#include "reducer/cell_prefetch.hpp"
#include "report/ordered_render.hpp"

namespace cellos::report {

void NdjsonPrinter::on_problem(const replay::Problem& problem) {
  if (keep_going_ || !first_problem_.empty()) return;
  json::Writer writer(first_problem_);
  writer.begin_object();
  writer.key("error");
  write_problem_record(writer, problem);
  writer.end_object();
  first_problem_.push_back('\n');
}

void NdjsonPrinter::on_finish(const replay::CellTable& cells, const replay::ReplayStats& /*stats*/,
                              replay::ReplayEnd end) {
  if (end == replay::ReplayEnd::StoppedAtInputError) return;
  if (end == replay::ReplayEnd::StoppedAtProblem) {
    out_.write(first_problem_);
    return;
  }
  auto write = [&](std::string_view text) {
    out_.write(text);
    return !out_.failed() && !out_.broken_pipe();
  };
  if (selection_.prints_picked()) {
    const std::vector<std::size_t> picked = selection_.picked(cells);
    render_in_order(
        picked.size(), threads_,
        [&](std::size_t i, ByteBuffer& text) {
          append_snapshot(text, cells[picked[i]]);
          text.push_back('\n');
        },
        write);
    return;
  }
  render_in_order(
      cells.size(), threads_,
      [&](std::size_t i, ByteBuffer& text) {
        detail::CellPrefetch::ahead_of(cells, i, cells.size());
        if (!selection_.matches(cells, i)) return;
        if (const std::optional<std::string_view> stored = cells.stored_state(i)) {
          // Checked when it was read: it parses.
          StoredCellState state;
          if (state.parse(*stored)) append_snapshot(text, state);
        } else {
          append_snapshot(text, cells[i]);
        }
        text.push_back('\n');
      },
      write);
}

}  // namespace cellos::report
