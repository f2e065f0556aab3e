// SPDX-License-Identifier: Apache-2.0
#include "input/compression_libraries.hpp"

#include <stdexcept>

#include "cellos/base/detail/shared_library.hpp"
#include "cellos/input/byte_source.hpp"

namespace cellos::input {

namespace {

ZlibLibrary load_zlib() {
  const cellos::detail::SharedLibrary library("libz.so.1");
  ZlibLibrary zlib;
  library.resolve("inflateInit2_", zlib.inflate_init2);
  library.resolve("inflate", zlib.inflate);
  library.resolve("inflateReset", zlib.inflate_reset);
  library.resolve("inflateEnd", zlib.inflate_end);
  return zlib;
}

ZstdLibrary load_zstd() {
  const cellos::detail::SharedLibrary library("libzstd.so.1");
  ZstdLibrary zstd;
  library.resolve("ZSTD_createDStream", zstd.create_dstream);
  library.resolve("ZSTD_freeDStream", zstd.free_dstream);
  library.resolve("ZSTD_DStreamInSize", zstd.dstream_in_size);
  library.resolve("ZSTD_DCtx_setParameter", zstd.dctx_set_parameter);
  library.resolve("ZSTD_decompressStream", zstd.decompress_stream);
  library.resolve("ZSTD_isError", zstd.is_error);
  library.resolve("ZSTD_getErrorCode", zstd.get_error_code);
  library.resolve("ZSTD_getErrorName", zstd.get_error_name);
  return zstd;
}

// What a loader threw, as an InputError for `file`.
[[noreturn]] void cannot_load(const std::runtime_error& e, const std::string& file,
                              const char* format, const char* library, const char* package) {
  throw InputError(file + ": " + format + " input needs " + library + ": " + e.what() +
                   "; install " + package + " (apt-get install " + package + ")");
}

}  // namespace

// A static's initialisation that throws is tried again at the next call.
const ZlibLibrary& zlib_library(const std::string& file) {
  try {
    static const ZlibLibrary zlib = load_zlib();
    return zlib;
  } catch (const std::runtime_error& e) {
    cannot_load(e, file, "gzip", "zlib", "zlib1g");
  }
}

const ZstdLibrary& zstd_library(const std::string& file) {
  try {
    static const ZstdLibrary zstd = load_zstd();
    return zstd;
  } catch (const std::runtime_error& e) {
    cannot_load(e, file, "zstd", "zstd", "libzstd1");
  }
}

}  // namespace cellos::input
