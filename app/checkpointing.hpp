// SPDX-License-Identifier: Apache-2.0
// --checkpoint FILE around a replay of files: the state file opened and
// locked, its settings checked against this run's options, its cells restored,
// each input matched to what the state file knows of it (by content, so a
// rotated or compressed file is still known) and resumed after its last whole
// line, and, when the run ends cleanly, one transaction that records it all.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "cellos/replay/checkpoint.hpp"
#include "cellos/replay/replayer.hpp"
#include "cellos/replay/sink.hpp"
#include "options.hpp"

namespace cellos::app {

// The problems of this run as compact records, for the state file.
class ProblemRecorder final : public replay::ReplaySink {
 public:
  void on_problem(const replay::Problem& problem) override;
  void on_finish(const replay::CellTable& /*cells*/, const replay::ReplayStats& /*stats*/,
                 replay::ReplayEnd /*end*/) override {}
  [[nodiscard]] const std::vector<std::string>& records() const { return records_; }

 private:
  std::vector<std::string> records_;
};

class CheckpointedRun {
 public:
  // Opens and locks the state file. Throws replay::CheckpointError.
  explicit CheckpointedRun(const Options& options);

  // Why this run's options cannot go on from the state file (a setting that
  // changes results differs), or empty.
  [[nodiscard]] std::string settings_conflict() const;

  void restore(replay::Replayer& replayer) { checkpoint_.restore(replayer); }

  // The order to replay `inputs` in (indexes into it): those that continue
  // an input the state file knows first, oldest first (a rotated
  // events.jsonl.1.gz before the new events.jsonl), then the others as given.
  std::vector<std::size_t> order(const std::vector<std::string>& inputs);

  // Replays one input, going on where the state file says. False when the
  // replay must stop. An input whose replayed part changed fails (exit 3).
  bool replay(replay::Replayer& replayer, const std::string& path,
              const input::FollowOptions* follow);

  // Writes the checkpoint when the run may be recorded: it did not stop at a
  // problem and no input failed. Returns why not, or a write error, or "".
  std::string finish(const replay::Replayer& replayer, const ProblemRecorder& problems);

 private:
  // The stored input whose content begins with `head` (the most specific), or -1.
  [[nodiscard]] int match(const std::string& head) const;
  // The same for a file, whose first bytes are read once per run. Throws InputError.
  int match_path(const std::string& path);
  void record(const std::string& path, const replay::InputPosition& position, int matched);

  const Options& options_;
  replay::Checkpoint checkpoint_;
  std::vector<replay::StoredInput> inputs_;
  std::map<std::string, int> matches_;  // match_path's answers, by path
  bool damaged_input_ = false;          // an input no longer holds what was replayed of it
};

}  // namespace cellos::app
