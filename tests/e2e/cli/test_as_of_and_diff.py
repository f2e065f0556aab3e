# SPDX-License-Identifier: Apache-2.0
"""Replaying to a point in time (--until) and comparing replay results
(`cellos-project diff`, --expect), through the real binary."""
import gzip
import json
import os
import sqlite3
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from paths import BINARY, EXAMPLES  # noqa: E402

HEALTHY = os.path.join(EXAMPLES, "healthy-fleet.jsonl")
BROKEN = os.path.join(EXAMPLES, "broken-lifecycle.jsonl")


def run(*args, stdin=b""):
    p = subprocess.run([BINARY] + list(args), input=stdin, capture_output=True, timeout=60)
    return p.returncode, p.stdout.decode(), p.stderr.decode()


def write(directory, name, text):
    path = os.path.join(directory, name)
    with open(path, "w") as fh:
        fh.write(text)
    return path


def lines_of(path):
    with open(path) as fh:
        return fh.readlines()


def time_of(line):
    return json.loads(line).get("time")


def test_until_replays_the_fleet_as_of_that_instant():
    lines = lines_of(HEALTHY)
    times = sorted(t for t in map(time_of, lines) if t)
    with tempfile.TemporaryDirectory() as d:
        for cut in (times[0], times[5], times[11], times[-1]):
            before = [l for l in lines if not time_of(l) or time_of(l) <= cut]
            truncated = write(d, "as-of.jsonl", "".join(before))
            rc, out, err = run("-k", "--until", cut, HEALTHY)
            assert (rc, out) == run("-k", truncated)[:2], cut
            rc, doc, _ = run("-k", "-o", "json", "--until", cut, HEALTHY)
            stats = json.loads(doc)["stats"]
            assert stats["afterUntil"] == len(lines) - len(before)
            assert stats["events"] == stats["applied"] + stats["ignored"] + stats["rejected"] + \
                stats["unrouted"] + stats["afterUntil"]


def test_until_compares_instants_not_strings():
    event = ('{"specversion":"1.0","id":"%s","source":"s","type":"dev.cellos.events.cell.lifecycle.v1.%s",'
             '"time":"%s","data":{"cellId":"c"}}\n')
    with tempfile.TemporaryDirectory() as d:
        log = write(d, "log.jsonl",
                    event % ("1", "started", "2026-11-27T10:00:00+02:00") +      # 08:00:00Z
                    event % ("2", "destroyed", "2026-11-27T08:00:00.000000001Z"))  # a nanosecond later
        for until, state in (("2026-11-27T08:00:00Z", "started"), ("2026-11-27T09:00:00+01:00", "started"),
                             ("2026-11-27T08:00:00.000000001Z", "destroyed"),
                             ("2026-11-27T07:59:59.999Z", None)):
            rc, out, _ = run("--until", until, log)
            states = [json.loads(l)["currentState"] for l in out.splitlines()]
            assert states == ([state] if state else []), (until, out)
        untimed = write(d, "untimed.jsonl", event.replace(',"time":"%s"', "") % ("1", "started"))
        assert json.loads(run("--until", "1970-01-01T00:00:00Z", untimed)[1])["currentState"] == "started"


def test_until_must_be_an_rfc3339_time():
    for bad in ("yesterday", "2026-11-27", "2026-11-27T10:00:00", "2026-02-30T00:00:00Z"):
        rc, out, err = run("--until", bad, HEALTHY)
        assert rc == 2 and out == "" and "RFC 3339" in err, (bad, err)


def test_diff_names_added_removed_and_changed_cells_and_fields():
    with tempfile.TemporaryDirectory() as d:
        old = write(d, "old.ndjson", run("-k", HEALTHY)[1])
        cells = [json.loads(l) for l in lines_of(old)]
        cells[0]["currentState"] = "destroyed"
        cells[0]["lastError"] = None
        removed = cells.pop(2)
        cells.append(dict(cells[0], cellId="new-cell"))
        new = write(d, "new.ndjson", "".join(json.dumps(c, separators=(",", ":")) + "\n" for c in cells))
        rc, out, err = run("diff", old, new)
        assert rc == 1, err
        rows = [json.loads(l) for l in out.splitlines()]
        assert rows[0] == {"change": "changed", "cellId": "test-e2e-a811", "fields": {
            "currentState": {"old": "destroyFailed", "new": "destroyed"},
            "lastError": {"old": "command failed with exit code 1", "new": None}}}
        assert rows[1] == {"change": "removed", "cellId": removed["cellId"], "snapshot": removed}
        assert rows[2]["change"] == "added" and rows[2]["cellId"] == "new-cell"
        assert len(rows) == 3
        rc, out, _ = run("diff", old, new, "--ignore-field", "currentState", "--ignore-field", "lastError")
        assert rc == 1 and len(out.splitlines()) == 2
        rc, table, _ = run("diff", "-o", "table", "--color", "always", old, new)
        assert rc == 1 and "CELL" in table and "\x1b[31mremoved" in table and "currentState" in table


def test_diff_reads_snapshots_json_documents_and_compressed_files_alike():
    with tempfile.TemporaryDirectory() as d:
        ndjson = write(d, "a.ndjson", run("-k", BROKEN)[1])
        document = write(d, "a.json", run("-k", "-o", "json", BROKEN)[1])
        packed = os.path.join(d, "a.ndjson.gz")
        with gzip.open(packed, "wt") as fh:
            fh.write(run("-k", BROKEN)[1])
        for a, b in ((ndjson, document), (document, packed), (packed, ndjson)):
            assert run("diff", a, b) == (0, "", ""), (a, b)


def test_diff_reads_state_files_as_the_cells_their_last_run_left():
    with tempfile.TemporaryDirectory() as d:
        yesterday, today = os.path.join(d, "yesterday.db"), os.path.join(d, "today.db")
        assert run("-k", "--checkpoint", yesterday, HEALTHY)[0] == 0
        assert run("-k", "--checkpoint", today, HEALTHY, BROKEN)[0] == 1
        healthy = write(d, "healthy.ndjson", run("-k", HEALTHY)[1])
        both = write(d, "both.ndjson", run("-k", HEALTHY, BROKEN)[1])
        # A state file holds what that run printed: the same as its snapshots.
        assert run("diff", yesterday, healthy) == (0, "", "")
        assert run("diff", today, both) == (0, "", "")
        rc, out, _ = run("diff", yesterday, today)
        assert rc == 1 and out == run("diff", healthy, both)[1] and out
        assert run("-k", "--expect", today, HEALTHY, BROKEN)[0] == 1  # the replay's own exit code
        assert run("-k", "--expect", yesterday, HEALTHY)[0] == 0
        # Another application's SQLite database is refused, untouched.
        other = os.path.join(d, "other.db")

        with sqlite3.connect(other) as db:
            db.execute("CREATE TABLE t(x)")
        before = open(other, "rb").read()
        rc, _, err = run("diff", other, healthy)
        assert rc == 3 and "other.db" in err, err
        assert open(other, "rb").read() == before


def test_diff_refuses_what_is_no_result():
    with tempfile.TemporaryDirectory() as d:
        good = write(d, "good.ndjson", run("-k", HEALTHY)[1])
        stopped = write(d, "stopped.ndjson", run(BROKEN)[1])
        rc, _, err = run("diff", good, stopped)
        assert rc == 3 and "stopped.ndjson:1: a problem record" in err and "-k" in err, err
        rc, _, err = run("diff", good, HEALTHY)  # a log, not a result
        assert rc == 3 and "healthy-fleet.jsonl:1: not a snapshot" in err, err
        rc, _, err = run("diff", good, os.path.join(d, "missing.ndjson"))
        assert rc == 3 and "cannot open" in err
        assert run("diff", good)[0] == 2


def test_expect_gates_a_replay_on_its_expected_result():
    with tempfile.TemporaryDirectory() as d:
        expected = write(d, "expected.ndjson", run("-k", HEALTHY)[1])
        rc, out, err = run("--expect", expected, HEALTHY)
        assert (rc, err) == (0, "") and out == open(expected).read()
        changed = write(d, "changed.ndjson", open(expected).read().replace('"processedEvents":6', '"processedEvents":7', 1))
        rc, out, err = run("--expect", changed, HEALTHY)
        assert rc == 1 and out == open(expected).read()
        assert err == "cellos-project: expected changed.ndjson: cell test-e2e-a811: processedEvents 7 -> 6\n".replace(
            "changed.ndjson", changed), err
        assert run("--expect", changed, "--ignore-field", "processedEvents", HEALTHY)[0] == 0
        rc, _, err = run("--expect", os.path.join(d, "none.ndjson"), HEALTHY)
        assert rc == 3 and "--expect" in err
