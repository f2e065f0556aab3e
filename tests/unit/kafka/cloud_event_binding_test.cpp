// SPDX-License-Identifier: Apache-2.0
#include "cellos/kafka/cloud_event_binding.hpp"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

using cellos::kafka::BinaryMessage;
using cellos::kafka::MessageHeader;
using cellos::kafka::structured_event;
using cellos::kafka::to_binary;

namespace {

// A binary message read back as a structured event, as a replay reads it.
nlohmann::json read_back(const BinaryMessage& message) {
  std::vector<MessageHeader> headers;
  for (const auto& [name, value] : message.headers) headers.push_back({name, value});
  std::string scratch;
  std::string error;
  const auto event = structured_event(*message.value, headers, scratch, error);
  REQUIRE(event);
  return nlohmann::json::parse(*event);
}

}  // namespace

TEST_CASE("a message without ce_specversion is structured: its value is the event") {
  std::string scratch;
  std::string error;
  const auto event = structured_event(std::string_view(R"({"id":"1"})"),
                                      {{"content-type", std::string_view("x")}}, scratch, error);
  REQUIRE(event);
  CHECK(*event == R"({"id":"1"})");
}

TEST_CASE("binary mode: ce_ headers become attributes, the value data") {
  std::string scratch;
  std::string error;
  const std::vector<MessageHeader> headers = {
      {"ce_specversion", std::string_view("1.0")},
      {"ce_id", std::string_view("e\"1")},
      {"CE_Source", std::string_view("/s")},
      {"ce_type", std::string_view("t")},
      {"content-type", std::string_view("application/json; charset=utf-8")},
      {"other", std::string_view("ignored")},
  };
  const auto event =
      structured_event(std::string_view(R"({"cellId":"c"})"), headers, scratch, error);
  REQUIRE(event);
  const auto parsed = nlohmann::json::parse(*event);
  CHECK(parsed["specversion"] == "1.0");
  CHECK(parsed["id"] == "e\"1");
  CHECK(parsed["source"] == "/s");
  CHECK(parsed["datacontenttype"] == "application/json; charset=utf-8");
  CHECK(parsed["data"]["cellId"] == "c");
  CHECK_FALSE(parsed.contains("other"));
}

TEST_CASE("binary mode: no value is no data; non-JSON data travels as data_base64") {
  std::string scratch;
  std::string error;
  const std::vector<MessageHeader> headers = {{"ce_specversion", std::string_view("1.0")}};
  auto event = structured_event(std::nullopt, headers, scratch, error);
  REQUIRE(event);
  CHECK_FALSE(nlohmann::json::parse(*event).contains("data"));

  std::vector<MessageHeader> text = headers;
  text.push_back({"content-type", std::string_view("text/plain")});
  event = structured_event(std::string_view("hi!"), text, scratch, error);
  REQUIRE(event);
  CHECK(nlohmann::json::parse(*event)["data_base64"] == "aGkh");
}

TEST_CASE("binary mode: data that is not JSON and headers that are not UTF-8 are errors") {
  std::string scratch;
  std::string error;
  std::vector<MessageHeader> headers = {{"ce_specversion", std::string_view("1.0")}};
  CHECK_FALSE(structured_event(std::string_view("{oops"), headers, scratch, error));
  CHECK(error.find("binary-mode data") != std::string::npos);
  headers.push_back({"ce_id", std::string_view("\xe0\x8c\xb4")});  // overlong: not UTF-8
  CHECK_FALSE(structured_event(std::string_view("{}"), headers, scratch, error));
  CHECK(error.find("ce_id") != std::string::npos);
}

TEST_CASE("to_binary moves attributes to headers and back, last duplicate winning") {
  BinaryMessage message;
  std::string error;
  REQUIRE(to_binary(
      R"({"specversion":"1.0","id":"a","id":"b","source":"/s","type":"t","n":5,"time":null,)"
      R"("datacontenttype":"application/json","data":{"cellId":"c"}})",
      message, error));
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"ce_specversion", "1.0"}, {"ce_id", "b"}, {"ce_source", "/s"},
      {"ce_type", "t"},          {"ce_n", "5"},  {"content-type", "application/json"}};
  CHECK(message.headers == expected);
  REQUIRE(message.value);
  CHECK(*message.value == R"({"cellId":"c"})");

  const nlohmann::json back = read_back(message);
  CHECK(back["id"] == "b");
  CHECK(back["data"]["cellId"] == "c");
}

TEST_CASE("to_binary: string data stays a JSON string; null data is none") {
  BinaryMessage message;
  std::string error;
  REQUIRE(to_binary(R"({"specversion":"1.0","data":"a\nb"})", message, error));
  REQUIRE(message.value);
  CHECK(*message.value == R"("a\nb")");
  REQUIRE(to_binary(R"({"specversion":"1.0","data":null})", message, error));
  CHECK_FALSE(message.value);
  CHECK_FALSE(to_binary("[1]", message, error));
}

TEST_CASE("to_binary: data_base64 travels as bytes typed octet-stream, and comes back as such") {
  BinaryMessage message;
  std::string error;
  REQUIRE(to_binary(R"({"specversion":"1.0","data_base64":"aGkh"})", message, error));
  REQUIRE(message.value);
  CHECK(*message.value == "hi!");
  CHECK(message.headers.back() ==
        std::pair<std::string, std::string>{"content-type", "application/octet-stream"});
  CHECK(read_back(message)["data_base64"] == "aGkh");
  CHECK_FALSE(to_binary(R"({"specversion":"1.0","data_base64":61})", message, error));
  CHECK(error == "data_base64 is not a string");
}

TEST_CASE("content types that mean JSON") {
  using cellos::kafka::is_json_content_type;
  CHECK(is_json_content_type(std::nullopt));
  CHECK(is_json_content_type("application/json"));
  CHECK(is_json_content_type("Application/JSON ; charset=utf-8"));
  CHECK(is_json_content_type("application/cloudevents+json"));
  CHECK(is_json_content_type("text/json"));
  CHECK_FALSE(is_json_content_type("text/plain"));
  CHECK_FALSE(is_json_content_type("+json"));
}

TEST_CASE("base64 round trips every length") {
  using cellos::kafka::base64_decode;
  using cellos::kafka::base64_encode;
  std::string bytes;
  for (int n = 0; n < 70; ++n) {
    CHECK(base64_decode(base64_encode(bytes)) == bytes);
    bytes.push_back(static_cast<char>(n * 37));
  }
  CHECK(base64_encode("foobar") == "Zm9vYmFy");
  CHECK(base64_encode("fo") == "Zm8=");
  CHECK_FALSE(base64_decode("Zm9v!"));
}
