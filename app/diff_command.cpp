// SPDX-License-Identifier: Apache-2.0
#include "diff_command.hpp"

#include <cstdio>

#include "cellos/base/utf8.hpp"
#include "cellos/input/byte_source.hpp"
#include "cellos/replay/checkpoint.hpp"
#include "cellos/replay/sink.hpp"
#include "cellos/report/diff_printer.hpp"

namespace cellos::app {

namespace {

// Whether `path` is an SQLite database (a state file, or meant as one).
bool is_sqlite_file(const std::string& path) {
  constexpr std::string_view kMagic("SQLite format 3\0", 16);
  try {
    return input::read_bytes_at(path, 0, kMagic.size(), {}) == kMagic;
  } catch (const input::InputError&) {
    return false;  // read_result says why
  }
}

// The cells of a --checkpoint state file, restored as a resumed run would.
// The file is opened and locked as a run does: one in use is refused at once.
bool read_state_file(const std::string& path, report::SnapshotSet& result, std::string& error) {
  try {
    replay::Checkpoint checkpoint(path);
    replay::SinkList no_sinks;
    replay::Replayer replayer({}, no_sinks);
    checkpoint.restore(replayer);
    if (std::string why = replayer.load_all_cells(); !why.empty()) {
      error = std::move(why);
      return false;
    }
    result.take(replayer.cells());
  } catch (const replay::CheckpointError& e) {
    error = e.what();
    return false;
  }
  return true;
}

}  // namespace

bool read_result(const std::string& path, report::SnapshotSet& result, std::string& error) {
  if (is_sqlite_file(path)) return read_state_file(path, result, error);
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
