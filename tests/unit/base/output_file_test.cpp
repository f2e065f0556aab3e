// SPDX-License-Identifier: Apache-2.0
#include "cellos/base/output_file.hpp"

#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace cellos {
namespace {

namespace fs = std::filesystem;

struct TempDir {
  fs::path path;
  TempDir() {
    char name[] = "/tmp/cellos-output-XXXXXX";
    REQUIRE(::mkdtemp(name) != nullptr);
    path = name;
  }
  ~TempDir() { fs::remove_all(path); }
  [[nodiscard]] std::string operator/(const std::string& name) const { return path / name; }
};

void write(const std::string& path, const std::string& text) {
  std::ofstream(path) << text;
}

std::string read(const std::string& path) {
  std::ostringstream out;
  out << std::ifstream(path).rdbuf();
  return out.str();
}

std::size_t entries(const fs::path& dir) {
  return static_cast<std::size_t>(std::distance(fs::directory_iterator(dir), {}));
}

TEST_CASE("an output that is an input is found however either is spelled") {
  const TempDir dir;
  const std::string log = dir / "x.jsonl";
  write(log, "{}\n");
  fs::create_symlink(log, dir / "link.jsonl");
  CHECK(input_overwritten_by(log, {log}) == log);
  CHECK(input_overwritten_by(dir / "link.jsonl", {"/nonexistent", log}) == log);
  CHECK(input_overwritten_by(log, {dir / "link.jsonl"}) == dir / "link.jsonl");
  CHECK(input_overwritten_by(dir.path.string() + "/./x.jsonl", {log}) == log);
  CHECK_FALSE(input_overwritten_by(dir / "report.xml", {log}));  // does not exist yet
  write(dir / "report.xml", "<x/>");
  CHECK_FALSE(input_overwritten_by(dir / "report.xml", {log}));
}

TEST_CASE("standard input counts as an input, given as - or by giving none") {
  const TempDir dir;
  const std::string log = dir / "x.jsonl";
  write(log, "{}\n");
  const int saved = ::dup(STDIN_FILENO);
  const int fd = ::open(log.c_str(), O_RDONLY);
  REQUIRE(::dup2(fd, STDIN_FILENO) == STDIN_FILENO);
  CHECK(input_overwritten_by(log, {}) == "-");
  CHECK(input_overwritten_by(log, {"-"}) == "-");
  CHECK_FALSE(input_overwritten_by(log, {"/nonexistent"}));
  ::dup2(saved, STDIN_FILENO);
  ::close(fd);
  ::close(saved);
}

TEST_CASE("only an absent, empty or same-kind file may be replaced") {
  const TempDir dir;
  CHECK(may_replace(dir / "absent.xml", "<"));
  write(dir / "empty.xml", "");
  CHECK(may_replace(dir / "empty.xml", "<"));
  write(dir / "old.xml", "\n  <?xml version=\"1.0\"?><testsuites/>");
  CHECK(may_replace(dir / "old.xml", "<"));
  write(dir / "events.jsonl", "{\"specversion\":\"1.0\"}\n");
  CHECK_FALSE(may_replace(dir / "events.jsonl", "<"));
  CHECK(may_replace("/dev/null", "<"));  // not a regular file: written, not replaced
}

TEST_CASE("atomic writes replace whole, keep the mode and a symlink, and leave nothing behind") {
  const TempDir dir;
  const std::string report = dir / "report.xml";
  CHECK(write_file_atomically(report, "one").empty());
  CHECK(read(report) == "one");
  ::chmod(report.c_str(), 0640);
  CHECK(write_file_atomically(report, "two").empty());
  CHECK(read(report) == "two");
  struct stat st {};
  REQUIRE(::stat(report.c_str(), &st) == 0);
  CHECK((st.st_mode & 07777) == 0640);

  fs::create_symlink(report, dir / "latest.xml");
  CHECK(write_file_atomically(dir / "latest.xml", "three").empty());
  CHECK(fs::is_symlink(dir / "latest.xml"));
  CHECK(read(report) == "three");
  CHECK(entries(dir.path) == 2);  // no temporary file left

  const std::string why = write_file_atomically(dir / "missing-dir/report.xml", "x");
  CHECK(why.find("missing-dir/report.xml: cannot create a temporary file") != std::string::npos);
  CHECK(entries(dir.path) == 2);
}

TEST_CASE("a failed write leaves the old file as it was") {
  const TempDir dir;
  const std::string report = dir / "report.xml";
  write(report, "old");
  // A directory in the way of the rename: the new text cannot take its place.
  fs::create_directory(dir / "sub");
  const std::string blocked = dir / "sub";
  CHECK_FALSE(write_file_atomically(blocked, "new").empty());
  CHECK(fs::is_directory(blocked));
  CHECK(read(report) == "old");
  CHECK(entries(dir.path) == 2);
}

}  // namespace
}  // namespace cellos
