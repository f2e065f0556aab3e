// SPDX-License-Identifier: Apache-2.0
#include "logging.hpp"

#include <spdlog/sinks/sink.h>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <memory>
#include <string>
#include <utility>

namespace cellos::app {

namespace {

// Writes each message as one line, "PREFIX: LEVEL: message\n", in one fwrite:
// lines from threads (librdkafka's log callback) never interleave, and stdio
// buffers nothing on stderr. spdlog's own stderr sinks do the same through a
// pattern formatter; this one has its format built in, so no pattern
// formatter is linked, and it takes none.
class StderrLineSink final : public spdlog::sinks::sink {
 public:
  explicit StderrLineSink(std::string prefix) : prefix_(std::move(prefix)) {}

  void log(const spdlog::details::log_msg& msg) override {
    spdlog::memory_buf_t line;
    append(line, prefix_);
    append(line, ": ");
    append(line, spdlog::level::to_string_view(msg.level));
    append(line, ": ");
    append(line, msg.payload);
    line.push_back('\n');
    std::fwrite(line.data(), 1, line.size(), stderr);
  }
  void flush() override { std::fflush(stderr); }
  void set_pattern(const std::string& /*pattern*/) override { refuse_format(); }
  void set_formatter(std::unique_ptr<spdlog::formatter> /*formatter*/) override { refuse_format(); }

 private:
  static void append(spdlog::memory_buf_t& line, spdlog::string_view_t text) {
    line.append(text.data(), text.data() + text.size());
  }
  [[noreturn]] static void refuse_format() {
    throw spdlog::spdlog_ex("the cellos-project log has a fixed format");
  }

  std::string prefix_;
};

const std::shared_ptr<spdlog::logger>& shared_log() {
  static const auto logger = [] {
    auto made = std::make_shared<spdlog::logger>(
        "cellos-project", std::make_shared<StderrLineSink>("cellos-project"));
    made->set_level(spdlog::level::warn);
    return made;
  }();
  return logger;
}

}  // namespace

spdlog::logger& log() {
  return *shared_log();
}

void set_log_level(std::string_view level) {
  log().set_level(spdlog::level::from_str(std::string(level)));
}

void use_as_default_log() {
  spdlog::set_default_logger(shared_log());
}

}  // namespace cellos::app
