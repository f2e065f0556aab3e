# SPDX-License-Identifier: Apache-2.0
"""The state file's format: format 3 keeps each chunk's states, keys and key
hashes apart, and a resumed run reads every key hash but the keys and states
of only the chunks its events reach (plus all of them when its output reads
every cell). Files of formats 1 and 2 (written by cellos-project 0.3.0 and
by the build before format 3, kept in tests/e2e/data) are read and rewritten
as format 3 by their next checkpoint, and resuming from them gives what one
run gives."""
import json
import lzma
import os
import random
import shutil
import sqlite3
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from paths import BINARY, SOURCE  # noqa: E402

FORMAT_1 = os.path.join(SOURCE, "tests", "e2e", "data", "state-format1.db.xz")
FORMAT_2 = os.path.join(SOURCE, "tests", "e2e", "data", "state-format2.db.xz")
TYPES = ["lifecycle.v1.started", "identity.v1.materialized", "command.v1.completed",
         "lifecycle.v1.destroyed"]


def fleet_log(cells=9000, seed=5):
    """The log the format-1 and format-2 states were made from: 9000 cells (three chunks of
    cells), each with 1 to 3 events. Also an event for one more cell."""
    rnd = random.Random(seed)
    lines = []
    n = 0
    for c in range(cells):
        for t in TYPES[:rnd.randrange(1, 5)]:
            n += 1
            data = {"cellId": "cell-%05d" % c, "specId": "spec-%d" % (c % 7)}
            if t == "command.v1.completed":
                data["exitCode"] = c % 3
            lines.append(json.dumps({"specversion": "1.0", "id": "e%d" % n, "source": "s",
                                     "type": "dev.cellos.events.cell." + t, "data": data},
                                    separators=(",", ":")))
    return ("\n".join(lines) + "\n").encode()


def more_events():
    """New events: a new cell, and the first cell destroyed."""
    new = {"specversion": "1.0", "id": "n1", "source": "s",
           "type": "dev.cellos.events.cell.lifecycle.v1.started",
           "data": {"cellId": "cell-new", "specId": "spec-new"}}
    return (json.dumps(new, separators=(",", ":")) + "\n").encode()


def run(*args):
    p = subprocess.run([BINARY] + list(args), capture_output=True, timeout=120)
    return p.returncode, p.stdout, p.stderr.decode("utf-8", "replace")


def state_with_damaged_first_chunk(tmp_path, table="cell_chunks", column="body"):
    """The fleet log, and a state of it whose first chunk of states (or of
    another table's blobs) no longer matches its checksum."""
    log = tmp_path / "fleet.jsonl"
    log.write_bytes(fleet_log())
    state = tmp_path / "state.db"
    assert run("-k", "--checkpoint", str(state), str(log))[0] == 0
    with sqlite3.connect(state) as db:
        db.execute("UPDATE %s SET %s = zeroblob(length(%s)) WHERE chunk = 0" %
                   (table, column, column))
    return log, state


def event_for_first_cell():
    first = json.dumps({"specversion": "1.0", "id": "late", "source": "s",
                        "type": "dev.cellos.events.cell.lifecycle.v1.destroyed",
                        "data": {"cellId": "cell-00000", "specId": "spec-0"}})
    return (first + "\n").encode()


def stored_cells(state, table):
    with sqlite3.connect(state) as db:
        return db.execute("SELECT sum(cells) FROM %s" % table).fetchone()[0]


def resumes_exactly_and_becomes_format_3(tmp_path, fixture, stored_format):
    log = tmp_path / "fleet.jsonl"
    state = tmp_path / "state.db"
    state.write_bytes(lzma.decompress(open(fixture, "rb").read()))
    assert format_of(state) == stored_format
    log.write_bytes(fleet_log() + more_events())
    rc, out, err = run("-k", "--checkpoint", str(state), str(log))
    assert rc == 0, err
    assert out == run("-k", str(log))[1]
    assert format_of(state) == 3
    for table in ("cell_chunks", "cell_keys", "cell_hashes"):
        assert stored_cells(state, table) == 9001, table
    # And again from format 3: nothing new, nothing changed, the same cells;
    # then an event for a cell of the first chunk, printing what changed.
    rc, out, _ = run("-k", "--checkpoint", str(state), str(log))
    assert rc == 0 and out == run("-k", str(log))[1]
    log.write_bytes(fleet_log() + more_events() + event_for_first_cell())
    rc, out, err = run("-k", "--changed", "--checkpoint", str(state), str(log))
    assert rc == 0, err
    assert [json.loads(line)["cellId"] for line in out.splitlines()] == ["cell-00000"]
    rc, out, _ = run("-k", "--checkpoint", str(state), str(log))
    assert rc == 0 and out == run("-k", str(log))[1]


def format_of(state):
    with sqlite3.connect(state) as db:
        return db.execute("PRAGMA user_version").fetchone()[0]


def test_a_format_1_state_resumes_exactly_and_becomes_format_3(tmp_path):
    resumes_exactly_and_becomes_format_3(tmp_path, FORMAT_1, 1)


def test_a_format_2_state_resumes_exactly_and_becomes_format_3(tmp_path):
    resumes_exactly_and_becomes_format_3(tmp_path, FORMAT_2, 2)


def test_a_resume_decodes_only_the_chunks_it_reaches(tmp_path):
    # The first chunk's states are damaged; a resumed run whose events reach
    # only the last chunk, printing only what it changed, never reads them.
    log, state = state_with_damaged_first_chunk(tmp_path)
    damaged = tmp_path / "damaged.db"
    shutil.copyfile(state, damaged)
    log.write_bytes(fleet_log() + more_events())
    rc, out, err = run("-k", "--changed", "--checkpoint", str(state), str(log))
    assert rc == 0, err
    assert [json.loads(line)["cellId"] for line in out.splitlines()] == ["cell-new"]
    # Every snapshot printed: the damaged chunk is read, the run fails
    # before printing anything and leaves the state as it was.
    rc, out, err = run("-k", "--checkpoint", str(damaged), str(log))
    assert rc == 3 and out == b""
    assert "damaged (cells 0: checksum)" in err, err
    assert stored_cells(damaged, "cell_keys") == 9000


def test_an_event_that_reaches_a_damaged_chunk_stops_the_run(tmp_path):
    log, state = state_with_damaged_first_chunk(tmp_path)
    log.write_bytes(fleet_log() + event_for_first_cell())
    for jobs in ("-j1", "-j2"):
        rc, out, err = run(jobs, "-k", "--changed", "--checkpoint", str(state), str(log))
        assert rc == 3 and out == b"", (jobs, err)
        assert "damaged (cells 0: checksum)" in err, err


def test_keys_are_read_only_for_the_chunks_events_reach(tmp_path):
    # The first chunk's keys are damaged: a resume that does not reach it
    # goes on; one whose event reaches it, or that prints every cell, stops
    # with exit 3 before printing anything, the state as it was.
    log, state = state_with_damaged_first_chunk(tmp_path, "cell_keys", "keys")
    damaged = state.read_bytes()
    log.write_bytes(fleet_log() + more_events())
    rc, out, err = run("-k", "--changed", "--checkpoint", str(state), str(log))
    assert rc == 0, err
    assert [json.loads(line)["cellId"] for line in out.splitlines()] == ["cell-new"]
    for args in (["-j1", "--changed"], ["-j2", "--changed"], []):
        state.write_bytes(damaged)
        log.write_bytes(fleet_log() + event_for_first_cell())
        rc, out, err = run("-k", *args, "--checkpoint", str(state), str(log))
        assert rc == 3 and out == b"", (args, err)
        assert "damaged (cells 0: checksum of its keys)" in err, err
        assert state.read_bytes() == damaged


def checksum64(data):
    """The project's checksum64 (lib/include/cellos/base/checksum.hpp), as
    SQLite stores it (a signed 64-bit integer)."""
    mult, mask = 0x9E3779B97F4A7C15, (1 << 64) - 1
    h = 0x243F6A8885A308D3 ^ ((len(data) * mult) & mask)

    def mix(h, word):
        h = ((h ^ word) * mult) & mask
        return h ^ (h >> 29)
    whole = len(data) - len(data) % 8
    for i in range(0, whole, 8):
        h = mix(h, int.from_bytes(data[i:i + 8], "little"))
    h = mix(h, int.from_bytes(data[whole:], "little"))
    h ^= h >> 32
    h = (h * mult) & mask
    return h - (1 << 64) if h >= 1 << 63 else h


def test_a_full_print_checks_every_stored_state_before_printing(tmp_path):
    # A resumed run that prints every snapshot renders the cells no event
    # reached straight from their stored states. Those are checked first:
    # the first chunk's keys no longer match their checksum, or its first
    # state is not a state (its checksum made to match): exit 3, nothing
    # printed, the state as it was.
    log, keys_damaged = state_with_damaged_first_chunk(tmp_path, "cell_keys", "keys")
    state = tmp_path / "garbled.db"
    log.write_bytes(fleet_log())
    assert run("-k", "--checkpoint", str(state), str(log))[0] == 0
    with sqlite3.connect(state) as db:
        body = bytearray(db.execute("SELECT body FROM cell_chunks WHERE chunk = 0").fetchone()[0])
        first = int.from_bytes(body[:4], "little")
        body[4:4 + first] = b"\xff" * first
        db.execute("UPDATE cell_chunks SET body = ?, checksum = ? WHERE chunk = 0",
                   (bytes(body), checksum64(bytes(body))))
    log.write_bytes(fleet_log() + more_events())
    for damaged, why in ((keys_damaged, "checksum of its keys"), (state, "a cell's state")):
        before = damaged.read_bytes()
        for jobs in ("-j1", "-j2"):
            rc, out, err = run(jobs, "-k", "--checkpoint", str(damaged), str(log))
            assert rc == 3 and out == b"", (jobs, err)
            assert "damaged (cells 0: %s)" % why in err, err
            assert damaged.read_bytes() == before


def test_a_full_print_of_untouched_chunks_is_what_one_run_prints(tmp_path):
    # Chunks no event reaches print from their stored states, the others
    # from their cells; in every output shape that prints all of them alike.
    log = tmp_path / "fleet.jsonl"
    log.write_bytes(fleet_log())
    state = tmp_path / "state.db"
    assert run("-k", "--checkpoint", str(state), str(log))[0] == 0
    saved = state.read_bytes()
    log.write_bytes(fleet_log() + more_events() + event_for_first_cell())
    for args in ([], ["-j1"], ["-j3"], ["-o", "json"], ["--state", "destroyed"],
                 ["--sort", "-events"], ["--stats"]):
        state.write_bytes(saved)
        rc, out, err = run("-k", *args, "--checkpoint", str(state), str(log))
        assert rc == 0, (args, err)
        expected = run("-k", *args, str(log))[1]
        if "json" in args:  # its counts are of what each run read
            out, expected = json.loads(out)["cells"], json.loads(expected)["cells"]
        assert out == expected, args


def test_damaged_key_hashes_stop_a_resume_before_it_reads(tmp_path):
    log, state = state_with_damaged_first_chunk(tmp_path, "cell_hashes", "hashes")
    damaged = state.read_bytes()
    log.write_bytes(fleet_log() + more_events())
    rc, out, err = run("-k", "--changed", "--checkpoint", str(state), str(log))
    assert rc == 3 and out == b"", err
    assert "damaged (cells 0: checksum of its key hashes)" in err, err
    assert state.read_bytes() == damaged


def test_diff_reads_every_cell_of_a_format_3_state(tmp_path):
    log = tmp_path / "fleet.jsonl"
    log.write_bytes(fleet_log())
    state = tmp_path / "state.db"
    assert run("-k", "--checkpoint", str(state), str(log))[0] == 0
    snapshots = tmp_path / "cells.ndjson"
    snapshots.write_bytes(run("-k", str(log))[1])
    rc, out, err = run("diff", str(state), str(snapshots))
    assert rc == 0 and out == b"", err
