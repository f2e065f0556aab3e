// SPDX-License-Identifier: Apache-2.0
// A Kafka cluster for tests: librdkafka's mock cluster (real Kafka protocol
// on loopback), driven over stdin so a test can take brokers down mid-run.
//
//   mock_kafka_cluster --brokers 3 --topic cells:3 --topic other:1
//   -> prints "bootstrap 127.0.0.1:PORT,..." then obeys lines on stdin:
//      down ID | up ID | rtt MS | missing TOPIC | refuse-produce N | lead TOPIC:N ID | quit
//   (end of input also quits)
//   "refuse-produce" answers the next N produce requests with an
//   authorization error, which no retry overcomes. "lead" makes broker ID
//   the leader of the N partitions of TOPIC.
//   "rtt" delays every broker's responses by MS milliseconds (slows a replay
//   down enough to act in the middle of it).
//   "missing" makes the cluster answer that TOPIC does not exist (the mock
//   would otherwise create any topic a client asks about).
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

int main(int argc, char** argv) {
  int brokers = 3;
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  char why[512];
  rd_kafka_conf_set(conf, "log_level", "0", why, sizeof why);  // quiet
  rd_kafka_t* handle = rd_kafka_new(RD_KAFKA_PRODUCER, conf, why, sizeof why);
  if (handle == nullptr) {
    std::fprintf(stderr, "mock_kafka_cluster: %s\n", why);
    return 1;
  }
  for (int i = 1; i < argc; ++i) {
    if (std::string(argv[i]) == "--brokers" && i + 1 < argc) brokers = std::atoi(argv[++i]);
  }
  rd_kafka_mock_cluster_t* cluster = rd_kafka_mock_cluster_new(handle, brokers);
  if (cluster == nullptr) {
    std::fprintf(stderr, "mock_kafka_cluster: cannot create the cluster\n");
    return 1;
  }
  for (int i = 1; i < argc; ++i) {
    if (std::string(argv[i]) != "--topic" || i + 1 >= argc) continue;
    const std::string spec = argv[++i];
    const auto colon = spec.find(':');
    const std::string name = spec.substr(0, colon);
    const int partitions = colon == std::string::npos ? 1 : std::atoi(spec.c_str() + colon + 1);
    if (rd_kafka_mock_topic_create(cluster, name.c_str(), partitions, brokers) != 0) {
      std::fprintf(stderr, "mock_kafka_cluster: cannot create topic %s\n", name.c_str());
      return 1;
    }
  }
  std::printf("bootstrap %s\n", rd_kafka_mock_cluster_bootstraps(cluster));
  std::fflush(stdout);

  std::string line;
  while (std::getline(std::cin, line)) {
    std::istringstream words(line);
    std::string command;
    std::string argument;
    words >> command >> argument;
    if (command == "quit") break;
    const int broker = std::atoi(argument.c_str());
    rd_kafka_resp_err_t error = RD_KAFKA_RESP_ERR_NO_ERROR;
    if (command == "missing") {
      rd_kafka_mock_topic_set_error(cluster, argument.c_str(),
                                    RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART);
    } else if (command == "lead") {
      std::string leader;
      words >> leader;
      const auto colon = argument.find(':');
      const int partitions = std::atoi(argument.c_str() + colon + 1);
      for (int p = 0; p < partitions && error == RD_KAFKA_RESP_ERR_NO_ERROR; ++p) {
        error = rd_kafka_mock_partition_set_leader(cluster, argument.substr(0, colon).c_str(), p,
                                                   std::atoi(leader.c_str()));
      }
    } else if (command == "refuse-produce") {
      constexpr std::int16_t kProduce = 0;  // the Produce API key
      const std::vector<rd_kafka_resp_err_t> errors(static_cast<std::size_t>(broker),
                                                    RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED);
      rd_kafka_mock_push_request_errors_array(cluster, kProduce, errors.size(), errors.data());
    } else if (command == "rtt") {
      for (int id = 1; id <= brokers && error == RD_KAFKA_RESP_ERR_NO_ERROR; ++id)
        error = rd_kafka_mock_broker_set_rtt(cluster, id, broker);
    } else if (command == "down") {
      error = rd_kafka_mock_broker_set_down(cluster, broker);
    } else if (command == "up") {
      error = rd_kafka_mock_broker_set_up(cluster, broker);
    } else {
      std::printf("error unknown command\n");
      std::fflush(stdout);
      continue;
    }
    std::printf("%s\n", error == RD_KAFKA_RESP_ERR_NO_ERROR ? "ok" : rd_kafka_err2str(error));
    std::fflush(stdout);
  }
  rd_kafka_mock_cluster_destroy(cluster);
  rd_kafka_destroy(handle);
  return 0;
}
