// SPDX-License-Identifier: Apache-2.0
#include "cellos/kafka/client_config.hpp"

#include <doctest/doctest.h>
#include <librdkafka/rdkafka.h>

using cellos::kafka::ConfigError;

TEST_CASE("-X KEY=VALUE splits at the first '='") {
  using cellos::kafka::parse_property;
  CHECK(parse_property("sasl.password=a=b") ==
        std::pair<std::string, std::string>{"sasl.password", "a=b"});
  CHECK(parse_property("client.rack=") == std::pair<std::string, std::string>{"client.rack", ""});
  CHECK_THROWS_AS(parse_property("novalue"), ConfigError);
  CHECK_THROWS_AS(parse_property("=1"), ConfigError);
}

TEST_CASE("the user's properties apply last, and an unknown one is named") {
  cellos::kafka::ClientConfig config;
  config.brokers = "localhost:9092";
  config.properties = {{"linger.ms", "7"}};
  rd_kafka_conf_t* conf = cellos::kafka::make_conf(config, {{"linger.ms", "5"}});
  char value[64];
  std::size_t size = sizeof value;
  REQUIRE(rd_kafka_conf_get(conf, "linger.ms", value, &size) == RD_KAFKA_CONF_OK);
  CHECK(std::string(value) == "7");
  rd_kafka_conf_destroy(conf);

  config.properties = {{"no.such.property", "1"}};
  try {
    static_cast<void>(cellos::kafka::make_conf(config, {}));
    FAIL("an unknown property was accepted");
  } catch (const ConfigError& e) {
    CHECK(std::string(e.what()).find("no.such.property") != std::string::npos);
  }
}
