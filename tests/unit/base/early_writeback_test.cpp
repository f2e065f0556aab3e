// SPDX-License-Identifier: Apache-2.0
#include "base/early_writeback.hpp"

#include <doctest/doctest.h>
#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace cellos {
namespace {

namespace fs = std::filesystem;

std::string read(const std::string& path) {
  std::ostringstream out;
  out << std::ifstream(path, std::ios::binary).rdbuf();
  return out.str();
}

TEST_CASE("early writeback starts every 8 MiB written and leaves the file's bytes alone") {
  char name[] = "/tmp/cellos-writeback-XXXXXX";
  const int fd = ::mkstemp(name);
  REQUIRE(fd >= 0);
  const std::string block(1 << 20, 'x');
  EarlyWriteback writeback(name);
  std::string written;
  for (int i = 0; i < 20; ++i) {
    REQUIRE(::write(fd, block.data(), block.size()) == static_cast<ssize_t>(block.size()));
    written += block;
    writeback.wrote(block.size());
  }
  ::close(fd);
#ifdef __linux__
  CHECK(writeback.started() == 2);  // after 8 and 16 MiB
#endif
  CHECK(read(name) == written);
  fs::remove(name);
}

TEST_CASE("early writeback on a file that is not there does nothing and creates nothing") {
  const std::string path = "/tmp/cellos-writeback-missing-" + std::to_string(::getpid());
  EarlyWriteback writeback(path);
  writeback.wrote(EarlyWriteback::kEvery * 3);
  CHECK(writeback.started() == 0);
  CHECK_FALSE(fs::exists(path));
}

}  // namespace
}  // namespace cellos
