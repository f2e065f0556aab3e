// One printer per output format, each a ReplaySink, plus the stderr
// diagnostics that go with all of them. The program picks one format
// printer and chains it after `Diagnostics` in a SinkList.
#pragma once

#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "cellos/replay/sink.hpp"
#include "cellos/report/cell_selection.hpp"
#include "cellos/report/output.hpp"

namespace cellos::report {

// `-o ndjson` (the default): one snapshot per line; without --keep-going a
// problem replaces them with one `{"error":<problem record>}` line.
class NdjsonPrinter final : public replay::ReplaySink {
 public:
  // Snapshots render on `threads` threads at the end (printed in order).
  NdjsonPrinter(Output& out, bool keep_going, CellSelection selection = {}, unsigned threads = 1)
      : out_(out), keep_going_(keep_going), selection_(std::move(selection)), threads_(threads) {}
  void on_problem(const replay::Problem& problem) override;
  void on_input_error(std::string_view /*message*/) override {}
  void on_finish(const replay::CellTable& cells, const replay::ReplayStats& stats,
                 replay::ReplayEnd end) override;

 private:
  Output& out_;
  bool keep_going_;
  CellSelection selection_;
  unsigned threads_;
  std::string first_problem_;
};

// `-o json`: one pretty document {"cells": [...], "errors": [...], "stats": {...}}.
class JsonDocumentPrinter final : public replay::ReplaySink {
 public:
  explicit JsonDocumentPrinter(Output& out, CellSelection selection = {})
      : out_(out), selection_(std::move(selection)) {}
  void on_input_start(std::string_view file) override { file_ = file; }
  void on_problem(const replay::Problem& problem) override;
  void on_input_error(std::string_view message) override;
  void on_finish(const replay::CellTable& cells, const replay::ReplayStats& stats,
                 replay::ReplayEnd end) override;

 private:
  struct FailedInput {
    std::string file;
    std::string message;
  };

  Output& out_;
  CellSelection selection_;
  // Each problem rendered when it happens: the reducer's state moves on.
  std::vector<std::string> errors_;
  std::string file_;  // the input being read
  // Inputs that could not be opened, read or decompressed (with -k: the
  // document is printed anyway, and says which and why).
  std::vector<FailedInput> failed_inputs_;
};

// How a table is laid out for the terminal it goes to.
struct TableStyle {
  bool color = false;     // the state in green / yellow / red (ANSI)
  std::size_t width = 0;  // cut long values so rows fit; 0: no limit
};

// `-o table`: aligned columns for a person at a terminal.
class TablePrinter final : public replay::ReplaySink {
 public:
  explicit TablePrinter(Output& out, CellSelection selection = {}, TableStyle style = {})
      : out_(out), selection_(std::move(selection)), style_(style) {}
  void on_problem(const replay::Problem& /*problem*/) override {}
  void on_input_error(std::string_view /*message*/) override {}
  void on_finish(const replay::CellTable& cells, const replay::ReplayStats& stats,
                 replay::ReplayEnd end) override;

 private:
  Output& out_;
  CellSelection selection_;
  TableStyle style_;
};

// `--trace`: the replay as a timeline, one NDJSON line per event that reached
// a cell, written as it happens:
//   {"file":"f","line":3,"cell":"c1","eventId":"e3","eventType":"…","outcome":"applied","currentState":"started"}
// (`"spec"` instead of `"cell"` for cells keyed by specId).
class TracePrinter final : public replay::ReplaySink {
 public:
  explicit TracePrinter(Output& out) : out_(out) {}
  [[nodiscard]] bool wants_events() const override { return true; }
  void on_event(const replay::EventTrace& event) override;
  void on_problem(const replay::Problem& /*problem*/) override {}
  void on_input_error(std::string_view /*message*/) override {}
  void on_finish(const replay::CellTable& /*cells*/, const replay::ReplayStats& /*stats*/,
                 replay::ReplayEnd /*end*/) override {}

 private:
  Output& out_;
};

// Human lines on stderr: `cellos-project: FILE:LINE: KIND: MESSAGE` for each
// problem and the reason for each failed input.
class ProgressMeter;

class Diagnostics final : public replay::ReplaySink {
 public:
  explicit Diagnostics(std::FILE* stream) : stream_(stream) {}
  // With a meter, lines go through it so they never interleave with its status line.
  void set_progress(ProgressMeter* meter) { meter_ = meter; }
  void on_problem(const replay::Problem& problem) override;
  void on_input_error(std::string_view message) override;
  void on_notice(std::string_view message) override;
  void on_finish(const replay::CellTable& cells, const replay::ReplayStats& stats,
                 replay::ReplayEnd end) override;

 private:
  void write(std::string_view line);

  std::FILE* stream_;
  ProgressMeter* meter_ = nullptr;
};

}  // namespace cellos::report
