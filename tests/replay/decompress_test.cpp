// gzip and zstd inputs through open_input: detection by magic bytes,
// concatenated members and frames, truncated and corrupt data.
#include <doctest/doctest.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "cellos/replay/byte_source.hpp"

namespace cellos::replay {
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

std::string read_all(const std::string& path) {
  auto source = open_input(path);
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

TEST_CASE("missing files and directories are input errors") {
  CHECK_THROWS_WITH_AS(open_input("/nonexistent/x.jsonl"), doctest::Contains("cannot open"),
                       InputError);
  CHECK_THROWS_WITH_AS(open_input("/tmp"), doctest::Contains("is a directory"), InputError);
  CHECK(read_all(TempFile("").path).empty());
  CHECK(read_all(TempFile("\x1f").path) == "\x1f");  // too short to be gzip: plain bytes
}

}  // namespace
}  // namespace cellos::replay
