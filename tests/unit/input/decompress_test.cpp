// SPDX-License-Identifier: Apache-2.0
// gzip and zstd inputs through open_input: detection by magic bytes,
// concatenated members and frames, truncated and corrupt data.
#include <doctest/doctest.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "cellos/input/byte_source.hpp"

namespace cellos::input {
namespace {

std::string gzip(const std::string& data) {
  z_stream z{};
  REQUIRE(deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) == Z_OK);
  std::string out(deflateBound(&z, data.size()) + 64, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  REQUIRE(deflate(&z, Z_FINISH) == Z_STREAM_END);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

std::string zstd(const std::string& data) {
  std::string out(ZSTD_compressBound(data.size()), '\0');
  const std::size_t n = ZSTD_compress(out.data(), out.size(), data.data(), data.size(), 3);
  REQUIRE_FALSE(ZSTD_isError(n));
  out.resize(n);
  return out;
}

struct TempFile {
  std::string path;
  explicit TempFile(const std::string& contents) {
    char name[] = "/tmp/cellos-test-XXXXXX";
    const int fd = mkstemp(name);
    REQUIRE(fd >= 0);
    REQUIRE(::write(fd, contents.data(), contents.size()) == static_cast<ssize_t>(contents.size()));
    ::close(fd);
    path = name;
  }
  ~TempFile() { std::remove(path.c_str()); }
};

std::string read_all(const std::string& path, const DecompressOptions& options = {}) {
  auto source = open_input(path, options);
  std::string out;
  char buf[333];
  while (std::size_t n = source->read(buf, sizeof buf)) out.append(buf, n);
  return out;
}

std::string sample() {
  std::string s;
  for (int i = 0; i < 20000; ++i) s += "{\"line\":" + std::to_string(i) + "}\n";
  return s;
}

TEST_CASE("plain, gzip and zstd files read the same") {
  const std::string data = sample();
  CHECK(read_all(TempFile(data).path) == data);
  CHECK(read_all(TempFile(gzip(data)).path) == data);
  CHECK(read_all(TempFile(zstd(data)).path) == data);
}

TEST_CASE("concatenated gzip members and zstd frames are one stream") {
  CHECK(read_all(TempFile(gzip("a\n") + gzip("b\n")).path) == "a\nb\n");
  CHECK(read_all(TempFile(zstd("a\n") + zstd("b\n")).path) == "a\nb\n");
}

TEST_CASE("truncated or corrupt compressed data is an input error naming the format") {
  const std::string data = sample();
  const std::string gz = gzip(data);
  const std::string zs = zstd(data);
  CHECK_THROWS_WITH_AS(read_all(TempFile(gz.substr(0, gz.size() / 2)).path),
                       doctest::Contains("gzip: unexpected end of data"), InputError);
  CHECK_THROWS_WITH_AS(read_all(TempFile(zs.substr(0, zs.size() / 2)).path),
                       doctest::Contains("zstd: unexpected end of data"), InputError);
  std::string bad = gz;
  for (std::size_t i = 20; i < 200; ++i) bad[i] = static_cast<char>(bad[i] ^ 0x5a);
  CHECK_THROWS_WITH_AS(read_all(TempFile(bad).path), doctest::Contains("gzip: corrupt data"),
                       InputError);
  std::string bad_zstd = zs;
  for (std::size_t i = 8; i < 100; ++i) bad_zstd[i] = static_cast<char>(bad_zstd[i] ^ 0x5a);
  CHECK_THROWS_AS(read_all(TempFile(bad_zstd).path), InputError);
  CHECK_THROWS_WITH_AS(read_all(TempFile(gzip("a\n") + "garbage").path),
                       doctest::Contains("trailing garbage"), InputError);
}

// A zstd skippable frame (as pzstd writes ahead of its data): magic, size, payload.
std::string skippable_frame(unsigned variant, const std::string& payload) {
  std::string frame = {static_cast<char>(0x50 + variant), '\x2a', '\x4d', '\x18'};
  for (int shift = 0; shift < 32; shift += 8)
    frame.push_back(static_cast<char>((payload.size() >> shift) & 0xFFU));
  return frame + payload;
}

// zstd with a window of 2^window_log bytes, as `zstd --long=N` makes from a pipe
// (streamed, the size unknown, so the window is not shrunk to fit the data).
std::string zstd_with_window(const std::string& data, int window_log) {
  ZSTD_CCtx* cctx = ZSTD_createCCtx();
  REQUIRE(ZSTD_isError(ZSTD_CCtx_setParameter(cctx, ZSTD_c_windowLog, window_log)) == 0);
  std::string out(ZSTD_compressBound(data.size()) + 1024, '\0');
  ZSTD_inBuffer in{data.data(), data.size(), 0};
  ZSTD_outBuffer o{out.data(), out.size(), 0};
  // Fed in two calls: a first call that ends the stream would know its size.
  REQUIRE(ZSTD_isError(ZSTD_compressStream2(cctx, &o, &in, ZSTD_e_continue)) == 0);
  REQUIRE(ZSTD_compressStream2(cctx, &o, &in, ZSTD_e_end) == 0);
  ZSTD_freeCCtx(cctx);
  out.resize(o.pos);
  return out;
}

TEST_CASE("zstd skippable frames are recognised at the start and between frames") {
  const std::string data = sample();
  CHECK(read_all(TempFile(skippable_frame(0, "pzstd!") + zstd(data)).path) == data);
  CHECK(read_all(TempFile(skippable_frame(15, std::string(300, 'x')) + zstd("a\n") +
                          skippable_frame(3, "") + zstd("b\n"))
                     .path) == "a\nb\n");
}

TEST_CASE("gzip: trailing zeros are padding, as gzip -t accepts; garbage after them is not") {
  CHECK(read_all(TempFile(gzip("a\n") + std::string(100000, '\0')).path) == "a\n");
  CHECK(read_all(TempFile(gzip("a\n") + gzip("b\n") + std::string(7, '\0')).path) == "a\nb\n");
  CHECK_THROWS_WITH_AS(read_all(TempFile(gzip("a\n") + std::string(7, '\0') + gzip("b\n")).path),
                       doctest::Contains("trailing garbage"), InputError);
}

TEST_CASE("a zstd window beyond the limit names what it needs and the option to allow it") {
  const std::string data = sample();
  const TempFile big_window(zstd_with_window(data, 28));
  CHECK_THROWS_WITH_AS(read_all(big_window.path),
                       doctest::Contains("needs a window of 256 MiB, more than the 128 MiB "
                                         "allowed (the file was made with zstd --long); allow "
                                         "it with --zstd-memory 256M"),
                       InputError);
  CHECK(read_all(big_window.path, {.zstd_max_window = std::uint64_t{1} << 28}) == data);
  CHECK_THROWS_AS(read_all(big_window.path, {.zstd_max_window = (std::uint64_t{1} << 28) - 1}),
                  InputError);
  const TempFile largest(zstd_with_window(data, 31));
  CHECK_THROWS_WITH_AS(read_all(largest.path), doctest::Contains("--zstd-memory 2048M"),
                       InputError);
  CHECK(read_all(largest.path, {.zstd_max_window = kLargestZstdWindow}) == data);
}

TEST_CASE("xz, bzip2 and lz4 are refused with the command that reads them") {
  for (const auto& [head, format] : {std::pair<std::string, std::string>{
                                         std::string("\xfd\x37\x7a\x58\x5a\x00", 6) + "rest", "xz"},
                                     {"BZh91AY&SY", "bzip2"},
                                     {"\x04\x22\x4d\x18rest", "lz4"}}) {
    CAPTURE(format);
    const TempFile file(head);
    const std::string expected = format +
                                 "-compressed, which cellos-project does not decompress; "
                                 "replay it with `" +
                                 format + " -dc " + file.path + " | cellos-project -`";
    CHECK_THROWS_WITH_AS(open_input(file.path), doctest::Contains(expected.c_str()), InputError);
  }
  CHECK(read_all(TempFile("BZh is how this log line starts\n").path) ==
        "BZh is how this log line starts\n");
}

TEST_CASE("missing files and directories are input errors") {
  CHECK_THROWS_WITH_AS(open_input("/nonexistent/x.jsonl"), doctest::Contains("cannot open"),
                       InputError);
  CHECK_THROWS_WITH_AS(open_input("/tmp"), doctest::Contains("is a directory"), InputError);
  CHECK(read_all(TempFile("").path).empty());
  CHECK(read_all(TempFile("\x1f").path) == "\x1f");  // too short to be gzip: plain bytes
}

}  // namespace
}  // namespace cellos::input
