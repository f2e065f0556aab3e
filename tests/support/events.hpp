// SPDX-License-Identifier: Apache-2.0
// Test helpers: CloudEvents built from JSON text through the real parser,
// so tests exercise the same path as replay.
#pragma once

#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <string_view>

#include "cellos/event/cloud_event.hpp"
#include "cellos/event/event_parser.hpp"

namespace cellos::test {

inline constexpr std::string_view kStarted = "dev.cellos.events.cell.lifecycle.v1.started";
inline constexpr std::string_view kDestroyed = "dev.cellos.events.cell.lifecycle.v1.destroyed";
inline constexpr std::string_view kIdentityMaterialized =
    "dev.cellos.events.cell.identity.v1.materialized";
inline constexpr std::string_view kIdentityFailed = "dev.cellos.events.cell.identity.v1.failed";
inline constexpr std::string_view kIdentityRevoked = "dev.cellos.events.cell.identity.v1.revoked";
inline constexpr std::string_view kCommandCompleted = "dev.cellos.events.cell.command.v1.completed";
inline constexpr std::string_view kExportCompleted = "dev.cellos.events.cell.export.v2.completed";
inline constexpr std::string_view kExportFailed = "dev.cellos.events.cell.export.v2.failed";

// An event that owns its line; `event` views it.
struct OwnedEvent {
  std::string line;
  EventParser parser;
  CloudEvent event;
};

// Parses a whole event line; fails the test if it is malformed.
inline std::unique_ptr<OwnedEvent> parse_line(std::string line) {
  auto owned = std::make_unique<OwnedEvent>();
  owned->line = std::move(line);
  const bool ok = owned->parser.parse(owned->line, owned->event);
  INFO("line: " << owned->line << " error: " << owned->parser.error());
  REQUIRE(ok);
  return owned;
}

// The reference tests' `event(id, ty, data)`: `data_json` is raw JSON.
inline std::unique_ptr<OwnedEvent> event(std::string_view id, std::string_view type,
                                         std::string_view data_json) {
  std::string line = R"({"specversion":"1.0","id":")" + std::string(id) +
                     R"(","source":"urn:test","type":")" + std::string(type) +
                     R"(","datacontenttype":"application/json","data":)" + std::string(data_json) +
                     "}";
  return parse_line(std::move(line));
}

}  // namespace cellos::test
