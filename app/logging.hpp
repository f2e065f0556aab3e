// SPDX-License-Identifier: Apache-2.0
// The tool's own log (-v, --log-level): "cellos-project: LEVEL: message"
// lines on stderr, written through spdlog.
//
// The logger is the app's, not spdlog's registry's: the registry's default
// logger, its pattern formatter (~100 formatter classes) and its colour sink
// are built at the first use of the registry, and linked into every program
// that uses it. A small log's replay is mostly start-up, and those were ~2%
// of it (docs/performance.md). The Kafka executable hands the same logger to
// spdlog's registry, where libcellos-kafka logs (use_as_default_log).
#pragma once

#include <spdlog/logger.h>

#include <memory>
#include <string_view>

namespace cellos::app {

// The app's logger; only warnings and worse until set_log_level.
spdlog::logger& log();

// Sets what the log shows: trace, debug, info, warn, error or off (the
// --log-level choices).
void set_log_level(std::string_view level);

// Makes the app's logger spdlog's default logger too, for code that logs
// through spdlog's free functions (libcellos-kafka).
void use_as_default_log();

}  // namespace cellos::app
