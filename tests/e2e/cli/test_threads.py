#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""The tool's threads, for a ThreadSanitizer build: plain, gzip and zstd logs
replayed at -j1..-j4, with and without -k, in every output format. Every run
must print what -j1 prints, and TSan must report nothing (it makes the tool
exit 66 and writes "WARNING: ThreadSanitizer" on stderr).

"""
import gzip
import os
import random
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from paths import BINARY  # noqa: E402


TYPES = ["lifecycle.v1.started", "identity.v1.materialized", "command.v1.completed",
         "export.v2.completed", "identity.v1.revoked", "lifecycle.v1.destroyed"]


def fleet_log(cells, seed):
    """A log of interleaved cells, with duplicates, rejections and malformed lines,
    large enough to fill many batches."""
    rnd = random.Random(seed)
    lines = []
    progress = {}
    for n in range(cells * len(TYPES)):
        cell = "cell-%d" % rnd.randrange(cells)
        step = progress.get(cell, 0)
        if rnd.random() < 0.02:
            step = rnd.randrange(len(TYPES))  # out of order: rejected
        progress[cell] = step + 1
        ty = TYPES[step % len(TYPES)]
        data = '{"cellId":"%s","specId":"spec","exitCode":0,"targetKind":"s3","targetName":"b",' \
               '"destination":"s3://b/k","bytesWritten":%d}' % (cell, n)
        lines.append('{"specversion":"1.0","id":"%d","source":"s","type":"dev.cellos.events.cell.%s",'
                     '"data":%s}' % (n if rnd.random() > 0.01 else 0, ty, data))
        if rnd.random() < 0.005:
            lines.append('{"specversion":"1.0", broken')
    return ("\n".join(lines) + "\n").encode()


def run(args):
    p = subprocess.run([BINARY] + args, capture_output=True, timeout=600)
    assert p.returncode != 66 and b"ThreadSanitizer" not in p.stderr, p.stderr.decode()[-4000:]
    return p.returncode, p.stdout, p.stderr


def test_every_jobs_value_prints_what_one_thread_prints():
    data = fleet_log(cells=3000, seed=7)
    with tempfile.TemporaryDirectory() as d:
        plain = os.path.join(d, "fleet.jsonl")
        with open(plain, "wb") as fh:
            fh.write(data)
        packed = os.path.join(d, "fleet.jsonl.gz")
        with open(packed, "wb") as fh:
            fh.write(gzip.compress(data))
        zst = os.path.join(d, "fleet.jsonl.zst")
        subprocess.run(["zstd", "-q", plain, "-o", zst], check=True)
        for mode in ([], ["-k"], ["-k", "-o", "json"], ["-k", "-o", "table"], ["--trace", "-k"]):
            for path in (plain, packed, zst):
                expected = run(["-j1"] + mode + [path])
                for jobs in ("-j2", "-j3", "-j4"):
                    got = run([jobs] + mode + [path])
                    if "json" in mode:  # stats.seconds and the like differ; cells and errors do not
                        got = (got[0], got[1].split(b'"stats"')[0], got[2])
                        want = (expected[0], expected[1].split(b'"stats"')[0], expected[2])
                    else:
                        want = expected
                    assert got == want, (mode, path, jobs)


def test_several_inputs_and_standard_input_across_threads():
    data = fleet_log(cells=500, seed=11)
    with tempfile.TemporaryDirectory() as d:
        paths = []
        for i in range(3):
            paths.append(os.path.join(d, "part%d.jsonl" % i))
            with open(paths[-1], "wb") as fh:
                fh.write(data[i * len(data) // 3:(i + 1) * len(data) // 3])
        expected = run(["-j1", "-k"] + paths)
        for jobs in ("-j2", "-j4"):
            assert run([jobs, "-k"] + paths) == expected
        p = subprocess.run([BINARY, "-j3", "-k", "-"], input=data, capture_output=True, timeout=600)
        assert p.returncode != 66 and b"ThreadSanitizer" not in p.stderr



def test_final_checkpoint_written_beside_the_printers():
    # The last checkpoint is saved on a thread of its own while the printers
    # render the same cells: every -j prints what -j1 prints, and stores the
    # same state (diff of two state files: exit 0).
    data = fleet_log(cells=2000, seed=13)
    with tempfile.TemporaryDirectory() as d:
        log = os.path.join(d, "fleet.jsonl")
        with open(log, "wb") as fh:
            fh.write(data)
        states = {}
        outputs = {}
        for jobs in ("-j1", "-j2", "-j4"):
            for mode in (["-k"], ["-k", "-o", "table"]):
                state = os.path.join(d, "state%s%d.db" % (jobs, len(mode)))
                outputs[(jobs, len(mode))] = run([jobs, "--checkpoint", state] + mode + [log])
                states[(jobs, len(mode))] = state
        for (jobs, modes), got in outputs.items():
            assert got == outputs[("-j1", modes)], (jobs, modes)
        first = states[("-j1", 1)]
        for state in states.values():
            rc, out, err = run(["diff", first, state])
            assert rc == 0, (state, out, err)


def test_a_resumed_replay_loads_restored_cells_from_any_thread():
    # A resumed run decodes a chunk of restored cells when an event first
    # reaches one of them, on whichever thread reduces at the time.
    data = fleet_log(cells=6000, seed=17)
    cut = data.rfind(b"\n", 0, len(data) * 3 // 4) + 1
    with tempfile.TemporaryDirectory() as d:
        log = os.path.join(d, "fleet.jsonl")
        with open(log, "wb") as fh:
            fh.write(data[:cut])
        base = os.path.join(d, "base.db")
        run(["-k", "--checkpoint", base, log])
        with open(log, "wb") as fh:
            fh.write(data)
        results = {}
        for jobs in ("-j1", "-j2", "-j4"):
            for mode in (["-k"], ["-k", "--changed"]):
                state = os.path.join(d, "state%s%d.db" % (jobs, len(mode)))
                with open(base, "rb") as src, open(state, "wb") as dst:
                    dst.write(src.read())
                results[(jobs, len(mode))] = run([jobs, "--checkpoint", state] + mode + [log])
        for (jobs, modes), got in results.items():
            assert got == results[("-j1", modes)], (jobs, modes)
        assert results[("-j1", 1)][1] == run(["-j1", "-k", log])[1]


def test_a_full_print_of_a_resumed_state_decodes_its_chunks_side_by_side():
    # 20,000 cells are five chunks of stored states; the new event reaches
    # none of them, so printing every snapshot decodes all five, each on a
    # thread of its own while the next are read.
    rnd = random.Random(23)
    lines = []
    for c in range(20000):
        for step, ty in enumerate(TYPES[:rnd.randrange(1, len(TYPES) + 1)]):
            lines.append('{"specversion":"1.0","id":"%d-%d","source":"s",'
                         '"type":"dev.cellos.events.cell.%s","data":{"cellId":"cell-%d",'
                         '"specId":"spec-%d","exitCode":%d,"targetKind":"s3","targetName":"b",'
                         '"destination":"s3://b/%d","bytesWritten":%d}}'
                         % (c, step, ty, c, c % 9, c % 3, c, c))
    data = ("\n".join(lines) + "\n").encode()
    more = b'{"specversion":"1.0","id":"new","source":"s",' \
           b'"type":"dev.cellos.events.cell.lifecycle.v1.started",' \
           b'"data":{"cellId":"cell-new","specId":"spec-new"}}\n'
    with tempfile.TemporaryDirectory() as d:
        log = os.path.join(d, "fleet.jsonl")
        with open(log, "wb") as fh:
            fh.write(data)
        base = os.path.join(d, "base.db")
        assert run(["-k", "--checkpoint", base, log])[0] == 0
        with open(log, "ab") as fh:
            fh.write(more)
        whole = run(["-j1", "-k", log])
        for jobs in ("-j1", "-j2", "-j4"):
            state = os.path.join(d, "state%s.db" % jobs)
            with open(base, "rb") as src, open(state, "wb") as dst:
                dst.write(src.read())
            got = run([jobs, "-k", "--checkpoint", state, log])
            assert got[:2] == whole[:2], jobs
