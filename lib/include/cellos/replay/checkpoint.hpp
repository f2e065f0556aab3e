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
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "cellos/replay/cell_table.hpp"
#include "cellos/replay/replayer.hpp"

struct sqlite3;

namespace cellos::replay {

namespace detail {
class BlobReader;
}  // namespace detail

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
  // The state format this build writes, and the newest it reads. Formats 1
  // (each chunk's keys among its states) and 2 (no key hashes) are read
  // too, and rewritten as format 3 by the next checkpoint.
  static constexpr int kFormat = 3;

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

  // Restores the cells into `replayer`, before it reads any input: every
  // cell's key hash now (its key, from a format-2 file), each chunk's keys
  // and states when the replay first needs one of its cells
  // (Replayer::defer_restored_cells). The checkpoint must outlive that use;
  // a chunk found damaged then stops the replay (Replayer::load_error).
  void restore(Replayer& replayer);

  // Loads what the next save() writes whole and is not loaded yet (the last
  // stored chunk, when new cells join it). Call on the replaying thread
  // before save(); returns "" or why it could not.
  std::string prepare_save(Replayer& replayer);

  // Writes the checkpoint in one transaction: the settings, the inputs, the
  // chunks of cells that changed, and the new problem records. Only reads
  // `replayer`.
  void save(const Replayer& replayer, const std::map<std::string, std::string>& settings,
            const std::vector<StoredInput>& inputs, const std::vector<std::string>& new_problems);

 private:
  void execute(const char* sql);
  void check_format();
  void load_settings_and_inputs();
  void restore_format_1(Replayer& replayer);
  // Calls on_chunk(chunk, cells, blob) for each row of a table with a blob
  // per chunk, in order, each checked (none missing, its checksum, its count
  // of cells); throws CheckpointError at damage. `what` names the blobs.
  template <class OnChunk>
  void read_chunk_table(const std::string& select, const std::string& what, OnChunk on_chunk);
  // Format 2: every cell's key.
  void restore_keys(Replayer& replayer);
  // Format 3: every cell's key hash; keys come with their chunk's states.
  void restore_key_hashes(Replayer& replayer);
  // One chunk's states as read, to be decoded on any thread.
  struct ChunkStates {
    std::size_t chunk = 0;
    std::size_t end = 0;         // its cells: chunk * 4096 up to this
    std::string body;            // kept from chunk to chunk
    std::uint64_t checksum = 0;  // stored with it, checked when it is decoded
  };
  // Decodes one chunk's states (and keys, when not read yet) into its
  // restored cells; "" or why not.
  std::string load_chunk(Replayer& replayer, std::size_t chunk);
  // The same for every chunk not loaded yet, decoded on `threads` threads.
  std::string load_all_chunks(Replayer& replayer, unsigned threads);
  // Every chunk not loaded yet, checked on `threads` threads and kept in the
  // replayer's stored states (Replayer::keep_stored_states); "" or why not.
  std::string keep_all_chunks(Replayer& replayer, unsigned threads);
  // What read_chunk() does with a chunk's keys when its cells have none:
  // gives the cells their keys, or only checks them (checksum and count).
  enum class KeysRead : std::uint8_t { Load, Check };
  // Reads every chunk not loaded yet on this thread and calls
  // process(ChunkStates&) for each on one of `threads` others as soon as it
  // is read; "" or the first chunk's error.
  template <class Process>
  std::string for_unloaded_chunks(Replayer& replayer, unsigned threads, KeysRead keys,
                                  Process process);
  // Reads a chunk's states through `bodies`, and reads its keys as `keys`
  // says when its cells have none; "" or why not.
  std::string read_chunk(Replayer& replayer, std::size_t chunk, KeysRead keys,
                         detail::BlobReader& bodies, ChunkStates& states);
  // Checks what read_chunk() read against its checksum and splits it into
  // its cells' states, each given to on_state(state), which may refuse it;
  // "" or why not.
  template <class OnState>
  std::string check_states(const ChunkStates& states, OnState on_state) const;
  // Checks what read_chunk() read, decodes it into the chunk's cells and
  // marks them loaded. Chunks are decoded side by side: this touches only
  // their cells.
  std::string decode_states(Replayer& replayer, const ChunkStates& states) const;
  // Checks what read_chunk() read (checksum, and every state parses) and
  // keeps what printing reads of each state in `kept`.
  std::string keep_states(const ChunkStates& states, detail::StoredStates::Chunk& kept) const;
  // Checks the keys of `chunk` up to `end` (checksum and count) and, with
  // KeysRead::Load, gives them to its cells; "" or why not.
  std::string read_keys(Replayer& replayer, std::size_t chunk, std::size_t end, KeysRead keys);
  void write_chunks(const Replayer& replayer, const std::set<std::size_t>& chunks);
  [[nodiscard]] std::string damaged(std::size_t chunk, const std::string& why) const;

  std::string path_;
  sqlite3* db_ = nullptr;
  bool is_new_ = false;
  bool saved_ = false;
  std::map<std::string, std::string> settings_;
  std::vector<StoredInput> inputs_;
  int stored_format_ = kFormat;
  std::uint64_t stored_cells_ = 0;    // cells the file holds
  std::uint64_t restored_cells_ = 0;  // of those, restored by this run
};

}  // namespace cellos::replay
