// SPDX-License-Identifier: Apache-2.0
#include "cellos/replay/router.hpp"

namespace cellos::replay {

Route route_event(const CloudEvent& event) {
  if (auto cell = event.data.get_string(DataField::CellId)) return {RouteKind::CellId, *cell};
  if (auto spec = event.data.get_string(DataField::SpecId)) return {RouteKind::SpecId, *spec};
  if (!event.data.present() && event.type.starts_with("dev.cellos.events.cell.")) {
    return {RouteKind::MissingData, {}};
  }
  return {RouteKind::Unrouted, {}};
}

}  // namespace cellos::replay
