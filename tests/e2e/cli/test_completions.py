# SPDX-License-Identifier: Apache-2.0
"""Shell completions, generated from the option table: bash completes options,
their fixed values and the subcommands; zsh and fish read their scripts
without error, and every script names every option --help shows."""
import os
import re
import shutil
import subprocess
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from paths import BINARY  # noqa: E402


def script(shell):
    p = subprocess.run([BINARY, "--generate-completion", shell], capture_output=True, text=True,
                       timeout=60)
    assert p.returncode == 0, p.stderr
    return p.stdout


def complete(*words, tmp_path):
    """What bash offers for the last of `words` (the word being typed)."""
    path = tmp_path / "cellos-project.bash"
    path.write_text(script("bash"))
    words = ("cellos-project",) + words
    command = ('source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _cellos_project; '
               'printf "%s\\n" "${COMPREPLY[@]}"')
    p = subprocess.run(["bash", "-c", command, "bash", str(path)] + list(words),
                       capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    return set(p.stdout.split())


def help_options(*command):
    text = subprocess.run([BINARY] + list(command) + ["--help"], capture_output=True, text=True,
                          check=True).stdout
    # The options --help lists, one per line (not those its descriptions mention).
    return set(re.findall(r"^\s+(?:-\w,)?(--[a-z][a-z-]+)", text, re.M))


def test_bash_completes_options_values_and_subcommands(tmp_path):
    assert complete("--ou", tmp_path=tmp_path) == {"--output"}
    assert complete("-o", "", tmp_path=tmp_path) == {"json", "ndjson", "summary", "table"}
    assert complete("--output", "s", tmp_path=tmp_path) == {"summary"}
    assert complete("--color", "", tmp_path=tmp_path) == {"auto", "always", "never"}
    assert complete("--sort", "-ev", tmp_path=tmp_path) == {"-events"}
    assert complete("--fail-on-state", "destroyFailed,co", tmp_path=tmp_path) == {
        "destroyFailed,commandFailed", "destroyFailed,commandSucceeded"}
    assert complete("--log-level", "w", tmp_path=tmp_path) == {"warn"}
    (tmp_path / "events.jsonl").write_text("")
    assert {"publish", "diff", "events.jsonl"} <= complete("", tmp_path=tmp_path)
    assert complete("--junit", "ev", tmp_path=tmp_path) == {"events.jsonl"}
    assert complete("--jobs", "", tmp_path=tmp_path) == set()  # a number: nothing to offer
    # A subcommand's own options and values.
    assert complete("diff", "--ig", tmp_path=tmp_path) == {"--ignore-field"}
    assert complete("diff", "-o", "", tmp_path=tmp_path) == {"ndjson", "table"}
    assert complete("publish", "--bin", tmp_path=tmp_path) == {"--binary-mode"}
    assert "--follow" not in complete("publish", "--", tmp_path=tmp_path)


def test_bash_offers_every_option_of_help(tmp_path):
    assert help_options() <= complete("--", tmp_path=tmp_path)
    assert help_options("diff") <= complete("diff", "--", tmp_path=tmp_path)
    assert help_options("publish") <= complete("publish", "--", tmp_path=tmp_path)
    assert "--generate-man" not in complete("--", tmp_path=tmp_path)  # internal


@pytest.mark.parametrize("shell", ["zsh", "fish"])
def test_zsh_and_fish_scripts_parse_and_name_every_option(shell, tmp_path):
    text = script(shell)
    for command in ((), ("diff",), ("publish",)):
        for option in help_options(*command):
            name = option if shell == "zsh" else "-l " + option[2:]
            assert name in text, (shell, command, option)
    if shutil.which(shell) is None:
        pytest.fail("%s is not installed: README command (b) installs it" % shell)
    path = tmp_path / ("_cellos-project" if shell == "zsh" else "cellos-project.fish")
    path.write_text(text)
    p = subprocess.run([shell, "-n", str(path)], capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stderr
    assert text.startswith("#compdef cellos-project" if shell == "zsh" else "# fish completion")


def test_an_unknown_shell_is_a_usage_error():
    p = subprocess.run([BINARY, "--generate-completion", "tcsh"], capture_output=True, text=True)
    assert p.returncode == 2 and "use bash, zsh or fish" in p.stderr
