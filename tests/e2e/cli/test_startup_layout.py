# SPDX-License-Identifier: Apache-2.0
"""The executable's start-up functions lie together (cmake/startup_layout.cmake):
the functions app/startup-order.txt lists are still the program's, and they
fill as few 64 KiB windows of code (what one page fault maps) as their size
allows; where the build packs relocations (CELLOS_STARTUP_RELR=1), the loader
finds them packed. Registered only for builds that lay them out (lld found)."""
import functools
import math
import os
import re
import subprocess

import pytest

from paths import BINARY, SOURCE

ORDER_FILE = os.path.join(SOURCE, "app", "startup-order.txt")
WINDOW = 64 * 1024


def listed_functions():
    with open(ORDER_FILE, encoding="utf-8") as fh:
        return [line.strip() for line in fh if line.strip() and not line.startswith("#")]


@functools.lru_cache(maxsize=None)
def code_symbols():
    """Each function symbol of the executable: name -> (address, size)."""
    out = subprocess.run(["nm", "--defined-only", "--print-size", BINARY],
                         capture_output=True, text=True, check=True).stdout
    symbols = {}
    for line in out.splitlines():
        fields = line.split()
        if len(fields) == 4 and fields[2] in "tTwW":
            symbols[fields[3]] = (int(fields[0], 16), int(fields[1], 16))
    return symbols


def test_the_listed_functions_are_still_the_programs():
    listed = listed_functions()
    symbols = code_symbols()
    missing = [name for name in listed if name not in symbols]
    # A few go missing whenever the code changes; many mean the list is stale.
    assert len(missing) <= len(listed) // 10, (
        "%d of the %d start-up functions in app/startup-order.txt are gone from the program, "
        "e.g. %s: rerun tools/startup_order.py" % (len(missing), len(listed), missing[:3]))


def test_the_start_up_functions_fill_few_windows_of_code():
    symbols = code_symbols()
    placed = [symbols[name] for name in listed_functions() if name in symbols]
    windows = set()
    for address, size in placed:
        windows.update(range(address // WINDOW, (address + max(size, 1) - 1) // WINDOW + 1))
    fewest = math.ceil(sum(size for _, size in placed) / WINDOW)
    # Laid out as listed they fill about as many windows as their size needs
    # (the usual link spreads them over ~30).
    assert len(windows) <= fewest + 2, (
        "the %d start-up functions (%d bytes) lie in %d windows of 64 KiB; together they would "
        "fill %d" % (len(placed), sum(size for _, size in placed), len(windows), fewest))


@pytest.mark.skipif(os.environ.get("CELLOS_STARTUP_RELR") != "1",
                    reason="this build's linker does not pack relocations")
def test_the_relocations_are_packed():
    dynamic = subprocess.run(["readelf", "--dynamic", "--wide", BINARY],
                             capture_output=True, text=True, check=True).stdout
    assert re.search(r"\(RELR\)", dynamic), "no packed relocations (DT_RELR):\n" + dynamic
    # Unpacked, the ~3,700 pointers the loader fixes up at each start take
    # 24 bytes each; packed, only relocations that name a symbol stay there.
    unpacked = re.search(r"\(RELASZ\)\s+(\d+) \(bytes\)", dynamic)
    assert unpacked is None or int(unpacked.group(1)) < 24 * 400, dynamic
