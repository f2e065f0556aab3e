// SPDX-License-Identifier: Apache-2.0
#include "completions.hpp"

#include <vector>

namespace cellos::app {

namespace {

// One option as a completion needs it.
struct Spec {
  std::vector<std::string> names;  // "--output", "-o"
  bool takes_value = false;
  bool takes_file = false;
  std::vector<std::string> choices;  // fixed values; a comma list for STATES
  bool list = false;                 // a comma-separated list of choices
  std::string summary;               // a short description
};

// The description without its parenthesised asides, up to the end of its
// first clause, for a one-line menu entry.
std::string summary_of(const std::string& description) {
  std::string text;
  int depth = 0;
  for (const char c : description) {
    depth += c == '(' ? 1 : 0;
    if (depth == 0) text += c;
    depth -= c == ')' && depth > 0 ? 1 : 0;
  }
  for (const std::string_view stop : {": ", "; ", "\n"}) {
    if (const auto at = text.find(stop); at != std::string::npos) text.resize(at);
  }
  for (std::size_t dot = text.find(". "); dot != std::string::npos;
       dot = text.find(". ", dot + 1)) {
    if (dot >= 3 && (text.compare(dot - 3, 3, "e.g") == 0 || text.compare(dot - 3, 3, "i.e") == 0))
      continue;
    text.resize(dot);
    break;
  }
  std::string squeezed;  // an aside leaves two spaces, or one before a comma
  for (const char c : text) {
    if ((c == ' ' || c == ',') && !squeezed.empty() && squeezed.back() == ' ') squeezed.pop_back();
    squeezed += c;
  }
  while (!squeezed.empty() && (squeezed.back() == ' ' || squeezed.back() == '.'))
    squeezed.pop_back();
  constexpr std::size_t kMost = 70;
  if (squeezed.size() > kMost) {
    const auto space = squeezed.rfind(' ', kMost);
    squeezed.resize(space == std::string::npos ? kMost : space);
    squeezed += "...";
  }
  return squeezed;
}

std::vector<Spec> specs_of(const CLI::App& cli, const OptionChoices& choices) {
  std::vector<Spec> specs;
  for (const CLI::Option* opt : cli.get_options()) {
    if (opt->get_group().empty() || opt->get_positional()) continue;
    Spec spec;
    for (const std::string& name : opt->get_lnames()) spec.names.push_back("--" + name);
    for (const std::string& name : opt->get_snames()) spec.names.push_back("-" + name);
    spec.takes_value = !opt->get_type_name().empty();  // flags have no value to name
    spec.takes_file = opt->get_type_name() == "FILE";
    if (const auto found = choices.find(opt); found != choices.end()) spec.choices = found->second;
    spec.list = opt->get_type_name() == "STATES";
    spec.summary = summary_of(opt->get_description());
    specs.push_back(std::move(spec));
  }
  return specs;
}

std::string joined(const std::vector<std::string>& words, std::string_view separator = " ") {
  std::string out;
  for (const std::string& word : words) out += (out.empty() ? "" : std::string(separator)) + word;
  return out;
}

// Text inside single quotes, for every shell here.
std::string single_quoted(const std::string& text) {
  std::string out = "'";
  for (const char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// -- bash ---------------------------------------------------------------------

// The `case` arms completing the value after an option of one command.
std::string bash_value_arms(const std::string& command, const std::vector<Spec>& specs) {
  std::string arms;
  for (const Spec& spec : specs) {
    if (!spec.takes_value) continue;
    std::string patterns;
    for (const std::string& name : spec.names) {
      if (!patterns.empty()) patterns += '|';
      std::string pattern = command;
      pattern.append(":").append(name);
      patterns += single_quoted(pattern);
    }
    std::string action = "COMPREPLY=()";  // a number, a name: nothing to offer
    if (!spec.choices.empty()) {
      action = std::string(spec.list ? "_cellos_project_list " : "_cellos_project_words ") +
               single_quoted(joined(spec.choices));
    } else if (spec.takes_file) {
      action = "COMPREPLY=($(compgen -f -- \"$cur\"))";
    }
    arms.append("    ").append(patterns).append(") ").append(action).append("; return ;;\n");
  }
  return arms;
}

std::string bash_script(const CLI::App& cli, const OptionChoices& choices) {
  std::string script =
      "# bash completion for cellos-project, generated from its option table\n"
      "_cellos_project_words() { COMPREPLY=($(compgen -W \"$1\" -- \"$cur\")); }\n"
      "# A comma-separated list: complete the element after the last comma.\n"
      "_cellos_project_list() {\n"
      "  local head=\"\" last=\"$cur\"\n"
      "  if [[ $cur == *,* ]]; then head=\"${cur%,*},\"; last=\"${cur##*,}\"; fi\n"
      "  COMPREPLY=($(compgen -P \"$head\" -W \"$1\" -- \"$last\"))\n"
      "  compopt -o nospace 2>/dev/null\n"
      "}\n"
      "_cellos_project() {\n"
      "  local cur=\"${COMP_WORDS[COMP_CWORD]}\" prev=\"${COMP_WORDS[COMP_CWORD-1]}\"\n"
      "  local command=\"\" i\n"
      "  for ((i = 1; i < COMP_CWORD; i++)); do\n"
      "    case \"${COMP_WORDS[i]}\" in\n";
  std::vector<std::string> commands;
  for (const CLI::App* sub : cli.get_subcommands({})) commands.push_back(sub->get_name());
  script += "      " + joined(commands, "|") + ") command=\"${COMP_WORDS[i]}\"; break ;;\n";
  script += "    esac\n  done\n  case \"$command:$prev\" in\n";
  script += bash_value_arms("", specs_of(cli, choices));
  for (const CLI::App* sub : cli.get_subcommands({}))
    script += bash_value_arms(sub->get_name(), specs_of(*sub, choices));
  script += "  esac\n  if [[ $cur == -* ]]; then\n    case \"$command\" in\n";
  auto option_words = [](const std::vector<Spec>& specs) {
    std::vector<std::string> words;
    for (const Spec& spec : specs) words.insert(words.end(), spec.names.begin(), spec.names.end());
    return joined(words);
  };
  script += "      \"\") _cellos_project_words " +
            single_quoted(option_words(specs_of(cli, choices))) + " ;;\n";
  for (const CLI::App* sub : cli.get_subcommands({})) {
    script += "      " + sub->get_name() + ") _cellos_project_words " +
              single_quoted(option_words(specs_of(*sub, choices))) + " ;;\n";
  }
  script +=
      "    esac\n    return\n  fi\n"
      "  COMPREPLY=($(compgen -f -- \"$cur\"))\n"
      "  if [[ -z $command ]]; then COMPREPLY+=($(compgen -W " +
      single_quoted(joined(commands)) +
      " -- \"$cur\")); fi\n"
      "}\n"
      "complete -o filenames -F _cellos_project cellos-project\n";
  return script;
}

// -- zsh ----------------------------------------------------------------------

// Text inside an _arguments spec's [description]: brackets and colons escaped.
std::string zsh_description(const std::string& text) {
  std::string out;
  for (const char c : text) {
    if (c == '[' || c == ']' || c == ':' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

std::string zsh_arguments(const std::vector<Spec>& specs) {
  std::string lines;
  for (const Spec& spec : specs) {
    std::string action;
    if (spec.takes_value) {
      action = ":value:";
      if (!spec.choices.empty()) {
        action = spec.list ? ":values:_sequence compadd - " + joined(spec.choices)
                           : ":value:(" + joined(spec.choices) + ")";
      } else if (spec.takes_file) {
        action = ":file:_files";
      }
    }
    std::string description = "[" + zsh_description(spec.summary) + "]";
    lines += "    ";
    if (spec.names.size() == 1) {
      lines += single_quoted(spec.names[0] + description.append(action));
    } else {
      lines.append(single_quoted("(" + joined(spec.names) + ")")).append("{");
      lines.append(joined(spec.names, ",")).append("}").append(single_quoted(description + action));
    }
    lines += " \\\n";
  }
  return lines;
}

std::string zsh_script(const CLI::App& cli, const OptionChoices& choices) {
  std::string script =
      "#compdef cellos-project\n"
      "# zsh completion for cellos-project, generated from its option table\n"
      "_cellos_project() {\n"
      "  case $words[2] in\n";
  std::string commands;
  for (const CLI::App* sub : cli.get_subcommands({})) {
    script += "    " + sub->get_name() + ")\n      shift words; (( CURRENT-- ))\n" +
              "      _arguments -s \\\n" + zsh_arguments(specs_of(*sub, choices)) +
              "        '*:file:_files'\n      return ;;\n";
    commands += " " + single_quoted(sub->get_name() + ":" +
                                    zsh_description(summary_of(sub->get_description())));
  }
  script += "  esac\n  _arguments -s \\\n" + zsh_arguments(specs_of(cli, choices)) +
            "    '1: :->first' '*:file:_files'\n"
            "  if [[ $state == first ]]; then\n"
            "    local -a commands=(" +
            commands +
            " )\n"
            "    _describe command commands\n"
            "    _files\n"
            "  fi\n"
            "}\n"
            "_cellos_project \"$@\"\n";
  return script;
}

// -- fish ---------------------------------------------------------------------

std::string fish_lines(const std::vector<Spec>& specs, const std::string& condition) {
  std::string lines;
  for (const Spec& spec : specs) {
    std::string line = "complete -c cellos-project -n " + single_quoted(condition);
    for (const std::string& name : spec.names)
      line += name.starts_with("--") ? " -l " + name.substr(2) : " -s " + name.substr(1);
    if (spec.takes_value) line += spec.takes_file ? " -r -F" : " -x";
    if (!spec.choices.empty()) line += " -a " + single_quoted(joined(spec.choices));
    lines += line + " -d " + single_quoted(spec.summary) + "\n";
  }
  return lines;
}

std::string fish_script(const CLI::App& cli, const OptionChoices& choices) {
  std::vector<std::string> commands;
  for (const CLI::App* sub : cli.get_subcommands({})) commands.push_back(sub->get_name());
  const std::string none = "not __fish_seen_subcommand_from " + joined(commands);
  std::string script = "# fish completion for cellos-project, generated from its option table\n";
  for (const CLI::App* sub : cli.get_subcommands({})) {
    script += "complete -c cellos-project -n " + single_quoted("__fish_use_subcommand") + " -a " +
              sub->get_name() + " -d " + single_quoted(summary_of(sub->get_description())) + "\n";
  }
  script += fish_lines(specs_of(cli, choices), none);
  for (const CLI::App* sub : cli.get_subcommands({}))
    script += fish_lines(specs_of(*sub, choices), "__fish_seen_subcommand_from " + sub->get_name());
  return script;
}

}  // namespace

std::optional<std::string> completion_script(std::string_view shell, const CLI::App& cli,
                                             const OptionChoices& choices) {
  if (shell == "bash") return bash_script(cli, choices);
  if (shell == "zsh") return zsh_script(cli, choices);
  if (shell == "fish") return fish_script(cli, choices);
  return std::nullopt;
}

}  // namespace cellos::app
