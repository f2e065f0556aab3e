// SPDX-License-Identifier: Apache-2.0
#include "cellos/replay/checkpoint.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <bit>
#include <cstring>
#include <optional>
#include <set>

#include "base/byte_buffer.hpp"
#include "base/early_writeback.hpp"
#include "base/varint.hpp"
#include "cellos/base/checksum.hpp"
#include "cellos/reducer/state_codec.hpp"
#include "reducer/cell_prefetch.hpp"
#include "reducer/encode_cell_state.hpp"
#include "reducer/stored_cell_state.hpp"
#include "replay/read_and_process.hpp"
#include "replay/sqlite_library.hpp"
#include "replay/sqlite_statement.hpp"

namespace cellos::replay {

namespace {

using detail::BlobReader;
using detail::sqlite;
using detail::Statement;

// "CELO": what PRAGMA application_id says of our files.
constexpr int kApplicationId = 0x43454C4F;
// Cells are stored in chunks of this many, in order of first appearance; a
// checkpoint rewrites only the chunks that hold a changed cell.
constexpr std::size_t kChunkCells = 4096;

// Format 3: each chunk's keys apart from its states (format 2), and their
// hashes apart from both, so that a resumed run reads the hashes of every
// cell and the keys and states of only those it reaches.
constexpr const char* kSchema = R"(
CREATE TABLE settings(name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE inputs(seq INTEGER PRIMARY KEY, name TEXT NOT NULL, head_length INTEGER NOT NULL,
  head_hash INTEGER NOT NULL, bytes INTEGER NOT NULL, lines INTEGER NOT NULL,
  tail_length INTEGER NOT NULL, tail_hash INTEGER NOT NULL);
CREATE TABLE cell_chunks(chunk INTEGER PRIMARY KEY, cells INTEGER NOT NULL, body BLOB NOT NULL,
  checksum INTEGER NOT NULL);
CREATE TABLE cell_keys(chunk INTEGER PRIMARY KEY, cells INTEGER NOT NULL, keys BLOB NOT NULL,
  checksum INTEGER NOT NULL);
CREATE TABLE cell_hashes(chunk INTEGER PRIMARY KEY, cells INTEGER NOT NULL, hashes BLOB NOT NULL,
  checksum INTEGER NOT NULL);
CREATE TABLE problems(seq INTEGER PRIMARY KEY, record TEXT NOT NULL);
)";
// What formats 1 and 2 lack, added when their first checkpoint rewrites them.
constexpr const char* kTablesSinceFormat1 = R"(
CREATE TABLE IF NOT EXISTS cell_keys(chunk INTEGER PRIMARY KEY, cells INTEGER NOT NULL,
  keys BLOB NOT NULL, checksum INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS cell_hashes(chunk INTEGER PRIMARY KEY, cells INTEGER NOT NULL,
  hashes BLOB NOT NULL, checksum INTEGER NOT NULL);
)";

// A stored cell key from the front of `in`: its key space (0 cellId, 1
// specId) and the key, each after its length; nullopt when damaged.
std::optional<CellKey> next_key(std::string_view& in) {
  std::uint64_t kind = 0;
  std::uint64_t size = 0;
  if (!varint::get(in, kind) || kind > 1 || !varint::get(in, size) || size > in.size()) {
    return std::nullopt;
  }
  const std::string_view key = in.substr(0, static_cast<std::size_t>(size));
  in.remove_prefix(static_cast<std::size_t>(size));
  return CellKey{kind == 0 ? RouteKind::CellId : RouteKind::SpecId, key};
}

constexpr const char* kInsertHashes =
    "INSERT OR REPLACE INTO cell_hashes(chunk, cells, hashes, checksum) VALUES(?, ?, ?, ?)";

// Key hashes and a chunk's state sizes are stored little-endian, whatever
// the machine.
template <class Int>
Int byte_swapped(Int value) {
  static_assert(sizeof value == 4 || sizeof value == 8);
  if constexpr (sizeof value == 8) {
    return __builtin_bswap64(value);
  } else {
    return __builtin_bswap32(value);
  }
}

template <class Int>
Int load_little_endian(const char* bytes) {
  Int value = 0;
  std::memcpy(&value, bytes, sizeof value);
  if constexpr (std::endian::native == std::endian::big) value = byte_swapped(value);
  return value;
}

template <class Int>
void store_little_endian(Int value, char* bytes) {
  if constexpr (std::endian::native == std::endian::big) value = byte_swapped(value);
  std::memcpy(bytes, &value, sizeof value);
}

// The key hashes of `chunks`, as cell_hashes stores them.
void write_key_hashes(sqlite3* db, const CellTable& cells, const std::set<std::size_t>& chunks) {
  Statement row(db, kInsertHashes);
  std::string hashes;
  for (const std::size_t chunk : chunks) {
    const std::size_t first = chunk * kChunkCells;
    const std::size_t end = std::min(cells.size(), first + kChunkCells);
    hashes.assign((end - first) * 8, '\0');
    for (std::size_t i = first; i < end; ++i) {
      store_little_endian(cells.stored_key_hash(i), hashes.data() + (i - first) * 8);
    }
    row.bind(1, static_cast<std::int64_t>(chunk))
        .bind(2, static_cast<std::int64_t>(end - first))
        .bind_blob(3, hashes)
        .bind(4, static_cast<std::int64_t>(checksum64(hashes)))
        .run();
  }
}

// What is wrong with a row of a table with a blob per chunk, whose columns
// from `at` on are (cells, blob, checksum): its blob's checksum, an
// implausible count of cells; "" when nothing. `what` names the blobs.
std::string chunk_row_damage(Statement& row, int at, const std::string& what) {
  if (static_cast<std::uint64_t>(row.integer(at + 2)) != checksum64(row.blob(at + 1))) {
    return "checksum of its " + what;
  }
  const std::int64_t cells = row.integer(at);
  if (cells <= 0 || cells > static_cast<std::int64_t>(kChunkCells)) return "its number of cells";
  return {};
}

// Parses the `cells` stored keys of a chunk, giving each to on_key(i, key),
// which may refuse it; "" or what is wrong.
template <class OnKey>
std::string parse_keys(std::string_view in, std::size_t cells, OnKey on_key) {
  for (std::size_t i = 0; i < cells; ++i) {
    const std::optional<CellKey> key = next_key(in);
    if (!key || !on_key(i, *key)) return "a key";
  }
  return in.empty() ? std::string() : "bytes after its keys";
}

// Splits a chunk's stored states (each after its length: 4 bytes,
// little-endian) into the `cells` states, giving each to on_state(state),
// which may refuse it; "" or what is wrong.
template <class OnState>
std::string split_states(std::string_view in, std::size_t cells, OnState on_state) {
  for (std::size_t i = 0; i < cells; ++i) {
    if (in.size() < sizeof(std::uint32_t)) return "a cell's state";
    const auto size = load_little_endian<std::uint32_t>(in.data());
    in.remove_prefix(sizeof size);
    if (size > in.size() || !on_state(in.substr(0, size))) return "a cell's state";
    in.remove_prefix(size);
  }
  return in.empty() ? std::string() : "bytes after its cells";
}

bool file_is_empty_or_missing(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) != 0 || st.st_size == 0;
}

// Whether the chunk that starts at cell `first` holds a cell changed since
// the last checkpoint, or one the file does not have yet.
bool holds_unsaved_cells(const CellTable& cells, std::size_t first, std::size_t stored_cells) {
  const std::size_t end = std::min(cells.size(), first + kChunkCells);
  if (end > stored_cells) return true;
  for (std::size_t i = first; i < end; ++i) {
    if (cells.unsaved(i)) return true;
  }
  return false;
}

// Appends the states of cells [first, end) to `body`, each after its size (4
// bytes, little-endian), and their keys to `keys`.
void encode_chunk(const CellTable& cells, std::size_t first, std::size_t end, ByteBuffer& body,
                  std::string& keys) {
  for (std::size_t i = first; i < end; ++i) {
    cellos::detail::CellPrefetch::ahead_of(cells, i, end, cellos::detail::CellPrefetch::kWithIds);
    const CellKey key = cells.key(i);
    varint::put(keys, key.kind == RouteKind::CellId ? 0 : 1);
    varint::put(keys, key.key.size());
    keys.append(key.key);
    // Each state after its size (4 bytes, little-endian), filled in after.
    const std::size_t at = body.size();
    body.append(std::string_view("\0\0\0\0", 4));
    encode_cell_state(cells[i], body);
    store_little_endian(static_cast<std::uint32_t>(body.size() - at - 4), body.data() + at);
  }
}

}  // namespace

Checkpoint::Checkpoint(std::string path) : path_(std::move(path)) {
  is_new_ = file_is_empty_or_missing(path_);
  if (detail::sqlite_library().open_v2(
          path_.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK) {
    const std::string why = db_ != nullptr ? sqlite().errmsg(db_) : "out of memory";
    sqlite().close(db_);
    db_ = nullptr;
    throw CheckpointError(path_ + ": cannot open the state file: " + why);
  }
  try {
    // Held until the end of the run: a second run fails at once, never waits.
    sqlite().busy_timeout(db_, 0);
    execute("PRAGMA locking_mode=EXCLUSIVE");
    execute("PRAGMA synchronous=FULL");
    // A new file gets 64 KiB pages: a chunk of cells is a blob of ~1-2 MB,
    // which 4 KiB pages would split over ~400 overflow pages, each written
    // and journalled on its own. An existing file keeps the size it has.
    if (is_new_) execute("PRAGMA page_size=65536");
    execute("BEGIN EXCLUSIVE");
    check_format();
    if (!is_new_) load_settings_and_inputs();
    execute("COMMIT");
  } catch (const CheckpointError&) {
    sqlite().close(db_);
    db_ = nullptr;
    if (is_new_) ::unlink(path_.c_str());  // nothing of ours was ever written there
    throw;
  }
}

Checkpoint::~Checkpoint() {
  sqlite().close(db_);
  // A new state file that no run completed is not left behind, empty.
  if (is_new_ && !saved_) ::unlink(path_.c_str());
}

void Checkpoint::execute(const char* sql) {
  char* error = nullptr;
  if (sqlite().exec(db_, sql, nullptr, nullptr, &error) != SQLITE_OK) {
    const int code = sqlite().errcode(db_);
    std::string why = error != nullptr ? error : "unknown error";
    sqlite().free(error);
    if (code == SQLITE_BUSY || code == SQLITE_LOCKED) {
      throw CheckpointError(path_ +
                            ": the state file is in use by another cellos-project run; wait "
                            "for it, or give this run a state file of its own");
    }
    if (code == SQLITE_NOTADB) {
      throw CheckpointError(path_ +
                            ": not a cellos-project state file (not an SQLite database); it is "
                            "left as it is: give --checkpoint a file of its own");
    }
    if (code == SQLITE_CORRUPT) {
      throw CheckpointError(path_ + ": the state file is damaged (" + why +
                            "); it is left as it is: start again with a new state file");
    }
    throw CheckpointError(path_ + ": " + why);
  }
}

void Checkpoint::check_format() {
  Statement app(db_, "PRAGMA application_id");
  const std::int64_t application = app.step() ? app.integer(0) : 0;
  Statement version(db_, "PRAGMA user_version");
  const std::int64_t format = version.step() ? version.integer(0) : 0;
  Statement tables(db_, "SELECT count(*) FROM sqlite_schema");
  const std::int64_t table_count = tables.step() ? tables.integer(0) : 0;
  if (is_new_ || (application == 0 && table_count == 0)) {
    is_new_ = true;
    stored_format_ = kFormat;
    return;
  }
  if (application != kApplicationId) {
    throw CheckpointError(path_ +
                          ": an SQLite database of another application, not a cellos-project "
                          "state file; it is left as it is: give --checkpoint a file of its own");
  }
  if (format > kFormat) {
    throw CheckpointError(path_ + ": written by a newer cellos-project (state format " +
                          std::to_string(format) + "); this one reads format " +
                          std::to_string(kFormat) + " and older: upgrade cellos-project");
  }
  stored_format_ = static_cast<int>(format);
}

void Checkpoint::load_settings_and_inputs() {
  Statement settings(db_, "SELECT name, value FROM settings");
  while (settings.step()) settings_.emplace(settings.text(0), settings.text(1));
  Statement inputs(db_,
                   "SELECT name, head_length, head_hash, bytes, lines, tail_length, tail_hash "
                   "FROM inputs ORDER BY seq");
  while (inputs.step()) {
    StoredInput input;
    input.name = inputs.text(0);
    input.head_length = static_cast<std::uint64_t>(inputs.integer(1));
    input.head_hash = static_cast<std::uint64_t>(inputs.integer(2));
    input.position = {static_cast<std::uint64_t>(inputs.integer(3)),
                      static_cast<std::uint64_t>(inputs.integer(4))};
    input.tail_length = static_cast<std::uint64_t>(inputs.integer(5));
    input.tail_hash = static_cast<std::uint64_t>(inputs.integer(6));
    inputs_.push_back(std::move(input));
  }
}

std::string Checkpoint::damaged(std::size_t chunk, const std::string& why) const {
  return path_ + ": the state file is damaged (cells " + std::to_string(chunk) + ": " + why +
         "); it is left as it is: start again with a new state file";
}

void Checkpoint::restore(Replayer& replayer) {
  if (is_new_) return;
  // The table sized for what is stored, unless the count is implausible
  // (more cells than bytes: damage, which the chunks below then report).
  Statement count(db_,
                  "SELECT coalesce(sum(cells), 0), coalesce(sum(length(body)), 0) FROM "
                  "cell_chunks");
  const std::int64_t cells = count.step() ? count.integer(0) : 0;
  if (cells >= 0 && cells <= count.integer(1)) {
    replayer.reserve_cells(static_cast<std::size_t>(cells));
  }
  if (stored_format_ < 2) {
    restore_format_1(replayer);
    return;
  }
  if (stored_format_ < 3) {
    restore_keys(replayer);
  } else {
    restore_key_hashes(replayer);
  }
  if (static_cast<std::int64_t>(stored_cells_) != cells) {
    throw CheckpointError(damaged(stored_cells_ / kChunkCells, "its number of cells"));
  }
  restored_cells_ = stored_cells_;
  const std::size_t twice = replayer.defer_restored_cells(
      [this, &replayer](std::size_t cell) { return load_chunk(replayer, cell / kChunkCells); },
      [this, &replayer](unsigned threads) { return load_all_chunks(replayer, threads); },
      [this, &replayer](unsigned threads) { return keep_all_chunks(replayer, threads); });
  if (twice != CellTable::kNoCell)
    throw CheckpointError(damaged(twice / kChunkCells, "a key twice"));
}

template <class OnChunk>
void Checkpoint::read_chunk_table(const std::string& select, const std::string& what,
                                  OnChunk on_chunk) {
  Statement chunks(db_, select.c_str());
  for (std::size_t expected = 0; chunks.step(); ++expected) {
    if (chunks.integer(0) != static_cast<std::int64_t>(expected)) {
      throw CheckpointError(damaged(expected, "a chunk is missing"));
    }
    if (const std::string why = chunk_row_damage(chunks, 1, what); !why.empty()) {
      throw CheckpointError(damaged(expected, why));
    }
    on_chunk(expected, static_cast<std::size_t>(chunks.integer(1)), chunks.blob(2));
  }
}

void Checkpoint::restore_keys(Replayer& replayer) {
  read_chunk_table("SELECT chunk, cells, keys, checksum FROM cell_keys ORDER BY chunk", "keys",
                   [&](std::size_t chunk, std::size_t cells, std::string_view keys) {
                     const std::string why =
                         parse_keys(keys, cells, [&](std::size_t /*i*/, const CellKey& key) {
                           replayer.restore_stored_key(key.kind, key.key);
                           return true;
                         });
                     if (!why.empty()) throw CheckpointError(damaged(chunk, why));
                     stored_cells_ += cells;
                   });
}

void Checkpoint::restore_key_hashes(Replayer& replayer) {
  std::vector<std::uint64_t> chunk_hashes;
  read_chunk_table("SELECT chunk, cells, hashes, checksum FROM cell_hashes ORDER BY chunk",
                   "key hashes",
                   [&](std::size_t chunk, std::size_t cells, std::string_view hashes) {
                     if (hashes.size() != cells * 8) {
                       throw CheckpointError(damaged(chunk, "its number of cells"));
                     }
                     chunk_hashes.resize(cells);
                     for (std::size_t i = 0; i < cells; ++i) {
                       chunk_hashes[i] = load_little_endian<std::uint64_t>(hashes.data() + i * 8);
                     }
                     replayer.restore_stored_hashes(chunk_hashes);
                     stored_cells_ += cells;
                   });
}

// Format 1: each chunk holds its cells' keys and states together, decoded
// all at once; the first checkpoint rewrites the file as format 2.
void Checkpoint::restore_format_1(Replayer& replayer) {
  Statement chunks(db_, "SELECT chunk, cells, body, checksum FROM cell_chunks ORDER BY chunk");
  for (std::size_t expected = 0; chunks.step(); ++expected) {
    const std::string_view body = chunks.blob(2);
    if (chunks.integer(0) != static_cast<std::int64_t>(expected)) {
      throw CheckpointError(damaged(expected, "a chunk is missing"));
    }
    if (static_cast<std::uint64_t>(chunks.integer(3)) != checksum64(body)) {
      throw CheckpointError(damaged(expected, "checksum"));
    }
    std::string_view in = body;
    for (std::int64_t i = 0; i < chunks.integer(1); ++i) {
      const std::optional<CellKey> key = next_key(in);
      if (!key) throw CheckpointError(damaged(expected, "a key"));
      if (!decode_cell_state(in, replayer.restore_cell(key->kind, key->key)))
        throw CheckpointError(damaged(expected, "a cell's state"));
      ++stored_cells_;
    }
  }
  restored_cells_ = stored_cells_;
}

std::string Checkpoint::load_chunk(Replayer& replayer, std::size_t chunk) {
  ChunkStates states;
  BlobReader bodies(db_, "cell_chunks", "body");
  std::string why = read_chunk(replayer, chunk, KeysRead::Load, bodies, states);
  return why.empty() ? decode_states(replayer, states) : why;
}

template <class Process>
std::string Checkpoint::for_unloaded_chunks(Replayer& replayer, unsigned threads, KeysRead keys,
                                            Process process) {
  BlobReader bodies(db_, "cell_chunks", "body");
  std::vector<std::size_t> chunks;
  for (std::size_t first = 0; first < restored_cells_; first += kChunkCells) {
    if (!replayer.loaded(first)) chunks.push_back(first / kChunkCells);
  }
  // This thread reads (SQLite's connection is one); `threads` others
  // process what it has read. Buffers are reused: a chunk is 1-2 MB.
  const unsigned workers = threads <= 1 ? 0 : threads;
  std::vector<ChunkStates> slots(std::max(1U, 2 * workers));
  return detail::read_and_process(
      chunks.size(), workers, slots,
      [&](std::size_t i, ChunkStates& states) {
        return read_chunk(replayer, chunks[i], keys, bodies, states);
      },
      [&](std::size_t /*i*/, ChunkStates& states) { return process(states); });
}

std::string Checkpoint::load_all_chunks(Replayer& replayer, unsigned threads) {
  return for_unloaded_chunks(replayer, threads, KeysRead::Load, [&](const ChunkStates& states) {
    return decode_states(replayer, states);
  });
}

std::string Checkpoint::keep_all_chunks(Replayer& replayer, unsigned threads) {
  detail::StoredStates& stored = replayer.stored_states();
  stored.reset((restored_cells_ + kChunkCells - 1) / kChunkCells, kChunkCells);
  return for_unloaded_chunks(replayer, threads, KeysRead::Check, [&](const ChunkStates& states) {
    return keep_states(states, stored.chunk(states.chunk));
  });
}

std::string Checkpoint::read_chunk(Replayer& replayer, std::size_t chunk, KeysRead keys,
                                   BlobReader& bodies, ChunkStates& states) {
  const std::size_t first = chunk * kChunkCells;
  try {
    Statement row(db_, "SELECT cells, length(body), checksum FROM cell_chunks WHERE chunk = ?");
    row.bind(1, static_cast<std::int64_t>(chunk));
    if (!row.step()) return damaged(chunk, "a chunk is missing");
    const std::size_t end =
        first + static_cast<std::size_t>(std::max<std::int64_t>(row.integer(0), 0));
    if (end <= first || end - first > kChunkCells || end > restored_cells_) {
      return damaged(chunk, "its number of cells");
    }
    if (!replayer.cells().has_key(first)) {
      if (std::string why = read_keys(replayer, chunk, end, keys); !why.empty()) return why;
    }
    states.chunk = chunk;
    states.end = end;
    states.checksum = static_cast<std::uint64_t>(row.integer(2));
    // Straight into a buffer kept from chunk to chunk (its pages are
    // already in memory); SQLite's own copy of a blob would be new each time.
    states.body.resize(static_cast<std::size_t>(std::max<std::int64_t>(row.integer(1), 0)));
    if (!bodies.read(static_cast<std::int64_t>(chunk), states.body.data(), states.body.size())) {
      return damaged(chunk, "its states cannot be read");
    }
  } catch (const CheckpointError& e) {
    return e.what();
  }
  return {};
}

template <class OnState>
std::string Checkpoint::check_states(const ChunkStates& states, OnState on_state) const {
  if (checksum64(states.body) != states.checksum) return damaged(states.chunk, "checksum");
  const std::string why =
      split_states(states.body, states.end - states.chunk * kChunkCells, on_state);
  return why.empty() ? why : damaged(states.chunk, why);
}

std::string Checkpoint::decode_states(Replayer& replayer, const ChunkStates& states) const {
  const std::size_t first = states.chunk * kChunkCells;
  std::size_t cell = first;
  std::string why = check_states(states, [&](std::string_view state) {
    return decode_cell_state(state, replayer.restored_cell(cell++)) && state.empty();
  });
  if (why.empty()) replayer.mark_loaded(first, states.end);
  return why;
}

std::string Checkpoint::keep_states(const ChunkStates& states,
                                    detail::StoredStates::Chunk& kept) const {
  kept.starts.clear();
  kept.starts.reserve(states.end - states.chunk * kChunkCells);
  kept.bytes.clear();
  kept.bytes.reserve(states.body.size());
  StoredCellState view;
  return check_states(states, [&](std::string_view state) {
    if (!view.parse(state)) return false;
    kept.starts.push_back(static_cast<std::uint32_t>(kept.bytes.size()));
    append_without_ids(view, state, kept.bytes);
    return true;
  });
}

std::string Checkpoint::read_keys(Replayer& replayer, std::size_t chunk, std::size_t end,
                                  KeysRead keys) {
  const std::size_t first = chunk * kChunkCells;
  Statement row(db_, "SELECT cells, keys, checksum FROM cell_keys WHERE chunk = ?");
  row.bind(1, static_cast<std::int64_t>(chunk));
  if (!row.step()) return damaged(chunk, "its keys are missing");
  std::string why = chunk_row_damage(row, 0, "keys");
  if (why.empty() && row.integer(0) != static_cast<std::int64_t>(end - first)) {
    why = "its number of keys";
  }
  if (why.empty() && keys == KeysRead::Load) {
    why = parse_keys(row.blob(1), end - first, [&](std::size_t i, const CellKey& key) {
      return replayer.set_restored_key(first + i, key.kind, key.key);
    });
  }
  return why.empty() ? why : damaged(chunk, why);
}

std::string Checkpoint::prepare_save(Replayer& replayer) {
  // New cells join the last stored chunk, which is then written whole.
  const std::size_t cells = replayer.cells().size();
  if (cells > stored_cells_ && stored_cells_ % kChunkCells != 0 &&
      !replayer.loaded(stored_cells_ - 1)) {
    return load_chunk(replayer, (stored_cells_ - 1) / kChunkCells);
  }
  return {};
}

void Checkpoint::save(const Replayer& replayer, const std::map<std::string, std::string>& settings,
                      const std::vector<StoredInput>& inputs,
                      const std::vector<std::string>& new_problems) {
  const CellTable& cells = replayer.cells();
  execute("BEGIN IMMEDIATE");
  try {
    const bool migrating = !is_new_ && stored_format_ < kFormat;
    const bool rewriting_all = !is_new_ && stored_format_ < 2;  // format 1: keys among states
    if (is_new_ && !saved_) {  // the first checkpoint of a new file makes its tables
      execute(kSchema);
      execute(("PRAGMA application_id=" + std::to_string(kApplicationId)).c_str());
    }
    if (migrating) execute(kTablesSinceFormat1);
    if ((is_new_ && !saved_) || migrating) {
      execute(("PRAGMA user_version=" + std::to_string(kFormat)).c_str());
    }
    Statement setting(db_, "INSERT OR REPLACE INTO settings(name, value) VALUES(?, ?)");
    for (const auto& [name, value] : settings) setting.bind(1, name).bind(2, value).run();
    execute("DELETE FROM inputs");
    Statement input(db_,
                    "INSERT INTO inputs(name, head_length, head_hash, bytes, lines, tail_length, "
                    "tail_hash) VALUES(?, ?, ?, ?, ?, ?, ?)");
    for (const StoredInput& in : inputs) {
      input.bind(1, in.name)
          .bind(2, static_cast<std::int64_t>(in.head_length))
          .bind(3, static_cast<std::int64_t>(in.head_hash))
          .bind(4, static_cast<std::int64_t>(in.position.bytes))
          .bind(5, static_cast<std::int64_t>(in.position.lines))
          .bind(6, static_cast<std::int64_t>(in.tail_length))
          .bind(7, static_cast<std::int64_t>(in.tail_hash))
          .run();
    }
    // The chunks that hold a cell changed since the last checkpoint, or cells
    // the file does not have yet; every chunk when format 1 is rewritten.
    std::set<std::size_t> chunks;
    for (std::size_t first = 0; first < cells.size(); first += kChunkCells) {
      if (rewriting_all || holds_unsaved_cells(cells, first, stored_cells_))
        chunks.insert(first / kChunkCells);
    }
    write_chunks(replayer, chunks);
    // The same chunks' key hashes; every chunk's when an older format had none.
    if (migrating) {
      for (std::size_t c = 0; c * kChunkCells < cells.size(); ++c) chunks.insert(c);
    }
    write_key_hashes(db_, cells, chunks);
    Statement problem(db_, "INSERT INTO problems(record) VALUES(?)");
    for (const std::string& record : new_problems) problem.bind(1, record).run();
    execute("COMMIT");
  } catch (const CheckpointError&) {
    sqlite().exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
  saved_ = true;
  stored_format_ = kFormat;
  stored_cells_ = cells.size();
}

void Checkpoint::write_chunks(const Replayer& replayer, const std::set<std::size_t>& chunks) {
  const CellTable& cells = replayer.cells();
  Statement body_row(db_,
                     "INSERT OR REPLACE INTO cell_chunks(chunk, cells, body, checksum) "
                     "VALUES(?, ?, ?, ?)");
  Statement keys_row(db_,
                     "INSERT OR REPLACE INTO cell_keys(chunk, cells, keys, checksum) "
                     "VALUES(?, ?, ?, ?)");
  ByteBuffer body;
  std::string keys;
  EarlyWriteback writeback(path_);
  for (const std::size_t c : chunks) {
    body.clear();
    keys.clear();
    const std::size_t first = c * kChunkCells;
    const std::size_t end = std::min(cells.size(), first + kChunkCells);
    // A chunk is written whole: prepare_save() loaded what it holds.
    for (std::size_t i = first; i < end; ++i) {
      if (!replayer.loaded(i)) {
        throw CheckpointError(path_ + ": cannot save cells " + std::to_string(c) +
                              ": some were never loaded (a bug; the state is left as it was)");
      }
    }
    encode_chunk(cells, first, end, body, keys);
    const auto count = static_cast<std::int64_t>(end - first);
    body_row.bind(1, static_cast<std::int64_t>(c))
        .bind(2, count)
        .bind_blob(3, body.view())
        .bind(4, static_cast<std::int64_t>(checksum64(body.view())))
        .run();
    keys_row.bind(1, static_cast<std::int64_t>(c))
        .bind(2, count)
        .bind_blob(3, keys)
        .bind(4, static_cast<std::int64_t>(checksum64(keys)))
        .run();
    writeback.wrote(body.size() + keys.size());
  }
}

}  // namespace cellos::replay
