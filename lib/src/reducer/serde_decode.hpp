// SPDX-License-Identifier: Apache-2.0
// Decoding of the two structured data members the way the reference's serde
// derives do it: `placement` into PlacementSpec, `targetKind` into the
// ExportReceiptTargetKind enum. Errors carry serde's wording, without the
// reducer's `parse field "...": ` prefix.
#pragma once

#include <optional>
#include <string>

#include "cellos/json/value.hpp"
#include "cellos/reducer/cell_state.hpp"

namespace cellos::serde {

// serde's `Unexpected` text for a value: `integer \`5\``, `map`, ...
std::string describe_unexpected(const json::Value& value);

// A struct deserialises from an object (unknown keys ignored, values string
// or null) or from an array of at most three string-or-null elements. The
// views in `out` point into `value` or `scratch`; nothing else is allocated.
std::optional<std::string> decode_placement(const json::Value& value, std::string& scratch,
                                            PlacementView& out);

// A unit-variant enum deserialises from "s3" / "http" or from a map with a
// single such key whose value is null.
std::optional<std::string> decode_target_kind(const json::Value& value, TargetKind& out);

}  // namespace cellos::serde
