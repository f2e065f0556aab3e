// SPDX-License-Identifier: Apache-2.0
// The Kafka commands, as the helper executable cellos-project-kafka runs them.
#include "kafka_command.hpp"

#include <cstdio>
#include <optional>

#include "cellos/base/utf8.hpp"
#include "cellos/kafka/state_topic.hpp"
#include "cellos/kafka/topic_replay.hpp"
#include "cellos/kafka/topic_table.hpp"
#include "kafka_client.hpp"
#include "logging.hpp"
#include "publish_command.hpp"
#include "replay_command.hpp"

namespace cellos::app {

namespace {

constexpr int kUsage = static_cast<int>(replay::ExitCode::Usage);
constexpr int kInput = static_cast<int>(replay::ExitCode::Input);

// `cellos-project table`: one line per committed row on stdout.
int run_table(const TableOptions& table) {
  std::string error;
  try {
    error = kafka::read_topic_table(client_config(table.kafka), table.kafka.topic,
                                    [](std::string_view row) {
                                      std::fwrite(row.data(), 1, row.size(), stdout);
                                      std::fputc('\n', stdout);
                                    });
  } catch (const kafka::ConfigError& e) {
    std::fprintf(stderr, "cellos-project: %s\n", e.what());
    return kUsage;
  }
  if (std::fflush(stdout) != 0) error = "cannot write the table to standard output";
  if (error.empty()) return 0;
  std::fprintf(stderr, "cellos-project: %s\n", utf8::for_terminal(error).c_str());
  return kInput;
}

// The state topic of a stateful group replay, when one is asked for.
std::optional<kafka::StateTopicOptions> state_topic_options(const Options& options,
                                                            const kafka::ClientConfig& client) {
  if (options.state_topic.empty()) return std::nullopt;
  return kafka::StateTopicOptions{
      .client = client,
      .input_topic = options.kafka.topic,
      .group = options.group,
      .outputs = {.state = options.state_topic,
                  .snapshots = options.snapshots_topic,
                  .problems = options.problems_topic},
      .commit_interval = options.commit_interval,
  };
}

}  // namespace

int run_kafka_command(const Options& options, char** /*argv*/) {
  // libcellos-kafka logs through spdlog's default logger.
  use_as_default_log();
  if (options.publish.requested) return run_publish(options.publish);
  if (options.table.requested) return run_table(options.table);
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
        .state = nullptr,
    });
  } catch (const kafka::ConfigError& e) {
    std::fprintf(stderr, "cellos-project: %s\n", e.what());
    return kUsage;
  }
  const std::optional<kafka::StateTopicOptions> state_options =
      state_topic_options(options, topic->client);
  run_replay(options, [&topic, &state_options](replay::Replayer& replayer,
                                               const input::FollowOptions& follow,
                                               CheckpointedRun* /*checkpointed: not for topics*/) {
    topic->stop = follow.stop;
    topic->on_wait = follow.on_wait;
    try {
      std::optional<kafka::StateTopic> state;
      if (state_options) topic->state = &state.emplace(*state_options, replayer);
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
