// SPDX-License-Identifier: Apache-2.0
#include "cellos/replay/checkpoint.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <set>

#include "base/varint.hpp"
#include "cellos/base/checksum.hpp"
#include "cellos/reducer/state_codec.hpp"
#include "replay/sqlite_library.hpp"

namespace cellos::replay {

namespace {

// Checkpoint's constructor loads SQLite before anything else here runs.
const detail::SqliteLibrary& sqlite() noexcept {
  return detail::loaded_sqlite_library();
}

// "CELO": what PRAGMA application_id says of our files.
constexpr int kApplicationId = 0x43454C4F;
// Cells are stored in chunks of this many, in order of first appearance; a
// checkpoint rewrites only the chunks that hold a changed cell.
constexpr std::size_t kChunkCells = 4096;

constexpr const char* kSchema = R"(
CREATE TABLE settings(name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE inputs(seq INTEGER PRIMARY KEY, name TEXT NOT NULL, head_length INTEGER NOT NULL,
  head_hash INTEGER NOT NULL, bytes INTEGER NOT NULL, lines INTEGER NOT NULL,
  tail_length INTEGER NOT NULL, tail_hash INTEGER NOT NULL);
CREATE TABLE cell_chunks(chunk INTEGER PRIMARY KEY, cells INTEGER NOT NULL, body BLOB NOT NULL,
  checksum INTEGER NOT NULL);
CREATE TABLE problems(seq INTEGER PRIMARY KEY, record TEXT NOT NULL);
)";

// A prepared statement, finalized when it goes.
class Statement {
 public:
  Statement(sqlite3* db, const char* sql) : db_(db) {
    if (sqlite().prepare_v2(db, sql, -1, &stmt_, nullptr) != SQLITE_OK) {
      throw CheckpointError(sqlite().errmsg(db));
    }
  }
  ~Statement() { sqlite().finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& bind(int i, std::int64_t value) {
    sqlite().bind_int64(stmt_, i, value);
    return *this;
  }
  Statement& bind(int i, std::string_view text) {
    sqlite().bind_text(stmt_, i, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
    return *this;
  }
  // Not copied: `bytes` must outlive the statement's next run().
  Statement& bind_blob(int i, std::string_view bytes) {
    sqlite().bind_blob(stmt_, i, bytes.data(), static_cast<int>(bytes.size()), SQLITE_STATIC);
    return *this;
  }
  // True while there is a row.
  bool step() {
    const int rc = sqlite().step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc != SQLITE_DONE) throw CheckpointError(sqlite().errmsg(db_));
    return false;
  }
  void run() {
    step();
    sqlite().reset(stmt_);
  }
  std::int64_t integer(int i) { return sqlite().column_int64(stmt_, i); }
  std::string_view text(int i) {
    const auto* p = reinterpret_cast<const char*>(sqlite().column_text(stmt_, i));
    return p == nullptr
               ? std::string_view()
               : std::string_view(p, static_cast<std::size_t>(sqlite().column_bytes(stmt_, i)));
  }
  std::string_view blob(int i) {
    const auto* p = static_cast<const char*>(sqlite().column_blob(stmt_, i));
    return p == nullptr
               ? std::string_view()
               : std::string_view(p, static_cast<std::size_t>(sqlite().column_bytes(stmt_, i)));
  }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

bool file_is_empty_or_missing(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) != 0 || st.st_size == 0;
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

void Checkpoint::restore(Replayer& replayer) {
  if (is_new_) return;
  // The table sized for what is stored, unless the count is implausible
  // (more cells than bytes: damage, which the chunks below then report).
  Statement count(
      db_, "SELECT coalesce(sum(cells), 0), coalesce(sum(length(body)), 0) FROM cell_chunks");
  if (count.step() && count.integer(0) >= 0 && count.integer(0) <= count.integer(1)) {
    replayer.reserve_cells(static_cast<std::size_t>(count.integer(0)));
  }
  Statement chunks(db_, "SELECT chunk, cells, body, checksum FROM cell_chunks ORDER BY chunk");
  std::int64_t expected_chunk = 0;
  while (chunks.step()) {
    const std::string_view body = chunks.blob(2);
    const auto damaged = [&](const std::string& why) {
      return CheckpointError(path_ + ": the state file is damaged (cells " +
                             std::to_string(chunks.integer(0)) + ": " + why +
                             "); it is left as it is: start again with a new state file");
    };
    if (chunks.integer(0) != expected_chunk++) throw damaged("a chunk is missing");
    if (static_cast<std::uint64_t>(chunks.integer(3)) != checksum64(body)) {
      throw damaged("checksum");
    }
    std::string_view in = body;
    for (std::int64_t i = 0; i < chunks.integer(1); ++i) {
      std::uint64_t kind = 0;
      std::uint64_t key_size = 0;
      if (!varint::get(in, kind) || kind > 1 || !varint::get(in, key_size) ||
          key_size > in.size()) {
        throw damaged("a key");
      }
      const std::string_view key = in.substr(0, static_cast<std::size_t>(key_size));
      in.remove_prefix(static_cast<std::size_t>(key_size));
      CellStateProjection& cell =
          replayer.restore_cell(kind == 0 ? RouteKind::CellId : RouteKind::SpecId, key);
      if (!decode_cell_state(in, cell)) throw damaged("a cell's state");
      ++stored_cells_;
    }
  }
}

void Checkpoint::save(const CellTable& cells, const std::map<std::string, std::string>& settings,
                      const std::vector<StoredInput>& inputs,
                      const std::vector<std::string>& new_problems) {
  execute("BEGIN IMMEDIATE");
  try {
    if (is_new_ && !saved_) {  // the first checkpoint of a new file makes its tables
      execute(kSchema);
      execute(("PRAGMA application_id=" + std::to_string(kApplicationId)).c_str());
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
    // the file does not have yet.
    std::set<std::size_t> chunks;
    for (std::size_t i = 0; i < cells.size(); ++i) {
      if (cells.unsaved(i) || i >= stored_cells_) chunks.insert(i / kChunkCells);
    }
    Statement chunk(db_,
                    "INSERT OR REPLACE INTO cell_chunks(chunk, cells, body, checksum) "
                    "VALUES(?, ?, ?, ?)");
    std::string body;
    for (const std::size_t c : chunks) {
      body.clear();
      const std::size_t end = std::min(cells.size(), (c + 1) * kChunkCells);
      for (std::size_t i = c * kChunkCells; i < end; ++i) {
        const CellKey key = cells.key(i);
        varint::put(body, key.kind == RouteKind::CellId ? 0 : 1);
        varint::put(body, key.key.size());
        body.append(key.key);
        encode_cell_state(cells[i], body);
      }
      chunk.bind(1, static_cast<std::int64_t>(c))
          .bind(2, static_cast<std::int64_t>(end - c * kChunkCells))
          .bind_blob(3, body)
          .bind(4, static_cast<std::int64_t>(checksum64(body)))
          .run();
    }
    Statement problem(db_, "INSERT INTO problems(record) VALUES(?)");
    for (const std::string& record : new_problems) problem.bind(1, record).run();
    execute("COMMIT");
  } catch (const CheckpointError&) {
    sqlite().exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
  saved_ = true;
  stored_cells_ = cells.size();
}

}  // namespace cellos::replay
