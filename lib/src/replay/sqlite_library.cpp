// SPDX-License-Identifier: Apache-2.0
#include "replay/sqlite_library.hpp"

#include <stdexcept>
#include <string>

#include "cellos/base/detail/shared_library.hpp"
#include "cellos/replay/checkpoint.hpp"

namespace cellos::replay::detail {

namespace {

SqliteLibrary load() {
  try {
    // SQLite 3 has kept this soname, and its C API, since 2004.
    const cellos::detail::SharedLibrary library("libsqlite3.so.0");
    SqliteLibrary sqlite;
    library.resolve("sqlite3_open_v2", sqlite.open_v2);
    library.resolve("sqlite3_close", sqlite.close);
    library.resolve("sqlite3_busy_timeout", sqlite.busy_timeout);
    library.resolve("sqlite3_exec", sqlite.exec);
    library.resolve("sqlite3_free", sqlite.free);
    library.resolve("sqlite3_errcode", sqlite.errcode);
    library.resolve("sqlite3_errmsg", sqlite.errmsg);
    library.resolve("sqlite3_prepare_v2", sqlite.prepare_v2);
    library.resolve("sqlite3_finalize", sqlite.finalize);
    library.resolve("sqlite3_step", sqlite.step);
    library.resolve("sqlite3_reset", sqlite.reset);
    library.resolve("sqlite3_bind_int64", sqlite.bind_int64);
    library.resolve("sqlite3_bind_text", sqlite.bind_text);
    library.resolve("sqlite3_bind_blob", sqlite.bind_blob);
    library.resolve("sqlite3_column_int64", sqlite.column_int64);
    library.resolve("sqlite3_column_text", sqlite.column_text);
    library.resolve("sqlite3_column_blob", sqlite.column_blob);
    library.resolve("sqlite3_column_bytes", sqlite.column_bytes);
    library.resolve("sqlite3_blob_open", sqlite.blob_open);
    library.resolve("sqlite3_blob_reopen", sqlite.blob_reopen);
    library.resolve("sqlite3_blob_bytes", sqlite.blob_bytes);
    library.resolve("sqlite3_blob_read", sqlite.blob_read);
    library.resolve("sqlite3_blob_close", sqlite.blob_close);
    return sqlite;
  } catch (const std::runtime_error& e) {
    throw CheckpointError(std::string("state files need SQLite: ") + e.what() +
                          "; install libsqlite3-0 (apt-get install libsqlite3-0)");
  }
}

}  // namespace

SqliteLibrary& the_library() noexcept {
  static SqliteLibrary library;
  return library;
}

const SqliteLibrary& sqlite_library() {
  // A static's initialisation is thread-safe, and one that throws is tried
  // again at the next call.
  static const bool loaded = (the_library() = load(), true);
  (void)loaded;
  return the_library();
}

const SqliteLibrary& loaded_sqlite_library() noexcept {
  return the_library();
}

}  // namespace cellos::replay::detail
