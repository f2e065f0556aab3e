#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""CI runs what the README tells users to run: the command of .ci/run is the
README's test command (b), character for character. A package added to one
and not the other would let CI pass on a machine that happens to have it
while a user's fresh Debian fails, or the other way round.

usage: ci_command.py SOURCE_DIR"""
import os
import sys


def command_after(text, marker):
    """The first line starting with apt-get after `marker`."""
    start = text.index(marker)
    return next(line for line in text[start:].splitlines() if line.startswith("apt-get"))


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else "."
    with open(os.path.join(root, "README.md"), encoding="utf-8") as fh:
        readme = command_after(fh.read(), "**(b)")
    with open(os.path.join(root, ".ci", "run"), encoding="utf-8") as fh:
        ci = command_after(fh.read(), "set -euo pipefail")
    if readme != ci:
        print(".ci/run does not run the README's test command (b); copy it over:\n"
              "README: %s\n.ci/run: %s" % (readme, ci))
        return 1
    print(".ci/run runs the README's test command (b)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
