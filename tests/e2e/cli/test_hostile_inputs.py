#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Hostile inputs: every one gets a defined exit code and a clear message,
never a crash, a hang, a half-written line or a silent drop.


Where the output is a -o json document, its stats must account for every
line: lines = blank + malformed + events, events = applied + ignored +
rejected + unrouted.
"""
import gzip
import json
import os
import random
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from paths import BINARY, EXAMPLES  # noqa: E402



def run(*args, stdin=b"", timeout=120):
    p = subprocess.run([BINARY] + list(args), input=stdin, capture_output=True, timeout=timeout)
    return p.returncode, p.stdout, p.stderr.decode("utf-8", "replace")


def report(path, *extra):
    rc, out, err = run("-k", "-o", "json", *extra, path)
    doc = json.loads(out)
    s = doc["stats"]
    assert s["lines"] == s["blank"] + s["skipped"] + s["malformed"] + s["events"], s
    assert s["events"] == s["applied"] + s["ignored"] + s["rejected"] + s["unrouted"], s
    assert len(doc["errors"]) == s["malformed"] + s["rejected"]
    return rc, doc, err


def event(i, cell, ty="lifecycle.v1.started"):
    return '{"specversion":"1.0","id":"%s","source":"s","type":"dev.cellos.events.cell.%s","data":{"cellId":"%s"}}' % (i, ty, cell)


def temp(data, suffix=".jsonl"):
    fd, path = tempfile.mkstemp(suffix=suffix)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data if isinstance(data, bytes) else data.encode())
    return path


def test_a_100_mb_single_line_is_too_long_and_replay_goes_on():
    path = temp(b'{"x":"' + b"a" * (100 << 20) + b'"}\n' + event(1, "c").encode() + b"\n")
    try:
        rc, doc, err = report(path)
        assert rc == 4
        assert doc["errors"][0]["message"].startswith("line too long: 104857608 bytes")
        assert doc["cells"][0]["cellId"] == "c"
        rc, _, _ = run("--max-line-bytes", "200M", path)
        assert rc == 4  # now read whole: malformed as a CloudEvent (no specversion)
    finally:
        os.unlink(path)


def test_a_200_mb_line_under_the_limit_is_read_in_linear_time_at_every_jobs():
    # Read in many pieces: each piece must be searched for a newline once, not the whole
    # line again (quadratic: minutes here). The timeout is 50x the linear time.
    path = temp(b'{"x":"' + b"a" * (200 << 20) + b'"}\n' + event(1, "c").encode() + b"\n")
    try:
        for jobs in ("-j1", "-j2"):
            rc, out, err = run(jobs, "-k", "--max-line-bytes", "300M", path, timeout=30)
            assert rc == 4, (jobs, rc, err)
            assert b'"cellId":"c"' in out
            assert err.count("missing required attribute") == 1
    finally:
        os.unlink(path)


def test_json_nested_100000_deep_is_malformed():
    path = temp("[" * 100000 + "]" * 100000 + "\n" + event(1, "c") + "\n")
    try:
        rc, doc, _ = report(path)
        assert rc == 4
        assert "recursion limit exceeded" in doc["errors"][0]["message"]
        assert len(doc["cells"]) == 1
    finally:
        os.unlink(path)


def test_max_depth_lowers_the_nesting_limit():
    line = '{"specversion":"1.0","id":"1","source":"s","type":"t","data":{"cellId":"c","x":[[[1]]]}}\n'
    path = temp(line)
    try:
        assert run(path)[0] == 0
        assert run("--max-depth", "5", path)[0] == 0
        rc, out, _ = run("--max-depth", "4", path)
        assert rc == 4 and b"recursion limit exceeded" in out
        assert run("--max-depth", "128", path)[0] == 2
    finally:
        os.unlink(path)


def test_invalid_utf8_nul_bytes_and_random_binary_are_malformed_lines():
    rnd = random.Random(5)
    binary = bytes(rnd.getrandbits(8) for _ in range(1 << 20))
    data = (event(1, "c") + "\n").encode() + b'{"id":"\xff\xfe"}\n' + b"\x00\x00\x00\n" + binary + b"\n" + (event(2, "d") + "\n").encode()
    path = temp(data)
    try:
        rc, doc, err = report(path)
        assert rc == 4
        assert [c["cellId"] for c in doc["cells"]] == ["c", "d"]
        assert doc["stats"]["malformed"] >= 3
        # One line each, even for binary; and one hint, since some binary line holds a '{'.
        assert err.count("\n") == doc["stats"]["malformed"] + err.count("cellos-project: hint: ")
    finally:
        os.unlink(path)


def test_truncated_and_corrupt_gzip_and_zstd_exit_3():
    body = "".join(event(i, "c%d" % i) + "\n" for i in range(5000)).encode()
    gz = gzip.compress(body)
    zs = subprocess.run(["zstd", "-q", "-c"], input=body, capture_output=True, check=True).stdout
    cases = {
        "truncated.gz": gz[: len(gz) // 2],
        "corrupt.gz": gz[:20] + bytes(b ^ 0x55 for b in gz[20:60]) + gz[60:],
        "truncated.zst": zs[: len(zs) // 2],
        "corrupt.zst": zs[:12] + bytes(b ^ 0x55 for b in zs[12:60]) + zs[60:],
    }
    for name, data in cases.items():
        path = temp(data, suffix=name)
        try:
            rc, out, err = run(path)
            assert rc == 3, (name, rc, err)
            assert out == b"", name  # nothing half-printed
            assert ("gzip: " if name.endswith("gz") else "zstd: ") in err, (name, err)
            rc, out, err = run("-k", path)
            assert rc == 3
            for line in out.splitlines():
                json.loads(line)  # whatever was replayed is printed whole
        finally:
            os.unlink(path)


def test_empty_file_and_dev_null_are_empty_logs():
    path = temp(b"")
    try:
        assert run(path) == (0, b"", "")
        assert run("/dev/null") == (0, b"", "")
        rc, doc, _ = report("/dev/null")
        assert rc == 0 and doc["cells"] == [] and doc["stats"]["lines"] == 0
    finally:
        os.unlink(path)


def test_a_directory_and_an_unreadable_file_exit_3():
    rc, out, err = run(tempfile.gettempdir())
    assert rc == 3 and out == b"" and "is a directory" in err
    # Root reads any file, so use one whose read(2) itself fails.
    rc, out, err = run("/proc/self/mem")
    assert rc == 3 and out == b"", (rc, err)
    assert "/proc/self/mem: cannot read: Input/output error" in err, err


def test_an_event_id_of_1_mb_is_handled():
    big = "x" * (1 << 20)
    path = temp(event(big, "c") + "\n" + event(big, "c", "command.v1.completed") + "\n" + event(big, "c") + "\n")
    try:
        rc, doc, _ = report(path)
        # The second event has the same id: a duplicate, ignored; so is the third.
        assert rc == 0, rc
        assert doc["stats"]["ignored"] == 2
        assert doc["cells"][0]["processedEvents"] == 1
    finally:
        os.unlink(path)


def test_five_million_distinct_cells_finish_and_report_memory():
    fd, path = tempfile.mkstemp(suffix=".jsonl")
    with os.fdopen(fd, "w") as fh:
        head = '{"specversion":"1.0","id":"1","source":"s","type":"dev.cellos.events.cell.lifecycle.v1.started","data":{"cellId":"cell-'
        for start in range(0, 5_000_000, 100_000):
            fh.write("".join("%s%07d\"}}\n" % (head, i) for i in range(start, start + 100_000)))
    try:
        rc, out, err = run("--stats", path, timeout=600)
        assert rc == 0, err
        assert out.count(b"\n") == 5_000_000
        assert err.startswith("{"), err
        stats = json.loads(err)
        assert stats["cells"] == 5_000_000 and stats["applied"] == 5_000_000
        assert stats["cellsByState"]["started"] == 5_000_000
        print("  5,000,000 cells: peak RSS %.0f MB, %.1f s" % (stats["peakRssBytes"] / 1e6, stats["seconds"]))
        assert 0 < stats["peakRssBytes"] < 8 << 30
    finally:
        os.unlink(path)


def test_a_full_disk_fails_with_exit_3_and_a_message():
    path = temp("".join(event(i, "c%d" % i) + "\n" for i in range(100000)))
    try:
        with open("/dev/full", "wb") as full:
            p = subprocess.run([BINARY, path], stdout=full, stderr=subprocess.PIPE, timeout=60)
        assert p.returncode == 3
        assert p.stderr.decode().strip() == "cellos-project: cannot write output: No space left on device"
    finally:
        os.unlink(path)


# --- A hostile probe's findings: never destroy a file, never lose a line ---

HEALTHY = os.path.join(EXAMPLES, "healthy-fleet.jsonl")
BROKEN = os.path.join(EXAMPLES, "broken-lifecycle.jsonl")


def copy_of(path, directory, name="x.jsonl"):
    target = os.path.join(directory, name)
    with open(path, "rb") as src, open(target, "wb") as dst:
        dst.write(src.read())
    return target


def read_bytes(path):
    with open(path, "rb") as fh:
        return fh.read()


def test_junit_never_overwrites_an_input():
    original = read_bytes(HEALTHY)
    with tempfile.TemporaryDirectory() as d:
        log = copy_of(HEALTHY, d)
        os.symlink(log, os.path.join(d, "link.jsonl"))
        attempts = [
            (["--junit", log], b""),  # --junit taken for a switch; stdin empty, as in CI
            (["--junit", os.path.join(d, "link.jsonl"), log], b""),
            (["--junit", os.path.join(d, ".", "x.jsonl"), log], b""),
            (["--junit", log, log], b""),
            (["--junit", log, "-"], original),
        ]
        for args, stdin in attempts:
            rc, out, err = run(*args, stdin=stdin)
            assert rc == 2, (args, rc, err)
            assert out == b"", args
            assert "--junit" in err and "report.xml" in err, err
            assert read_bytes(log) == original, args
        assert sorted(os.listdir(d)) == ["link.jsonl", "x.jsonl"]  # nothing else written


def test_an_option_taken_for_a_file_name_is_a_usage_error():
    # `--checkpoint --version log`: the option becomes the state file's name
    # (getopt's rule). A file named like that is refused unless it exists,
    # whether the tool would write it or, as --expect's, read it.
    with tempfile.TemporaryDirectory() as d:
        log = copy_of(HEALTHY, d)
        for flag, example in (("--checkpoint", "state.db"), ("--junit", "report.xml"),
                              ("--html", "report.html"), ("--metrics-file", "cellos.prom"),
                              ("--expect", "expected.jsonl")):
            p = subprocess.run([BINARY, flag, "--version", log], capture_output=True, cwd=d,
                               timeout=60)
            rc, out, err = p.returncode, p.stdout, p.stderr.decode()
            assert (rc, out) == (2, b""), (flag, rc, err)
            assert "that is an option" in err and example in err and "./--version" in err, err
            assert os.listdir(d) == ["x.jsonl"], flag
        # A file that really is named so is taken, through ./ or as it is.
        p = subprocess.run([BINARY, "--junit", "./-report.xml", log], capture_output=True, cwd=d,
                           timeout=60)
        assert p.returncode == 0, p.stderr
        p = subprocess.run([BINARY, "--junit", "-report.xml", log], capture_output=True, cwd=d,
                           timeout=60)
        assert p.returncode == 0, p.stderr


def test_junit_replaces_an_old_report_whole_and_refuses_other_files():
    with tempfile.TemporaryDirectory() as d:
        report_path = os.path.join(d, "report.xml")
        with open(report_path, "w") as fh:
            fh.write("<?xml version=\"1.0\"?><testsuites/>")
        os.chmod(report_path, 0o640)
        rc, _, _ = run("--junit", report_path, HEALTHY)
        assert rc == 0
        text = read_bytes(report_path).decode()
        assert text.startswith("<?xml") and text.endswith("</testsuites>\n")
        assert 'tests="4"' in text
        assert os.stat(report_path).st_mode & 0o777 == 0o640
        notes = os.path.join(d, "notes.txt")
        with open(notes, "w") as fh:
            fh.write("my notes\n")
        rc, _, err = run("--junit", notes, HEALTHY)
        assert rc == 2 and "not such a report" in err, err
        assert read_bytes(notes) == b"my notes\n"
        assert sorted(os.listdir(d)) == ["notes.txt", "report.xml"]


def follow_and_rotate(mode, lines):
    """Follows a log while it is rotated in `mode`; returns rc, stdout lines, stderr."""
    with tempfile.TemporaryDirectory() as d:
        log = os.path.join(d, "events.jsonl")
        with open(log, "w") as fh:
            fh.writelines(lines[:5])
        p = subprocess.Popen([BINARY, "--follow", "--idle-timeout", "3", log],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(0.6)  # the first lines are read
        if mode == "copytruncate":
            with open(log + ".1", "w") as fh:
                fh.writelines(lines[:5])
            os.truncate(log, 0)
            time.sleep(0.6)
            with open(log, "a") as fh:
                fh.writelines(lines[5:])
        elif mode == "rename":
            with open(log, "a") as fh:  # written just before the rename: must not be lost
                fh.writelines(lines[5:9])
            os.rename(log, log + ".1")
            with open(log, "w") as fh:
                fh.writelines(lines[9:])
        else:  # deleted, and created again a while later
            os.unlink(log)
            time.sleep(0.6)
            with open(log, "w") as fh:
                fh.writelines(lines[5:])
        out, err = p.communicate(timeout=30)
        return p.returncode, out, err


def test_follow_by_name_loses_no_line_across_rotation():
    lines = open(HEALTHY).readlines()
    expected = subprocess.run([BINARY, HEALTHY], capture_output=True, text=True).stdout
    for mode, notice in (("copytruncate", "truncated; reading it again from its start"),
                         ("rename", "replaced by a new file"),
                         ("delete", "replaced by a new file")):
        rc, out, err = follow_and_rotate(mode, lines)
        assert rc == 0, (mode, rc, err)
        assert out == expected, (mode, out, err)
        assert notice in err, (mode, err)
        assert "malformed" not in err, (mode, err)


def test_a_pzstd_file_with_a_skippable_frame_is_replayed():
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "h.jsonl.zst")
        subprocess.run(["pzstd", "-q", "-p", "2", HEALTHY, "-o", path], check=True)
        assert read_bytes(path)[:4] == b"\x50\x2a\x4d\x18"
        assert run(path)[:2] == run(HEALTHY)[:2]


def test_timeouts_must_be_finite_numbers():
    for value in ("nan", "NaN", "inf", "-1", "x"):
        rc, out, err = run("--follow", "--idle-timeout", value, HEALTHY, timeout=10)
        assert rc == 2 and out == b"" and "--idle-timeout" in err, (value, rc, err)
        rc, _, err = run("--kafka", "localhost:1", "--topic", "t", "--kafka-timeout", value, timeout=10)
        assert rc == 2 and "--kafka-timeout" in err, (value, rc, err)
    rc, _, err = run("--idle-timeout", "5", HEALTHY)
    assert rc == 2 and "--idle-timeout requires --follow" in err, err


def test_a_file_name_of_invalid_utf8_gives_valid_utf8_output():
    with tempfile.TemporaryDirectory() as d:
        name = os.path.join(d.encode(), b"bad\xff\xfename.jsonl")
        with open(name, "wb") as fh:
            fh.write(read_bytes(BROKEN))
        replaced = os.path.join(d, "bad\ufffd\ufffdname.jsonl")
        for args in ([], ["-k", "-o", "json"], ["--trace"], ["-k"]):
            p = subprocess.run([BINARY.encode()] + [a.encode() for a in args] + [name], capture_output=True)
            out = p.stdout.decode("utf-8")  # strict: raises on invalid UTF-8
            err = p.stderr.decode("utf-8")
            assert replaced in (err if args == ["-k"] else out), (args, out[:300])
        junit = os.path.join(d, "r.xml")
        subprocess.run([BINARY.encode(), b"--junit", junit.encode(), name], capture_output=True)
        assert replaced in read_bytes(junit).decode("utf-8")


def test_xz_bzip2_and_lz4_are_one_clear_error():
    with tempfile.TemporaryDirectory() as d:
        for tool, ext in (("xz", "xz"), ("bzip2", "bz2"), ("lz4", "lz4")):
            path = os.path.join(d, "h.jsonl." + ext)
            with open(path, "wb") as fh:
                fh.write(subprocess.run([tool, "-c", HEALTHY], capture_output=True, check=True).stdout)
            rc, out, err = run("-k", path)
            assert rc == 3 and out == b"", (tool, rc)
            assert err.count("\n") == 1, err
            assert "%s -dc %s | cellos-project -" % (tool, path) in err, err


def test_controls_from_the_log_never_reach_the_terminal_raw():
    lines = [
        event(1, "c"),
        '{"specversion":"1.0","id":"2","source":"s","type":"dev.cellos.events.cell.command.v1.completed","data":{"cellId":"c","exitCode":0}}',
        '{"specversion":"1.0","id":"3","source":"s","type":"dev.cellos.events.cell.export.v2.completed","data":{"cellId":"c","targetKind":"s\\u001b[31m3\\u009b"}}',
    ]
    path = temp("\n".join(lines) + "\n")
    try:
        rc, out, err = run("--github-annotations", path)
        assert rc == 1
        assert "\x1b" not in err and "\x9b" not in err, repr(err)
        assert "s\\u{1b}[31m3\\u{9b}" in err, err
        assert err.count("\n") == 2  # the human line and the annotation
        assert b"\\u001b" in out  # stdout is JSON, escaped as serde_json does
    finally:
        os.unlink(path)


def test_a_newline_in_a_failed_input_name_stays_on_one_line():
    rc, out, err = run("-k", "/nonexistent/two\nlines\x1b.jsonl", HEALTHY)
    assert rc == 3
    assert err == "cellos-project: /nonexistent/two\\nlines\\u{1b}.jsonl: cannot open: No such file or directory\n", repr(err)


def test_the_json_document_names_each_failed_input():
    rc, doc, err = report("/nonexistent/a.jsonl", HEALTHY)  # report() adds the path last
    assert rc == 3
    assert doc["failedInputs"] == [{"file": "/nonexistent/a.jsonl",
                                    "message": "/nonexistent/a.jsonl: cannot open: No such file or directory"}]
    assert doc["stats"]["inputErrors"] == 1
    assert len(doc["cells"]) == 4
    rc, doc, err = report(HEALTHY)
    assert rc == 0 and doc["failedInputs"] == []


def test_gzip_tape_padding_is_accepted_like_gzip_does():
    data = gzip.compress(read_bytes(HEALTHY)) + b"\0" * 10240
    path = temp(data, suffix=".gz")
    try:
        assert subprocess.run(["gzip", "-t", path]).returncode == 0
        assert run(path)[:2] == run(HEALTHY)[:2]
    finally:
        os.unlink(path)


def test_zstd_long_windows_say_what_they_need_and_can_be_allowed():
    data = subprocess.run(["zstd", "-q", "--long=31", "-c"], input=read_bytes(HEALTHY),
                          capture_output=True, check=True).stdout
    path = temp(data, suffix=".zst")
    try:
        rc, out, err = run(path)
        assert rc == 3 and out == b"", err
        assert "needs a window of 2048 MiB" in err and "--zstd-memory 2048M" in err, err
        assert run("--zstd-memory", "2G", path)[:2] == run(HEALTHY)[:2]
        assert run("--zstd-memory", "3G", path)[0] == 2  # more than zstd can use
    finally:
        os.unlink(path)


def test_a_rejection_is_filed_under_the_suite_of_its_own_input():
    first = temp(event(1, "c") + "\n")
    second = temp(event(2, "c") + "\n")  # started twice: rejected, on the second input's line
    with tempfile.TemporaryDirectory() as d:
        junit = os.path.join(d, "r.xml")
        try:
            rc, _, _ = run("-k", "--junit", junit, first, second)
            assert rc == 1
            text = read_bytes(junit).decode()
            suites = text.split("<testsuite ")[1:]
            assert 'failures="0"' in suites[0] and os.path.basename(first) in suites[0]
            assert 'failures="1"' in suites[1] and "<failure" in suites[1], text
        finally:
            os.unlink(first)
            os.unlink(second)


def test_a_line_cut_short_names_the_column_serde_json_names():
    path = temp('{"specversion":"1.0"')
    try:
        rc, out, _ = run(path)
        assert rc == 4
        assert json.loads(out)["error"]["message"] == \
            "invalid JSON: EOF while parsing an object at line 1 column 20"
    finally:
        os.unlink(path)

