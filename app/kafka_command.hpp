// SPDX-License-Identifier: Apache-2.0
// The commands that need a Kafka client: replaying a topic (--kafka) and
// `publish`.
//
// They run in a helper executable, cellos-project-kafka, built from the same
// sources plus librdkafka (kafka_command.cpp). cellos-project itself links no
// Kafka client: loading librdkafka, with OpenSSL and SASL, costs ~3 ms at
// every start, more than replaying a small log takes. It hands these
// commands to the helper instead (kafka_handoff.cpp), which parses the same
// arguments again and runs them.
#pragma once

#include "options.hpp"

namespace cellos::app {

inline bool needs_kafka(const Options& options) {
  return options.publish.requested || options.table.requested || !options.kafka.brokers.empty();
}

// Runs the command `options` asks for; returns its exit code (or does not
// return). `argv` is the command line, for the hand-over.
int run_kafka_command(const Options& options, char** argv);

}  // namespace cellos::app
