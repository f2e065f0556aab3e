// SPDX-License-Identifier: Apache-2.0
// Fuzzes the CloudEvents Kafka binding: whatever headers and value a message
// carries, structured_event either fails with a reason or yields one valid
// JSON value; and any event to_binary accepts comes back through
// structured_event.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "cellos/json/parser.hpp"
#include "cellos/kafka/cloud_event_binding.hpp"

namespace {

bool is_json(std::string_view text) {
  std::string scratch;
  cellos::json::Parser parser(text, scratch);
  return parser.parse_value(nullptr) && parser.finish();
}

// Takes a length-prefixed field off the front of `input`.
std::string_view take(std::string_view& input) {
  if (input.empty()) return {};
  const std::size_t size =
      std::min<std::size_t>(static_cast<unsigned char>(input[0]), input.size() - 1);
  const std::string_view field = input.substr(1, size);
  input.remove_prefix(1 + size);
  return field;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  if (input.empty()) return 0;
  // First byte: header count (low 3 bits), a null value (bit 3), and whether
  // the header names get the ce_ prefix (bit 4).
  const auto control = static_cast<unsigned char>(input[0]);
  input.remove_prefix(1);
  std::vector<std::string> names;
  names.reserve(8);  // headers view these: no reallocation
  std::vector<cellos::kafka::MessageHeader> headers;
  for (unsigned i = 0; i < (control & 7U); ++i) {
    names.push_back(((control & 16U) != 0 ? "ce_" : "") + std::string(take(input)));
    headers.push_back({names.back(), take(input)});
  }
  if ((control & 16U) != 0) headers.push_back({"ce_specversion", std::string_view("1.0")});
  std::optional<std::string_view> value;
  if ((control & 8U) == 0) value = input;

  std::string scratch;
  std::string error;
  const auto event = cellos::kafka::structured_event(value, headers, scratch, error);
  if (event && (control & 16U) != 0 && !is_json(*event)) std::abort();
  if (!event && error.empty()) std::abort();

  cellos::kafka::BinaryMessage binary;
  if (value && cellos::kafka::to_binary(*value, binary, error)) {
    std::vector<cellos::kafka::MessageHeader> back;
    for (const auto& [name, text] : binary.headers) back.push_back({name, text});
    back.push_back({"ce_specversion", std::string_view("1.0")});
    const std::optional<std::string_view> data =
        binary.value ? std::optional<std::string_view>(*binary.value) : std::nullopt;
    const auto again = cellos::kafka::structured_event(data, back, scratch, error);
    // Non-JSON content types carry data_base64; JSON ones must parse.
    if (!again || !is_json(*again)) std::abort();
  }
  return 0;
}
