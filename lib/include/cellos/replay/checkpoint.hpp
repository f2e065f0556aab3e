// SPDX-License-Identifier: Apache-2.0
// `--checkpoint FILE`: the state of a replay kept between runs, in SQLite, so
// that a later run goes on where this one ended. It holds each cell's complete
// reducer state in order of first appearance, each input's identity (by
// content, not name) and position, the problems so far, and the settings that
// change results. docs/state.md describes the schema.
//
// A checkpoint is one SQLite transaction: a run killed at any instant leaves
// the previous checkpoint or the next, never a mix. The file is locked for
// the whole run; a second run on it fails at once.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "cellos/replay/cell_table.hpp"
#include "cellos/replay/replayer.hpp"

struct sqlite3;

namespace cellos::replay {

// The state file cannot be used: in use, not ours, damaged, from a newer
// format, or not writable (exit 3; the file is left as it was).
class CheckpointError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// How many bytes at the start of an input name it, and before its position
// check that what was replayed is still there.
inline constexpr std::size_t kInputSampleBytes = 4096;

// An input as a checkpoint knows it: by the first bytes of its content (after
// decompression), and how far it was replayed.
struct StoredInput {
  std::string name;  // where it was last read
  std::uint64_t head_length = 0;
  std::uint64_t head_hash = 0;
  InputPosition position;
  std::uint64_t tail_length = 0;  // the bytes just before `position`
  std::uint64_t tail_hash = 0;
};

class Checkpoint {
 public:
  // The state format this build writes, and the newest it reads.
  static constexpr int kFormat = 1;

  // Opens FILE (a missing or empty one is a new state) and locks it.
  explicit Checkpoint(std::string path);
  ~Checkpoint();
  Checkpoint(const Checkpoint&) = delete;
  Checkpoint& operator=(const Checkpoint&) = delete;

  [[nodiscard]] bool is_new() const { return is_new_; }
  [[nodiscard]] const std::string& path() const { return path_; }
  // The settings stored by the runs before ("max-depth" → "127", ...).
  [[nodiscard]] const std::map<std::string, std::string>& settings() const { return settings_; }
  [[nodiscard]] const std::vector<StoredInput>& inputs() const { return inputs_; }

  // Restores the cells into `replayer`, before it reads any input.
  void restore(Replayer& replayer);

  // Writes the checkpoint in one transaction: the settings, the inputs, the
  // chunks of cells that changed, and the new problem records.
  void save(const CellTable& cells, const std::map<std::string, std::string>& settings,
            const std::vector<StoredInput>& inputs, const std::vector<std::string>& new_problems);

 private:
  void execute(const char* sql);
  void check_format();
  void load_settings_and_inputs();

  std::string path_;
  sqlite3* db_ = nullptr;
  bool is_new_ = false;
  bool saved_ = false;
  std::map<std::string, std::string> settings_;
  std::vector<StoredInput> inputs_;
  std::uint64_t stored_cells_ = 0;
};

}  // namespace cellos::replay
