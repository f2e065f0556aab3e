#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""End-to-end tests of the cellos-project command line, as users run it.


Each test runs the real binary: exit codes 0-4, stdin, several files, gzip and
zstd inputs (also truncated), output formats, --help/--version, output that
pipes or fails.
"""
import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from paths import BINARY, EXAMPLES  # noqa: E402

HEALTHY = os.path.join(EXAMPLES, "healthy-fleet.jsonl")
BROKEN = os.path.join(EXAMPLES, "broken-lifecycle.jsonl")


def run(*args, stdin=b"", cwd=None):
    p = subprocess.run([BINARY] + list(args), input=stdin, capture_output=True, timeout=60, cwd=cwd)
    return p.returncode, p.stdout.decode(), p.stderr.decode()


def event(i, ty, data):
    return json.dumps({"specversion": "1.0", "id": str(i), "source": "t",
                       "type": "dev.cellos.events.cell." + ty, "data": data})


def write(directory, name, text, mode="w"):
    path = os.path.join(directory, name)
    with open(path, mode) as fh:
        fh.write(text)
    return path


def test_healthy_log_prints_one_snapshot_per_cell_and_exits_0():
    rc, out, err = run(HEALTHY)
    assert rc == 0, (rc, err)
    cells = [json.loads(line) for line in out.splitlines()]
    assert [c["cellId"] for c in cells] == ["test-e2e-a811", "test-unit-19c2", "lint-03be", "build-7f3a"]
    assert cells[0]["currentState"] == "destroyFailed"
    assert err == ""


def test_broken_lifecycle_prints_the_problem_record_and_exits_1():
    rc, out, err = run(BROKEN)
    assert rc == 1
    lines = out.splitlines()
    assert len(lines) == 1
    record = json.loads(lines[0])["error"]
    assert record["kind"] == "rejected" and record["line"] == 12
    assert record["file"] == BROKEN
    assert record["message"].startswith("illegal projection transition: command.completed twice")
    assert record["snapshot"]["commandExitCode"] == 1
    assert err == "cellos-project: %s:12: rejected: %s\n" % (BROKEN, record["message"])


def test_malformed_line_exits_4_with_file_and_line():
    with tempfile.TemporaryDirectory() as d:
        path = write(d, "bad.jsonl", event(1, "lifecycle.v1.started", {"cellId": "a"}) + "\n{oops\n")
        rc, out, err = run("bad.jsonl", cwd=d)
        assert rc == 4
        record = json.loads(out)["error"]
        assert (record["kind"], record["file"], record["line"]) == ("malformed", "bad.jsonl", 2)
        assert err.startswith("cellos-project: bad.jsonl:2: malformed: invalid JSON")
        assert path


def test_usage_errors_exit_2():
    for args in (["--no-such-flag"], ["-o", "xml", HEALTHY], ["--max-line-bytes", "0", HEALTHY]):
        rc, out, err = run(*args)
        assert rc == 2, (args, rc)
        assert out == ""
        assert "--help" in err, err


def test_missing_file_exits_3_and_prints_nothing_on_stdout():
    rc, out, err = run("/nonexistent/events.jsonl")
    assert rc == 3
    assert out == ""
    assert err == "cellos-project: /nonexistent/events.jsonl: cannot open: No such file or directory\n"


def test_a_directory_is_an_input_error():
    rc, out, err = run(EXAMPLES)
    assert rc == 3 and out == ""
    assert "is a directory" in err


def test_keep_going_exit_code_precedence_3_over_4_over_1():
    with tempfile.TemporaryDirectory() as d:
        rejected = write(d, "r.jsonl", event(1, "command.v1.completed", {"cellId": "a", "exitCode": 0}) + "\n")
        malformed = write(d, "m.jsonl", "[]\n")
        assert run("-k", rejected)[0] == 1
        assert run("-k", rejected, malformed)[0] == 4
        rc, out, err = run("-k", rejected, "/nonexistent", malformed)
        assert rc == 3
        assert out.count("\n") == 1  # the cell is still printed
        assert err.count("\n") == 3


def test_stdin_is_read_for_dash_and_for_no_file():
    data = open(HEALTHY, "rb").read()
    expected = run(HEALTHY)[1]
    assert run("-", stdin=data)[1] == expected
    assert run(stdin=data)[1] == expected
    rc, out, _ = run(stdin=b"[]\n")
    assert rc == 4 and json.loads(out)["error"]["file"] == "<stdin>"


def test_several_files_replay_in_order_with_per_file_line_numbers():
    with tempfile.TemporaryDirectory() as d:
        a = write(d, "a.jsonl", event(1, "lifecycle.v1.started", {"cellId": "c"}) + "\n")
        b = write(d, "b.jsonl", "\n" + event(2, "command.v1.completed", {"cellId": "c", "exitCode": 0}) + "\n" +
                  event(3, "command.v1.completed", {"cellId": "c", "exitCode": 0}) + "\n")
        rc, out, _ = run("a.jsonl", "b.jsonl", cwd=d)
        assert rc == 1
        record = json.loads(out)["error"]
        assert (record["file"], record["line"]) == ("b.jsonl", 3)
        rc, out, _ = run("-k", a, b)
        assert json.loads(out)["currentState"] == "commandSucceeded"


def test_gzip_and_zstd_inputs_replay_like_the_plain_file():
    expected = run(HEALTHY)[1]
    assert run(HEALTHY + ".gz") == (0, expected, "")
    assert run(HEALTHY + ".zst") == (0, expected, "")
    assert run("-", stdin=open(HEALTHY + ".gz", "rb").read()) == (0, expected, "")


def test_truncated_compressed_inputs_exit_3_naming_the_format():
    with tempfile.TemporaryDirectory() as d:
        for suffix, fmt in ((".gz", "gzip"), (".zst", "zstd")):
            data = open(HEALTHY + suffix, "rb").read()
            path = write(d, "cut" + suffix, data[: len(data) // 2], "wb")
            rc, out, err = run(path)
            assert rc == 3, (suffix, rc)
            assert out == ""
            assert "%s: unexpected end of data" % fmt in err, err
            rc, out, err = run("-k", path)
            assert rc == 3
            if fmt == "gzip":
                # What decompressed before the cut is still replayed and printed.
                # (zstd decodes whole blocks: half of this one-block file yields nothing.)
                assert out.count("\n") >= 1, out


def test_output_json_is_one_document_with_cells_errors_and_stats():
    rc, out, _ = run("-k", "-o", "json", BROKEN)
    assert rc == 1
    doc = json.loads(out)
    assert len(doc["cells"]) == 4
    assert len(doc["errors"]) == 1
    stats = doc["stats"]
    assert stats["lines"] == stats["blank"] + stats["skipped"] + stats["malformed"] + stats["events"]
    assert stats["events"] == stats["applied"] + stats["ignored"] + stats["rejected"] + stats["unrouted"]
    assert out.startswith('{\n  "cells": [\n    {\n      "specId": ')


def test_output_table_has_a_row_per_cell():
    rc, out, _ = run("-o", "table", HEALTHY)
    assert rc == 0
    lines = out.splitlines()
    assert lines[0].split() == ["CELL", "SPEC", "RUN", "STATE", "EVENTS", "EXIT", "EXPORTS", "LAST",
                                "ERROR"]
    assert len(lines) == 5
    assert lines[1].split()[:4] == ["test-e2e-a811", "spec-e2e", "run-1042", "destroyFailed"]


def test_help_and_version():
    rc, out, _ = run("--help")
    assert rc == 0
    for needle in ("Examples:", "--keep-going", "--output", "Exit codes:", "zstd"):
        assert needle in out, needle
    rc, out, err = run("--version")
    assert rc == 0 and out.startswith("cellos-project ") and err == ""
    # As with CLI11's own version flag, the parse ends there: what follows is not checked.
    assert run("--version", "--no-such-option", "-j", "x") == (0, out, "")
    # A build from a git checkout names its commit ("-dirty" with uncommitted changes).
    source = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
    head = subprocess.run(["git", "-C", source, "rev-parse", "--short=12", "HEAD"],
                          capture_output=True, text=True)
    if head.returncode == 0:
        assert re.fullmatch(r"cellos-project \d+\.\d+\.\d+ \(git [0-9a-f]{12}(-dirty)?\)\n", out), out


def test_a_full_disk_is_exit_3_with_a_message():
    if not os.path.exists("/dev/full"):
        return
    with open("/dev/full", "wb") as full:
        p = subprocess.run([BINARY, HEALTHY], stdout=full, stderr=subprocess.PIPE, timeout=60)
    assert p.returncode == 3
    assert b"cannot write output: No space left on device" in p.stderr


def test_a_closed_pipe_ends_quietly():
    with tempfile.TemporaryDirectory() as d:
        big = "".join(event(i, "lifecycle.v1.started", {"cellId": "c%d" % i}) + "\n" for i in range(200000))
        path = write(d, "big.jsonl", big)
        p = subprocess.Popen([BINARY, path], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        first = p.stdout.readline()
        p.stdout.close()
        err = p.stderr.read()
        p.wait(timeout=60)
        assert json.loads(first)["cellId"] == "c0"
        assert err == b"", err


def test_long_lines_are_malformed_and_replay_goes_on():
    with tempfile.TemporaryDirectory() as d:
        path = write(d, "long.jsonl", '{"x":"' + "a" * 5000 + '"}\n' + event(1, "lifecycle.v1.started", {"cellId": "c"}) + "\n")
        rc, out, err = run("-k", "--max-line-bytes", "1K", path)
        assert rc == 4
        assert json.loads(out)["cellId"] == "c"
        assert "line too long: 5008 bytes, more than --max-line-bytes 1024" in err


def parse_workflow_command(line):
    """Parses '::error k=v,k=v::message' back, undoing the runner's escapes."""
    assert line.startswith("::error ")
    props, message = line[len("::error "):].split("::", 1)
    unescape = lambda t: t.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":").replace("%2C", ",").replace("%25", "%")
    fields = dict(p.split("=", 1) for p in props.split(","))
    return {k: unescape(v) for k, v in fields.items()}, unescape(message)


def test_github_annotations_mark_each_problem_on_stderr():
    with tempfile.TemporaryDirectory() as d:
        name = "odd,name:100%.jsonl"
        write(d, name, "[]\n" + event(1, "command.v1.completed", {"cellId": "a", "exitCode": 0}) + "\n" +
              event(2, "lifecycle.v1.started", {"cellId": "b"}) + "\n" +
              event(3, "command.v1.completed", {"cellId": "b", "exitCode": 0}) + "\n" +
              event(4, "export.v2.completed", {"cellId": "b", "targetKind": "nl\nx"}) + "\n")
        rc, out, err = run("-k", "--github-annotations", name, cwd=d)
        assert rc == 4
        assert out.count("\n") == 2  # stdout stays NDJSON
        commands = [l for l in err.splitlines() if l.startswith("::error ")]
        assert len(commands) == 3
        props, message = parse_workflow_command(commands[0])
        assert props == {"file": name, "line": "1", "title": "cellos-project"}
        assert message.startswith("malformed: event is not a JSON object")
        props, message = parse_workflow_command(commands[1])
        assert props["line"] == "2" and message.startswith("rejected: illegal transition for")
        props, message = parse_workflow_command(commands[2])
        assert props["line"] == "5"
        assert "unknown variant `nl\\nx`" in message  # escaped as in the human line: one line
        rc, _, err = run("--github-annotations", "/nonexistent.jsonl")
        assert rc == 3 and "::error title=cellos-project::/nonexistent.jsonl: cannot open" in err


def test_cell_and_state_select_what_is_printed_not_what_is_replayed():
    rc, out, _ = run("--cell", "lint-03be", "--cell", "build-7f3a", HEALTHY)
    assert rc == 0
    assert [json.loads(l)["cellId"] for l in out.splitlines()] == ["lint-03be", "build-7f3a"]
    rc, out, _ = run("--state", "destroyFailed", HEALTHY)
    assert [json.loads(l)["cellId"] for l in out.splitlines()] == ["test-e2e-a811", "lint-03be"]
    rc, out, _ = run("--state", "destroyed,destroyFailed", "--cell", "build-7f3a", HEALTHY)
    assert [json.loads(l)["cellId"] for l in out.splitlines()] == ["build-7f3a"]
    # A problem in another cell still fails the run and is still the output.
    rc, out, _ = run("--cell", "build-7f3a", BROKEN)
    assert rc == 1 and json.loads(out)["error"]["cellId"] == "test-e2e-a811"
    rc, out, _ = run("-k", "-o", "json", "--cell", "build-7f3a", BROKEN)
    doc = json.loads(out)
    assert rc == 1 and len(doc["cells"]) == 1 and len(doc["errors"]) == 1 and doc["stats"]["cells"] == 4
    rc, out, _ = run("-o", "table", "--state", "destroyed", HEALTHY)
    assert len(out.splitlines()) == 3
    rc, _, err = run("--state", "exploded", HEALTHY)
    assert rc == 2 and "exploded" in err


def test_trace_prints_the_timeline_of_every_routed_event():
    rc, out, err = run("--trace", "-k", BROKEN)
    assert rc == 1
    timeline = [json.loads(l) for l in out.splitlines()]
    assert len(timeline) == 23  # every line of this log reaches a cell
    first = timeline[0]
    assert set(first) == {"file", "line", "cell", "eventId", "eventType", "outcome", "currentState"}
    assert (first["file"], first["line"], first["outcome"]) == (BROKEN, 1, "applied")
    rejected = [t for t in timeline if t["outcome"] == "rejected"]
    assert len(rejected) == 1 and rejected[0]["line"] == 12 and rejected[0]["cell"] == "test-e2e-a811"
    e2e = [t["currentState"] for t in timeline if t["cell"] == "test-e2e-a811"]
    assert e2e[0] == "started" and e2e[-1] == "destroyFailed"
    assert "rejected" in err  # problems still on stderr
    # Without -k the timeline stops at the first problem, with it.
    rc, out, _ = run("--trace", BROKEN)
    assert rc == 1 and json.loads(out.splitlines()[-1])["line"] == 12
    # The same timeline at every --jobs.
    assert run("--trace", "-k", "-j1", BROKEN)[1] == run("--trace", "-k", "-j4", BROKEN)[1]
    rc, _, err = run("--trace", "-o", "json", BROKEN)
    assert rc == 2 and "excludes" in err


SCHEMA = os.path.join(os.path.dirname(EXAMPLES), "tests", "unit", "report", "junit.xsd")


def junit_report(*args, cwd=None):
    import xml.etree.ElementTree as ET
    with tempfile.TemporaryDirectory() as d:
        report = os.path.join(d, "report.xml")
        rc, out, err = run("--junit", report, *args, cwd=cwd)
        check = subprocess.run(["xmllint", "--noout", "--schema", SCHEMA, report], capture_output=True)
        assert check.returncode == 0, check.stderr.decode()
        return rc, ET.parse(report).getroot()


def test_junit_report_is_valid_and_has_a_suite_per_input_and_a_case_per_cell():
    rc, root = junit_report(HEALTHY)
    assert rc == 0
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [HEALTHY]
    assert [c.get("name") for c in suites[0].findall("testcase")] == ["test-e2e-a811", "test-unit-19c2", "lint-03be", "build-7f3a"]
    assert root.get("failures") == "0"

    rc, root = junit_report("-k", BROKEN)
    assert rc == 1
    failed = [c for c in root.iter("testcase") if c.find("failure") is not None]
    assert [c.get("name") for c in failed] == ["test-e2e-a811"]
    failure = failed[0].find("failure")
    record = json.loads(failure.text)
    assert (record["kind"], record["line"]) == ("rejected", 12)
    assert failure.get("message") == record["message"]

    with tempfile.TemporaryDirectory() as d:
        bad = write(d, "bad <&> \"name\".jsonl", "\x01{oops\n" + event(1, "command.v1.completed", {"cellId": "c\u0007<&>", "exitCode": 0}) + "\n")
        rc, root = junit_report("-k", os.path.basename(bad), "/nonexistent.jsonl", cwd=d)
        assert rc == 3
        suites = root.findall("testsuite")
        assert [s.get("name") for s in suites] == ["bad <&> \"name\".jsonl", "/nonexistent.jsonl"]
        assert suites[0].get("errors") == "1" and suites[0].get("failures") == "1"
        assert suites[1].find("testcase/error").get("type") == "input"
        assert root.get("tests") == "3"


def test_ci_captured_logs_with_prefixes_and_noise():
    with tempfile.TemporaryDirectory() as d:
        lines = ["##[group]Run cellos supervisor", ""]
        for i, raw in enumerate(open(HEALTHY).read().splitlines()):
            lines.append("2026-11-27T08:00:%02d.000Z supervisor | %s" % (i % 60, raw))
            if i % 5 == 0:
                lines.append("progress: %d%% done" % (i * 4))
        lines.append("##[endgroup]")
        path = write(d, "captured.log", "\n".join(lines) + "\n")
        expected = run(HEALTHY)[1]
        rc, out, err = run("--json-from-first-brace", "--skip-non-json", path)
        assert (rc, out, err) == (0, expected, ""), err
        doc = json.loads(run("-k", "-o", "json", "--json-from-first-brace", "--skip-non-json", path)[1])
        s = doc["stats"]
        assert (s["events"], s["blank"], s["skipped"]) == (22, 1, 2 + 5)
        assert s["lines"] == s["blank"] + s["skipped"] + s["malformed"] + s["events"]
        # Each flag alone is not enough for such a log.
        rc, out, _ = run("--json-from-first-brace", path)
        assert rc == 4 and json.loads(out)["error"]["line"] == 1
        rc, out, _ = run("--skip-non-json", path)
        assert rc == 4  # "2026-…" starts like a JSON number: malformed, not skipped
        assert json.loads(out)["error"]["line"] == 3


SLOW_WRITER = r"""
import sys, time

text = open(sys.argv[1]).read()
for i in range(int(sys.argv[2])):
    sys.stdout.write(text.replace('"id":"', '"id":"%d-' % i))
    sys.stdout.flush()
    time.sleep(0.05)
"""


def run_in_terminal(command):
    """Runs a shell command under a pseudo-terminal (script(1)); returns what the terminal showed."""
    p = subprocess.run(["script", "-qfec", command, "/dev/null"], capture_output=True, timeout=120)
    return p.stdout.decode("utf-8", "replace")


def test_progress_shows_at_a_terminal_only_and_is_cleared():
    if shutil.which("script") is None:
        raise AssertionError("script(1) (util-linux) is needed to test the terminal display")
    with tempfile.TemporaryDirectory() as d:
        writer = write(d, "slow.py", SLOW_WRITER)
        feed = "%s %s %s 40 | " % (sys.executable, writer, HEALTHY)
        for jobs in ("-j1", "-j2"):
            shown = run_in_terminal(feed + "%s -k %s > %s/out.ndjson" % (BINARY, jobs, d))
            status = [s for s in shown.split("\r\x1b[K") if s.startswith("cellos-project: ") and s.endswith(" cells")]
            assert status, (jobs, shown[:300])
            assert " kB" in status[-1] and " events, " in status[-1]
            assert shown.endswith("\r\x1b[K") or "\r\x1b[Kcellos-project: <stdin>" in shown
            assert len(open(os.path.join(d, "out.ndjson")).read().splitlines()) == 4
        # Not a terminal: never.
        p = subprocess.run(["sh", "-c", feed + BINARY + " -k > /dev/null"], capture_output=True, timeout=120)
        assert b" events, " not in p.stderr and b"\x1b[K" not in p.stderr
        # A terminal, but asked not to.
        shown = run_in_terminal(feed + BINARY + " -k --no-progress > /dev/null")
        assert " events, " not in shown and "\x1b[K" not in shown


def test_table_colours_states_at_a_terminal_and_fits_its_width():
    ansi = re.compile("\x1b\\[[0-9;]*m")
    plain = run("-o", "table", HEALTHY)[1]
    assert "\x1b[" not in plain  # not a terminal: no colour, no cutting
    coloured = run("-o", "table", "--color", "always", HEALTHY)[1]
    assert "\x1b[31mdestroyFailed\x1b[0m" in coloured and "\x1b[32mdestroyed\x1b[0m" in coloured
    assert ansi.sub("", coloured) == plain
    # auto: colour at a terminal, unless NO_COLOR is set or the terminal is dumb.
    shown = run_in_terminal("TERM=xterm %s -o table %s" % (BINARY, HEALTHY))
    assert "\x1b[31mdestroyFailed" in shown
    shown = run_in_terminal("TERM=xterm NO_COLOR=1 %s -o table %s" % (BINARY, HEALTHY))
    assert "\x1b[" not in shown
    shown = run_in_terminal("TERM=dumb %s -o table %s" % (BINARY, HEALTHY))
    assert "\x1b[" not in shown
    shown = run_in_terminal("TERM=xterm COLUMNS=70 %s -o table %s" % (BINARY, HEALTHY))
    rows = [ansi.sub("", l) for l in shown.replace("\r", "").splitlines() if l]
    assert len(rows) == 5 and all(len(r) <= 70 for r in rows), rows
    assert "…" in rows[1]
    assert run("-o", "table", "--color", "sometimes", HEALTHY)[0] == 2


def test_follow_reports_problems_as_they_happen_and_snapshots_when_idle():
    import signal
    import time
    with tempfile.TemporaryDirectory() as d:
        path = write(d, "growing.jsonl", event(1, "lifecycle.v1.started", {"cellId": "a"}) + "\n")
        p = subprocess.Popen([BINARY, "-k", "--follow", "--idle-timeout", "1.5", path],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        time.sleep(0.4)
        with open(path, "a") as fh:
            fh.write(event(2, "command.v1.completed", {"cellId": "a", "exitCode": 0}) + "\n")
            fh.write(event(3, "lifecycle.v1.started", {"cellId": "a"}) + "\n")  # rejected
            fh.flush()
        # The problem is reported while the file is still being followed.
        first = p.stderr.readline().decode()
        assert "growing.jsonl:3: rejected: illegal projection transition: started" in first, first
        assert p.poll() is None
        with open(path, "a") as fh:
            fh.write(event(4, "lifecycle.v1.destroyed", {"cellId": "a"}))  # no newline yet
        time.sleep(0.3)
        with open(path, "a") as fh:
            fh.write("\n")
        out, _ = p.communicate(timeout=30)  # ends 1.5 s after the last line
        assert p.returncode == 1
        assert json.loads(out)["currentState"] == "destroyed"

        # A pipe cannot grow: its end is final even with --follow.
        rc, out, _ = run("--follow", stdin=open(path, "rb").read())
        assert rc == 1 and json.loads(out)["error"]["line"] == 3
        # A clean log is followed until a signal; then the snapshots, exit 0.
        clean = write(d, "clean.jsonl", event(1, "lifecycle.v1.started", {"cellId": "b"}) + "\n")
        for sig in (signal.SIGINT, signal.SIGTERM):
            p = subprocess.Popen([BINARY, "--follow", clean], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            time.sleep(0.6)
            assert p.poll() is None  # still following
            p.send_signal(sig)
            out, err = p.communicate(timeout=30)
            assert p.returncode == 0, (sig, p.returncode, err)
            assert json.loads(out)["cellId"] == "b" and err == b""


def test_stats_summarises_the_replay_on_stderr():
    rc, out, err = run("--stats", "-k", BROKEN)
    assert rc == 1
    assert out.count("\n") == 4
    lines = err.splitlines()
    stats = json.loads(lines[-1])  # a JSON object on a line of its own, for jq
    assert (stats["lines"], stats["events"], stats["rejected"], stats["cells"]) == (23, 23, 1, 4)
    assert sum(stats["cellsByState"].values()) == 4
    assert stats["seconds"] >= 0 and stats["peakRssBytes"] > 0
    doc = json.loads(run("-k", "-o", "json", BROKEN)[1])
    # -o json holds the same counts, without the run's time and memory.
    assert doc["stats"] == {k: v for k, v in stats.items() if k not in ("seconds", "mbPerSecond", "peakRssBytes")}


def test_stats_peak_memory_is_the_replays_own_not_its_parents():
    # A process started by a large one (a test runner, a CI agent) inherits
    # that one's high-water mark in getrusage; the replay's own is far less.
    ballast = bytearray(256 << 20)
    for i in range(0, len(ballast), 4096):
        ballast[i] = 1
    rc, _, err = run("--stats", HEALTHY)
    assert rc == 0
    assert 0 < json.loads(err.splitlines()[-1])["peakRssBytes"] < 64 << 20
    del ballast


def test_verbose_logs_lines_on_stderr_at_the_level_asked():
    quiet = run(HEALTHY)
    rc, out, err = run("-v", HEALTHY)
    assert (rc, out) == quiet[:2]  # the log goes to stderr only
    lines = err.splitlines()
    assert lines[0] == "cellos-project: debug: replaying " + HEALTHY
    assert lines[1].startswith("cellos-project: debug: stats {")
    assert json.loads(lines[1][len("cellos-project: debug: stats "):])["events"] == 22
    assert len(lines) == 2
    same = run("--log-level", "debug", HEALTHY)[2].splitlines()
    assert same[0] == lines[0] and same[1].startswith("cellos-project: debug: stats {")
    # Debug messages are not shown at a higher level, nor is anything at off.
    for level in ("info", "warn", "error", "off"):
        assert run("--log-level", level, HEALTHY) == quiet, level


def test_output_is_identical_for_every_jobs_value_and_for_stdin():
    with tempfile.TemporaryDirectory() as d:
        lines = []
        for i in range(30000):
            cell = {"cellId": "c%d" % (i % 997), "specId": "s", "exitCode": i % 3, "targetKind": "s3"}
            ty = ["lifecycle.v1.started", "identity.v1.materialized", "command.v1.completed",
                  "export.v2.completed", "lifecycle.v1.destroyed"][i % 5]
            lines.append(event("e%d" % (i % 20000), ty, cell))
            if i % 1999 == 0:
                lines.append("{not json")
        path = write(d, "many.jsonl", "\n".join(lines) + "\n")
        data = open(path, "rb").read()
        for args in (["-k"], [], ["-k", "-o", "json"]):
            expected = run("-j1", *args, path)
            for jobs in ("2", "3", "8"):
                assert run("-j" + jobs, *args, path) == expected, (args, jobs)
            stdin_run = run("-j4", *args, stdin=data)
            assert stdin_run[0] == expected[0]
            assert stdin_run[1].replace("<stdin>", path) == expected[1], args


def test_replaying_files_loads_no_kafka_client():
    # librdkafka pulls in OpenSSL and SASL: ~3 ms at every start. The Kafka
    # commands run in the helper executable instead.
    libraries = subprocess.run(["ldd", BINARY], capture_output=True, text=True, check=True).stdout
    assert "librdkafka" not in libraries and "libcrypto" not in libraries, libraries


def test_kafka_commands_without_the_helper_say_what_is_missing_and_exit_3():
    with tempfile.TemporaryDirectory() as d:
        alone = os.path.join(d, "cellos-project")
        shutil.copy(BINARY, alone)
        for args in (["--kafka", "127.0.0.1:9", "--topic", "t"],
                     ["publish", HEALTHY, "--kafka", "127.0.0.1:9", "--topic", "t"]):
            p = subprocess.run([alone] + args, capture_output=True, text=True, timeout=60)
            assert p.returncode == 3, (args, p.returncode, p.stderr)
            assert p.stdout == ""
            assert "Kafka support is not installed" in p.stderr, p.stderr
            assert "cellos-project-kafka" in p.stderr and "reinstall" in p.stderr, p.stderr

