// SPDX-License-Identifier: Apache-2.0
// Shell completions for bash, zsh and fish, made from the same option table
// as --help and the man page, so they never drift: option names, the values
// of options with a fixed set (OptionChoices), files where a file is asked
// for, and the subcommands.
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "option_choices.hpp"

namespace cellos::app {

// The script for `shell` ("bash", "zsh" or "fish"); nullopt for another shell.
std::optional<std::string> completion_script(std::string_view shell, const CLI::App& cli,
                                             const OptionChoices& choices);

}  // namespace cellos::app
