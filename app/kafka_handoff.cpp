// SPDX-License-Identifier: Apache-2.0
// The Kafka commands, as cellos-project runs them: by handing them over to
// the helper executable (see kafka_command.hpp), found beside this one or
// where `cmake --install` puts it.
#include <linux/limits.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <system_error>

#include "cellos/replay/sink.hpp"
#include "kafka_command.hpp"

namespace cellos::app {

namespace {

constexpr const char* kHelper = "cellos-project-kafka";

// The directory of this executable, with a trailing '/': from /proc, else
// from argv[0] when it names a path. Empty if neither tells: then no helper is
// looked for, rather than one in whatever the current directory is.
std::string own_directory(const char* argv0) {
  char path[PATH_MAX];
  const ssize_t size = ::readlink("/proc/self/exe", path, sizeof path - 1);
  const std::string exe = size > 0           ? std::string(path, static_cast<std::size_t>(size))
                          : argv0 != nullptr ? std::string(argv0)
                                             : std::string();
  const std::size_t slash = exe.rfind('/');
  return slash == std::string::npos ? std::string() : exe.substr(0, slash + 1);
}

}  // namespace

int run_kafka_command(const Options& /*options*/, char** argv) {
  const std::string here = own_directory(argv[0]);
  // Installed: in the libexec directory (CELLOS_HELPER_DIR, relative to the
  // bin directory). In a build tree: beside this executable.
  const std::string installed = here + CELLOS_HELPER_DIR + "/" + kHelper;
  const std::string beside = here + kHelper;
  const std::string& helper = ::access(installed.c_str(), X_OK) == 0 ? installed
                              : ::access(beside.c_str(), X_OK) == 0  ? beside
                                                                     : installed;
  const char* reason = "cannot tell where cellos-project is installed";
  std::string error;
  if (!here.empty()) {
    ::execv(helper.c_str(), argv);
    error = std::error_code(errno, std::generic_category()).message();
    reason = error.c_str();
  }
  std::fprintf(stderr,
               "cellos-project: Kafka support is not installed: cannot run %s: %s; reinstall "
               "cellos-project (its package installs %s)\n",
               here.empty() ? kHelper : helper.c_str(), reason, kHelper);
  return static_cast<int>(replay::ExitCode::Input);
}

}  // namespace cellos::app
