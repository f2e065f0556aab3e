// SPDX-License-Identifier: Apache-2.0
// The Kafka commands, as the helper executable cellos-project-kafka runs them.
#include "kafka_command.hpp"

#include <cstdio>
#include <optional>

#include "cellos/kafka/topic_replay.hpp"
#include "kafka_client.hpp"
#include "publish_command.hpp"
#include "replay_command.hpp"

namespace cellos::app {

int run_kafka_command(const Options& options, char** /*argv*/) {
  if (options.publish.requested) return run_publish(options.publish);
  constexpr int kUsage = static_cast<int>(replay::ExitCode::Usage);
  std::optional<kafka::TopicOptions> topic;
  try {
    topic.emplace(kafka::TopicOptions{
        .client = client_config(options.kafka),
        .topic = options.kafka.topic,
        .group = options.group,
        .commit = options.commit,
        .follow = options.follow,
        .idle_timeout = options.idle_timeout,
        .stop = nullptr,
        .on_wait = {},
    });
  } catch (const kafka::ConfigError& e) {
    std::fprintf(stderr, "cellos-project: %s\n", e.what());
    return kUsage;
  }
  run_replay(options, [&topic](replay::Replayer& replayer, const input::FollowOptions& follow,
                               CheckpointedRun* /*checkpointed: not for topics*/) {
    topic->stop = follow.stop;
    topic->on_wait = follow.on_wait;
    try {
      kafka::TopicReplay kafka(*topic, replayer);
      kafka.run();
    } catch (const kafka::ConfigError& e) {
      std::fprintf(stderr, "cellos-project: %s\n", e.what());
      return kUsage;
    }
    return -1;
  });
}

}  // namespace cellos::app
