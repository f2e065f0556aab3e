# SPDX-License-Identifier: Apache-2.0
"""The option table is built in sections, only those a command line mentions
(start-up time): every option --help shows is still recognised when it is
the only one given, as a short-option cluster, after "--" only as a file,
and the errors that tie options of two sections together still fire."""
import os
import re
import subprocess
import sys
import tempfile

import pytest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from paths import BINARY, EXAMPLES  # noqa: E402

EXAMPLE = os.path.join(EXAMPLES, "healthy-fleet.jsonl")


def run(*args, stdin=subprocess.DEVNULL):
    # In a directory of its own: a file an option names (`--checkpoint
    # --version` if the tool ever took that) must not meet the next case.
    with tempfile.TemporaryDirectory() as cwd:
        p = subprocess.run([BINARY] + list(args), capture_output=True, text=True, timeout=60,
                           stdin=stdin, cwd=cwd)
    return p.returncode, p.stdout, p.stderr


def shown_options(*command):
    """Every option name --help lists (short and long), per line of the table."""
    text = run(*command, "--help")[1]
    names = set()
    for line in text.splitlines():
        match = re.match(r"\s+((?:-\w|--[\w-]+)(?:,\s*--[\w-]+)?)", line)
        if match:
            names.update(n.strip() for n in match.group(1).split(","))
    names.discard("-h")
    names.discard("--help")
    return sorted(names)


def test_help_lists_the_whole_table():
    names = shown_options()
    for name in ("--follow", "-k", "--fail-on-state", "--checkpoint", "-j", "--kafka", "--group",
                 "--version"):
        assert name in names
    assert "diff" in run("--help")[1] and "publish" in run("--help")[1]


@pytest.mark.parametrize("name", shown_options())
def test_each_option_is_recognised_alone(name):
    # --version is built always and ends the parse; an option needing a
    # value complains about the value, never that it was not expected.
    rc, _, err = run(name, "--version")
    assert "not expected" not in err and "were not expected" not in err, (name, err)
    assert rc in (0, 2), (name, rc, err)


@pytest.mark.parametrize("command", ["diff", "publish"])
def test_subcommand_options_are_recognised(command):
    for name in shown_options(command):
        rc, _, err = run(command, name, "--version")
        assert "not expected" not in err, (command, name, err)


def test_short_option_clusters_and_values():
    rc, out, err = run("-kj1", "-o", "table", EXAMPLE)
    assert rc == 0, err
    assert "STATE" in out
    rc, out, _ = run("--output=json", "--jobs=2", EXAMPLE)
    assert rc == 0 and out.startswith("{")


def test_operands_after_double_dash_are_files(tmp_path):
    named = tmp_path / "--checkpoint"
    named.write_bytes(open(EXAMPLE, "rb").read())
    rc, out, err = run("--", str(named))
    assert rc == 0, err
    assert out == run(EXAMPLE)[1]
    rc, _, err = run("--", "diff")
    assert rc == 3 and "diff" in err  # a file named diff, which does not exist


def test_rules_across_sections():
    assert "--metrics-listen requires --follow" in run("--metrics-listen", "9464", EXAMPLE)[2]
    rc, _, err = run("--kafka", "localhost:9", "--topic", "t", "--checkpoint", "s.db")
    assert rc == 2 and "excludes" in err, err
    rc, _, err = run("--changed", EXAMPLE)
    assert rc == 2 and "--changed requires --checkpoint" in err
    rc, _, err = run("--chekpoint", "s.db", EXAMPLE)
    assert rc == 2 and "--chekpoint" in err


def test_help_of_a_command_line_with_options_is_whole():
    # --help anywhere shows everything, whatever else is given.
    assert run("-k", "--help")[1] == run("--help")[1]
    assert run("-kh")[1] == run("--help")[1]
