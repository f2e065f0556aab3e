// SPDX-License-Identifier: Apache-2.0
// Which cells a printer prints, and in which order: `--cell ID` (repeatable),
// `--state S,...`, `--changed`, `--sort FIELD` and `--limit N`. Selection
// only shapes output; every event is still replayed and every problem still
// reported and counted.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cellos/reducer/cell_state.hpp"
#include "cellos/reducer/cell_state_projection.hpp"
#include "cellos/replay/cell_table.hpp"

namespace cellos::report {

// `--sort FIELD`: what cells are ordered by; ties keep the order of first
// appearance, the default order.
enum class SortField : std::uint8_t {
  None,      // first appearance
  Cell,      // the cellId, or the specId of a cell without one (byte order)
  State,     // the current state's name
  Events,    // processedEvents
  ExitCode,  // the command's exit code; cells without one first (last when descending)
};

struct CellOrder {
  SortField field = SortField::None;
  bool descending = false;  // "-events"
};

// The name a cell is known by (what --cell matches, what --sort cell orders
// by): its cellId, or its specId when it has none; nullopt with neither.
std::optional<std::string_view> cell_name(const CellStateProjection& cell);

// "events" / "-exit-code" → its order; nullopt for an unknown field.
std::optional<CellOrder> parse_cell_order(std::string_view text);
// The fields parse_cell_order() knows, for messages.
std::string cell_order_names();

struct CellSelection {
  // A cell matches by its cellId, or by its specId when it has no cellId.
  std::vector<std::string> ids;
  std::vector<CurrentState> states;
  // `--changed`: only the cells this replay changed (CellTable::changed).
  bool changed_only = false;

  CellOrder order;
  std::size_t limit = std::numeric_limits<std::size_t>::max();  // --limit

  [[nodiscard]] bool empty() const {
    return ids.empty() && states.empty() && !changed_only && !reorders();
  }
  // Whether cell `i` of `cells` passes the filters (not counting the limit).
  [[nodiscard]] bool matches(const replay::CellTable& cells, std::size_t i) const;
  // Whether printing needs picked(): a sort or a limit.
  [[nodiscard]] bool reorders() const {
    return order.field != SortField::None || limit != std::numeric_limits<std::size_t>::max();
  }
  // Whether printing should go through picked(): it must, or only the cells
  // a run changed are printed, usually a few of many (a resumed run's other
  // cells are not even in memory).
  [[nodiscard]] bool prints_picked() const { return reorders() || changed_only; }
  // The numbers of the cells to print, in the order to print them.
  [[nodiscard]] std::vector<std::size_t> picked(const replay::CellTable& cells) const;
  // The `ids` that name no cell of `cells` (most likely typos), in their order.
  [[nodiscard]] std::vector<std::string> unmatched_ids(const replay::CellTable& cells) const;
};

}  // namespace cellos::report
