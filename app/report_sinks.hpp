// SPDX-License-Identifier: Apache-2.0
// What a replay reports to besides the printer on stdout: the diagnostics on
// stderr, and the annotations and report files the options ask for.
#pragma once

#include <optional>

#include "cellos/replay/sink.hpp"
#include "cellos/report/diagnostics.hpp"
#include "cellos/report/github_annotations.hpp"
#include "cellos/report/html_report.hpp"
#include "cellos/report/junit_report.hpp"
#include "cellos/report/prometheus_metrics.hpp"
#include "options.hpp"

namespace cellos::app {

class ReportSinks {
 public:
  explicit ReportSinks(const Options& options);
  ReportSinks(const ReportSinks&) = delete;
  ReportSinks& operator=(const ReportSinks&) = delete;

  // Adds the diagnostics, then the reports the options ask for, then
  // `printer`: each event reaches them in that order.
  void add_to(replay::SinkList& sinks, replay::ReplaySink& printer);

  [[nodiscard]] report::Diagnostics& diagnostics() { return diagnostics_; }
  // The --metrics-file, or null.
  [[nodiscard]] report::PrometheusMetricsFile* metrics_file() {
    return metrics_ ? &*metrics_ : nullptr;
  }

  // After the replay: names on stderr each report file that could not be
  // written; true if there was any.
  [[nodiscard]] bool report_unwritten_files() const;

 private:
  report::Diagnostics diagnostics_;
  bool annotate_;
  report::GithubAnnotations annotations_;
  std::optional<report::JunitReport> junit_;
  std::optional<report::HtmlReport> html_;
  std::optional<report::PrometheusMetricsFile> metrics_;
};

}  // namespace cellos::app
