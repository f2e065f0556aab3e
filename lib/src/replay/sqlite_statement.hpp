// SPDX-License-Identifier: Apache-2.0
// The state file's two ways into SQLite: prepared statements, and blobs read
// straight into the caller's memory.
#pragma once

#include <sqlite3.h>

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "cellos/replay/checkpoint.hpp"
#include "replay/sqlite_library.hpp"

namespace cellos::replay::detail {

// Checkpoint's constructor loads SQLite before anything here runs.
inline const SqliteLibrary& sqlite() noexcept {
  return loaded_sqlite_library();
}

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

// Reads blobs of one column row by row, each straight into the caller's
// memory: a blob larger than a page is not first assembled from its
// overflow pages into a buffer of SQLite's, then copied out of it.
class BlobReader {
 public:
  BlobReader(sqlite3* db, const char* table, const char* column)
      : db_(db), table_(table), column_(column) {}
  ~BlobReader() {
    if (blob_ != nullptr) sqlite().blob_close(blob_);
  }
  BlobReader(const BlobReader&) = delete;
  BlobReader& operator=(const BlobReader&) = delete;

  // The blob of row `rowid`, which must be `size` bytes, into `out`; false
  // when there is no such row or the blob has another size.
  bool read(std::int64_t rowid, char* out, std::size_t size) {
    const int rc = blob_ == nullptr
                       ? sqlite().blob_open(db_, "main", table_, column_, rowid, 0, &blob_)
                       : sqlite().blob_reopen(blob_, rowid);
    if (rc != SQLITE_OK) {
      sqlite().blob_close(blob_);  // a handle that failed to move is of no further use
      blob_ = nullptr;
      return false;
    }
    const int bytes = sqlite().blob_bytes(blob_);
    return bytes >= 0 && static_cast<std::size_t>(bytes) == size &&
           (size == 0 || sqlite().blob_read(blob_, out, bytes, 0) == SQLITE_OK);
  }

 private:
  sqlite3* db_;
  const char* table_;
  const char* column_;
  sqlite3_blob* blob_ = nullptr;
};

}  // namespace cellos::replay::detail
