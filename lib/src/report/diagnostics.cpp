// SPDX-License-Identifier: Apache-2.0
#include "cellos/report/diagnostics.hpp"

#include "cellos/base/utf8.hpp"
#include "cellos/report/problem_record.hpp"
#include "cellos/report/progress_meter.hpp"

namespace cellos::report {

void Diagnostics::write(std::string_view line) {
  if (meter_ != nullptr) {
    meter_->print(line);
  } else {
    std::fwrite(line.data(), 1, line.size(), stream_);
  }
}

void Diagnostics::on_problem(const replay::Problem& problem) {
  write(human_line(problem));
  if (problem.json_after_prefix && !hinted_) {
    hinted_ = true;
    write(
        "cellos-project: hint: that line has JSON after some leading text, as CI logs with a "
        "timestamp before each event do; --json-from-first-brace reads each line from its "
        "first '{' (and --skip-non-json skips lines without JSON)\n");
  }
}

void Diagnostics::on_input_error(std::string_view message) {
  write("cellos-project: " + utf8::for_terminal(message) + "\n");
}

void Diagnostics::on_notice(std::string_view message) {
  write("cellos-project: " + utf8::for_terminal(message) + "\n");
}

void Diagnostics::on_finish(const replay::CellTable& /*cells*/,
                            const replay::ReplayStats& /*stats*/, replay::ReplayEnd /*end*/) {
  // SPEC.md: one human line per problem, nothing more, so scripts can read it.
  std::fflush(stream_);
}

}  // namespace cellos::report
