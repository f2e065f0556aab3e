// SPDX-License-Identifier: Apache-2.0
#include "report_sinks.hpp"

#include <cstdio>
#include <string>

namespace cellos::app {

ReportSinks::ReportSinks(const Options& options)
    : diagnostics_(stderr),
      annotate_(options.github_annotations),
      annotations_(stderr, {options.fail_on_states}) {
  if (!options.junit.empty())
    junit_.emplace(options.junit, report::FailingStates{options.fail_on_states});
  if (!options.html.empty()) html_.emplace(options.html);
  if (!options.metrics_file.empty()) metrics_.emplace(options.metrics_file);
}

void ReportSinks::add_to(replay::SinkList& sinks, replay::ReplaySink& printer) {
  sinks.add(diagnostics_);
  if (annotate_) sinks.add(annotations_);
  if (junit_) sinks.add(*junit_);
  if (html_) sinks.add(*html_);
  if (metrics_) sinks.add(*metrics_);
  sinks.add(printer);
}

bool ReportSinks::report_unwritten_files() const {
  bool unwritten = false;
  for (const std::string* error :
       {junit_ ? &junit_->error() : nullptr, html_ ? &html_->error() : nullptr,
        metrics_ ? &metrics_->error() : nullptr}) {
    if (error == nullptr || error->empty()) continue;
    std::fprintf(stderr, "cellos-project: %s\n", error->c_str());
    unwritten = true;
  }
  return unwritten;
}

}  // namespace cellos::app
