// SPDX-License-Identifier: Apache-2.0
// `--github-annotations`: one GitHub Actions workflow command per problem,
//   ::error file=F,line=L,title=cellos-project::MESSAGE
// on stderr, so a failing replay shows up on the offending line of the log in
// the Actions UI while stdout stays clean NDJSON. Values are escaped as the
// runner requires.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "cellos/replay/sink.hpp"
#include "cellos/report/failing_states.hpp"

namespace cellos::report {

// The runner's escaping: % CR LF in messages; also : and , in properties.
std::string escape_workflow_data(std::string_view text);
std::string escape_workflow_property(std::string_view text);

class GithubAnnotations final : public replay::ReplaySink {
 public:
  explicit GithubAnnotations(std::FILE* stream, FailingStates failing = {})
      : stream_(stream), failing_(std::move(failing)) {}
  void on_input_start(std::string_view file) override { inputs_.emplace_back(file); }
  void on_problem(const replay::Problem& problem) override;
  void on_input_error(std::string_view message) override;
  void on_finish(const replay::CellTable& cells, const replay::ReplayStats& stats,
                 replay::ReplayEnd end) override;

 private:
  void write(const std::string& line);

  std::FILE* stream_;
  FailingStates failing_;
  std::vector<std::string> inputs_;  // by input number
};

}  // namespace cellos::report
