// SPDX-License-Identifier: Apache-2.0
#include "checkpointing.hpp"

#include <algorithm>
#include <cstdio>

#include "cellos/base/checksum.hpp"
#include "cellos/base/rfc3339.hpp"
#include "cellos/json/writer.hpp"
#include "cellos/reducer/state_codec.hpp"
#include "cellos/report/problem_record.hpp"

namespace cellos::app {

namespace {

// The settings that change results, as the state file keeps them.
std::map<std::string, std::string> settings_of(const Options& options) {
  std::string until = "none";
  if (options.until) {
    until =
        std::to_string(options.until->seconds) + "." + std::to_string(options.until->nanoseconds);
  }
  return {
      {"max-depth", std::to_string(options.max_depth)},
      {"max-line-bytes", std::to_string(options.max_line_bytes)},
      {"json-from-first-brace", options.json_from_first_brace ? "yes" : "no"},
      {"skip-non-json", options.skip_non_json ? "yes" : "no"},
      {"until", until},
      {"cell-state-format", std::to_string(kCellStateVersion)},
  };
}

std::uint64_t hash_prefix(const std::string& bytes, std::uint64_t length) {
  return checksum64(std::string_view(bytes).substr(0, static_cast<std::size_t>(length)));
}

}  // namespace

void ProblemRecorder::on_problem(const replay::Problem& problem) {
  std::string record;
  json::Writer writer(record);
  report::write_problem_record(writer, problem);
  records_.push_back(std::move(record));
}

CheckpointedRun::CheckpointedRun(const Options& options)
    : options_(options),
      checkpoint_(options.checkpoint),
      inputs_(checkpoint_.inputs()),
      checkpoint_due_(options.checkpoint_interval) {}

std::string CheckpointedRun::settings_conflict() const {
  const auto& stored = checkpoint_.settings();
  for (const auto& [name, value] : settings_of(options_)) {
    const auto found = stored.find(name);
    if (found == stored.end() || found->second == value) continue;
    if (name == "cell-state-format") continue;  // read by the codec, which checks it
    std::string why = "--checkpoint " + checkpoint_.path();
    why.append(" was made with --").append(name).append(" ").append(found->second);
    why.append(", this run has ").append(value);
    why.append(
        ": they give other results. Replay with the same options, or start a new state file");
    return why;
  }
  return {};
}

int CheckpointedRun::match(const std::string& head) const {
  int best = -1;
  for (std::size_t i = 0; i < inputs_.size(); ++i) {
    const replay::StoredInput& known = inputs_[i];
    if (known.head_length == 0 || head.size() < known.head_length) continue;
    if (hash_prefix(head, known.head_length) != known.head_hash) continue;
    if (best < 0 || known.head_length > inputs_[static_cast<std::size_t>(best)].head_length)
      best = static_cast<int>(i);
  }
  return best;
}

int CheckpointedRun::match_path(const std::string& path) {
  if (const auto found = matches_.find(path); found != matches_.end()) return found->second;
  const input::DecompressOptions decompress{.zstd_max_window = options_.zstd_memory};
  const int matched = match(input::read_bytes_at(path, 0, replay::kInputSampleBytes, decompress));
  matches_.emplace(path, matched);
  return matched;
}

std::vector<std::size_t> CheckpointedRun::order(const std::vector<std::string>& inputs) {
  std::vector<std::pair<int, std::size_t>> known;  // (stored input, index)
  std::vector<std::size_t> fresh;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    int matched = -1;
    if (inputs[i] != "-") {
      try {
        matched = match_path(inputs[i]);
      } catch (const input::InputError&) {
        // Replayed in its place, where the error is reported.
      }
    }
    if (matched >= 0) {
      known.emplace_back(matched, i);
    } else {
      fresh.push_back(i);
    }
  }
  std::stable_sort(known.begin(), known.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::size_t> ordered;
  ordered.reserve(inputs.size());
  for (const auto& entry : known) ordered.push_back(entry.second);
  ordered.insert(ordered.end(), fresh.begin(), fresh.end());
  return ordered;
}

bool CheckpointedRun::replay(replay::Replayer& replayer, const std::string& path,
                             const input::FollowOptions* follow) {
  // Standard input is read whole every time: nothing tells it apart.
  if (path == "-") return replayer.replay_path(path, follow);
  const input::DecompressOptions decompress{.zstd_max_window = options_.zstd_memory};
  int matched = -1;
  std::optional<replay::InputPosition> from;
  try {
    matched = match_path(path);
    if (matched >= 0) {
      const replay::StoredInput& known = inputs_[static_cast<std::size_t>(matched)];
      const std::uint64_t tail_start = known.position.bytes - known.tail_length;
      const std::string tail = input::read_bytes_at(
          path, tail_start, static_cast<std::size_t>(known.tail_length), decompress);
      const std::string name = input::display_name(path);
      if (tail.size() < known.tail_length) {
        damaged_input_ = true;
        throw input::InputError(name + ": shorter than the " +
                                std::to_string(known.position.bytes) +
                                " bytes replayed of it before (as " + known.name +
                                "): it was truncated; the state file is left as it was");
      }
      if (checksum64(tail) != known.tail_hash) {
        damaged_input_ = true;
        throw input::InputError(name + ": the part replayed before (as " + known.name +
                                ", up to line " + std::to_string(known.position.lines) +
                                ") has changed; the state file is left as it was");
      }
      from = known.position;
    }
  } catch (const input::InputError& e) {
    replayer.begin_input(input::display_name(path));
    return replayer.fail_input(e.what());
  }
  input::FollowOptions following;
  if (follow != nullptr) {
    following = *follow;
    // The run's own hook (metrics) goes on being called after the checkpoint.
    following.on_wait = [this, &replayer, &path, &matched, outer = follow->on_wait] {
      checkpoint_while_following(replayer, path, matched);
      if (outer) outer();
    };
    follow = &following;
  }
  const bool go_on = replayer.replay_path(path, follow, from ? &*from : nullptr);
  record(path, replayer.position(), matched);
  return go_on;
}

void CheckpointedRun::checkpoint_while_following(replay::Replayer& replayer,
                                                 const std::string& path, int& matched) {
  if (!checkpoint_due_.due()) return;
  if (!unsavable(replayer).empty()) return;  // the final save says why
  matched = record(path, replayer.position(), matched);
  std::string why = checkpoint_.prepare_save(replayer);
  if (why.empty()) why = save(replayer);
  if (!why.empty()) {
    following_error_ = std::move(why);
  } else {
    replayer.mark_cells_saved();
  }
}

int CheckpointedRun::record(const std::string& path, const replay::InputPosition& position,
                            int matched) {
  if (position.bytes == 0) return matched;  // nothing of it replayed: nothing to recognise it by
  const input::DecompressOptions decompress{.zstd_max_window = options_.zstd_memory};
  replay::StoredInput input;
  input.name = path;
  input.position = position;
  try {
    input.head_length = std::min<std::uint64_t>(replay::kInputSampleBytes, position.bytes);
    const std::string head =
        input::read_bytes_at(path, 0, static_cast<std::size_t>(input.head_length), decompress);
    input.tail_length = std::min<std::uint64_t>(replay::kInputSampleBytes, position.bytes);
    const std::string tail =
        input::read_bytes_at(path, position.bytes - input.tail_length,
                             static_cast<std::size_t>(input.tail_length), decompress);
    if (head.size() != input.head_length || tail.size() != input.tail_length) return matched;
    input.head_hash = checksum64(head);
    input.tail_hash = checksum64(tail);
  } catch (const input::InputError&) {
    return matched;  // gone meanwhile: the next run reads it from its start
  }
  if (matched >= 0) {
    inputs_[static_cast<std::size_t>(matched)] = std::move(input);
    return matched;
  }
  inputs_.push_back(std::move(input));
  return static_cast<int>(inputs_.size() - 1);
}

std::string CheckpointedRun::unsavable(const replay::Replayer& replayer) const {
  if (damaged_input_) return "state not saved: an input no longer holds what was replayed of it";
  if (replayer.stats().input_errors > 0) return "state not saved: an input could not be read";
  if (replayer.end() == replay::ReplayEnd::StoppedAtProblem) {
    return "state not saved: the replay stopped at a problem (with -k it goes on and is saved)";
  }
  return {};
}

std::string CheckpointedRun::save(const replay::Replayer& replayer) {
  const std::vector<std::string>& records = problems_.records();
  try {
    checkpoint_.save(
        replayer, settings_of(options_), inputs_,
        {records.begin() + static_cast<std::ptrdiff_t>(problems_saved_), records.end()});
  } catch (const replay::CheckpointError& e) {
    return std::string("cannot save the state: ") + e.what();
  }
  problems_saved_ = records.size();
  return {};
}

std::string CheckpointedRun::prepare_finish(replay::Replayer& replayer) {
  if (!unsavable(replayer).empty()) return {};  // finish() says why
  return checkpoint_.prepare_save(replayer);
}

std::string CheckpointedRun::finish(const replay::Replayer& replayer) {
  if (std::string why = unsavable(replayer); !why.empty()) return why;
  if (std::string why = save(replayer); !why.empty()) return why;
  return following_error_;  // an earlier checkpoint failed, though this one did not
}

}  // namespace cellos::app
