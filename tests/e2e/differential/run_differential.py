#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Differential test: cellos-project against the reference oracle on random hostile logs.

usage: run_differential.py CELLOS_BINARY ORACLE_BINARY [--seeds N] [--start S] [--keep-dir DIR]
                           [--jobs-arg N]

For each seed, gen_hostile_log.py writes a log; both binaries replay it in the
default mode, with `-k -o json` and with `-k`. Exit codes, snapshot bytes and
problem records must match exactly; reducer messages must match word for word
(messages of malformed lines only up to serde's " at line 1 column N", whose
column counting is serde's own). Logs that mismatch are kept in --keep-dir to
become regression cases. Prints 'N passed, N failed' last.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))


def run(binary, args, cwd):
    p = subprocess.run([binary] + args, cwd=cwd, capture_output=True, timeout=60)
    return p.returncode, p.stdout, p.stderr


def norm_message(m):
    if m.startswith("invalid JSON:"):
        return m.split(" at line ")[0]
    return m


def norm_problem(p):
    p = dict(p)
    p["message"] = norm_message(p.get("message", ""))
    return p


def for_terminal(text):
    """What cellos-project makes of text for a terminal: controls (C0, DEL, C1)
    escaped as Rust's Debug writes them, so that the line stays one line and
    a log cannot drive the terminal. The oracle prints messages raw."""
    out = []
    for c in text:
        code = ord(c)
        if c in "\n\r\t":
            out.append({"\n": "\\n", "\r": "\\r", "\t": "\\t"}[c])
        elif code < 0x20 or 0x7F <= code <= 0x9F:
            out.append("\\u{%x}" % code)
        else:
            out.append(c)
    return "".join(out)


def expected_stderr(doc):
    """The human lines for the oracle's problems."""
    lines = []
    for p in doc["errors"]:
        message = for_terminal(norm_message(p["message"]))
        lines.append("cellos-project: %s:%d: %s: %s" % (for_terminal(p["file"]), p["line"], p["kind"], message))
    return lines


def our_stderr(err):
    lines = []
    for line in err.decode("utf-8", "replace").split("\n"):
        if not line or line.startswith("cellos-project: hint: "):
            continue  # a hint for people, about the line before; the reference has none
        if ": malformed: " in line:
            head, message = line.split(": malformed: ", 1)
            line = head + ": malformed: " + norm_message(message)
        lines.append(line)
    return lines


CELLOS_ARGS = []


def compare(seed, cellos, oracle, workdir):
    log = subprocess.run([sys.executable, os.path.join(HERE, "gen_hostile_log.py"), str(seed)],
                         capture_output=True, check=True).stdout
    name = "case_%d.jsonl" % seed
    with open(os.path.join(workdir, name), "wb") as fh:
        fh.write(log)
    diffs = []
    # Default mode: snapshot bytes, or one error record.
    (rc_a, out_a, _), (rc_b, out_b, _) = run(cellos, CELLOS_ARGS + [name], workdir), run(oracle, [name], workdir)
    if rc_a != rc_b:
        diffs.append("default: exit %d, oracle %d" % (rc_a, rc_b))
    elif out_b.startswith(b'{"error":'):
        a, b = json.loads(out_a)["error"], json.loads(out_b)["error"]
        if norm_problem(a) != norm_problem(b):
            diffs.append("default: problem differs\n    ours   %s\n    oracle %s" % (a, b))
    elif out_a != out_b:
        diffs.append("default: stdout differs\n    ours   %r\n    oracle %r" % (out_a[:400], out_b[:400]))
    # -k -o json: every cell and every problem.
    (rc_a, out_a, _), (rc_b, out_b, _) = (run(cellos, CELLOS_ARGS + ["-k", "-o", "json", name], workdir),
                                          run(oracle, ["-k", "-o", "json", name], workdir))
    oracle_doc = json.loads(out_b)
    if rc_a != rc_b:
        diffs.append("-k -o json: exit %d, oracle %d" % (rc_a, rc_b))
    else:
        a, b = json.loads(out_a), oracle_doc
        if a["cells"] != b["cells"]:
            diffs.append("-k -o json: cells differ")
        ea, eb = [norm_problem(p) for p in a["errors"]], [norm_problem(p) for p in b["errors"]]
        if ea != eb:
            for x, y in zip(ea + [None] * len(eb), eb + [None] * len(ea)):
                if x != y:
                    diffs.append("-k -o json: problem differs\n    ours   %s\n    oracle %s" % (x, y))
                    break
    # -k: snapshot bytes of every cell, and one human line per problem on stderr.
    (rc_a, out_a, err_a), (rc_b, out_b, _) = (run(cellos, CELLOS_ARGS + ["-k", name], workdir),
                                              run(oracle, ["-k", name], workdir))
    if out_a != out_b:
        diffs.append("-k: stdout differs")
    expected = expected_stderr(oracle_doc)
    if our_stderr(err_a) != expected:
        for x, y in zip(our_stderr(err_a) + [""] * 99, expected + [""] * 99):
            if x != y:
                diffs.append("-k: stderr differs\n    ours     %s\n    expected %s" % (x, y))
                break
    return seed, diffs, log


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("cellos")
    ap.add_argument("oracle")
    ap.add_argument("--seeds", type=int, default=1000)
    ap.add_argument("--start", type=int, default=0)
    ap.add_argument("--keep-dir", default=None)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2, help="logs checked at once")
    ap.add_argument("--jobs-arg", default=None, help="pass -jN to cellos-project")
    args = ap.parse_args()
    if args.jobs_arg:
        CELLOS_ARGS.append("-j" + args.jobs_arg)
    cellos, oracle = os.path.abspath(args.cellos), os.path.abspath(args.oracle)
    passed = failed = 0
    with tempfile.TemporaryDirectory() as workdir, ThreadPoolExecutor(args.jobs) as pool:
        seeds = range(args.start, args.start + args.seeds)
        for seed, diffs, log in pool.map(lambda s: compare(s, cellos, oracle, workdir), seeds):
            if not diffs:
                passed += 1
                continue
            failed += 1
            print("FAIL seed %d\n  %s" % (seed, "\n  ".join(diffs)))
            if args.keep_dir:
                os.makedirs(args.keep_dir, exist_ok=True)
                with open(os.path.join(args.keep_dir, "seed_%d.jsonl" % seed), "wb") as fh:
                    fh.write(log)
    print("%d passed, %d failed" % (passed, failed))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
