#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Lists the functions cellos-project runs when it starts, for lld to lay out
together (app/startup-order.txt; cmake/startup_layout.cmake says why).

Runs the built executable under valgrind's callgrind on the start-ups that
matter most — a small log replayed in each output format, a rejected event,
a compressed log, --version — and writes the executable's own functions
(its static libstdc++ included) by their symbol names, those of the first
run first. Rerun it after changing what a start runs; the startup_layout
test says when the list no longer matches the program.

Needs valgrind (Debian's valgrind package); a developer's tool, not part of
the build.

usage: tools/startup_order.py [BUILD_DIR] [--output FILE]"""
import argparse
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# The command lines whose start-up is laid out, relative to the source tree.
RUNS = [
    ["examples/healthy-fleet.jsonl"],
    ["examples/broken-lifecycle.jsonl"],
    ["--output", "json", "examples/healthy-fleet.jsonl"],
    ["--output", "table", "examples/healthy-fleet.jsonl"],
    ["--output", "summary", "examples/healthy-fleet.jsonl"],
    ["examples/healthy-fleet.jsonl.gz"],
    ["--version"],
]

HEADER = """\
# The functions cellos-project runs at start-up, laid out together by lld
# (cmake/startup_layout.cmake). Made by tools/startup_order.py; rerun it
# after changing what a start runs.
"""


def functions_run(binary, args):
    """The executable's own functions that one run of it calls, in the order
    callgrind lists them."""
    with tempfile.TemporaryDirectory() as tmp:
        profile = os.path.join(tmp, "callgrind.out")
        subprocess.run(["valgrind", "--tool=callgrind", "--demangle=no", "--compress-strings=no",
                        "--callgrind-out-file=" + profile, binary] + args,
                       cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        if not os.path.exists(profile):
            sys.exit("callgrind wrote no profile for %s (is valgrind installed?)" % " ".join(args))
        names = []
        in_binary = False
        with open(profile, encoding="utf-8", errors="replace") as fh:
            for line in fh:
                if line.startswith("ob="):
                    in_binary = os.path.realpath(line[3:].strip()) == os.path.realpath(binary)
                elif line.startswith("fn=") and in_binary:
                    # A recursive function's deeper calls are named NAME'2, NAME'3...
                    names.append(re.sub(r"'\d+$", "", line[3:].strip()))
        return names


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("build_dir", nargs="?", default=os.path.join(ROOT, "build"))
    ap.add_argument("--output", default=os.path.join(ROOT, "app", "startup-order.txt"))
    args = ap.parse_args()
    binary = os.path.join(os.path.abspath(args.build_dir), "app", "cellos-project")
    if not os.access(binary, os.X_OK):
        sys.exit("no executable at %s: build it first" % binary)
    ordered = []
    seen = set()
    for run in RUNS:
        for name in functions_run(binary, run):
            if name not in seen:
                seen.add(name)
                ordered.append(name)
    with open(args.output, "w", encoding="utf-8") as fh:
        fh.write(HEADER)
        fh.writelines(name + "\n" for name in ordered)
    print("%d functions written to %s" % (len(ordered), args.output))
    return 0


if __name__ == "__main__":
    sys.exit(main())
