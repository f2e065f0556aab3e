// SPDX-License-Identifier: Apache-2.0
#include "cellos/report/stats_writer.hpp"

#include <array>
#include <utility>

namespace cellos::report {

CellsByState count_cells_by_state(const replay::CellTable& cells) {
  CellsByState by_state{};
  for (const CellStateProjection& cell : cells)
    ++by_state[static_cast<std::size_t>(cell.current_state())];
  return by_state;
}

void write_stats_members(json::Writer& out, const replay::ReplayStats& stats,
                         const replay::CellTable& cells) {
  const std::pair<std::string_view, std::uint64_t> counts[] = {
      {"lines", stats.lines},
      {"blank", stats.blank},
      {"skipped", stats.skipped},
      {"malformed", stats.malformed},
      {"events", stats.events},
      {"applied", stats.applied},
      {"ignored", stats.ignored},
      {"rejected", stats.rejected},
      {"unrouted", stats.unrouted},
      {"afterUntil", stats.after_until},
      {"cells", cells.size()},
      {"bytes", stats.bytes},
      {"inputErrors", stats.input_errors},
  };
  for (const auto& [name, value] : counts) {
    out.key(name);
    out.number(value);
  }
  const CellsByState by_state = count_cells_by_state(cells);
  out.key("cellsByState");
  out.begin_object();
  for (std::size_t i = 0; i < by_state.size(); ++i) {
    out.key(json_name(static_cast<CurrentState>(i)));
    out.number(by_state[i]);
  }
  out.end_object();
}

}  // namespace cellos::report
