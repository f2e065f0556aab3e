// SPDX-License-Identifier: Apache-2.0
#include "man_page.hpp"

namespace cellos::app {

namespace {

// Text for troff: backslashes and hyphens escaped, no line starting with a
// control character.
std::string roff(const std::string& text) {
  std::string out;
  bool line_start = true;
  for (const char c : text) {
    if (line_start && (c == '.' || c == '\'')) out += "\\&";
    if (c == '\\') {
      out += "\\e";
    } else if (c == '-') {
      out += "\\-";
    } else {
      out += c;
    }
    line_start = c == '\n';
  }
  return out;
}

// Each option of `cli`: its names, value and description (with the default).
void man_options(std::string& page, const CLI::App& cli) {
  for (const CLI::Option* opt : cli.get_options()) {
    if (opt->get_group().empty() || opt->get_positional()) continue;
    std::string names;
    for (const std::string& name : opt->get_lnames())
      names += (names.empty() ? "" : ", ") + std::string("--") + name;
    std::string shorts;
    for (const std::string& name : opt->get_snames()) shorts += "-" + name + ", ";
    page += ".TP\n\\fB" + roff(shorts + names) + "\\fR";
    if (!opt->get_type_name().empty()) page += " \\fI" + roff(opt->get_type_name()) + "\\fR";
    std::string description = opt->get_description();
    if (!opt->get_default_str().empty())
      description += " (default: " + opt->get_default_str() + ")";
    page += "\n" + roff(description) + "\n";
  }
}

// What follows a command's name in its synopsis: [OPTIONS] and its
// positional arguments (FILE... for a list, A B for two).
std::string synopsis_arguments(const CLI::App& cli) {
  std::string arguments = "[\\fIOPTIONS\\fR]";
  for (const CLI::Option* opt : cli.get_options()) {
    if (!opt->get_positional()) continue;
    const std::string name = "\\fI" + roff(opt->get_type_name()) + "\\fR" +
                             (opt->get_items_expected_max() > 1 ? "..." : "");
    arguments += " " + (opt->get_required() ? name : "[" + name + "]");
  }
  return arguments;
}

}  // namespace

std::string man_page(const CLI::App& cli, std::string_view description, std::string_view notes) {
  std::string page =
      ".TH CELLOS\\-PROJECT 1 \"\" \"cellos-project " CELLOS_VERSION "\" \"User Commands\"\n";
  page +=
      ".SH NAME\ncellos\\-project \\- replay CellOS CloudEvent logs through the cell state "
      "reducer\n";
  page += ".SH SYNOPSIS\n.B cellos\\-project\n" + synopsis_arguments(cli) + "\n";
  page += ".SH DESCRIPTION\n" + roff(std::string(description)) + "\n";
  page += ".SH OPTIONS\n";
  man_options(page, cli);
  for (const CLI::App* sub : cli.get_subcommands({})) {
    page += ".SH " + roff(sub->get_name()) + " COMMAND\n" + roff(sub->get_description()) + "\n";
    page += ".PP\n.B cellos\\-project " + roff(sub->get_name()) + "\n" + synopsis_arguments(*sub) +
            "\n";
    man_options(page, *sub);
  }
  page += ".SH NOTES\n.nf\n" + roff(std::string(notes)) + ".fi\n";
  page += ".SH SEE ALSO\n.BR jq (1)\n";
  return page;
}

}  // namespace cellos::app
