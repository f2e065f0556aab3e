// SPDX-License-Identifier: Apache-2.0
// Rust's `{:?}` and `{}` formatting, for the reducer's error messages.
//
// The reference builds its messages with `format!`, so a user string shows up
// Debug-quoted (`"a\u{7f}b"`) and a float in Rust's shortest plain decimal
// form (`1e21` is `1000000000000000000000`). These reproduce both.
#pragma once

#include <string>
#include <string_view>

namespace cellos::rust {

// `{:?}` of a str: quoted, with Rust's escapes. `text` must be valid UTF-8.
void append_debug(std::string& out, std::string_view text);
std::string debug(std::string_view text);

// `{}` of a finite f64.
void append_display(std::string& out, double value);

}  // namespace cellos::rust
