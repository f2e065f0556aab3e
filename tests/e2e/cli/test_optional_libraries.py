# SPDX-License-Identifier: Apache-2.0
"""SQLite, zlib, zstd and civetweb are loaded when a run first needs them,
not at start-up: a machine without one still replays plain logs, and a run
that needs the missing one fails at once (exit 3) naming the package to
install, leaving no file behind. The library is made unloadable inside a
private mount namespace (unshare -m, as root) by binding /dev/null over it."""
import os
import shlex
import subprocess
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from paths import BINARY, EXAMPLES  # noqa: E402

LOG = os.path.join(EXAMPLES, "healthy-fleet.jsonl")


def library_path(soname):
    """Where the dynamic loader finds `soname` (the file behind its symlinks)."""
    out = subprocess.run(["/sbin/ldconfig", "-p"], capture_output=True, text=True).stdout
    for line in out.splitlines():
        if line.strip().startswith(soname + " ") and "=>" in line:
            return os.path.realpath(line.split("=>")[1].strip())
    return None


def can_hide_libraries():
    return subprocess.run(["unshare", "-m", "true"], capture_output=True).returncode == 0


pytestmark = pytest.mark.skipif(
    not can_hide_libraries(),
    reason="needs a private mount namespace (unshare -m, as root) to hide a library")


def without(soname, args, cwd):
    """Runs the tool with `soname` unloadable; returns (exit code, stdout, stderr)."""
    path = library_path(soname)
    assert path, soname + " is not installed here"
    script = "mount --bind /dev/null %s && exec %s" % (
        shlex.quote(path), " ".join(shlex.quote(a) for a in [BINARY] + args))
    p = subprocess.run(["unshare", "-m", "sh", "-c", script], capture_output=True, text=True,
                       timeout=60, cwd=cwd)
    return p.returncode, p.stdout, p.stderr


@pytest.mark.parametrize("soname", ["libsqlite3.so.0", "libz.so.1", "libzstd.so.1",
                                    "libcivetweb.so.1"])
def test_a_plain_replay_needs_none_of_them(soname, tmp_path):
    expected = subprocess.run([BINARY, LOG], capture_output=True, text=True).stdout
    rc, out, err = without(soname, [LOG], tmp_path)
    assert (rc, out, err) == (0, expected, "")


def test_state_files_without_sqlite(tmp_path):
    rc, out, err = without("libsqlite3.so.0", ["--checkpoint", "state.db", LOG], tmp_path)
    assert rc == 3 and out == ""
    assert "state files need SQLite" in err and "install libsqlite3-0" in err, err
    assert not (tmp_path / "state.db").exists()


@pytest.mark.parametrize("suffix, soname, package", [(".gz", "libz.so.1", "zlib1g"),
                                                      (".zst", "libzstd.so.1", "libzstd1")])
def test_compressed_input_without_its_library(suffix, soname, package, tmp_path):
    rc, out, err = without(soname, [LOG + suffix], tmp_path)
    assert rc == 3 and out == ""
    assert ("healthy-fleet.jsonl" + suffix) in err and ("install " + package) in err, err
    # The plain log given with it is still replayed, the compressed one reported.
    rc, out, err = without(soname, ["-k", LOG, LOG + suffix], tmp_path)
    assert rc == 3 and out.count("\n") == 4 and ("install " + package) in err


def test_metrics_listen_without_civetweb(tmp_path):
    rc, out, err = without("libcivetweb.so.1",
                           ["--follow", "--idle-timeout", "1", "--metrics-listen", "127.0.0.1:1",
                            LOG], tmp_path)
    assert rc == 3 and out == ""
    assert "--metrics-listen needs civetweb" in err and "install libcivetweb1" in err, err


def needed_libraries(binary):
    out = subprocess.run(["readelf", "-d", binary], capture_output=True, text=True).stdout
    return [line.split("[")[1].rstrip("]") for line in out.splitlines() if "(NEEDED)" in line]


def test_libm_is_not_loaded_at_all():
    # The static C++ runtime's two rounding-mode calls come from the static
    # libm (cmake/runtime.cmake): one library less at every start.
    needed = needed_libraries(BINARY)
    if any(name.startswith("libstdc++") for name in needed):
        pytest.skip("a build with the shared C++ runtime (sanitizers) links libm as usual")
    assert not any(name.startswith("libm.") for name in needed), needed
    rc, out, err = without("libm.so.6", ["--stats", LOG], "/")
    assert rc == 0 and out and '"mbPerSecond":' in err, err
