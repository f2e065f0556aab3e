// SPDX-License-Identifier: Apache-2.0
// The page of `--html`: markup, CSS and JavaScript, with a slot where the
// replay's data (JSON) goes. Kept apart from the code that fills it.
#pragma once

#include <string_view>

namespace cellos::report::detail {

extern const std::string_view kHtmlReportPage;
// Where the data goes, inside <script type="application/json" id="data">.
inline constexpr std::string_view kHtmlReportDataSlot = "@CELLOS_DATA@";

}  // namespace cellos::report::detail
