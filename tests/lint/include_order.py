#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Includes go one way, along the pipeline:

    base → json → event → reducer → input → replay → report → kafka → app

A file of a stage (lib/include/cellos/STAGE/, lib/src/STAGE/, tests/unit/STAGE/;
app/ is the last stage) may include headers of its own stage and of earlier
ones, never of a later one; a public header (lib/include) includes no private
one (lib/src). Prints each violation, then 'N passed, N failed'.

usage: include_order.py SOURCE_DIR
"""
import os
import re
import sys

STAGES = ["base", "json", "event", "reducer", "input", "replay", "report", "kafka", "app"]
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def stage_of_file(relative):
    parts = relative.split(os.sep)
    if parts[0] == "app":
        return "app"
    if parts[:3] == ["lib", "include", "cellos"] and len(parts) > 4:
        return parts[3]
    if parts[:2] == ["lib", "src"] and len(parts) > 3:
        return parts[2]
    if parts[:2] == ["tests", "unit"] and len(parts) > 3:
        return parts[2]
    return None


def stage_of_include(path):
    parts = path.split("/")
    if parts[0] == "cellos" and len(parts) > 2:
        return parts[1], True
    if parts[0] in STAGES and len(parts) > 1:
        return parts[0], False
    return None, None


def main():
    root = os.path.abspath(sys.argv[1])
    checked = 0
    problems = []
    for top in ("lib", "app", os.path.join("tests", "unit")):
        for directory, _, names in os.walk(os.path.join(root, top)):
            for name in sorted(names):
                if not name.endswith((".hpp", ".cpp", ".inc")):
                    continue
                path = os.path.join(directory, name)
                relative = os.path.relpath(path, root)
                stage = stage_of_file(relative)
                if stage is None:
                    if top != os.path.join("tests", "unit"):
                        problems.append("%s: lies in no stage folder" % relative)
                    continue
                if stage not in STAGES:
                    problems.append("%s: '%s' is not a stage (%s)" % (relative, stage, ", ".join(STAGES)))
                    continue
                checked += 1
                with open(path, encoding="utf-8") as fh:
                    text = fh.read()
                for included in INCLUDE.findall(text):
                    target, public = stage_of_include(included)
                    if target is None:
                        continue
                    if relative.startswith(os.path.join("lib", "include")) and not public:
                        problems.append("%s: a public header includes the private %s" % (relative, included))
                    if STAGES.index(target) > STAGES.index(stage):
                        problems.append("%s (%s) includes %s (%s), a later stage" % (relative, stage, included, target))
    for problem in problems:
        print("FAIL " + problem)
    print("%d passed, %d failed" % (checked - len({p.split(":")[0].split(" ")[0] for p in problems}), len(problems)))
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
