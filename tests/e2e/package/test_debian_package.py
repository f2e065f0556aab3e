# SPDX-License-Identifier: Apache-2.0
"""The Debian packages as Debian would judge them: a tree configured as a
package build (prefix /usr, debug symbols on) builds, `cpack -G DEB` makes
cellos-project, libcellos-dev and cellos-project-dbgsym, lintian finds no
error and no warning in them, hardening-check finds the hardening
dpkg-buildflags asks for in both executables, and the tool's package asks
for the C library its executables need.

lintian and hardening-check (devscripts) come from README command (b); where
they are missing the test is skipped, saying so (ctest reports it skipped)."""
import os
import shutil
import subprocess
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from paths import SOURCE  # noqa: E402

# Informational tags lintian may report, each for a reason of its own:
EXPLAINED_INFO_TAGS = {
    # Debian's crt objects carry a .comment section; dh_strip removes it,
    # CPack's strip does not. Harmless.
    "binary-has-unneeded-section", "static-library-has-unneeded-sections",
    # examples/ holds healthy-fleet.jsonl and its .gz and .zst copies on
    # purpose: they show the compressed inputs the tool reads.
    "compressed-duplicate",
    # "lifecycle stage is ...": the compiler stores the leading "s" apart
    # from "tage is", which lintian takes for a misspelled word.
    "spelling-error-in-binary",
}


@pytest.fixture(scope="module")
def packages(tmp_path_factory):
    missing = [tool for tool in ("lintian", "hardening-check", "dpkg-deb")
               if shutil.which(tool) is None]
    if missing:
        pytest.skip("skipped: %s not installed (README command (b) installs lintian and devscripts)"
                    % ", ".join(missing))
    tree = tmp_path_factory.mktemp("deb-build")
    subprocess.run(["cmake", "-S", SOURCE, "-B", str(tree), "-DCMAKE_BUILD_TYPE=Release",
                    "-DCMAKE_INSTALL_PREFIX=/usr", "-DCELLOS_BUILD_TESTS=OFF",
                    "-DCELLOS_DEBUG_SYMBOLS=ON"], check=True, capture_output=True)
    subprocess.run(["cmake", "--build", str(tree), "-j%d" % (os.cpu_count() or 2)], check=True,
                   capture_output=True, timeout=1800)
    subprocess.run(["cpack", "-G", "DEB"], cwd=tree, check=True, capture_output=True, timeout=600)
    return {name.split("_")[0]: tree / name for name in os.listdir(tree)
            if name.endswith((".deb", ".ddeb"))}


def test_three_packages_are_built(packages):
    assert set(packages) == {"cellos-project", "libcellos-dev", "cellos-project-dbgsym"}, packages


def test_lintian_finds_no_error_and_no_warning(packages):
    debs = [str(packages[name]) for name in ("cellos-project", "libcellos-dev")]
    p = subprocess.run(["lintian", "--info", "--pedantic"] + debs, capture_output=True, text=True,
                       timeout=600)
    tags = [line for line in p.stdout.splitlines() if line[:2] in ("E:", "W:", "I:", "P:")]
    serious = [t for t in tags if t[:2] in ("E:", "W:")]
    assert not serious, "\n".join(serious)
    unexplained = [t for t in tags if t.split()[2] not in EXPLAINED_INFO_TAGS]
    assert not unexplained, "\n".join(unexplained)


def test_the_tool_package_is_laid_out_as_policy_asks(packages):
    listing = subprocess.run(["dpkg-deb", "-c", str(packages["cellos-project"])], capture_output=True,
                             text=True, check=True).stdout
    for path in ("./usr/bin/cellos-project", "./usr/libexec/cellos-project/cellos-project-kafka",
                 "./usr/share/man/man1/cellos-project.1.gz",
                 "./usr/share/doc/cellos-project/copyright",
                 "./usr/share/doc/cellos-project/changelog.gz",
                 "./usr/share/bash-completion/completions/cellos-project",
                 "./usr/share/zsh/vendor-completions/_cellos-project",
                 "./usr/share/fish/vendor_completions.d/cellos-project.fish"):
        assert path in listing, path
    fields = subprocess.run(["dpkg-deb", "-f", str(packages["cellos-project"]), "Maintainer",
                             "Section", "Priority", "Description"], capture_output=True, text=True,
                            check=True).stdout
    assert "Section: utils" in fields and "Priority: optional" in fields, fields
    assert "localhost" not in fields
    assert len(fields.split("Description:")[1].strip().splitlines()) > 3  # an extended description


def test_executables_are_hardened_and_stripped(packages, tmp_path):
    subprocess.run(["dpkg-deb", "-x", str(packages["cellos-project"]), str(tmp_path)], check=True)
    for binary in ("usr/bin/cellos-project", "usr/libexec/cellos-project/cellos-project-kafka"):
        path = str(tmp_path / binary)
        # Control-flow protection is left out of the check: Debian 12's own crt
        # objects lack the IBT property, so no program linked here has it,
        # whatever its flags (-fcf-protection is on; see cmake/hardening.cmake).
        p = subprocess.run(["hardening-check", "--nocfprotection", path], capture_output=True,
                           text=True)
        assert p.returncode == 0, p.stdout + p.stderr
        for line in ("Position Independent Executable: yes", "Stack protected: yes",
                     "Fortify Source functions: yes", "Read-only relocations: yes",
                     "Immediate binding: yes"):
            assert line in p.stdout, (binary, p.stdout)
        assert "not stripped" not in subprocess.run(["file", path], capture_output=True,
                                                    text=True).stdout
    # The symbols are in the dbgsym package, found by build id.
    listing = subprocess.run(["dpkg-deb", "-c", str(packages["cellos-project-dbgsym"])],
                             capture_output=True, text=True, check=True).stdout
    assert "./usr/lib/debug/.build-id/" in listing, listing


def test_the_changelog_names_this_version():
    with open(os.path.join(SOURCE, "packaging", "debian", "changelog"), encoding="utf-8") as fh:
        top = fh.readline()
    with open(os.path.join(SOURCE, "CMakeLists.txt"), encoding="utf-8") as fh:
        version = next(line.split()[1] for line in fh if line.strip().startswith("VERSION "))
    assert top.startswith("cellos-project (%s) " % version), (top, version)
    with open(os.path.join(SOURCE, "CHANGELOG.md"), encoding="utf-8") as fh:
        assert "## [%s] - " % version in fh.read()


def test_packed_relocations_ask_for_the_loader_that_reads_them(packages, tmp_path):
    # Packed relocations (DT_RELR) need glibc 2.36's loader, which the symbols
    # dpkg-shlibdeps goes by do not ask for: the package must say so itself.
    subprocess.run(["dpkg-deb", "-x", str(packages["cellos-project"]), str(tmp_path)], check=True)
    dynamic = subprocess.run(["readelf", "--dynamic", "--wide",
                              str(tmp_path / "usr/bin/cellos-project")],
                             capture_output=True, text=True, check=True).stdout
    depends = subprocess.run(["dpkg-deb", "-f", str(packages["cellos-project"]), "Depends"],
                             capture_output=True, text=True, check=True).stdout
    if "(RELR)" in dynamic:
        assert "libc6 (>= 2.36)" in depends, depends
    else:
        assert "libc6" in depends, depends
