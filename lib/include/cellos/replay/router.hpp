// SPDX-License-Identifier: Apache-2.0
// SPEC.md §2: which cell an event belongs to.
#pragma once

#include <cstdint>
#include <string_view>

#include "cellos/event/cloud_event.hpp"

namespace cellos::replay {

enum class RouteKind : std::uint8_t {
  CellId,       // data.cellId is a string: the cell keyed by it
  SpecId,       // else data.specId is a string: the cell keyed by it alone
  MissingData,  // no data on a dev.cellos.events.cell.* type: rejected, no cell
  Unrouted,     // anything else: ignored
};

struct Route {
  RouteKind kind = RouteKind::Unrouted;
  std::string_view key;
};

Route route_event(const CloudEvent& event);

}  // namespace cellos::replay
