// SPDX-License-Identifier: Apache-2.0
// The man page (troff), made from the same option table as --help, so the two
// cannot drift.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <string_view>

namespace cellos::app {

// The page for `cli` and its subcommands, with `description` under DESCRIPTION
// and `notes` (inputs, examples, exit codes) under NOTES.
std::string man_page(const CLI::App& cli, std::string_view description, std::string_view notes);

}  // namespace cellos::app
