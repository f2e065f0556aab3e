// SPDX-License-Identifier: Apache-2.0
#include "cellos/report/github_annotations.hpp"

#include "cellos/base/utf8.hpp"
#include "cellos/report/cell_selection.hpp"

namespace cellos::report {

std::string escape_workflow_data(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '%':
        out.append("%25");
        break;
      case '\r':
        out.append("%0D");
        break;
      case '\n':
        out.append("%0A");
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

std::string escape_workflow_property(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : escape_workflow_data(text)) {
    switch (c) {
      case ':':
        out.append("%3A");
        break;
      case ',':
        out.append("%2C");
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

void GithubAnnotations::on_problem(const replay::Problem& problem) {
  std::string line = "::error file=" + escape_workflow_property(utf8::for_terminal(problem.file)) +
                     ",line=" + std::to_string(problem.line) + ",title=cellos-project::";
  line.append(escape_workflow_data(std::string(replay::json_name(problem.kind)) + ": " +
                                   utf8::for_terminal(problem.message)));
  line.push_back('\n');
  write(line);
}

void GithubAnnotations::on_input_error(std::string_view message) {
  write("::error title=cellos-project::" + escape_workflow_data(utf8::for_terminal(message)) +
        "\n");
}

void GithubAnnotations::on_finish(const replay::CellTable& cells,
                                  const replay::ReplayStats& /*stats*/, replay::ReplayEnd end) {
  if (end != replay::ReplayEnd::Completed) return;  // the cells did not end
  for (const std::size_t i : failing_.failing_cells(cells)) {
    const replay::EventPlace place = cells.last_event(i);
    std::string line = "::error ";
    if (place.input < inputs_.size()) {
      line += "file=" + escape_workflow_property(utf8::for_terminal(inputs_[place.input])) +
              ",line=" + std::to_string(place.line) + ",";
    }
    line += "title=cellos-project::";
    line += escape_workflow_data("cell " + utf8::for_terminal(cell_name(cells[i]).value_or("-")) +
                                 " " + utf8::for_terminal(failed_state_message(cells[i])));
    line.push_back('\n');
    write(line);
  }
}

void GithubAnnotations::write(const std::string& line) {
  std::fwrite(line.data(), 1, line.size(), stream_);
}

}  // namespace cellos::report
