# SPDX-License-Identifier: Apache-2.0
"""What a CI engineer auditing logs relies on: failing on final states, the
summary, sorting and limiting, and messages that say what to do."""
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from paths import BINARY, EXAMPLES  # noqa: E402

HEALTHY = os.path.join(EXAMPLES, "healthy-fleet.jsonl")
BROKEN = os.path.join(EXAMPLES, "broken-lifecycle.jsonl")
BAD_ENDINGS = "destroyFailed,commandFailed,exportFailed"


def run(*args, stdin=b""):
    p = subprocess.run([BINARY] + list(args), input=stdin, capture_output=True, timeout=60)
    return p.returncode, p.stdout.decode(), p.stderr.decode()


def snapshots(path):
    return [json.loads(line) for line in run("-k", path)[1].splitlines()]


def test_fail_on_state_fails_the_run_with_exit_5_and_names_the_cells(tmp_path):
    ended_badly = [c for c in snapshots(HEALTHY) if c["currentState"] == "destroyFailed"]
    assert len(ended_badly) == 2
    assert run(HEALTHY)[0] == 0  # without the option nothing fails
    assert run("--fail-on-state", "exportFailed", HEALTHY)[0] == 0  # no cell ended so
    report = str(tmp_path / "report.xml")
    rc, out, err = run("-k", "--fail-on-state", BAD_ENDINGS, "--junit", report,
                       "--github-annotations", HEALTHY)
    assert rc == 5, err
    assert len(out.splitlines()) == 4  # the snapshots are printed as always
    annotations = [line for line in err.splitlines() if line.startswith("::error ")]
    assert len(annotations) == 2, err
    lines = open(HEALTHY).read().splitlines()
    for cell, annotation in zip(ended_badly, annotations):
        assert "cell %s ended in destroyFailed: %s" % (cell["cellId"], cell["lastError"]) in annotation
        # At the line of the cell's last event.
        number = int(annotation.split(",line=")[1].split(",")[0])
        assert cell["cellId"] in lines[number - 1]
        assert not any(cell["cellId"] in later for later in lines[number:])
    cases = {c.get("name"): c for c in ET.parse(report).getroot().iter("testcase")}
    for cell in ended_badly:
        failure = cases[cell["cellId"]].find("failure")
        assert failure.get("type") == "failedState"
        assert failure.get("message") == "ended in destroyFailed: " + cell["lastError"]
        assert json.loads(failure.text) == cell
    assert cases["build-7f3a"].find("failure") is None
    doc = json.loads(run("-k", "-o", "json", "--fail-on-state", BAD_ENDINGS, HEALTHY)[1])
    assert [c["cellId"] for c in doc["failedCells"]] == [c["cellId"] for c in ended_badly]
    assert doc["failedCells"][0] == {k: ended_badly[0][k] for k in
                                     ("cellId", "specId", "currentState", "lastError")}


def test_every_other_problem_outranks_a_failed_state(tmp_path):
    # A rejected event (1) ranks above a cell that ended badly (5)...
    assert run("-k", "--fail-on-state", BAD_ENDINGS, HEALTHY, BROKEN)[0] == 1
    # ...and so do a malformed line (4) and an unreadable input (3).
    bad = tmp_path / "bad.jsonl"
    bad.write_text("not json\n")
    assert run("-k", "--fail-on-state", BAD_ENDINGS, HEALTHY, str(bad))[0] == 4
    assert run("-k", "--fail-on-state", BAD_ENDINGS, HEALTHY, str(tmp_path / "missing"))[0] == 3
    # Without -k a replay stopped at a problem: its cells did not end.
    rc, out, _ = run("--fail-on-state", BAD_ENDINGS, BROKEN)
    assert rc == 1 and json.loads(out)["error"]["kind"] == "rejected"


def test_fail_on_state_names_the_states_it_knows():
    rc, out, err = run("--fail-on-state", "destroyfailed", HEALTHY)
    assert (rc, out) == (2, "")
    assert 'unknown state "destroyfailed"' in err and "destroyFailed" in err, err


def test_summary_counts_states_problems_and_errors_for_people():
    rc, out, err = run("-k", "-o", "summary", HEALTHY, BROKEN)
    assert rc == 1
    lines = out.splitlines()
    cells = snapshots(HEALTHY)  # BROKEN replays the same four cells
    assert lines[0] == "  cells        4"
    assert lines[1] == "    destroyFailed       2   50.0%"
    assert lines[2] == "    destroyed           2   50.0%"
    errors = sorted(c["lastError"] for c in cells if c["lastError"])
    assert lines[3:6] == ["  last errors  most frequent first"] + ["    1  " + e for e in errors]
    assert "  problems     %d rejected" % err.count(": rejected: ") in lines
    assert lines[7] == "  inputs       2: %s, %s" % (HEALTHY, BROKEN)
    assert lines[-1].startswith("  time         ") and lines[-1].endswith(" MB read")
    # It counts what --state selects.
    rc, out, _ = run("-o", "summary", "--state", "destroyed", HEALTHY)
    assert rc == 0 and out.splitlines()[:2] == ["  cells        2", "    destroyed           2  100.0%"]


def test_stats_is_a_json_line_jq_reads_as_it_is():
    p = subprocess.run("%s -k --stats %s 2>&1 >/dev/null | jq -r .cells" % (BINARY, HEALTHY),
                       shell=True, capture_output=True, text=True, timeout=60)
    assert p.stdout == "4\n", p.stderr


def test_sort_and_limit_for_triage():
    cells = snapshots(HEALTHY)
    busiest = sorted(cells, key=lambda c: -c["processedEvents"])  # stable, as --sort is
    rc, out, _ = run("--sort", "-events", "--limit", "2", HEALTHY)
    assert rc == 0
    assert [json.loads(line) for line in out.splitlines()] == busiest[:2]
    rc, out, _ = run("-o", "table", "--sort", "cell", HEALTHY)
    table = out.splitlines()
    assert table[0].split()[:6] == ["CELL", "SPEC", "RUN", "STATE", "EVENTS", "EXIT"]
    assert [row.split()[0] for row in table[1:]] == sorted(c["cellId"] for c in cells)
    for row in table[1:]:
        cell = next(c for c in cells if c["cellId"] == row.split()[0])
        assert row.split()[4] == str(cell["processedEvents"])
    by_exit = [c["cellId"] for c in sorted(cells, key=lambda c: (c["commandExitCode"] is not None,
                                                                   c["commandExitCode"] or 0))]
    rc, out, _ = run("--sort", "exit-code", HEALTHY)
    assert [json.loads(line)["cellId"] for line in out.splitlines()] == by_exit
    assert run("--limit", "0", HEALTHY)[1] == ""
    doc = json.loads(run("-o", "json", "--sort", "-state", "--limit", "1", HEALTHY)[1])
    assert [c["currentState"] for c in doc["cells"]] == ["destroyed"]
    assert doc["stats"]["cells"] == 4  # the stats still count every cell


def test_usage_errors_say_what_is_allowed():
    rc, _, err = run("-o", "yaml", HEALTHY)
    assert rc == 2 and 'unknown output format "yaml"; use one of json, ndjson, summary, table' in err
    rc, _, err = run("--sort", "size", HEALTHY)
    assert rc == 2 and "use one of cell, state, events, exit-code" in err, err
    for limit in ("-1", "x", ""):
        rc, out, err = run("--limit", limit, HEALTHY)
        assert (rc, out) == (2, ""), limit
        assert "--limit" in err and "a number of cells" in err, err
    rc, _, err = run("--idle-timeout", "5", HEALTHY)
    assert rc == 2 and "--follow" in err, err


def test_a_cell_that_matched_nothing_is_named_on_stderr():
    rc, out, err = run("--cell", "nope", "--cell", "build-7f3a", HEALTHY)
    assert rc == 0 and len(out.splitlines()) == 1
    assert err == ("cellos-project: warning: --cell nope matched no cell (a cell is named by its "
                   "cellId, or by its specId when it has none)\n")


def test_json_after_a_prefix_gets_one_hint_naming_the_option():
    log = b"".join(b"2026-11-27T08:00:0%dZ step | " % i + line + b"\n"
                   for i, line in enumerate(open(HEALTHY, "rb").read().splitlines()[:3]))
    rc, _, err = run("-k", "-", stdin=log)
    assert rc == 4
    hints = [line for line in err.splitlines() if line.startswith("cellos-project: hint:")]
    assert len(hints) == 1 and "--json-from-first-brace" in hints[0], err
    assert err.splitlines()[1] == hints[0]  # right after the first malformed line
    assert err.count(": malformed: ") == 3
    # Not for lines that hold no JSON at all.
    rc, _, err = run("-k", "-", stdin=b"just text\n")
    assert rc == 4 and "hint" not in err
    assert run("--json-from-first-brace", "-", stdin=log)[0] == 0


def test_help_and_man_page_show_defaults(tmp_path):
    help_text = run("--help")[1]
    assert "--max-line-bytes BYTES=64M" in help_text and "--jobs N=0" in help_text
    assert "5  a cell ended in a state given to --fail-on-state" in help_text
    man = run("--generate-man")[1]
    assert "(default: 64M)" in man and "(default: ndjson)" in man and "(default: warn)" in man
