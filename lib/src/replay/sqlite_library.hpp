// SPDX-License-Identifier: Apache-2.0
// SQLite, loaded the first time a state file is opened (see
// cellos/base/detail/shared_library.hpp for why).
#pragma once

#include <sqlite3.h>

namespace cellos::replay::detail {

// The SQLite functions the state file uses, from the loaded library.
struct SqliteLibrary {
  decltype(&::sqlite3_open_v2) open_v2 = nullptr;
  decltype(&::sqlite3_close) close = nullptr;
  decltype(&::sqlite3_busy_timeout) busy_timeout = nullptr;
  decltype(&::sqlite3_exec) exec = nullptr;
  decltype(&::sqlite3_free) free = nullptr;
  decltype(&::sqlite3_errcode) errcode = nullptr;
  decltype(&::sqlite3_errmsg) errmsg = nullptr;
  decltype(&::sqlite3_prepare_v2) prepare_v2 = nullptr;
  decltype(&::sqlite3_finalize) finalize = nullptr;
  decltype(&::sqlite3_step) step = nullptr;
  decltype(&::sqlite3_reset) reset = nullptr;
  decltype(&::sqlite3_bind_int64) bind_int64 = nullptr;
  decltype(&::sqlite3_bind_text) bind_text = nullptr;
  decltype(&::sqlite3_bind_blob) bind_blob = nullptr;
  decltype(&::sqlite3_column_int64) column_int64 = nullptr;
  decltype(&::sqlite3_column_text) column_text = nullptr;
  decltype(&::sqlite3_column_blob) column_blob = nullptr;
  decltype(&::sqlite3_column_bytes) column_bytes = nullptr;
  decltype(&::sqlite3_blob_open) blob_open = nullptr;
  decltype(&::sqlite3_blob_reopen) blob_reopen = nullptr;
  decltype(&::sqlite3_blob_bytes) blob_bytes = nullptr;
  decltype(&::sqlite3_blob_read) blob_read = nullptr;
  decltype(&::sqlite3_blob_close) blob_close = nullptr;
};

// The library, loaded on the first call (thread-safe). Throws
// CheckpointError, naming the library and the package to install, when it
// cannot be loaded or lacks a function.
const SqliteLibrary& sqlite_library();

// The library sqlite_library() loaded, for code that runs after it did
// (destructors among them, which must not throw).
const SqliteLibrary& loaded_sqlite_library() noexcept;

}  // namespace cellos::replay::detail
