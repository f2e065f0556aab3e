// SPDX-License-Identifier: Apache-2.0
// zlib and zstd, loaded when the first compressed input is opened (see
// cellos/base/detail/shared_library.hpp for why).
#pragma once

#include <zlib.h>
#include <zstd.h>
#include <zstd_errors.h>

#include <string>

namespace cellos::input {

// The zlib functions gzip input uses.
struct ZlibLibrary {
  decltype(&::inflateInit2_) inflate_init2 = nullptr;
  decltype(&::inflate) inflate = nullptr;
  decltype(&::inflateReset) inflate_reset = nullptr;
  decltype(&::inflateEnd) inflate_end = nullptr;
};

// The zstd functions zstd input uses.
struct ZstdLibrary {
  decltype(&::ZSTD_createDStream) create_dstream = nullptr;
  decltype(&::ZSTD_freeDStream) free_dstream = nullptr;
  decltype(&::ZSTD_DStreamInSize) dstream_in_size = nullptr;
  decltype(&::ZSTD_DCtx_setParameter) dctx_set_parameter = nullptr;
  decltype(&::ZSTD_decompressStream) decompress_stream = nullptr;
  decltype(&::ZSTD_isError) is_error = nullptr;
  decltype(&::ZSTD_getErrorCode) get_error_code = nullptr;
  decltype(&::ZSTD_getErrorName) get_error_name = nullptr;
};

// The libraries, loaded on the first call (thread-safe). Throw InputError,
// naming `file` and the package to install, when they cannot be.
const ZlibLibrary& zlib_library(const std::string& file);
const ZstdLibrary& zstd_library(const std::string& file);

}  // namespace cellos::input
