// SPDX-License-Identifier: Apache-2.0
#include "cellos/report/output.hpp"

#include <doctest/doctest.h>
#include <fcntl.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <string>

#include "support/read_all.hpp"

namespace cellos::report {
namespace {

using test::read_all;

TEST_CASE("small and large writes come out whole and in order") {
  std::FILE* file = std::tmpfile();
  REQUIRE(file != nullptr);
  std::string expected;
  {
    Output out(fileno(file));
    for (int i = 0; i < 50; ++i) {
      const std::string piece = i % 7 == 0
                                    ? std::string(200000 + i, static_cast<char>('a' + i % 26))
                                    : "line " + std::to_string(i) + "\n";
      out.write(piece);
      expected += piece;
    }
    CHECK(out.flush());
    CHECK_FALSE(out.failed());
  }
  CHECK(read_all(file) == expected);
  std::fclose(file);
}

TEST_CASE("a full disk is an error to report; a closed pipe ends output quietly") {
  const int full = ::open("/dev/full", O_WRONLY);
  if (full >= 0) {
    Output out(full);
    out.write(std::string(300000, 'x'));  // straight to the descriptor
    CHECK(out.failed());
    CHECK(out.error().find("cannot write output") == 0);
    ::close(full);
  }
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  ::close(fds[0]);
  const auto previous = std::signal(SIGPIPE, SIG_IGN);
  {
    Output out(fds[1]);
    out.write(std::string(300000, 'x'));
    CHECK(out.broken_pipe());
    CHECK_FALSE(out.failed());
    out.write("more\n");  // dropped, no error
    CHECK_FALSE(out.flush());
    CHECK_FALSE(out.failed());
  }
  std::signal(SIGPIPE, previous);
  ::close(fds[1]);
}

}  // namespace
}  // namespace cellos::report
