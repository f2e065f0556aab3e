// SPDX-License-Identifier: Apache-2.0
#include "cellos/reducer/apply_json.hpp"

namespace cellos {

JsonApplyResult apply_json(CellStateProjection& cell, std::string_view json, EventParser& parser) {
  CloudEvent event;
  if (!parser.parse(json, event)) return {.malformed = true, .error = parser.error()};
  ApplyResult result = cell.apply(event);
  return {.outcome = result.outcome, .error = std::move(result.error)};
}

JsonApplyResult apply_json(CellStateProjection& cell, std::string_view json) {
  thread_local EventParser parser;
  return apply_json(cell, json, parser);
}

}  // namespace cellos
