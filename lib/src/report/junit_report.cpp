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

std::vector<std::vector<std::size_t>> JunitReport::cells_by_suite(
    const replay::CellTable& cells) const {
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
  return cells_of;
}

std::string JunitReport::finding_xml(const Finding& f) {
  const char* tag = f.is_error ? "error" : "failure";
  return std::string("      <") + tag + " type=\"" + xml_escape(f.type, true) + "\" message=\"" +
         xml_escape(f.message, true) + "\">" + xml_escape(f.body, false) + "</" + tag + ">\n";
}

std::string JunitReport::cell_findings_xml(const replay::CellTable& cells, std::size_t i,
                                           std::size_t suite, bool ended) const {
  std::string xml;
  if (ended && failing_.fails(cells[i]) && suite == first_suite(cells, i)) {
    std::string snapshot;
    json::Writer writer(snapshot);
    write_snapshot(writer, cells[i]);
    xml += finding_xml({suite, false, "failedState", failed_state_message(cells[i]), snapshot});
  }
  if (const std::vector<Finding>* findings = findings_of(cells, i)) {
    for (const Finding& f : *findings) {
      if (f.suite == suite) xml += finding_xml(f);
    }
  }
  return xml;
}

std::string JunitReport::suite_xml(std::size_t s, const replay::CellTable& cells,
                                   const std::vector<std::size_t>& suite_cells, bool ended,
                                   Counts& counts) const {
  const Suite& suite = suites_[s];
  const std::string classname = xml_escape(suite.name, true);
  std::string cases;
  Counts own{.tests = suite_cells.size() + suite.loose.size()};
  for (const std::size_t i : suite_cells) {
    cases += "    <testcase classname=\"" + classname + "\" name=\"" +
             xml_escape(case_name(cells[i]), true) + "\"";
    const std::string findings = cell_findings_xml(cells, i, s, ended);
    if (findings.empty()) {
      cases += "/>\n";
      continue;
    }
    ++own.failures;
    cases += ">\n" + findings + "    </testcase>\n";
  }
  for (const LooseCase& loose : suite.loose) {
    (loose.finding.is_error ? own.errors : own.failures) += 1;
    cases += "    <testcase classname=\"" + classname + "\" name=\"" +
             xml_escape(loose.name, true) + "\">\n" + finding_xml(loose.finding) +
             "    </testcase>\n";
  }
  counts.tests += own.tests;
  counts.failures += own.failures;
  counts.errors += own.errors;
  std::string xml = "  <testsuite name=\"" + classname;
  xml.append("\" tests=\"").append(std::to_string(own.tests));
  xml.append("\" failures=\"").append(std::to_string(own.failures));
  xml.append("\" errors=\"").append(std::to_string(own.errors));
  xml.append("\" skipped=\"0\">\n").append(cases).append("  </testsuite>\n");
  return xml;
}

std::string JunitReport::render(const replay::CellTable& cells, bool ended) const {
  const std::vector<std::vector<std::size_t>> cells_of = cells_by_suite(cells);
  std::string suites_xml;
  Counts total;
  for (std::size_t s = 0; s < suites_.size(); ++s) {
    suites_xml += suite_xml(s, cells, cells_of[s], ended, total);
  }
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"cellos-project\" "
         "tests=\"" +
         std::to_string(total.tests) + "\" failures=\"" + std::to_string(total.failures) +
         "\" errors=\"" + std::to_string(total.errors) + "\">\n" + suites_xml + "</testsuites>\n";
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
