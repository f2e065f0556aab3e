// SPDX-License-Identifier: Apache-2.0
#include "cellos/report/snapshot_diff.hpp"

#include <algorithm>

#include "cellos/json/parser.hpp"
#include "cellos/reducer/snapshot_writer.hpp"

namespace cellos::report {

namespace {

// JSON text without the whitespace between tokens (the text is valid JSON).
std::string compact(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      out.push_back(c);
      if (c == '\\' && i + 1 < text.size()) {
        out.push_back(text[++i]);
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
      out.push_back(c);
    } else if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
      out.push_back(c);
    }
  }
  return out;
}

std::string located(std::string_view name, std::size_t line, std::string_view why) {
  std::string out(name);
  if (line > 0) out.append(":").append(std::to_string(line));
  return out.append(": ").append(why);
}

}  // namespace

std::pair<std::string_view, std::string_view> split_cell_key(std::string_view key) {
  const auto colon = key.find(':');
  return {key.substr(0, colon), key.substr(colon + 1)};
}

bool SnapshotSet::add(std::string_view object_text, std::string_view name, std::size_t line) {
  std::string scratch;
  json::Parser parser(object_text, scratch);
  SnapshotFields cell;
  std::string cell_id;
  std::string spec_id;
  bool is_problem = false;
  parser.skip_whitespace();
  const bool ok = parser.peek() == '{' && parser.parse_object([&](std::string_view key) {
    const std::size_t start = parser.offset();
    json::Value value;
    if (!parser.parse_value(&value)) return false;
    const std::string_view raw = object_text.substr(start, parser.offset() - start);
    if (key == "cellId" && value.kind == json::Kind::String) cell_id = value.text;
    if (key == "specId" && value.kind == json::Kind::String) spec_id = value.text;
    if (key == "error") is_problem = true;
    cell.fields.emplace_back(std::string(key), compact(raw));
    return true;
  }) && parser.finish();
  if (!ok) {
    error_ = located(name, line, "not a JSON object (a snapshot as cellos-project prints it)");
    return false;
  }
  if (is_problem) {
    error_ = located(name, line,
                     "a problem record, not a snapshot: that replay stopped at its first "
                     "problem; replay with -k to print every cell");
    return false;
  }
  if (cell_id.empty() && spec_id.empty()) {
    error_ = located(name, line, "not a snapshot: it has neither a cellId nor a specId");
    return false;
  }
  cell.key = !cell_id.empty() ? "cellId:" + cell_id : "specId:" + spec_id;
  // A key seen again (the same cell in two Kafka partitions) is another cell.
  for (int n = 2; index_.contains(cell.key); ++n) {
    cell.key = (!cell_id.empty() ? "cellId:" + cell_id : "specId:" + spec_id) + " (" +
               std::to_string(n) + ")";
  }
  index_.emplace(cell.key, cells_.size());
  cells_.push_back(std::move(cell));
  return true;
}

bool SnapshotSet::read_document(std::string_view text, std::string_view name) {
  std::string scratch;
  json::Parser parser(text, scratch);
  bool has_cells = false;
  bool cells_ok = true;
  parser.skip_whitespace();
  const bool ok = parser.peek() == '{' && parser.parse_object([&](std::string_view key) {
    if (key != "cells") return parser.parse_value(nullptr);
    has_cells = true;
    parser.skip_whitespace();
    if (parser.peek() != '[') {
      cells_ok = false;
      return parser.parse_value(nullptr);
    }
    return parser.parse_array([&] {
      const std::size_t start = parser.offset();
      if (!parser.parse_value(nullptr)) return false;
      cells_ok = cells_ok && add(text.substr(start, parser.offset() - start), name, 0);
      return true;
    });
  }) && parser.finish();
  if (!ok || !has_cells) return false;
  if (!cells_ok && error_.empty()) error_ = located(name, 0, "\"cells\" is not an array");
  return true;
}

bool SnapshotSet::read(std::string_view text, std::string_view name) {
  cells_.clear();
  index_.clear();
  error_.clear();
  // An -o json document: one object with a "cells" array.
  if (read_document(text, name)) return error_.empty();
  cells_.clear();
  index_.clear();
  error_.clear();
  std::size_t line = 0;
  while (!text.empty()) {
    ++line;
    const auto newline = text.find('\n');
    std::string_view row = text.substr(0, newline);
    text = newline == std::string_view::npos ? std::string_view() : text.substr(newline + 1);
    if (row.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    if (!add(row, name, line)) return false;
  }
  return true;
}

void SnapshotSet::take(const replay::CellTable& cells) {
  cells_.clear();
  index_.clear();
  for (const CellStateProjection& cell : cells) add(snapshot_json(cell), "", 0);
}

const SnapshotFields* SnapshotSet::find(std::string_view key) const {
  const auto found = index_.find(std::string(key));
  return found == index_.end() ? nullptr : &cells_[found->second];
}

std::vector<CellDifference> diff_snapshots(const SnapshotSet& before, const SnapshotSet& after,
                                           const std::vector<std::string>& ignored) {
  const auto is_ignored = [&ignored](const std::string& field) {
    return std::find(ignored.begin(), ignored.end(), field) != ignored.end();
  };
  const auto value_of = [](const SnapshotFields& cell, const std::string& field) {
    for (const auto& [name, value] : cell.fields) {
      if (name == field) return value;
    }
    return std::string("null");  // a field the other version does not have
  };
  std::vector<CellDifference> differences;
  for (const SnapshotFields& old_cell : before.cells()) {
    const SnapshotFields* new_cell = after.find(old_cell.key);
    if (new_cell == nullptr) {
      differences.push_back({CellDifference::Kind::Removed, old_cell.key, {}, &old_cell});
      continue;
    }
    CellDifference changed{CellDifference::Kind::Changed, old_cell.key, {}, new_cell};
    std::vector<std::string> names;
    for (const auto& field : old_cell.fields) names.push_back(field.first);
    for (const auto& field : new_cell->fields) {
      if (std::find(names.begin(), names.end(), field.first) == names.end())
        names.push_back(field.first);
    }
    for (const std::string& name : names) {
      if (is_ignored(name)) continue;
      std::string old_value = value_of(old_cell, name);
      std::string new_value = value_of(*new_cell, name);
      if (old_value != new_value)
        changed.changes.push_back({name, std::move(old_value), std::move(new_value)});
    }
    if (!changed.changes.empty()) differences.push_back(std::move(changed));
  }
  for (const SnapshotFields& new_cell : after.cells()) {
    if (before.find(new_cell.key) == nullptr)
      differences.push_back({CellDifference::Kind::Added, new_cell.key, {}, &new_cell});
  }
  return differences;
}

}  // namespace cellos::report
