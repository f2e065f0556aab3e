# SPDX-License-Identifier: Apache-2.0
"""The CI recipes of docs/ci.md, executed: every shell step of the GitHub
Actions and GitLab CI pipelines runs in order, as the runner would run it, on
the example logs. The tool is built from this source tree exactly as the
recipe says (tests off, installed under a prefix), so a recipe that stops
building, installing or auditing fails here.

The `apt-get` lines are not run (the test must not install packages); they are
checked instead to ask for nothing README command (b) does not install, so a
recipe cannot need a package the tested machine lacks."""
import os
import re
import shutil
import subprocess
import sys

import yaml  # python3-yaml, README command (b)

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from paths import EXAMPLES, SOURCE  # noqa: E402

CI_DOC = os.path.join(SOURCE, "docs", "ci.md")
LOG = "healthy-fleet.jsonl.zst"  # two of its four cells end destroyFailed
SYSTEM_PATH = "/usr/local/bin:/usr/bin:/bin"
# The GitHub run's installed prefix, handed to the GitLab run as its cache.
CACHED_PREFIX = os.path.join(os.environ.get("TMPDIR", "/tmp"),
                             "cellos-ci-recipe-prefix-%d" % os.getpid())


def yaml_blocks():
    with open(CI_DOC, encoding="utf-8") as fh:
        text = fh.read()
    return [yaml.safe_load(block) for block in re.findall(r"```yaml\n(.*?)```", text, re.S)]


def pipeline(key):
    found = [block for block in yaml_blocks() if isinstance(block, dict) and key(block)]
    assert len(found) == 1, "docs/ci.md should hold exactly one such pipeline"
    return found[0]


def readme_packages():
    with open(os.path.join(SOURCE, "README.md"), encoding="utf-8") as fh:
        readme = fh.read()
    command_b = readme[readme.index("**(b)"):]
    return set(re.search(r"--no-install-recommends ([^&]*)&&", command_b).group(1).split())


def without_apt(script):
    """The script without its apt-get lines, whose packages must be README (b)'s."""
    kept = []
    for line in script.splitlines():
        if "apt-get" not in line:
            kept.append(line)
            continue
        if " install " in line:
            packages = set(line.split("--no-install-recommends", 1)[1].split())
            assert packages <= readme_packages(), packages - readme_packages()
    return "\n".join(kept)


def workspace(tmp_path):
    """A checkout as the runner has it: the logs, and the tool's source at cellos-project/."""
    ws = tmp_path / "ws"
    (ws / "logs").mkdir(parents=True)
    shutil.copy(os.path.join(EXAMPLES, LOG), ws / "logs" / LOG)
    os.symlink(SOURCE, ws / "cellos-project")
    return ws


def base_env(tmp_path, ws):
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    # Only the system's tools: cellos-project must come from the recipe's install.
    return {"HOME": str(home), "PATH": SYSTEM_PATH, "CI": "true",
            "LANG": "C.UTF-8", "CI_PROJECT_DIR": str(ws)}


def run_shell(script, ws, env):
    return subprocess.run(["sh", "-e", "-c", script], cwd=ws, env=env, capture_output=True,
                          timeout=1200)


def check_audit_results(ws, junit_failures):
    with open(ws / "cells.ndjson", encoding="utf-8") as fh:
        assert len(fh.read().splitlines()) == 4
    with open(ws / "cellos-report.xml", encoding="utf-8") as fh:
        report = fh.read()
    assert report.count('<failure type="failedState"') == junit_failures, report


def test_github_actions_recipe(tmp_path):
    steps = pipeline(lambda b: "jobs" in b)["jobs"]["audit"]["steps"]
    ws = workspace(tmp_path)
    env = base_env(tmp_path, ws)
    runner = tmp_path / "runner"
    runner.mkdir()
    env.update({"RUNNER_TEMP": str(runner), "GITHUB_WORKSPACE": str(ws),
                "GITHUB_PATH": str(runner / "path"), "GITHUB_STEP_SUMMARY": str(runner / "summary")})
    results = {}
    failed = False
    for step in steps:
        if "run" not in step:
            continue  # actions (checkout, cache, upload-artifact) are the runner's
        condition = step.get("if", "")
        # A first run: the cache misses; failure() / always() as GitHub decides them.
        if failed and "always()" not in condition:
            continue
        p = run_shell(without_apt(step["run"]), ws, env)
        results[step["name"]] = p
        failed = failed or p.returncode != 0
        if os.path.exists(env["GITHUB_PATH"]):  # as the runner does between steps
            with open(env["GITHUB_PATH"], encoding="utf-8") as fh:
                added = [os.path.expanduser(line.strip()) for line in fh if line.strip()]
            env["PATH"] = os.pathsep.join(list(reversed(added)) + [SYSTEM_PATH])
    for name in ("Install build dependencies", "Build cellos-project", "Put cellos-project on the PATH",
                 "Summary"):
        assert results[name].returncode == 0, (name, results[name].stderr.decode())
    assert os.access(tmp_path / "home" / ".local" / "cellos" / "bin" / "cellos-project", os.X_OK)
    audit = results["Audit the cell event logs"]
    assert audit.returncode == 5, audit.stderr.decode()  # --fail-on-state: two cells ended badly
    annotations = [line for line in audit.stderr.decode().splitlines() if line.startswith("::error")]
    assert len(annotations) == 2, annotations
    assert all(a.startswith("::error file=logs/%s,line=" % LOG) for a in annotations), annotations
    assert "ended in destroyFailed" in annotations[0]
    check_audit_results(ws, junit_failures=2)
    with open(env["GITHUB_STEP_SUMMARY"], encoding="utf-8") as fh:
        summary = fh.read()
    assert summary.startswith("### Cell audit\n~~~\n  cells        4\n"), summary
    assert "    destroyFailed       2   50.0%" in summary, summary
    # The installed prefix is what the cache keeps: the GitLab test starts from it.
    shutil.copytree(tmp_path / "home" / ".local" / "cellos", CACHED_PREFIX, dirs_exist_ok=True,
                    symlinks=True)



def test_gitlab_ci_recipe(tmp_path):
    job = pipeline(lambda b: "audit-cell-events" in b)["audit-cell-events"]
    ws = workspace(tmp_path)
    env = base_env(tmp_path, ws)
    # A second run: the cache holds the tool the first one built (the GitHub
    # test's install; without it, this run builds, as a first run would).
    if os.path.isdir(CACHED_PREFIX):
        shutil.copytree(CACHED_PREFIX, ws / ".cellos", symlinks=True)
        shutil.rmtree(CACHED_PREFIX)
    # GitLab runs a job's script lines in one shell, stopping at the first that fails.
    p = run_shell(without_apt("\n".join(job["script"])), ws, env)
    assert p.returncode == 5, p.stderr.decode()
    out = p.stdout.decode()
    assert out.startswith("  cells        4\n"), out  # the -o summary line
    assert "identity materialization failed" in out
    check_audit_results(ws, junit_failures=2)
    assert job["artifacts"]["reports"]["junit"] == "cellos-report.xml"
