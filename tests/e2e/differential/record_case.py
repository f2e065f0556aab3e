#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Record a regression case from the reference oracle, in the conformance format.

usage: record_case.py ORACLE LOG.jsonl OUT_DIR [NAME]

Copies LOG to OUT_DIR/NAME.jsonl and writes NAME.stop.out/.stop.rc (default mode)
and NAME.keep.json/.keep.rc (`-k -o json`) as the oracle prints them, so that
tests/e2e/conformance/check.py can hold cellos-project to them.
"""
import os
import shutil
import subprocess
import sys


def main():
    oracle, log, out_dir = (os.path.abspath(a) for a in sys.argv[1:4])
    name = sys.argv[4] if len(sys.argv) > 4 else os.path.basename(log)[: -len(".jsonl")]
    os.makedirs(out_dir, exist_ok=True)
    case = os.path.join(out_dir, name + ".jsonl")
    if os.path.abspath(log) != case:
        shutil.copyfile(log, case)
    for mode, args, ext in (("stop", [], "out"), ("keep", ["-k", "-o", "json"], "json")):
        p = subprocess.run([oracle] + args + [name + ".jsonl"], cwd=out_dir, capture_output=True)
        with open(os.path.join(out_dir, "%s.%s.%s" % (name, mode, ext)), "wb") as fh:
            fh.write(p.stdout)
        with open(os.path.join(out_dir, "%s.%s.rc" % (name, mode)), "w") as fh:
            fh.write("%d\n" % p.returncode)


if __name__ == "__main__":
    main()
