// SPDX-License-Identifier: Apache-2.0
// Replaying: the printer, the sinks and the progress line around a Replayer,
// fed by the files of the command line or by a Kafka topic, and the exit code.
#pragma once

#include <atomic>
#include <functional>

#include "cellos/replay/replayer.hpp"
#include "options.hpp"

namespace cellos::app {

class CheckpointedRun;

// Feeds the replayer its input. `follow` is how --follow follows: its stop
// flag is set by SIGINT / SIGTERM, its on_wait writes the metrics file;
// `checkpointed` is the --checkpoint state, or null. Returns -1 when done, or
// an exit code that ends the run before any cell is printed (a usage error
// the input found).
using Feed = std::function<int(replay::Replayer& replayer, const input::FollowOptions& follow,
                               CheckpointedRun* checkpointed)>;

// The files of the command line, in order (standard input when none); with
// --checkpoint, each resumed where the state file says.
Feed replay_files(const Options& options);

// Replays what `feed` gives, prints the result as `options` asks, and ends
// the process with the exit code: tearing down millions of cells one free()
// at a time would only make the user wait.
[[noreturn]] void run_replay(const Options& options, const Feed& feed);

}  // namespace cellos::app
