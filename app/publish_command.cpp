// SPDX-License-Identifier: Apache-2.0
#include "publish_command.hpp"

#include <cstdio>
#include <memory>

#include "cellos/input/byte_source.hpp"
#include "cellos/kafka/publisher.hpp"
#include "cellos/replay/sink.hpp"
#include "kafka_client.hpp"

namespace cellos::app {

int run_publish(const PublishOptions& options) {
  constexpr int kUsage = static_cast<int>(replay::ExitCode::Usage);
  constexpr int kFailed = static_cast<int>(replay::ExitCode::Input);
  std::unique_ptr<kafka::Publisher> publisher;
  try {
    publisher = std::make_unique<kafka::Publisher>(
        kafka::PublishOptions{.client = client_config(options.kafka),
                              .topic = options.kafka.topic,
                              .binary_mode = options.binary_mode});
  } catch (const kafka::ConfigError& e) {
    std::fprintf(stderr, "cellos-project: publish: %s\n", e.what());
    return kUsage;
  }
  if (!publisher->connect()) {
    std::fprintf(stderr, "cellos-project: publish: %s\n", publisher->finish().error.c_str());
    return kFailed;
  }
  bool inputs_ok = true;
  for (const std::string& path : options.inputs) {
    const std::string file = input::display_name(path);
    try {
      const std::unique_ptr<input::ByteSource> source = input::open_input(path);
      if (!publisher->publish(*source, file)) inputs_ok = false;
    } catch (const input::InputError& e) {
      std::fprintf(stderr, "cellos-project: publish: %s\n", e.what());
      inputs_ok = false;
    }
    if (!inputs_ok) break;  // what was sent is still waited for below
  }
  const kafka::PublishReport report = publisher->finish();
  if (!report.error.empty())
    std::fprintf(stderr, "cellos-project: publish: %s\n", report.error.c_str());
  for (const std::string& failure : report.failures)
    std::fprintf(stderr, "cellos-project: publish: %s\n", failure.c_str());
  if (report.failed > report.failures.size())
    std::fprintf(stderr, "cellos-project: publish: ... and %llu more\n",
                 static_cast<unsigned long long>(report.failed - report.failures.size()));
  std::fprintf(stderr, "cellos-project: publish: %llu of %llu message(s) acknowledged by %s\n",
               static_cast<unsigned long long>(report.acknowledged),
               static_cast<unsigned long long>(report.sent), options.kafka.topic.c_str());
  return inputs_ok && report.ok() ? 0 : kFailed;
}

}  // namespace cellos::app
