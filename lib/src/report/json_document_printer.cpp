#include "cellos/json/writer.hpp"
#include "cellos/report/printers.hpp"
#include "cellos/report/problem_record.hpp"
#include "cellos/snapshot_writer.hpp"

namespace cellos::report {

namespace {
constexpr auto kPretty = json::Writer::Style::Pretty;

void write_stats(json::Writer& w, const replay::ReplayStats& stats, std::size_t cells) {
  w.begin_object();
  const std::pair<std::string_view, std::uint64_t> counts[] = {
      {"lines", stats.lines},       {"blank", stats.blank},         {"malformed", stats.malformed},
      {"events", stats.events},     {"applied", stats.applied},     {"ignored", stats.ignored},
      {"rejected", stats.rejected}, {"unrouted", stats.unrouted},   {"cells", cells},
      {"bytes", stats.bytes},       {"inputErrors", stats.input_errors},
  };
  for (const auto& [name, value] : counts) {
    w.key(name);
    w.number(value);
  }
  w.end_object();
}
}  // namespace

void JsonDocumentPrinter::on_problem(const replay::Problem& problem) {
  // Rendered at the depth it will have in the document: {"errors": [ here ]}.
  std::string& rendered = errors_.emplace_back();
  json::Writer writer(rendered, kPretty, 2);
  write_problem_record(writer, problem);
}

void JsonDocumentPrinter::on_finish(const replay::CellTable& cells,
                                    const replay::ReplayStats& stats, replay::ReplayEnd end) {
  if (end == replay::ReplayEnd::StoppedAtInputError) return;
  json::Writer w(out_.buffer(), kPretty);
  w.begin_object();
  w.key("cells");
  w.begin_array();
  for (const CellStateProjection& cell : cells) {
    write_snapshot(w, cell);
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
  w.key("stats");
  write_stats(w, stats, cells.size());
  w.end_object();
  out_.buffer().push_back('\n');
  out_.commit();
}

}  // namespace cellos::report
