// SPDX-License-Identifier: Apache-2.0
#include "diff_command.hpp"

#include <cstdio>

#include "cellos/base/utf8.hpp"
#include "cellos/input/byte_source.hpp"
#include "cellos/report/diff_printer.hpp"

namespace cellos::app {

bool read_result(const std::string& path, report::SnapshotSet& result, std::string& error) {
  std::string text;
  try {
    const auto source = input::open_input(path);
    char buffer[1 << 16];
    while (const std::size_t n = source->read(buffer, sizeof buffer)) text.append(buffer, n);
  } catch (const input::InputError& e) {
    error = e.what();
    return false;
  }
  if (result.read(text, input::display_name(path))) return true;
  error = result.error();
  return false;
}

int run_diff(const DiffOptions& options) {
  report::SnapshotSet before;
  report::SnapshotSet after;
  std::string error;
  if (!read_result(options.before, before, error) || !read_result(options.after, after, error)) {
    std::fprintf(stderr, "cellos-project: diff: %s\n", utf8::for_terminal(error).c_str());
    return 3;
  }
  const auto differences = report::diff_snapshots(before, after, options.ignored);
  std::string out;
  if (options.table) {
    if (!differences.empty()) {
      out = report::diff_table(differences, {.color = wants_color(options.color)});
    }
  } else {
    out = report::diff_ndjson(differences);
  }
  if (std::fwrite(out.data(), 1, out.size(), stdout) != out.size() || std::fflush(stdout) != 0) {
    std::fprintf(stderr, "cellos-project: cannot write output\n");
    return 3;
  }
  return differences.empty() ? 0 : 1;
}

}  // namespace cellos::app
