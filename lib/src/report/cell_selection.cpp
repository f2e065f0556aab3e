// SPDX-License-Identifier: Apache-2.0
#include "cellos/report/cell_selection.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace cellos::report {

namespace {

constexpr std::array<std::pair<std::string_view, SortField>, 4> kSortFields = {{
    {"cell", SortField::Cell},
    {"state", SortField::State},
    {"events", SortField::Events},
    {"exit-code", SortField::ExitCode},
}};

// Whether `a` comes before `b` by `field`, ascending.
bool before(const CellStateProjection& a, const CellStateProjection& b, SortField field) {
  switch (field) {
    case SortField::Cell:
      return cell_name(a).value_or("") < cell_name(b).value_or("");
    case SortField::State:
      return json_name(a.current_state()) < json_name(b.current_state());
    case SortField::Events:
      return a.processed_events() < b.processed_events();
    case SortField::ExitCode:
      return a.command_exit_code() < b.command_exit_code();  // nullopt first
    case SortField::None:
      break;
  }
  return false;
}

}  // namespace

std::optional<std::string_view> cell_name(const CellStateProjection& cell) {
  return cell.cell_id() ? cell.cell_id() : cell.spec_id();
}

std::optional<CellOrder> parse_cell_order(std::string_view text) {
  CellOrder order;
  if (text.starts_with('-')) {
    order.descending = true;
    text.remove_prefix(1);
  }
  for (const auto& [name, field] : kSortFields) {
    if (text == name) {
      order.field = field;
      return order;
    }
  }
  return std::nullopt;
}

std::string cell_order_names() {
  std::string names;
  for (const auto& entry : kSortFields)
    names += (names.empty() ? "" : ", ") + std::string(entry.first);
  return names;
}

bool CellSelection::matches(const replay::CellTable& cells, std::size_t i) const {
  if (changed_only && !cells.changed(i)) return false;
  const CellStateProjection& cell = cells[i];
  if (!ids.empty()) {
    const auto name = cell_name(cell);
    if (!name || std::find(ids.begin(), ids.end(), *name) == ids.end()) return false;
  }
  return states.empty() ||
         std::find(states.begin(), states.end(), cell.current_state()) != states.end();
}

std::vector<std::size_t> CellSelection::picked(const replay::CellTable& cells) const {
  std::vector<std::size_t> picked;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (matches(cells, i)) picked.push_back(i);
  }
  if (order.field != SortField::None) {
    std::ranges::stable_sort(picked, [&](std::size_t a, std::size_t b) {
      return order.descending ? before(cells[b], cells[a], order.field)
                              : before(cells[a], cells[b], order.field);
    });
  }
  if (picked.size() > limit) picked.resize(limit);
  return picked;
}

std::vector<std::string> CellSelection::unmatched_ids(const replay::CellTable& cells) const {
  std::vector<std::string> unmatched = ids;
  for (const CellStateProjection& cell : cells) {
    if (unmatched.empty()) break;
    if (const auto name = cell_name(cell)) std::erase(unmatched, *name);
  }
  return unmatched;
}

}  // namespace cellos::report
