// SPDX-License-Identifier: Apache-2.0
// What a replay reports when a line is malformed or an event is rejected.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "cellos/reducer/cell_state_projection.hpp"
#include "cellos/replay/cell_table.hpp"

namespace cellos::replay {

enum class ProblemKind : std::uint8_t { Malformed, Rejected };

std::string_view json_name(ProblemKind kind);

// A view, valid only during the sink callback that receives it.
struct Problem {
  ProblemKind kind = ProblemKind::Malformed;
  std::string_view file;
  std::uint64_t line = 0;  // for a Kafka record: its offset
  // For a Kafka record: the partition it was read from.
  std::optional<std::int32_t> partition;
  // Rejected only: the event's id and type, and its data's string ids.
  std::optional<std::string_view> event_id;
  std::optional<std::string_view> event_type;
  std::optional<std::string_view> cell_id;
  std::optional<std::string_view> spec_id;
  std::string_view message;
  // Malformed only: the line holds a '{' after some leading text (a CI log's
  // timestamp?), which --json-from-first-brace would read from.
  bool json_after_prefix = false;
  // The cell right after the rejected apply; null when no cell was reached.
  // Cells move (CellTable::order_by_input): tell them apart by `cell_key`.
  const CellStateProjection* cell = nullptr;
  CellKey cell_key;  // with `cell`: which cell it is
};

}  // namespace cellos::replay
