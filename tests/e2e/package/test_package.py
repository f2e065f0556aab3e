#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""libcellos as its users get it: installed into a prefix, then built against
from outside the tree, as fmt's and CLI11's find-package tests do.

- examples/embed, with find_package(cellos COMPONENTS reducer) and with
  pkg-config, checks the example logs as the tool does;
- every header under include/cellos/reducer/ compiles and links with
  cellos::reducer alone;
- a program on cellos::replay replays a gzip file into the NDJSON printer;
- asking for a version of another minor, or a component that does not exist,
  fails.
"""
import glob
import os
import shutil
import subprocess
import sys
import tempfile

import pytest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from paths import BINARY, BUILD, EXAMPLES, SOURCE  # noqa: E402

PREFIX = None  # set by the installed fixture, which every test uses


@pytest.fixture(scope="module", autouse=True)
def installed():
    """libcellos installed into a prefix of its own, removed afterwards."""
    global PREFIX
    PREFIX = tempfile.mkdtemp(prefix="cellos-prefix-")
    sh(["cmake", "--install", BUILD, "--prefix", PREFIX])
    yield PREFIX
    shutil.rmtree(PREFIX, ignore_errors=True)


def sh(args, **kwargs):
    p = subprocess.run(args, capture_output=True, text=True, **kwargs)
    assert p.returncode == 0, (args, p.stdout[-3000:], p.stderr[-3000:])
    return p.stdout


# A sanitizer build installs instrumented libraries: their users link the runtime too.
SANITIZER_FLAGS = os.environ.get("CELLOS_SANITIZER_FLAGS", "")


def configure_and_build(project_dir, build_dir, *extra):
    sh(["cmake", "-S", project_dir, "-B", build_dir, "-DCMAKE_PREFIX_PATH=" + PREFIX,
        "-DCMAKE_BUILD_TYPE=Release", "-DCMAKE_CXX_FLAGS=" + SANITIZER_FLAGS,
        "-DCMAKE_EXE_LINKER_FLAGS=" + SANITIZER_FLAGS, *extra])
    sh(["cmake", "--build", build_dir, "-j2"])


def expected_cells(log):
    return subprocess.run([BINARY, "-k", log], capture_output=True, text=True).stdout


def check_example(executable):
    for name in ("healthy-fleet.jsonl", "broken-lifecycle.jsonl"):
        log = os.path.join(EXAMPLES, name)
        with open(log) as fh:
            p = subprocess.run([executable], stdin=fh, capture_output=True, text=True)
        assert p.stdout == expected_cells(log), (name, p.stdout, p.stderr)
        assert p.returncode == (0 if name.startswith("healthy") else 1), (name, p.returncode)
    assert "lint-03be: ended destroyFailed" in p.stderr, p.stderr


def test_installs_headers_libraries_and_package_files():
    libdir = os.path.dirname(glob.glob(os.path.join(PREFIX, "lib*", "**", "libcellos-reducer.*"), recursive=True)[0])
    for name in ("libcellos-replay", "libcellos-kafka"):
        assert glob.glob(os.path.join(libdir, name + ".*")), name
    for path in ("cmake/cellos/cellosConfig.cmake", "cmake/cellos/cellosConfigVersion.cmake",
                 "pkgconfig/cellos-reducer.pc", "pkgconfig/cellos-replay.pc", "pkgconfig/cellos-kafka.pc"):
        assert os.path.exists(os.path.join(libdir, path)), path
    headers = os.path.join(PREFIX, "include", "cellos")
    assert sorted(os.listdir(headers)) == ["base", "event", "input", "json", "kafka", "reducer", "replay", "report"]
    # Nothing private is installed.
    installed = [os.path.relpath(p, headers) for p in glob.glob(os.path.join(headers, "**", "*.hpp"), recursive=True)]
    private = [os.path.relpath(p, os.path.join(SOURCE, "lib", "src")) for p in
               glob.glob(os.path.join(SOURCE, "lib", "src", "**", "*.hpp"), recursive=True)]
    assert not set(installed) & set(private)


def test_the_example_builds_with_find_package():
    with tempfile.TemporaryDirectory() as build:
        configure_and_build(os.path.join(EXAMPLES, "embed"), build)
        check_example(os.path.join(build, "check_events"))


def test_the_example_builds_with_pkg_config():
    libdir = os.path.dirname(glob.glob(os.path.join(PREFIX, "lib*", "**", "pkgconfig"), recursive=True)[0] + "/")
    env = dict(os.environ, PKG_CONFIG_PATH=libdir, CXXFLAGS=("-O2 " + SANITIZER_FLAGS).strip())
    flags = sh(["pkg-config", "--cflags", "--libs", "cellos-reducer"], env=env).split()
    assert "-lcellos-reducer" in flags and "-lcellos-replay" not in flags, flags
    with tempfile.TemporaryDirectory() as work:
        shutil.copy(os.path.join(EXAMPLES, "embed", "check_events.cpp"), work)
        shutil.copy(os.path.join(EXAMPLES, "embed", "Makefile"), work)
        sh(["make", "-C", work], env=env)
        check_example(os.path.join(work, "check_events"))
    replay = sh(["pkg-config", "--libs", "cellos-replay"], env=env).split()
    # zlib, zstd and SQLite are loaded when used (dlopen), not linked.
    assert "-lcellos-replay" in replay and "-lcellos-reducer" in replay and "-ldl" in replay, replay
    assert "-lzstd" not in replay and "-lsqlite3" not in replay, replay


def test_every_reducer_header_links_with_the_reducer_alone_and_replay_works():
    headers = sorted(glob.glob(os.path.join(PREFIX, "include", "cellos", "reducer", "**", "*.hpp"), recursive=True))
    assert len(headers) >= 5, headers
    with tempfile.TemporaryDirectory() as work:
        with open(os.path.join(work, "all_reducer_headers.cpp"), "w") as fh:
            for h in headers:
                fh.write('#include "%s"\n' % os.path.relpath(h, os.path.join(PREFIX, "include")))
            fh.write('int main() { cellos::CellStateProjection cell; '
                     'return cellos::snapshot_json(cell).empty() ? 1 : 0; }\n')
        with open(os.path.join(work, "replay_file.cpp"), "w") as fh:
            fh.write('''#include <cellos/replay/replayer.hpp>
#include <cellos/report/ndjson_printer.hpp>
#include <cellos/report/output.hpp>
#include <unistd.h>
int main(int argc, char** argv) {
  cellos::report::Output out(STDOUT_FILENO);
  cellos::report::NdjsonPrinter printer(out, /*keep_going=*/true);
  cellos::replay::Replayer replayer({.keep_going = true}, printer);
  for (int i = 1; i < argc; ++i) replayer.replay_path(argv[i]);
  replayer.finish();
  out.flush();
  return static_cast<int>(replayer.exit_code());
}
''')
        with open(os.path.join(work, "CMakeLists.txt"), "w") as fh:
            fh.write('''cmake_minimum_required(VERSION 3.20)
project(consumer LANGUAGES CXX)
find_package(cellos 0.3 REQUIRED COMPONENTS reducer)
add_executable(all_reducer_headers all_reducer_headers.cpp)
target_link_libraries(all_reducer_headers PRIVATE cellos::reducer)
find_package(cellos 0.3 REQUIRED COMPONENTS replay)
add_executable(replay_file replay_file.cpp)
target_link_libraries(replay_file PRIVATE cellos::replay)
''')
        configure_and_build(work, os.path.join(work, "build"))
        sh([os.path.join(work, "build", "all_reducer_headers")])
        gz = os.path.join(EXAMPLES, "healthy-fleet.jsonl.gz")
        assert sh([os.path.join(work, "build", "replay_file"), gz]) == expected_cells(gz)


def test_a_wrong_version_or_component_is_refused():
    for request in ("find_package(cellos 0.1 REQUIRED)", "find_package(cellos 1.0 REQUIRED)",
                    "find_package(cellos REQUIRED COMPONENTS nonesuch)"):
        with tempfile.TemporaryDirectory() as work:
            with open(os.path.join(work, "CMakeLists.txt"), "w") as fh:
                fh.write("cmake_minimum_required(VERSION 3.20)\nproject(p LANGUAGES CXX)\n%s\n" % request)
            p = subprocess.run(["cmake", "-S", work, "-B", os.path.join(work, "b"),
                                "-DCMAKE_PREFIX_PATH=" + PREFIX], capture_output=True, text=True)
            assert p.returncode != 0, request

