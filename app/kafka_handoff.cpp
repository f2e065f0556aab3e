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

// The directory of this executable, with a trailing '/'; empty if unknown.
std::string own_directory() {
  char path[PATH_MAX];
  const ssize_t size = ::readlink("/proc/self/exe", path, sizeof path - 1);
  if (size <= 0) return {};
  const std::string exe(path, static_cast<std::size_t>(size));
  return exe.substr(0, exe.rfind('/') + 1);
}

}  // namespace

int run_kafka_command(const Options& /*options*/, char** argv) {
  const std::string here = own_directory();
  // Installed: in the libexec directory (CELLOS_HELPER_DIR, relative to the
  // bin directory). In a build tree: beside this executable.
  const std::string installed = here + CELLOS_HELPER_DIR + "/" + kHelper;
  const std::string beside = here + kHelper;
  const std::string& helper = ::access(installed.c_str(), X_OK) == 0 ? installed
                              : ::access(beside.c_str(), X_OK) == 0  ? beside
                                                                     : installed;
  ::execv(helper.c_str(), argv);
  const std::string reason = std::error_code(errno, std::generic_category()).message();
  std::fprintf(stderr,
               "cellos-project: Kafka support is not installed: cannot run %s: %s; reinstall "
               "cellos-project (its package installs %s)\n",
               helper.c_str(), reason.c_str(), kHelper);
  return static_cast<int>(replay::ExitCode::Input);
}

}  // namespace cellos::app
