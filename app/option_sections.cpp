// SPDX-License-Identifier: Apache-2.0
#include "option_sections.hpp"

#include <algorithm>
#include <set>
#include <stdexcept>
#include <string>

namespace cellos::app {

namespace {

// The index of the section declaring `name`, or sections.size().
std::size_t section_naming(std::string_view name, const std::vector<OptionSection>& sections) {
  for (std::size_t i = 0; i < sections.size(); ++i) {
    if (std::ranges::find(sections[i].names, name) != sections[i].names.end()) return i;
  }
  return sections.size();
}

// The names a token mentions: one long option, the letters of a short
// cluster, or a word that may be a subcommand.
std::vector<std::string> names_in(std::string_view token) {
  if (token.starts_with("--")) return {std::string(token.substr(0, token.find('=')))};
  if (token.size() > 1 && token.front() == '-') {
    std::vector<std::string> names;
    for (const char letter : token.substr(1)) names.push_back(std::string{'-', letter});
    return names;
  }
  return {std::string(token)};
}

// The names the option or subcommand added, as sections declare them.
std::set<std::string> declared_form(const CLI::Option& option) {
  std::set<std::string> names;
  for (const std::string& name : option.get_lnames()) names.insert("--" + name);
  for (const std::string& name : option.get_snames()) names.insert("-" + name);
  if (option.get_positional()) names.insert(option.get_name(true));
  return names;
}

// Throws unless the options and subcommands `cli` gained from `before_*` on
// are exactly those `section` declares.
void check_declared(const CLI::App& cli, const OptionSection& section, std::size_t before_options,
                    std::size_t before_commands) {
  std::set<std::string> added;
  const auto options = cli.get_options();
  for (std::size_t i = before_options; i < options.size(); ++i)
    added.merge(declared_form(*options[i]));
  const auto commands = cli.get_subcommands({});
  for (std::size_t i = before_commands; i < commands.size(); ++i)
    added.insert(commands[i]->get_name());
  const std::set<std::string> declared(section.names.begin(), section.names.end());
  for (const std::string& name : added) {
    if (!declared.contains(name) && !name.empty() && name.front() == '-') {
      throw std::logic_error("option " + name + " is not among its section's names");
    }
  }
  for (const std::string& name : declared) {
    if (!added.contains(name)) throw std::logic_error(name + " is declared but not added");
  }
}

}  // namespace

std::vector<bool> mentioned_sections(std::span<char* const> args,
                                     const std::vector<OptionSection>& sections) {
  std::vector<bool> wanted(sections.size(), false);
  std::vector<bool> everything(sections.size(), true);
  for (const char* arg : args) {
    const std::string_view token(arg);
    if (token == "--") break;
    for (const std::string& name : names_in(token)) {
      if (name == "-h" || name == "--help") return everything;
      const std::size_t index = section_naming(name, sections);
      if (index == sections.size()) continue;
      if (sections[index].shows_everything) return everything;
      wanted[index] = true;
    }
  }
  return wanted;
}

void build_sections(CLI::App& cli, const std::vector<OptionSection>& sections,
                    std::vector<bool> wanted) {
  // A section's `after` sections come earlier in the table: mark them first.
  for (std::size_t i = sections.size(); i-- > 0;) {
    if (!wanted[i]) continue;
    for (const std::size_t earlier : sections[i].after) wanted[earlier] = true;
  }
  const bool everything = std::ranges::all_of(wanted, [](bool w) { return w; });
  for (std::size_t i = 0; i < sections.size(); ++i) {
    if (!wanted[i]) continue;
    const std::size_t options = everything ? cli.get_options().size() : 0;
    const std::size_t commands = everything ? cli.get_subcommands({}).size() : 0;
    sections[i].build(cli);
    if (everything) check_declared(cli, sections[i], options, commands);
  }
}

}  // namespace cellos::app
