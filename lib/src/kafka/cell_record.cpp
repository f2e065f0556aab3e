// SPDX-License-Identifier: Apache-2.0
#include "cellos/kafka/cell_record.hpp"

#include "cellos/reducer/state_codec.hpp"

namespace cellos::kafka {

std::string cell_record_key(replay::RouteKind kind, std::string_view id) {
  std::string key(1, kind == replay::RouteKind::SpecId ? 's' : 'c');
  key.append(id);
  return key;
}

std::optional<CellRecordKey> parse_cell_record_key(std::string_view key) {
  if (key.empty()) return std::nullopt;
  const std::string_view id = key.substr(1);
  if (key.front() == 'c') return CellRecordKey{replay::RouteKind::CellId, id};
  if (key.front() == 's') return CellRecordKey{replay::RouteKind::SpecId, id};
  return std::nullopt;
}

std::string encode_state_value(const CellStateProjection& cell) {
  std::string value(1, static_cast<char>(kCellStateVersion));
  encode_cell_state(cell, value);
  return value;
}

bool decode_state_value(std::string_view value, CellStateProjection& cell) {
  if (value.empty() || value.front() != static_cast<char>(kCellStateVersion)) return false;
  value.remove_prefix(1);
  return decode_cell_state(value, cell) && value.empty();
}

}  // namespace cellos::kafka
