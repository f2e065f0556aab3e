// SPDX-License-Identifier: Apache-2.0
// --checkpoint FILE around a replay of files: the state file opened and
// locked, its settings checked against this run's options, its cells restored,
// each input matched to what the state file knows of it (by content, so a
// rotated or compressed file is still known) and resumed after its last whole
// line, and, when the run ends cleanly, one transaction that records it all;
// while following, also one every --checkpoint-interval.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "cellos/replay/checkpoint.hpp"
#include "cellos/replay/replayer.hpp"
#include "cellos/replay/sink.hpp"
#include "options.hpp"
#include "periodic.hpp"

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

  // The problems of this run, to be recorded: add it to the replay's sinks.
  [[nodiscard]] replay::ReplaySink& problem_recorder() { return problems_; }

  // Replays one input, going on where the state file says. False when the
  // replay must stop. An input whose replayed part changed fails (exit 3).
  // A followed input is checkpointed every --checkpoint-interval while the
  // replay has caught up with it.
  bool replay(replay::Replayer& replayer, const std::string& path,
              const input::FollowOptions* follow);

  // Loads, on the replaying thread, what finish() will write and is not
  // loaded yet; returns "" or why it could not (the state file is damaged).
  std::string prepare_finish(replay::Replayer& replayer);

  // Writes the checkpoint when the run may be recorded: it did not stop at a
  // problem and no input failed. Returns why not, or a write error, or "".
  // Only reads the replayer (the cells, stats and end), so it may run while
  // the printers read the same cells.
  std::string finish(const replay::Replayer& replayer);

 private:
  // The stored input whose content begins with `head` (the most specific), or -1.
  [[nodiscard]] int match(const std::string& head) const;
  // The same for a file, whose first bytes are read once per run. Throws InputError.
  int match_path(const std::string& path);
  // Records where `path` (stored input `matched`, or a new one when -1)
  // stands; returns its index among the stored inputs (-1: not recorded).
  int record(const std::string& path, const replay::InputPosition& position, int matched);
  // Why the state may not be saved now, or "".
  [[nodiscard]] std::string unsavable(const replay::Replayer& replayer) const;
  // One checkpoint: the cells changed since the last one, the inputs, the new
  // problems. The caller marks the cells saved when it goes on replaying.
  std::string save(const replay::Replayer& replayer);
  // While following `path`: a checkpoint when the interval has passed.
  void checkpoint_while_following(replay::Replayer& replayer, const std::string& path,
                                  int& matched);

  const Options& options_;
  replay::Checkpoint checkpoint_;
  std::vector<replay::StoredInput> inputs_;
  std::map<std::string, int> matches_;  // match_path's answers, by path
  bool damaged_input_ = false;          // an input no longer holds what was replayed of it
  ProblemRecorder problems_;
  std::size_t problems_saved_ = 0;  // of problems_.records()
  Periodic checkpoint_due_;
  std::string following_error_;  // why a checkpoint while following failed
};

}  // namespace cellos::app
