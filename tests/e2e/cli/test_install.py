#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Installation: the man page matches --help, `cmake --install` lays out the
binary, man page and docs, and `cpack -G DEB` packages them.

"""
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from paths import BINARY, BUILD  # noqa: E402



def test_man_page_documents_every_option_of_help():
    help_text = subprocess.run([BINARY, "--help"], capture_output=True, text=True, check=True).stdout
    man = subprocess.run([BINARY, "--generate-man"], capture_output=True, text=True, check=True).stdout

    def options_in(text):
        return set(re.findall(r"(?<![\w-])(--[a-z][a-z-]+)", text))

    def man_options_in(text):
        return set(o.replace("\\-", "-") for o in re.findall(r"\\-\\-[a-z]+(?:\\-[a-z]+)*", text))

    # The man page: the main options, then a section per subcommand, then notes.
    sections = re.split(r"^\.SH ", man, flags=re.M)
    main_man = next(s for s in sections if s.startswith("OPTIONS"))
    help_options = options_in(help_text.split("Inputs:")[0])
    assert help_options, help_text
    assert help_options == man_options_in(main_man), (help_options ^ man_options_in(main_man))
    for command, marker in (("publish", "--binary-mode"), ("diff", "--ignore-field")):
        command_help = subprocess.run([BINARY, command, "--help"], capture_output=True, text=True,
                                      check=True).stdout
        command_man = next(s for s in sections if s.startswith(command + " COMMAND"))
        command_options = options_in(command_help.split("Examples:")[0])
        assert marker in command_options, command_help
        assert command_options == man_options_in(command_man), (command, command_options ^ man_options_in(command_man))
    assert man.startswith(".TH CELLOS\\-PROJECT 1")
    assert "--generate-man" not in help_text  # an internal flag


def test_cmake_install_lays_out_binary_man_page_and_docs():
    with tempfile.TemporaryDirectory() as prefix:
        subprocess.run(["cmake", "--install", BUILD, "--prefix", prefix], check=True, capture_output=True)
        for path in ("bin/cellos-project", "share/man/man1/cellos-project.1.gz",
                     "share/bash-completion/completions/cellos-project",
                     "share/zsh/vendor-completions/_cellos-project",
                     "share/fish/vendor_completions.d/cellos-project.fish",
                     "share/doc/cellos-project/copyright", "share/doc/libcellos-dev/changelog.gz",
                     "share/doc/cellos-project/README.md", "share/doc/cellos-project/output-and-exit-codes.md",
                     "share/doc/cellos-project/examples/healthy-fleet.jsonl"):
            assert os.path.exists(os.path.join(prefix, path)), path
        rc = subprocess.run([os.path.join(prefix, "bin/cellos-project"), "--version"], capture_output=True).returncode
        assert rc == 0
        # --kafka is handed to the helper in libexec: it tries the broker
        # (nothing listens there) instead of saying Kafka is not installed.
        assert os.access(os.path.join(prefix, "libexec/cellos-project/cellos-project-kafka"), os.X_OK)
        p = subprocess.run([os.path.join(prefix, "bin/cellos-project"), "--kafka", "127.0.0.1:9",
                            "--topic", "t", "--kafka-timeout", "1"], capture_output=True, text=True, timeout=60)
        assert p.returncode == 3, (p.returncode, p.stderr)
        assert "not installed" not in p.stderr and "127.0.0.1:9" in p.stderr, p.stderr


def test_cpack_builds_a_debian_package():
    with tempfile.TemporaryDirectory() as out:
        subprocess.run(["cpack", "-G", "DEB", "-B", out], cwd=BUILD, check=True, capture_output=True)
        debs = sorted(f for f in os.listdir(out) if f.endswith(".deb"))
        assert len(debs) == 2, os.listdir(out)
        assert debs[0].startswith("cellos-project_") and debs[1].startswith("libcellos-dev_"), debs
        deb = os.path.join(out, debs[0])
        listing = subprocess.run(["dpkg-deb", "-c", deb], capture_output=True, text=True, check=True).stdout
        assert "./usr/bin/cellos-project" in listing
        assert "./usr/libexec/cellos-project/cellos-project-kafka" in listing, listing
        assert "./usr/share/man/man1/cellos-project.1.gz" in listing
        info = subprocess.run(["dpkg-deb", "-f", deb, "Package", "Depends"], capture_output=True, text=True, check=True).stdout
        assert "cellos-project" in info and "libzstd" in info and "librdkafka" in info, info
        assert "/usr/include" not in listing  # the library is the other package's
        dev = os.path.join(out, debs[1])
        listing = subprocess.run(["dpkg-deb", "-c", dev], capture_output=True, text=True, check=True).stdout
        for path in ("./usr/include/cellos/reducer/cell_state_projection.hpp",
                     "./usr/include/cellos/replay/replayer.hpp", "/libcellos-reducer.a",
                     "/cmake/cellos/cellosConfig.cmake", "/pkgconfig/cellos-reducer.pc"):
            assert path in listing, (path, listing)
        assert "/bin/" not in listing

