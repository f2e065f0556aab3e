// SPDX-License-Identifier: Apache-2.0
// The fixed values some options take (-o's formats, --color's modes, state
// names), kept beside CLI11's option table, which cannot hold them, so that
// the shell completions offer exactly what the parser accepts.
#pragma once

#include <CLI/CLI.hpp>
#include <map>
#include <string>
#include <vector>

namespace cellos::app {

using OptionChoices = std::map<const CLI::Option*, std::vector<std::string>>;

// The choices recorded while the option table was built (one table per process).
OptionChoices& option_choices();

// Records `values` as the choices of `option`; returns `option`, to chain.
CLI::Option* with_choices(CLI::Option* option, std::vector<std::string> values);

}  // namespace cellos::app
