#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Every source file names its license in an SPDX line near its top.

usage: spdx.py SOURCE_DIR

Source files: C++ (.cpp .hpp .inc), Python, Rust, CMake files, shell and
Python scripts without an extension (a #! line), Makefiles and XML schemas,
outside build trees and the test data (logs, recorded outputs). Prints each
file that lacks the line; exits 1 if any does.
"""
import os
import sys

TAG = "SPDX-License-Identifier: Apache-2.0"
SUFFIXES = (".cpp", ".hpp", ".inc", ".py", ".rs", ".cmake", ".in", ".xsd")
NAMES = ("CMakeLists.txt", "Makefile")
SKIPPED_DIRS = {".git", "data", "cases", "__pycache__"}


def is_source(path, name):
    if name.endswith(SUFFIXES) or name in NAMES:
        return True
    if "." in name:
        return False
    with open(path, "rb") as fh:
        return fh.read(2) == b"#!"


def main():
    root = os.path.abspath(sys.argv[1])
    missing, checked = [], 0
    for directory, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d not in SKIPPED_DIRS and not d.startswith("build")]
        for name in files:
            path = os.path.join(directory, name)
            if not is_source(path, name):
                continue
            checked += 1
            with open(path, encoding="utf-8", errors="replace") as fh:
                head = "".join(fh.readline() for _ in range(3))
            if TAG not in head:
                missing.append(os.path.relpath(path, root))
    for path in sorted(missing):
        print("%s: no '%s' line among the first three" % (path, TAG))
    print("%d source files checked, %d without an SPDX line" % (checked, len(missing)))
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
