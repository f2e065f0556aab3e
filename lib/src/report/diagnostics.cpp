#include "cellos/report/printers.hpp"
#include "cellos/report/problem_record.hpp"

namespace cellos::report {

void Diagnostics::on_problem(const replay::Problem& problem) {
  const std::string line = human_line(problem);
  std::fwrite(line.data(), 1, line.size(), stream_);
}

void Diagnostics::on_input_error(std::string_view message) {
  std::fprintf(stream_, "cellos-project: %.*s\n", static_cast<int>(message.size()), message.data());
}

void Diagnostics::on_finish(const replay::CellTable& /*cells*/,
                            const replay::ReplayStats& /*stats*/, replay::ReplayEnd /*end*/) {
  // SPEC.md: one human line per problem, nothing more, so scripts can read it.
  std::fflush(stream_);
}

}  // namespace cellos::report
