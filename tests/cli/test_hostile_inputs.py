#!/usr/bin/env python3
"""Hostile inputs: every one gets a defined exit code and a clear message,
never a crash, a hang, a half-written line or a silent drop.

usage: test_hostile_inputs.py BINARY

Where the output is a -o json document, its stats must account for every
line: lines = blank + malformed + events, events = applied + ignored +
rejected + unrouted. Prints 'N passed, N failed' last.
"""
import gzip
import json
import os
import random
import subprocess
import sys
import tempfile

BINARY = os.path.abspath(sys.argv[1])
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import main, test  # noqa: E402


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


@test
def a_100_mb_single_line_is_too_long_and_replay_goes_on():
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


@test
def a_200_mb_line_under_the_limit_is_read_in_linear_time_at_every_jobs():
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


@test
def json_nested_100000_deep_is_malformed():
    path = temp("[" * 100000 + "]" * 100000 + "\n" + event(1, "c") + "\n")
    try:
        rc, doc, _ = report(path)
        assert rc == 4
        assert "recursion limit exceeded" in doc["errors"][0]["message"]
        assert len(doc["cells"]) == 1
    finally:
        os.unlink(path)


@test
def max_depth_lowers_the_nesting_limit():
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


@test
def invalid_utf8_nul_bytes_and_random_binary_are_malformed_lines():
    rnd = random.Random(5)
    binary = bytes(rnd.getrandbits(8) for _ in range(1 << 20))
    data = (event(1, "c") + "\n").encode() + b'{"id":"\xff\xfe"}\n' + b"\x00\x00\x00\n" + binary + b"\n" + (event(2, "d") + "\n").encode()
    path = temp(data)
    try:
        rc, doc, err = report(path)
        assert rc == 4
        assert [c["cellId"] for c in doc["cells"]] == ["c", "d"]
        assert doc["stats"]["malformed"] >= 3
        assert err.count("\n") == doc["stats"]["malformed"]  # one line each, even for binary
    finally:
        os.unlink(path)


@test
def truncated_and_corrupt_gzip_and_zstd_exit_3():
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


@test
def empty_file_and_dev_null_are_empty_logs():
    path = temp(b"")
    try:
        assert run(path) == (0, b"", "")
        assert run("/dev/null") == (0, b"", "")
        rc, doc, _ = report("/dev/null")
        assert rc == 0 and doc["cells"] == [] and doc["stats"]["lines"] == 0
    finally:
        os.unlink(path)


@test
def a_directory_and_an_unreadable_file_exit_3():
    rc, out, err = run(tempfile.gettempdir())
    assert rc == 3 and out == b"" and "is a directory" in err
    # Root reads any file, so use one whose read(2) itself fails.
    rc, out, err = run("/proc/self/mem")
    assert rc == 3 and out == b"", (rc, err)
    assert "/proc/self/mem: cannot read: Input/output error" in err, err


@test
def an_event_id_of_1_mb_is_handled():
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


@test
def five_million_distinct_cells_finish_and_report_memory():
    fd, path = tempfile.mkstemp(suffix=".jsonl")
    with os.fdopen(fd, "w") as fh:
        head = '{"specversion":"1.0","id":"1","source":"s","type":"dev.cellos.events.cell.lifecycle.v1.started","data":{"cellId":"cell-'
        for start in range(0, 5_000_000, 100_000):
            fh.write("".join("%s%07d\"}}\n" % (head, i) for i in range(start, start + 100_000)))
    try:
        rc, out, err = run("--stats", path, timeout=600)
        assert rc == 0, err
        assert out.count(b"\n") == 5_000_000
        assert err.startswith("cellos-project: stats {"), err
        stats = json.loads(err[len("cellos-project: stats "):])
        assert stats["cells"] == 5_000_000 and stats["applied"] == 5_000_000
        assert stats["cellsByState"]["started"] == 5_000_000
        print("  5,000,000 cells: peak RSS %.0f MB, %.1f s" % (stats["peakRssBytes"] / 1e6, stats["seconds"]))
        assert 0 < stats["peakRssBytes"] < 8 << 30
    finally:
        os.unlink(path)


@test
def a_full_disk_fails_with_exit_3_and_a_message():
    path = temp("".join(event(i, "c%d" % i) + "\n" for i in range(100000)))
    try:
        with open("/dev/full", "wb") as full:
            p = subprocess.run([BINARY, path], stdout=full, stderr=subprocess.PIPE, timeout=60)
        assert p.returncode == 3
        assert p.stderr.decode().strip() == "cellos-project: cannot write output: No space left on device"
    finally:
        os.unlink(path)


if __name__ == "__main__":
    main()
