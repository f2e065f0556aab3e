// SPDX-License-Identifier: Apache-2.0
// The human lines on stderr that go with every output format.
#pragma once

#include <cstdio>
#include <string_view>

#include "cellos/replay/sink.hpp"

namespace cellos::report {

// Human lines on stderr: `cellos-project: FILE:LINE: KIND: MESSAGE` for each
// problem and the reason for each failed input. The first malformed line
// that looks like JSON after a prefix (a CI log) is followed by one
// `cellos-project: hint: ...` line naming --json-from-first-brace.
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
  bool hinted_ = false;
};

}  // namespace cellos::report
