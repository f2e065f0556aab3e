// SPDX-License-Identifier: Apache-2.0
#include "cellos/reducer/state_codec.hpp"

#include <doctest/doctest.h>

#include <random>
#include <string>
#include <vector>

#include "base/byte_buffer.hpp"
#include "cellos/reducer/apply_json.hpp"
#include "cellos/reducer/snapshot_writer.hpp"
#include "reducer/append_snapshot.hpp"
#include "reducer/encode_cell_state.hpp"
#include "reducer/stored_cell_state.hpp"

namespace cellos {
namespace {

std::string event(int id, const std::string& type, const std::string& data) {
  return R"({"specversion":"1.0","id":")" + std::to_string(id) +
         R"(","source":"s","type":"dev.cellos.events.cell.)" + type + R"(","data":)" + data + "}";
}

// Random lives: every stage, exports with and without fields, UUID and raw
// ids, duplicates and rejections, so every part of the state is exercised.
std::vector<std::string> random_life(std::mt19937& rng) {
  static const std::vector<std::string> kTypes = {
      "lifecycle.v1.started", "identity.v1.materialized", "identity.v1.failed",
      "command.v1.completed", "export.v2.completed",      "export.v2.failed",
      "identity.v1.revoked",  "lifecycle.v1.destroyed",   "unknown.v1.kind"};
  static const std::vector<std::string> kData = {
      R"({"cellId":"c","specId":"s","runId":"r","placement":{"poolId":"p","queueName":"q"}})",
      R"({"cellId":"c","exitCode":-7})", R"({"cellId":"c","exitCode":2147483647})",
      R"({"cellId":"c","targetKind":"s3","targetName":"b","destination":"d","bytesWritten":18446744073709551615})",
      R"({"cellId":"c","targetKind":"http"})",
      R"({"cellId":"c","reason":"it failed \u00e9\n","operation":"materialize"})",
      R"({"cellId":"c","reason":"gone"})",
      // Texts whose length takes two and three varint bytes.
      R"({"cellId":"c","reason":")" + std::string(300, 'x') + R"("})",
      R"({"cellId":"c","targetKind":"s3","targetName":")" + std::string(20000, 'n') +
          R"(","destination":"d"})"};
  std::vector<std::string> lines;
  const int n = static_cast<int>(rng() % 40);
  for (int i = 0; i < n; ++i) {
    const int id = static_cast<int>(rng() % 30);
    std::string line = event(id, kTypes[rng() % kTypes.size()], kData[rng() % kData.size()]);
    if (rng() % 3 == 0) {  // a canonical UUID id instead
      char uuid[40];
      std::snprintf(uuid, sizeof uuid, "%08x-0000-4000-8000-%012x", id, id * 7);
      line = line.replace(line.find(R"("id":")") + 6, std::to_string(id).size(), uuid);
    }
    lines.push_back(line);
  }
  return lines;
}

TEST_CASE("a restored cell goes on exactly as the one that never stopped") {
  std::mt19937 rng(7);
  for (int life = 0; life < 2000; ++life) {
    const std::vector<std::string> lines = random_life(rng);
    const std::size_t split = lines.empty() ? 0 : rng() % (lines.size() + 1);
    CellStateProjection original;
    for (std::size_t i = 0; i < split; ++i) apply_json(original, lines[i]);
    std::string bytes;
    encode_cell_state(original, bytes);
    std::string_view in = bytes;
    CellStateProjection restored;
    REQUIRE(decode_cell_state(in, restored));
    CHECK(in.empty());
    CHECK(snapshot_json(restored) == snapshot_json(original));
    for (std::size_t i = split; i < lines.size(); ++i) {
      const JsonApplyResult a = apply_json(original, lines[i]);
      const JsonApplyResult b = apply_json(restored, lines[i]);
      CHECK(a.outcome == b.outcome);
      CHECK(a.error == b.error);
    }
    CHECK(snapshot_json(restored) == snapshot_json(original));
  }
}

TEST_CASE("a checkpoint's byte buffer holds the bytes a string does, state after state") {
  std::mt19937 rng(11);
  std::string text = "ahead";
  ByteBuffer buffer;
  buffer.append("ahead");
  for (int life = 0; life < 500; ++life) {
    CellStateProjection cell;
    for (const std::string& line : random_life(rng)) apply_json(cell, line);
    encode_cell_state(cell, text);
    encode_cell_state(cell, buffer);
    REQUIRE(buffer.view() == text);
  }
}

TEST_CASE("damaged state bytes are refused or decoded, never a crash") {
  std::mt19937 rng(11);
  CellStateProjection cell;
  for (const std::string& line : random_life(rng)) apply_json(cell, line);
  apply_json(cell, event(99, "lifecycle.v1.started", R"({"cellId":"c"})"));
  std::string bytes;
  encode_cell_state(cell, bytes);
  for (std::size_t cut = 0; cut < bytes.size(); ++cut) {
    std::string_view in = std::string_view(bytes).substr(0, cut);
    CellStateProjection restored;
    CHECK_FALSE(decode_cell_state(in, restored));
  }
  for (int trial = 0; trial < 20000; ++trial) {
    std::string damaged = bytes;
    damaged[rng() % damaged.size()] = static_cast<char>(rng());
    std::string_view in = damaged;
    CellStateProjection restored;
    if (decode_cell_state(in, restored)) (void)snapshot_json(restored);
  }
}

// The snapshot printed straight from a stored state.
std::string stored_snapshot(const StoredCellState& state) {
  ByteBuffer out;
  append_snapshot(out, state);
  return std::string(out.view());
}

// Whether `bytes` decode into a cell, all of them (what a stored state must be).
bool decodes_whole(std::string_view bytes, CellStateProjection& cell) {
  return decode_cell_state(bytes, cell) && bytes.empty();
}

TEST_CASE("a state read in place prints what its decoded cell prints") {
  std::mt19937 rng(13);
  for (int life = 0; life < 2000; ++life) {
    CellStateProjection cell;
    for (const std::string& line : random_life(rng)) apply_json(cell, line);
    std::string bytes;
    encode_cell_state(cell, bytes);
    StoredCellState stored;
    REQUIRE(stored.parse(bytes));
    CHECK(stored_snapshot(stored) == snapshot_json(cell));
    CHECK(stored.current_state() == cell.current_state());
    CHECK(stored.exports().size() == cell.exports().size());
  }
}

TEST_CASE("a state read in place refuses exactly what decoding refuses") {
  std::mt19937 rng(17);
  CellStateProjection cell;
  for (const std::string& line : random_life(rng)) apply_json(cell, line);
  apply_json(cell, event(98, "export.v2.completed", R"({"cellId":"c","targetKind":"s3"})"));
  std::string bytes;
  encode_cell_state(cell, bytes);
  StoredCellState stored;
  for (std::size_t cut = 0; cut < bytes.size(); ++cut) {
    CHECK_FALSE(stored.parse(std::string_view(bytes).substr(0, cut)));
  }
  CHECK_FALSE(stored.parse(bytes + '\0'));  // a byte after the state
  int parsed = 0;
  for (int trial = 0; trial < 20000; ++trial) {
    std::string damaged = bytes;
    damaged[rng() % damaged.size()] = static_cast<char>(rng());
    CellStateProjection decoded;
    const bool decodes = decodes_whole(damaged, decoded);
    REQUIRE(stored.parse(damaged) == decodes);
    if (decodes) {
      CHECK(stored_snapshot(stored) == snapshot_json(decoded));
      ++parsed;
    }
  }
  CHECK(parsed > 0);  // damage that still reads as a state was met too
}

}  // namespace
}  // namespace cellos
