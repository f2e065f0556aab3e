# SPDX-License-Identifier: Apache-2.0
"""--checkpoint FILE: state that survives runs. The invariant: a run over the
lines 1..k of a log, then a run over the grown log with the same state file,
prints exactly what one run over the whole log prints."""
import concurrent.futures
import glob
import gzip
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

import pytest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from paths import BINARY, EXAMPLES, SOURCE  # noqa: E402

HEALTHY = os.path.join(EXAMPLES, "healthy-fleet.jsonl")
CASES = sorted(glob.glob(os.path.join(SOURCE, "tests", "e2e", "conformance", "cases", "*.jsonl")))


def run(*args, cwd=None, env=None):
    p = subprocess.run([BINARY] + list(args), capture_output=True, timeout=120, cwd=cwd, env=env)
    return p.returncode, p.stdout, p.stderr.decode("utf-8", "replace")


def lines_of(path):
    with open(path, "rb") as fh:
        return fh.read().splitlines(keepends=True)


def write(path, chunks):
    with open(path, "wb") as fh:
        fh.write(b"".join(chunks))


def split_points(n, every):
    """Where a case is split: after every line, or the first, second, middle,
    last but one and last line."""
    if every:
        return range(n + 1)
    return sorted({0, min(1, n), n // 2, max(n - 1, 0), n})


def stats_of(stderr):
    """--stats' object: the last line of stderr."""
    if isinstance(stderr, bytes):
        stderr = stderr.decode("utf-8", "replace")
    return json.loads(stderr.strip().splitlines()[-1])


def cells_of(document):
    return json.loads(document)["cells"]


def check_case_at_split_points(case, jobs, every, workdir, env):
    """Replays one case whole, then split at its split points in the three
    modes; returns how many splits it compared."""
    log, state = os.path.join(workdir, "log.jsonl"), os.path.join(workdir, "state.db")
    lines = lines_of(case)
    write(log, lines)
    whole_keep = run(jobs, "-k", log, env=env)
    whole_json = cells_of(run(jobs, "-k", "-o", "json", log, env=env)[1])
    whole_stop = run(jobs, log, env=env)
    compared = 0
    for k in split_points(len(lines), every):
        for mode, args in (("keep", ["-k"]), ("json", ["-k", "-o", "json"]), ("stop", [])):
            if os.path.exists(state):
                os.unlink(state)
            write(log, lines[:k])
            run(jobs, "--checkpoint", state, *args, log, env=env)
            write(log, lines)
            rc, out, _ = run(jobs, "--checkpoint", state, *args, log, env=env)
            label = (os.path.basename(case), jobs, k, mode)
            if mode == "keep":
                assert out == whole_keep[1], label
                assert rc in (0, 1, 4), label
            elif mode == "json":
                assert cells_of(out) == whole_json, label
            else:
                assert (rc, out) == whole_stop[:2], label
            compared += 1
    return compared


@pytest.mark.parametrize("jobs", ["-j1", "-j3"])
def test_resuming_at_every_split_point_equals_one_run(jobs, tmp_path):
    """Every conformance case, split after every line: with -k the snapshots
    and the -o json cells are those of one run; without -k, a run that stopped
    at a problem saved nothing, so the next one stops at the same problem.

    One thread is tried at every split point; -j3, whose batches resume the
    same way, and sanitized builds (ten times slower to start) at five points
    of each case. The cases run side by side, one per core. Under
    AddressSanitizer the leak check at exit (~50 ms a run) is left to this
    file's other tests, which run the same checkpoint code with it on."""
    every = jobs == "-j1" and not os.environ.get("CELLOS_SANITIZED")
    env = dict(os.environ)
    if os.environ.get("CELLOS_SANITIZED"):
        env["ASAN_OPTIONS"] = ":".join(filter(None, [env.get("ASAN_OPTIONS"), "detect_leaks=0"]))
    workdirs = [tmp_path / ("case-%d" % i) for i in range(len(CASES))]
    for workdir in workdirs:
        workdir.mkdir()
    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        counts = pool.map(lambda i: check_case_at_split_points(CASES[i], jobs, every, str(workdirs[i]), env),
                          range(len(CASES)))
        compared = sum(counts)
    assert compared == sum(3 * len(split_points(len(lines_of(case)), every)) for case in CASES)
    assert compared > (9000 if every else 2000)


def test_a_resumed_run_reports_only_its_own_lines(tmp_path):
    lines = lines_of(os.path.join(EXAMPLES, "broken-lifecycle.jsonl"))
    log, state = str(tmp_path / "log.jsonl"), str(tmp_path / "s.db")
    write(log, lines[:12])  # the rejected event is line 12
    rc, _, err = run("-k", "--checkpoint", state, log)
    assert rc == 1 and ":12: rejected" in err
    write(log, lines)
    rc, out, err = run("-k", "--checkpoint", state, "--stats", log)
    assert rc == 0 and "rejected:" not in err, err
    stats = stats_of(err)
    assert stats["lines"] == len(lines) - 12
    with sqlite3.connect(state) as db:
        assert db.execute("SELECT count(*) FROM problems").fetchone()[0] == 1
        assert db.execute("SELECT bytes, lines FROM inputs").fetchall() == [(sum(map(len, lines)), len(lines))]


def test_changed_prints_only_what_this_run_changed(tmp_path):
    lines = lines_of(HEALTHY)
    log, state = str(tmp_path / "log.jsonl"), str(tmp_path / "s.db")
    write(log, lines[:-3])
    run("-k", "--checkpoint", state, log)
    write(log, lines)
    rc, out, _ = run("-k", "--checkpoint", state, "--changed", log)
    touched = {json.loads(l)["data"]["cellId"] for l in lines[-3:]}
    assert {json.loads(l)["cellId"] for l in out.splitlines()} == touched
    rc, out, _ = run("-k", "--checkpoint", state, "--changed", log)
    assert out == b""  # nothing new
    assert run("--changed", log)[0] == 2  # needs --checkpoint


def test_a_rotated_and_compressed_log_is_known_by_its_content(tmp_path):
    lines = lines_of(HEALTHY)
    state = str(tmp_path / "s.db")
    live = str(tmp_path / "events.jsonl")
    write(live, lines[:8])
    run("-k", "--checkpoint", state, live)
    with open(live, "ab") as fh:  # written before the rotation, after the last run
        fh.write(b"".join(lines[8:14]))
    with open(live, "rb") as src, gzip.open(live + ".1.gz", "wb") as dst:  # logrotate + compress
        dst.write(src.read())
    os.unlink(live)
    write(live, lines[14:])
    expected = run("-k", HEALTHY)[1]
    for order in ([live, live + ".1.gz"], [live + ".1.gz", live]):
        copy = str(tmp_path / "copy.db")
        with open(state, "rb") as src, open(copy, "wb") as dst:
            dst.write(src.read())
        rc, out, err = run("-k", "--checkpoint", copy, "--stats", *order)
        assert (rc, out) == (0, expected), (order, err)
        assert stats_of(err)["lines"] == len(lines) - 8
        rc, out, err = run("-k", "--checkpoint", copy, "--changed", *order)
        assert (rc, out) == (0, b""), err  # everything was read already


def test_a_file_that_shrank_or_changed_fails_and_leaves_the_state(tmp_path):
    lines = lines_of(HEALTHY)
    log, state = str(tmp_path / "log.jsonl"), str(tmp_path / "s.db")
    write(log, lines)
    run("-k", "--checkpoint", state, log)
    with open(state, "rb") as fh:
        saved = fh.read()
    # A line near the end of what was read, rewritten (the first 4 KiB unchanged:
    # the same file, by its content).
    write(log, lines[:-2] + [lines[-2].replace(b'"id":"', b'"id":"x')] + lines[-1:])
    rc, out, err = run("-k", "--checkpoint", state, log)
    assert rc == 3 and "has changed" in err and "state file is left as it was" in err, err
    write(log, lines[:10])
    rc, out, err = run("-k", "--checkpoint", state, log)
    assert rc == 3 and "shorter than" in err, err
    with open(state, "rb") as fh:
        assert fh.read() == saved


def test_state_files_that_are_not_ours_are_refused_untouched(tmp_path):
    state = str(tmp_path / "s.db")
    with open(state, "w") as fh:
        fh.write("hello\n")
    rc, _, err = run("--checkpoint", state, HEALTHY)
    assert rc == 3 and "not a cellos-project state file" in err
    assert open(state).read() == "hello\n"
    other = str(tmp_path / "other.db")
    with sqlite3.connect(other) as db:
        db.execute("CREATE TABLE t(x)")
    rc, _, err = run("--checkpoint", other, HEALTHY)
    assert rc == 3 and "another application" in err
    good = str(tmp_path / "good.db")
    run("--checkpoint", good, HEALTHY)
    with sqlite3.connect(good) as db:
        current = db.execute("PRAGMA user_version").fetchone()[0]
        db.execute("PRAGMA user_version=%d" % (current + 1))
    rc, _, err = run("--checkpoint", good, HEALTHY)
    assert rc == 3 and "newer cellos-project" in err
    with sqlite3.connect(good) as db:
        db.execute("PRAGMA user_version=%d" % current)
        db.execute("UPDATE cell_chunks SET checksum = checksum + 1")
    rc, _, err = run("--checkpoint", good, HEALTHY)
    assert rc == 3 and "damaged" in err
    rc, _, err = run("--checkpoint", good, "--max-depth", "20", HEALTHY)
    assert rc == 2 and "--max-depth" in err


def test_a_second_run_on_a_state_file_in_use_fails_at_once(tmp_path):
    log, state = str(tmp_path / "log.jsonl"), str(tmp_path / "s.db")
    write(log, lines_of(HEALTHY))
    follower = subprocess.Popen([BINARY, "--checkpoint", state, "--follow", "--idle-timeout", "3", log],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    time.sleep(0.5)
    started = time.monotonic()
    rc, _, err = run("--checkpoint", state, log)
    assert rc == 3 and "in use by another cellos-project run" in err
    assert time.monotonic() - started < 2
    follower.wait(timeout=30)
    assert follower.returncode == 0
    assert run("--checkpoint", state, "--changed", log)[:2] == (0, b"")


def test_following_checkpoints_every_interval_and_survives_sigkill(tmp_path):
    """A follower checkpoints while it waits for the file to grow: killed
    with SIGKILL (no final save), the next run goes on from its last
    checkpoint and replays only what came after, with the result of one run."""
    lines = lines_of(HEALTHY)
    log, state = str(tmp_path / "log.jsonl"), str(tmp_path / "s.db")
    write(log, lines[:8])
    follower = subprocess.Popen([BINARY, "-k", "--checkpoint", state, "--follow",
                                 "--checkpoint-interval", "0.2", log],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    # The follower holds the state file locked while it runs: what it saved is
    # seen once it is killed. It waits 0.1 s between polls, checkpointing every
    # 0.2 s of them; 1.5 s leaves room for a slow (sanitized) build.
    time.sleep(1.5)
    with open(log, "ab") as fh:  # the log grows: the next checkpoint follows it
        fh.write(b"".join(lines[8:15]))
    time.sleep(1.5)
    follower.send_signal(signal.SIGKILL)
    follower.wait()
    with sqlite3.connect(state) as db:
        assert db.execute("SELECT lines FROM inputs").fetchall() == [(15,)]
    write(log, lines)
    rc, out, err = run("-k", "--checkpoint", state, "--stats", log)
    assert rc == 0, err
    assert stats_of(err)["lines"] == len(lines) - 15  # only what the follower had not read
    assert out == run("-k", log)[1]


def test_checkpoint_interval_is_a_number_of_seconds(tmp_path):
    for bad in ("-1", "nan", "soon"):
        rc, _, err = run("--checkpoint-interval", bad, "--follow", HEALTHY)
        assert rc == 2 and "--checkpoint-interval" in err, (bad, err)


def test_standard_input_is_read_whole_every_time(tmp_path):
    state = str(tmp_path / "s.db")
    data = open(HEALTHY, "rb").read()
    for _ in range(2):
        p = subprocess.run([BINARY, "-k", "--checkpoint", state, "--stats", "-"], input=data,
                           capture_output=True)
        assert stats_of(p.stderr)["lines"] == 22


def test_sigkill_at_random_moments_never_tears_the_state(tmp_path):
    """A log grows in steps; each step is replayed with --checkpoint and killed
    at a random moment (often while it checkpoints). The state is always the
    previous checkpoint or the next, and the next, unkilled run gives what one
    run over the log gives."""
    rng = random.Random(3)
    lines = []
    for i in range(60000):
        cell = "cell-%d" % rng.randrange(8000)
        lines.append(('{"specversion":"1.0","id":"%d","source":"s","type":"dev.cellos.events.cell.lifecycle.v1.%s",'
                      '"data":{"cellId":"%s"}}\n' % (i, rng.choice(["started", "destroyed"]), cell)).encode())
    log, state = str(tmp_path / "log.jsonl"), str(tmp_path / "s.db")
    kills = 0
    step = len(lines) // 40
    positions = {0}
    for end in range(step, len(lines) + 1, step):
        write(log, lines[:end])
        for _ in range(6):
            p = subprocess.Popen([BINARY, "-k", "-j2", "--checkpoint", state, log],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(rng.uniform(0, 0.12))
            p.send_signal(signal.SIGKILL)
            p.wait()
            kills += 1
            if os.path.exists(state) and os.path.getsize(state) > 0:
                # Opening it rolls back a transaction the kill interrupted (SQLite's
                # hot journal): what is left is a checkpoint, or none yet.
                with sqlite3.connect(state) as db:
                    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
                    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
                    if "inputs" not in tables:
                        assert positions == {0}, "a committed checkpoint was lost"
                        continue
                    stored = db.execute("SELECT lines FROM inputs").fetchall()
                    assert stored in ([], [(end - step,)], [(end,)]) or stored[0][0] in positions, stored
        rc, out, err = run("-k", "-j2", "--checkpoint", state, log)
        # The log has rejected events: exit 1 when this run read some of them.
        assert rc in (0, 1) and "malformed" not in err, err
        positions.add(end)
        assert out == run("-k", log)[1], end
    assert kills >= 200
