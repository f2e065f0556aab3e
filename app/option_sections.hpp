// SPDX-License-Identifier: Apache-2.0
// The option table, built in sections: only those a command line mentions.
//
// CLI11 makes every option an object (names parsed, default text, validators
// as std::function) and compares each new one with all before it: the whole
// table took ~0.2 ms, more than the rest of a small log's replay. A command
// line names few options, so the table is built in sections, and a section
// only when the command line mentions one of its names. Parsing is the same:
// an option that is not mentioned is not on the command line. --help, the man
// page and the completions show everything, so they build every section.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <span>
#include <string_view>
#include <vector>

namespace cellos::app {

struct OptionSection {
  // Every name the section adds: "--follow", "-k", or a subcommand, "diff".
  std::vector<std::string_view> names;
  // Sections built before this one: those holding options it refers to
  // (needs, excludes), by index.
  std::vector<std::size_t> after;
  // A section whose options show the whole table (help, man page).
  bool shows_everything = false;
  std::function<void(CLI::App&)> build;
};

// Which sections `args` (argv without the program name) mentions, by index: a
// long option by its name (what precedes '='), short options by each letter
// of a cluster (-kj4), a subcommand by its word; everything for -h, --help or
// a name of a section that shows everything. Operands after "--" mention
// nothing. Mentioning more than needed (an option's value that looks like a
// name) only builds more.
std::vector<bool> mentioned_sections(std::span<char* const> args,
                                     const std::vector<OptionSection>& sections);

// Builds the sections marked in `wanted` (and those they come after) into
// `cli`, in table order. With every section wanted it also checks that each
// added exactly the names it declares, and throws std::logic_error if not: a
// new option must be listed in its section, or it could never be parsed.
void build_sections(CLI::App& cli, const std::vector<OptionSection>& sections,
                    std::vector<bool> wanted);

}  // namespace cellos::app
