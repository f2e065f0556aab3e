# SPDX-License-Identifier: Apache-2.0
"""--metrics-file: the Prometheus text format, valid for promtool (Debian's
prometheus package, README command (b)), replaced whole at the end and, while
following, every --checkpoint-interval."""
import datetime
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time

import pytest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from paths import BINARY, EXAMPLES  # noqa: E402

HEALTHY = os.path.join(EXAMPLES, "healthy-fleet.jsonl")
BROKEN = os.path.join(EXAMPLES, "broken-lifecycle.jsonl")


def run(*args):
    p = subprocess.run([BINARY] + list(args), capture_output=True, timeout=60)
    return p.returncode, p.stdout, p.stderr.decode()


def samples(path):
    """{'name{labels}': value} of a metrics file."""
    with open(path, encoding="utf-8") as fh:
        return {line.rsplit(" ", 1)[0]: float(line.rsplit(" ", 1)[1])
                for line in fh if line.strip() and not line.startswith("#")}


def promtool_check(path):
    if shutil.which("promtool") is None:
        pytest.skip("skipped: promtool not installed (README command (b) installs prometheus)")
    with open(path, "rb") as fh:
        p = subprocess.run(["promtool", "check", "metrics"], stdin=fh, capture_output=True, text=True)
    assert p.returncode == 0, p.stdout + p.stderr


def test_the_metrics_file_holds_the_replay_and_passes_promtool(tmp_path):
    path = str(tmp_path / "cellos.prom")
    rc, _, _ = run("-k", "--metrics-file", path, HEALTHY, BROKEN)
    assert rc == 1
    promtool_check(path)
    got = samples(path)
    stats = run("-k", "--stats", HEALTHY, BROKEN)[2].strip().splitlines()[-1]
    stats = json.loads(stats)
    assert got['cellos_cells{state="destroyFailed"}'] == stats["cellsByState"]["destroyFailed"]
    assert got['cellos_lines_total{kind="event"}'] == stats["events"]
    assert got['cellos_events_total{outcome="rejected"}'] == stats["rejected"]
    assert got['cellos_problems_total{kind="rejected"}'] == stats["rejected"]
    assert got["cellos_input_bytes_total"] == stats["bytes"]
    assert got["cellos_last_event_timestamp_seconds"] == latest_time(HEALTHY, BROKEN)
    assert got["cellos_replay_duration_seconds"] >= 0
    assert oct(os.stat(path).st_mode & 0o777) == oct(0o666 & ~current_umask())


def latest_time(*logs):
    """The latest CloudEvents time in `logs`, in seconds since the epoch, to the millisecond."""
    times = []
    for log in logs:
        for line in open(log, encoding="utf-8"):
            stamp = json.loads(line).get("time")
            if stamp:
                times.append(datetime.datetime.fromisoformat(stamp.replace("Z", "+00:00")).timestamp())
    return round(max(times), 3)


def current_umask():
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_following_rewrites_the_metrics_file_as_the_log_grows(tmp_path):
    lines = open(HEALTHY, "rb").read().splitlines(keepends=True)
    log, path = str(tmp_path / "log.jsonl"), str(tmp_path / "cellos.prom")
    with open(log, "wb") as fh:
        fh.write(b"".join(lines[:8]))
    # With --checkpoint too: both keep to the interval while following.
    follower = subprocess.Popen([BINARY, "-k", "--follow", "--checkpoint-interval", "0.2",
                                 "--checkpoint", str(tmp_path / "state.db"),
                                 "--metrics-file", path, log],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def events_seen(count, timeout=20):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if os.path.exists(path) and samples(path).get('cellos_lines_total{kind="event"}') == count:
                return True
            time.sleep(0.05)
        return False

    try:
        assert events_seen(8)  # while it runs, replaced whole each time (never half written)
        promtool_check(path)
        with open(log, "ab") as fh:
            fh.write(b"".join(lines[8:]))
        assert events_seen(len(lines))
    finally:
        follower.send_signal(signal.SIGTERM)
        follower.wait(timeout=30)
    assert follower.returncode == 0
    assert samples(path)['cellos_lines_total{kind="event"}'] == len(lines)


def test_the_metrics_file_never_replaces_an_input_or_another_file(tmp_path):
    rc, out, err = run("--metrics-file", HEALTHY, HEALTHY)
    assert (rc, out) == (2, b"") and "would overwrite the input" in err, err
    other = tmp_path / "notes.txt"
    other.write_text("my notes\n")
    rc, _, err = run("--metrics-file", str(other), HEALTHY)
    assert rc == 2 and "left alone" in err, err
    assert other.read_text() == "my notes\n"


def test_the_alert_rules_in_the_docs_pass_promtool(tmp_path):
    doc = open(os.path.join(os.path.dirname(EXAMPLES), "docs", "monitoring.md"), encoding="utf-8").read()
    blocks = [b for b in re.findall(r"```yaml\n(.*?)```", doc, re.S) if "groups:" in b]
    assert len(blocks) == 1
    rules = tmp_path / "rules.yml"
    rules.write_text(blocks[0])
    if shutil.which("promtool") is None:
        pytest.skip("skipped: promtool not installed (README command (b) installs prometheus)")
    p = subprocess.run(["promtool", "check", "rules", str(rules)], capture_output=True, text=True)
    assert p.returncode == 0, p.stdout + p.stderr
    # Every metric the rules use is one the tool writes.
    path = str(tmp_path / "m.prom")
    run("--metrics-file", path, HEALTHY)
    written = {key.split("{")[0] for key in samples(path)}
    used = set(re.findall(r"\b(cellos_[a-z_]+)", blocks[0]))
    assert used <= written, used - written


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def scrape(port):
    if shutil.which("curl") is None:
        pytest.skip("skipped: curl not installed")
    p = subprocess.run(["curl", "-sf", "http://127.0.0.1:%d/metrics" % port], capture_output=True,
                       timeout=30)
    return p.returncode, p.stdout


def test_metrics_listen_serves_the_following_replay_to_scrapers(tmp_path):
    lines = open(HEALTHY, "rb").read().splitlines(keepends=True)
    log = tmp_path / "log.jsonl"
    log.write_bytes(b"".join(lines[:8]))
    port = free_port()
    follower = subprocess.Popen([BINARY, "-k", "--follow", "--metrics-listen", "127.0.0.1:%d" % port,
                                 str(log)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def events_scraped(count, timeout=20):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            rc, body = scrape(port)
            if rc == 0 and ('cellos_lines_total{kind="event"} %d\n' % count).encode() in body:
                return body
            time.sleep(0.1)
        return None

    try:
        body = events_scraped(8)
        assert body is not None
        exposition = tmp_path / "scraped.prom"
        exposition.write_bytes(body)
        promtool_check(str(exposition))
        with open(log, "ab") as fh:
            fh.write(b"".join(lines[8:]))
        assert events_scraped(len(lines)) is not None
        # A second run on the same port: exit 3 at once, naming it.
        started = time.monotonic()
        rc, out, err = run("--follow", "--metrics-listen", str(port), str(log))
        assert (rc, out) == (3, b"") and "127.0.0.1:%d" % port in err and "in use" in err, err
        assert time.monotonic() - started < 5
    finally:
        follower.send_signal(signal.SIGTERM)
        follower.wait(timeout=30)
    assert follower.returncode == 0, follower.stderr.read()


def test_metrics_listen_needs_follow_and_an_address():
    rc, _, err = run("--metrics-listen", "9464", HEALTHY)
    assert rc == 2 and "--follow" in err, err
    for bad in ("localhost:9464", "127.0.0.1:99999", "127.0.0.1:", "nine"):
        rc, _, err = run("--follow", "--metrics-listen", bad, HEALTHY)
        assert rc == 2 and "HOST:PORT" in err, (bad, err)
