// SPDX-License-Identifier: Apache-2.0
#include "cellos/report/summary_printer.hpp"

#include <algorithm>
#include <cstdio>
#include <map>

#include "cellos/base/utf8.hpp"

namespace cellos::report {

namespace {

// "  label        value\n", the label padded to one column.
void row(std::string& text, std::string_view label, const std::string& value) {
  constexpr std::size_t kLabelWidth = 13;
  text.append("  ").append(label);
  text.append(kLabelWidth > label.size() ? kLabelWidth - label.size() : 1, ' ');
  text.append(value).push_back('\n');
}

std::string share(std::uint64_t part, std::uint64_t whole) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%5.1f%%",
                whole == 0 ? 0.0 : 100.0 * static_cast<double>(part) / static_cast<double>(whole));
  return buffer;
}

// (count, name) pairs, most frequent first, ties by name.
template <class Key>
std::vector<std::pair<std::uint64_t, Key>> by_count(const std::map<Key, std::uint64_t>& counts) {
  std::vector<std::pair<std::uint64_t, Key>> sorted;
  sorted.reserve(counts.size());
  for (const auto& [key, count] : counts) sorted.emplace_back(count, key);
  std::ranges::stable_sort(sorted, [](const auto& a, const auto& b) { return a.first > b.first; });
  return sorted;
}

std::string padded_count(std::uint64_t count, std::size_t width) {
  std::string number = std::to_string(count);
  return std::string(width > number.size() ? width - number.size() : 0, ' ') + number;
}

}  // namespace

void SummaryPrinter::on_input_start(std::string_view file) {
  if (inputs_.empty()) started_ = std::chrono::steady_clock::now();
  inputs_.emplace_back(file);
}

void SummaryPrinter::on_problem(const replay::Problem& problem) {
  if (first_problem_.empty())
    first_problem_ = std::string(problem.file) + ":" + std::to_string(problem.line);
}

void SummaryPrinter::on_input_error(std::string_view /*message*/) {
  ++unreadable_inputs_;
}

void SummaryPrinter::write_cells(std::string& text, const replay::CellTable& cells) const {
  std::map<std::string_view, std::uint64_t> states;
  std::map<std::string, std::uint64_t> errors;
  std::uint64_t total = 0;
  std::uint64_t failing = 0;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (!selection_.matches(cells, i)) continue;
    const CellStateProjection& cell = cells[i];
    ++total;
    ++states[json_name(cell.current_state())];
    if (const auto error = cell.last_error()) ++errors[utf8::for_terminal(*error)];
    if (failing_.fails(cell)) ++failing;
  }
  std::string value = std::to_string(total);
  if (!failing_.empty()) value += " (" + std::to_string(failing) + " in a --fail-on-state state)";
  row(text, "cells", value);
  const std::size_t width = std::to_string(total).size();
  for (const auto& [count, state] : by_count(states)) {
    std::string line = "    " + std::string(state);
    line.append(line.size() < 24 ? 24 - line.size() : 1, ' ');
    text.append(line + padded_count(count, width) + "  " + share(count, total) + "\n");
  }
  if (errors.empty()) return;
  row(text, "last errors", "most frequent first");
  const auto sorted = by_count(errors);
  const std::size_t shown = std::min(sorted.size(), kTopErrors);
  for (std::size_t i = 0; i < shown; ++i)
    text.append("    " + padded_count(sorted[i].first, width) + "  " + sorted[i].second + "\n");
  if (sorted.size() > shown)
    text.append("    (" + std::to_string(sorted.size() - shown) + " more distinct errors)\n");
}

void SummaryPrinter::write_problems(std::string& text, const replay::ReplayStats& stats,
                                    replay::ReplayEnd end) const {
  std::string value;
  auto add = [&value](std::uint64_t count, std::string_view what) {
    if (count == 0) return;
    value += (value.empty() ? "" : ", ") + std::to_string(count) + " " + std::string(what);
  };
  add(stats.rejected, "rejected");
  add(stats.malformed, "malformed");
  add(unreadable_inputs_, unreadable_inputs_ == 1 ? "unreadable input" : "unreadable inputs");
  row(text, "problems", value.empty() ? "none" : value);
  if (end == replay::ReplayEnd::StoppedAtProblem) {
    row(text, "stopped",
        "at the first problem, " + utf8::for_terminal(first_problem_) + " (-k replays everything)");
  }
}

void SummaryPrinter::write_inputs(std::string& text, const replay::ReplayStats& stats) const {
  constexpr std::size_t kNamed = 5;
  std::string names;
  for (std::size_t i = 0; i < inputs_.size() && i < kNamed; ++i)
    names += (i == 0 ? ": " : ", ") + utf8::for_terminal(inputs_[i]);
  if (inputs_.size() > kNamed)
    names += ", and " + std::to_string(inputs_.size() - kNamed) + " more";
  row(text, "inputs", std::to_string(inputs_.size()) + names);
  row(text, "lines",
      std::to_string(stats.lines) + ": " + std::to_string(stats.events) + " events, " +
          std::to_string(stats.blank) + " blank, " + std::to_string(stats.skipped) + " skipped, " +
          std::to_string(stats.malformed) + " malformed");
  std::string events = std::to_string(stats.applied) + " applied, " +
                       std::to_string(stats.ignored) + " ignored (duplicates), " +
                       std::to_string(stats.rejected) + " rejected, " +
                       std::to_string(stats.unrouted) + " for no cell";
  if (stats.after_until > 0) events += ", " + std::to_string(stats.after_until) + " after --until";
  row(text, "events", events);
}

void SummaryPrinter::on_finish(const replay::CellTable& cells, const replay::ReplayStats& stats,
                               replay::ReplayEnd end) {
  std::string text;
  write_cells(text, cells);
  write_problems(text, stats, end);
  write_inputs(text, stats);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
  char buffer[96];
  std::snprintf(buffer, sizeof buffer, "%.3f s, %.1f MB read", seconds,
                static_cast<double>(stats.bytes) / 1e6);
  row(text, "time", buffer);
  out_.write(text);
}

}  // namespace cellos::report
