// SPDX-License-Identifier: Apache-2.0
#include "cellos/report/junit_report.hpp"

#include <cerrno>
#include <cstdio>
#include <system_error>

#include "cellos/base/output_file.hpp"
#include "cellos/base/utf8.hpp"
#include "cellos/json/writer.hpp"
#include "cellos/reducer/snapshot_writer.hpp"
#include "cellos/report/problem_record.hpp"

namespace cellos::report {

namespace {

bool allowed_in_xml(std::uint32_t cp) {
  return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) ||
         (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
}

std::string case_name(const CellStateProjection& cell) {
  if (auto id = cell.cell_id()) return std::string(*id);
  if (auto spec = cell.spec_id()) return "spec " + std::string(*spec);
  return "cell";
}

}  // namespace

std::string xml_escape(std::string_view text, bool attribute) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t start = i;
    std::uint32_t cp = 0;
    if (!utf8::next_code_point(text, i, cp) || !allowed_in_xml(cp)) {
      out.append("\xEF\xBF\xBD");  // U+FFFD
      continue;
    }
    switch (cp) {
      case '&':
        out.append("&amp;");
        break;
      case '<':
        out.append("&lt;");
        break;
      case '>':
        out.append("&gt;");
        break;
      case '"':
        out.append(attribute ? "&quot;" : "\"");
        break;
      case '\t':
        out.append(attribute ? "&#9;" : "\t");
        break;
      case '\n':
        out.append(attribute ? "&#10;" : "\n");
        break;
      case '\r':
        out.append("&#13;");
        break;
      default:
        out.append(text.substr(start, i - start));
    }
  }
  return out;
}

void JunitReport::on_input_start(std::string_view file) {
  suites_.push_back({std::string(file), {}});
}

void JunitReport::on_problem(const replay::Problem& problem) {
  std::string record;
  json::Writer writer(record);
  write_problem_record(writer, problem);
  if (suites_.empty()) suites_.push_back({std::string(problem.file), {}});
  Finding finding{suites_.size() - 1, problem.kind == replay::ProblemKind::Malformed,
                  std::string(replay::json_name(problem.kind)), std::string(problem.message),
                  std::move(record)};
  if (problem.cell != nullptr) {
    const replay::CellKey& key = problem.cell_key;
    cell_findings_[{key.kind, std::string(key.key), key.input}].push_back(std::move(finding));
    return;
  }
  suites_.back().loose.push_back(
      {std::string(problem.file) + ":" + std::to_string(problem.line), std::move(finding)});
}

void JunitReport::on_input_error(std::string_view message) {
  if (suites_.empty()) suites_.push_back({"input", {}});
  suites_.back().loose.push_back(
      {"read " + suites_.back().name,
       Finding{suites_.size() - 1, true, "input", std::string(message), std::string(message)}});
}

std::size_t JunitReport::first_suite(const replay::CellTable& cells, std::size_t i) const {
  return std::min<std::size_t>(cells.first_input(i), suites_.size() - 1);
}

const std::vector<JunitReport::Finding>* JunitReport::findings_of(const replay::CellTable& cells,
                                                                  std::size_t i) const {
  const replay::CellKey key = cells.key(i);
  const auto found = cell_findings_.find({key.kind, std::string(key.key), key.input});
  return found == cell_findings_.end() ? nullptr : &found->second;
}

std::string JunitReport::render(const replay::CellTable& cells, bool ended) const {
  // Cells by the suite of their first input, and by the suite of any later
  // input that has findings about them; each list in the cells' order.
  std::vector<std::vector<std::size_t>> cells_of(suites_.size());
  for (std::size_t i = 0; i < cells.size(); ++i) {
    const std::size_t first = first_suite(cells, i);
    cells_of[first].push_back(i);
    const std::vector<Finding>* findings = findings_of(cells, i);
    if (findings == nullptr) continue;
    std::size_t last_added = first;
    for (const Finding& f : *findings) {
      if (f.suite != first && f.suite != last_added && f.suite < suites_.size()) {
        cells_of[f.suite].push_back(i);
        last_added = f.suite;
      }
    }
  }
  auto finding_xml = [](const Finding& f) {
    const char* tag = f.is_error ? "error" : "failure";
    return std::string("      <") + tag + " type=\"" + xml_escape(f.type, true) + "\" message=\"" +
           xml_escape(f.message, true) + "\">" + xml_escape(f.body, false) + "</" + tag + ">\n";
  };

  std::string suites_xml;
  std::size_t total_tests = 0;
  std::size_t total_failures = 0;
  std::size_t total_errors = 0;
  for (std::size_t s = 0; s < suites_.size(); ++s) {
    const Suite& suite = suites_[s];
    const std::string classname = xml_escape(suite.name, true);
    std::string cases;
    std::size_t failures = 0;
    std::size_t errors = 0;
    for (const std::size_t i : cells_of[s]) {
      const CellStateProjection& cell = cells[i];
      cases += "    <testcase classname=\"" + classname + "\" name=\"" +
               xml_escape(case_name(cell), true) + "\"";
      std::string failures_xml;
      if (ended && failing_.fails(cell) && s == first_suite(cells, i)) {
        std::string snapshot;
        json::Writer writer(snapshot);
        write_snapshot(writer, cell);
        failures_xml +=
            finding_xml({s, false, "failedState", failed_state_message(cell), snapshot});
      }
      if (const std::vector<Finding>* findings = findings_of(cells, i)) {
        for (const Finding& f : *findings) {
          if (f.suite == s) failures_xml += finding_xml(f);
        }
      }
      if (failures_xml.empty()) {
        cases += "/>\n";
        continue;
      }
      ++failures;
      cases += ">\n" + failures_xml + "    </testcase>\n";
    }
    for (const LooseCase& loose : suite.loose) {
      (loose.finding.is_error ? errors : failures) += 1;
      cases += "    <testcase classname=\"" + classname + "\" name=\"" +
               xml_escape(loose.name, true) + "\">\n" + finding_xml(loose.finding) +
               "    </testcase>\n";
    }
    const std::size_t tests = cells_of[s].size() + suite.loose.size();
    suites_xml.append("  <testsuite name=\"").append(classname);
    suites_xml.append("\" tests=\"").append(std::to_string(tests));
    suites_xml.append("\" failures=\"").append(std::to_string(failures));
    suites_xml.append("\" errors=\"").append(std::to_string(errors));
    suites_xml.append("\" skipped=\"0\">\n").append(cases).append("  </testsuite>\n");
    total_tests += tests;
    total_failures += failures;
    total_errors += errors;
  }
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"cellos-project\" "
         "tests=\"" +
         std::to_string(total_tests) + "\" failures=\"" + std::to_string(total_failures) +
         "\" errors=\"" + std::to_string(total_errors) + "\">\n" + suites_xml + "</testsuites>\n";
}

void JunitReport::on_finish(const replay::CellTable& cells, const replay::ReplayStats& /*stats*/,
                            replay::ReplayEnd end) {
  if (suites_.empty()) suites_.push_back({"<stdin>", {}});
  const bool ended = end == replay::ReplayEnd::Completed;
  if (std::string why = write_file_atomically(path_, render(cells, ended)); !why.empty()) {
    error_ = "cannot write the JUnit report: " + why;
  }
}

}  // namespace cellos::report
