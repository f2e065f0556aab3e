// SPDX-License-Identifier: Apache-2.0
#include "cellos/report/diff_printer.hpp"

#include <algorithm>
#include <array>

#include "cellos/base/utf8.hpp"
#include "cellos/json/writer.hpp"

namespace cellos::report {

namespace {

std::string_view change_name(CellDifference::Kind kind) {
  switch (kind) {
    case CellDifference::Kind::Added:
      return "added";
    case CellDifference::Kind::Removed:
      return "removed";
    case CellDifference::Kind::Changed:
      break;
  }
  return "changed";
}

// The snapshot object back from its fields (each already compact JSON).
std::string snapshot_text(const SnapshotFields& cell) {
  std::string out = "{";
  for (const auto& [name, value] : cell.fields) {
    if (out.size() > 1) out.push_back(',');
    json::Writer(out).string(name);
    out.append(":").append(value);
  }
  return out + "}";
}

std::string cell_label(const std::string& key) {
  const auto [space, id] = split_cell_key(key);
  return space == "cellId" ? std::string(id) : "spec " + std::string(id);
}

}  // namespace

std::string diff_ndjson(const std::vector<CellDifference>& differences) {
  std::string out;
  for (const CellDifference& d : differences) {
    const auto [space, id] = split_cell_key(d.key);
    json::Writer w(out);
    w.begin_object();
    w.key("change");
    w.string(change_name(d.kind));
    w.key(space);
    w.string(id);
    if (d.kind == CellDifference::Kind::Changed) {
      w.key("fields");
      w.begin_object();
      for (const FieldChange& change : d.changes) {
        w.key(change.field);
        w.begin_object();
        w.key("old");
        w.raw_value(change.before);
        w.key("new");
        w.raw_value(change.after);
        w.end_object();
      }
      w.end_object();
    } else {
      w.key("snapshot");
      w.raw_value(snapshot_text(*d.cell));
    }
    w.end_object();
    out.push_back('\n');
  }
  return out;
}

std::string diff_table(const std::vector<CellDifference>& differences, const TableStyle& style) {
  using Row = std::array<std::string, 5>;
  std::vector<Row> rows = {{"CELL", "CHANGE", "FIELD", "OLD", "NEW"}};
  std::vector<CellDifference::Kind> kinds = {CellDifference::Kind::Changed};
  for (const CellDifference& d : differences) {
    const std::string cell = utf8::for_terminal(cell_label(d.key));
    if (d.kind != CellDifference::Kind::Changed) {
      rows.push_back({cell, std::string(change_name(d.kind)), "-", "-", "-"});
      kinds.push_back(d.kind);
      continue;
    }
    for (const FieldChange& change : d.changes) {
      rows.push_back({cell, "changed", change.field, utf8::for_terminal(change.before),
                      utf8::for_terminal(change.after)});
      kinds.push_back(d.kind);
    }
  }
  std::array<std::size_t, 5> widths{};
  for (const Row& row : rows) {
    for (std::size_t i = 0; i < row.size(); ++i)
      widths[i] = std::max(widths[i], utf8::display_width(row[i]));
  }
  std::string out;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    std::string line;
    for (std::size_t i = 0; i < rows[r].size(); ++i) {
      const std::string& text = rows[r][i];
      const bool colored = style.color && r > 0 && i == 1;
      if (colored) {
        line.append(kinds[r] == CellDifference::Kind::Added     ? "\033[32m"
                    : kinds[r] == CellDifference::Kind::Removed ? "\033[31m"
                                                                : "\033[33m");
      }
      line.append(text);
      if (colored) line.append("\033[0m");
      if (i + 1 < rows[r].size()) line.append(widths[i] - utf8::display_width(text) + 2, ' ');
    }
    out.append(line).push_back('\n');
  }
  return out;
}

std::string diff_human_lines(const std::vector<CellDifference>& differences,
                             const std::string& expected_file) {
  std::string out;
  for (const CellDifference& d : differences) {
    std::string line = "expected " + expected_file + ": cell " + cell_label(d.key) + ": ";
    if (d.kind == CellDifference::Kind::Added) {
      line += "not expected, replayed";
    } else if (d.kind == CellDifference::Kind::Removed) {
      line += "expected, not replayed";
    } else {
      for (std::size_t i = 0; i < d.changes.size(); ++i) {
        const FieldChange& change = d.changes[i];
        line += (i > 0 ? ", " : "") + change.field + " " + change.before + " -> " + change.after;
      }
    }
    out.append("cellos-project: ").append(utf8::for_terminal(line)).push_back('\n');
  }
  return out;
}

}  // namespace cellos::report
