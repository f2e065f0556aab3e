// SPDX-License-Identifier: Apache-2.0
// `cellos-project publish`: loads event logs into a Kafka topic.
#pragma once

#include "options.hpp"

namespace cellos::app {

// Runs the command and returns its exit code (SPEC.md's codes: 0, 2, 3).
int run_publish(const PublishOptions& options);

}  // namespace cellos::app
