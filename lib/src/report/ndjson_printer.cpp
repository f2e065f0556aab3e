#include "cellos/json/writer.hpp"
#include "cellos/report/printers.hpp"
#include "cellos/report/problem_record.hpp"
#include "cellos/snapshot_writer.hpp"

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
  for (const CellStateProjection& cell : cells) {
    if (!selection_.matches(cell)) continue;
    append_snapshot(out_.buffer(), cell);
    out_.buffer().push_back('\n');
    out_.commit();
  }
}

}  // namespace cellos::report
