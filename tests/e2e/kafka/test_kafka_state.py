#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Stateful, exactly-once group replay (--state-topic) against librdkafka's
mock cluster: members that restart, are killed, join late, with a broker
down, must leave the snapshots and problems topics exactly as one replay
of the published files gives them.

The mock accepts transactions but shows aborted records to read_committed
readers, so these tests hold only if the tool's own commit records decide
what counts (see docs/kafka.md); `kcat` reads the topics raw, to show that
uncommitted records are really there and left out.
"""
import collections
import concurrent.futures
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from paths import BINARY  # noqa: E402
from test_kafka import EXAMPLE_FILES, TMP, MockCluster, fleet_log, publish, run  # noqa: E402

PARTITIONS = 4
TOPICS = ["in:%d" % PARTITIONS, "st:%d" % PARTITIONS, "snap:%d" % PARTITIONS,
          "prob:%d" % PARTITIONS]
# Short sessions: a killed member's partitions move on within seconds.
SESSION = ("-X", "session.timeout.ms=3000", "-X", "heartbeat.interval.ms=300")


def member_args(cluster, group, *extra):
    return [BINARY, "-k", "--no-progress", "--kafka", cluster.bootstrap, "--topic", "in",
            "--group", group, "--state-topic", "st", "--snapshots-topic", "snap",
            "--problems-topic", "prob", *SESSION, *extra]


def table(cluster, topic):
    rc, out, err = run("table", "--kafka", cluster.bootstrap, "--topic", topic)
    assert rc == 0, (rc, err)
    return out.splitlines()


def problem_identity(record):
    """What a problem is, wherever it was read (file line or topic offset)."""
    return (record["kind"], record.get("eventId"), record["message"],
            json.dumps(record.get("snapshot"), sort_keys=True))


def file_result(files):
    rc, out, err = run("-k", "-o", "json", *files)
    document = json.loads(out)
    snapshots = sorted(json.dumps(cell, separators=(",", ":")) for cell in document["cells"])
    return snapshots, sorted(problem_identity(p) for p in document["errors"])


def assert_table_equals_files(cluster, files):
    snapshots, problems = file_result(files)
    rows = table(cluster, "snap")
    assert len(rows) == len(set(rows))
    assert sorted(json.dumps(json.loads(r), separators=(",", ":")) for r in rows) == snapshots
    # The changelog holds the same cells as the snapshots topic.
    assert sorted(table(cluster, "st")) == sorted(rows)
    found = sorted(problem_identity(json.loads(r)) for r in table(cluster, "prob"))
    # Named, not diffed: a sorted list's diff points at its tail, not at the
    # problem that is missing or twice.
    extra = collections.Counter(found) - collections.Counter(problems)
    missing = collections.Counter(problems) - collections.Counter(found)
    assert found == problems, "%d problems in the topic, %d in the files; extra %s; missing %s%s" % (
        len(found), len(problems), [p[:2] for p in extra.elements()],
        [p[:2] for p in missing.elements()], where_written(cluster, set(extra) | set(missing)))


def where_written(cluster, identities):
    """For a failure's message: every record of the problems topic with one
    of these identities (partition, offset, transaction tag) and the last
    commit record of its partition, read raw."""
    if shutil.which("kcat") is None or not identities:
        return ""
    lines = [line.split("\t", 4) for line in read_raw(cluster, "prob", "%p\t%o\t%k\t%h\t%s\n")]
    commits = {}
    written = []
    for partition, offset, key, headers, value in (x for x in lines if len(x) == 5):
        if key == "!commit":
            commits[partition] = value
        elif value.startswith("{") and problem_identity(json.loads(value)) in identities:
            written.append("prob[%s]@%s %s" % (partition, offset, headers))
    return "; written: %s; last commit records: %s" % (written, commits)


def raw_records(cluster, topic):
    """Every record of the topic, committed or not, as kcat reads it: (key,
    value size) pairs, and the values of the commit records."""
    if shutil.which("kcat") is None:
        pytest.skip("kcat is not installed (README (b) installs it)")
    records = [line.split("\t") for line in read_raw(cluster, topic, "%k\t%S\n") if line]
    commits = [line.split("\t", 1)[1] for line in read_raw(cluster, topic, "%k\t%s\n")
               if line.startswith("!commit\t")]
    return records, commits


def read_raw(cluster, topic, fmt):
    """The topic's records, committed or not, each as kcat formats it."""
    p = subprocess.run([shutil.which("kcat"), "-C", "-b", cluster.bootstrap, "-t", topic, "-o",
                        "beginning", "-e", "-q", "-f", fmt], capture_output=True, timeout=60)
    assert p.returncode == 0, p.stderr
    return p.stdout.decode(errors="replace").splitlines()


FLEET = os.path.join(TMP, "state-fleet.jsonl")
FLEET_RECORDS = fleet_log(FLEET, 400, seed=11)


def fleet_halves():
    """The fleet log's first and second halves, as two files."""
    with open(FLEET) as f:
        lines = f.readlines()
    halves = []
    for name, part in (("first", lines[:len(lines) // 2]), ("second", lines[len(lines) // 2:])):
        halves.append(os.path.join(TMP, "fleet-%s-half.jsonl" % name))
        with open(halves[-1], "w") as f:
            f.writelines(part)
    return halves


def test_a_stateful_replay_leaves_the_tables_a_file_replay_gives():
    with MockCluster(*TOPICS) as cluster:
        publish(cluster, "in", [FLEET])
        rc, out, err = run(*member_args(cluster, "one")[1:])
        assert rc == 1, err  # the fleet has rejected events
        assert_table_equals_files(cluster, [FLEET])
        # What the member printed is what it holds: every cell.
        assert sorted(out.splitlines()) == sorted(run("-k", FLEET)[1].splitlines())


def test_a_rerun_restores_the_cells_and_goes_on_with_new_events():
    with MockCluster(*TOPICS) as cluster:
        first, second = fleet_halves()
        publish(cluster, "in", [first])
        rc, out, err = run(*member_args(cluster, "nightly")[1:])
        assert rc in (0, 1), err
        assert_table_equals_files(cluster, [first])
        publish(cluster, "in", [second])
        rc, out, err = run(*member_args(cluster, "nightly", "-v")[1:])
        assert rc in (0, 1), err
        assert "restored" in err, err
        # The rerun read only the new events, from where the first stopped.
        stats = json.loads(run(*member_args(cluster, "nightly", "--stats")[1:])[2].splitlines()[-1])
        assert stats["events"] == 0, stats
        assert_table_equals_files(cluster, [FLEET])
        assert sorted(out.splitlines()) == sorted(run("-k", FLEET)[1].splitlines())


def test_a_following_member_commits_as_it_goes_and_picks_up_new_events():
    with MockCluster(*TOPICS) as cluster:
        first, second = fleet_halves()
        publish(cluster, "in", [first])
        follower = subprocess.Popen(member_args(cluster, "live", "--follow", "--commit-interval",
                                                "0.3"),
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        # Committed while following: the table catches up without the member ending.
        deadline = time.monotonic() + 60
        while sorted(table(cluster, "snap")) != sorted(file_result([first])[0]):
            assert follower.poll() is None and time.monotonic() < deadline, "never caught up"
            time.sleep(0.5)
        publish(cluster, "in", [second])
        deadline = time.monotonic() + 60
        while len(table(cluster, "prob")) != len(file_result([FLEET])[1]):
            assert follower.poll() is None and time.monotonic() < deadline, "never caught up"
            time.sleep(0.5)
        follower.send_signal(signal.SIGTERM)  # commits what is left, prints, exits
        out, err = follower.communicate(timeout=60)
        assert follower.returncode == 1, err.decode()
        assert sorted(out.decode().splitlines()) == sorted(run("-k", FLEET)[1].splitlines())
        assert_table_equals_files(cluster, [FLEET])


def test_records_the_consumer_delivers_again_are_replayed_once():
    # librdkafka before 2.4.0 restarts a partition's fetcher at the
    # assignment's first offset when a partition that is not paused is
    # resumed; the hook makes that happen once most of the log is replayed.
    # Replayed twice, the event without data (no cell, so no event ids to
    # deduplicate it with) would be a problem twice.
    with MockCluster(*TOPICS) as cluster:
        publish(cluster, "in", [FLEET], "-X", "batch.num.messages=20")
        env = dict(os.environ, CELLOS_TEST_RESUME_UNPAUSED_AFTER=str(FLEET_RECORDS - 100))
        p = subprocess.run(member_args(cluster, "again", "-v", "--stats"), capture_output=True,
                           env=env, timeout=120)
        err = p.stderr.decode()
        assert p.returncode == 1, err
        assert_table_equals_files(cluster, [FLEET])
        assert '"lines":%d,' % FLEET_RECORDS in err, err[-3000:]
        assert "delivered again, skipped" in err, err[-3000:]  # the hook did its part


def test_what_a_killed_member_produced_after_its_last_commit_never_counts():
    # One partition: offsets are the lines of the published files, in order.
    with MockCluster("in:1", "st:1", "snap:1", "prob:1") as cluster:
        noise = os.path.join(TMP, "noise.jsonl")
        with open(noise, "w") as f:
            f.writelines("not json %d\n" % i for i in range(5))
        files = [noise] + EXAMPLE_FILES
        lines = [line for name in files for line in open(name) if line.strip()]
        publish(cluster, "in", files)
        # A transaction per message; the process kills itself once the
        # records of its 12th are on the brokers, before committing it.
        killed = subprocess.run(member_args(cluster, "crash", "--commit-interval", "0"),
                                env=dict(os.environ, CELLOS_TEST_KILL_BEFORE_COMMIT="12"),
                                capture_output=True, timeout=120)
        assert killed.returncode == -signal.SIGKILL, killed.stderr.decode()
        # The last commit record says how far the committed work went.
        raw_states, commits = raw_records(cluster, "st")
        committed = int(commits[-1].split("next=")[1].split()[0])
        assert 0 < committed < len(lines), commits
        raw_problems = [r for r in raw_records(cluster, "prob")[0] if r[0] != "!commit"]
        raw_states = [r for r in raw_states if r[0] != "!commit"]
        # What is shown is exactly a replay of the committed lines: the
        # records of the transaction that never committed are in the topics
        # (kcat sees them) but count nowhere.
        prefix = os.path.join(TMP, "committed-prefix.jsonl")
        with open(prefix, "w") as f:
            f.writelines(lines[:committed])
        assert_table_equals_files(cluster, [prefix])
        assert len(table(cluster, "prob")) < len(raw_problems) or \
            len(set(r[0] for r in raw_states)) > len(table(cluster, "st")) or \
            len(raw_states) > committed, (committed, len(raw_states), len(raw_problems))
        # The next owner restores the committed state only and finishes the
        # replay: nothing lost, nothing twice.
        rc, out, err = run(*member_args(cluster, "crash", "-v")[1:])
        # The lines that are no JSON were committed before the kill: this
        # run reports only rejected events.
        assert rc == 1, err
        assert "restored" in err and ": malformed: " not in err, err
        assert_table_equals_files(cluster, files)


def test_a_stalled_member_is_fenced_and_its_partitions_go_on_elsewhere():
    with MockCluster(*TOPICS) as cluster:
        publish(cluster, "in", [FLEET], "-X", "batch.num.messages=10")
        # Slow brokers and small fetches: the replay takes long enough to
        # stall the member in the middle of it, with work not committed.
        cluster.command("rtt 40")
        args = member_args(cluster, "stall", "--commit-interval", "0.5", "-v",
                           "-X", "max.partition.fetch.bytes=1024")
        stalled = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        lines = []
        at_work = threading.Event()

        def read_stderr():
            for line in stalled.stderr:
                lines.append(line.decode())
                if "committed in" in lines[-1]:
                    at_work.set()  # assigned, and a transaction committed

        reader = threading.Thread(target=read_stderr)
        reader.start()
        assert at_work.wait(60), "".join(lines)
        stalled.send_signal(signal.SIGSTOP)
        # Its session lapses; the other member takes every partition (which
        # fences the stalled one's writers) and finishes them.
        rc, out, err = run(*args[1:], timeout=180)
        assert rc in (0, 1), err
        stalled.send_signal(signal.SIGCONT)
        stalled.wait(timeout=180)
        reader.join()
        err = "".join(lines)
        # Woken, it finds its session lapsed (or its writers fenced): it
        # drops those cells and goes on (rejoining the group), rather than
        # writing or failing.
        assert stalled.returncode in (0, 1), err
        assert "the partition was handed over" in err or "another member owns" in err, err
        cluster.command("rtt 0")
        assert_table_equals_files(cluster, [FLEET])


def test_missing_or_mismatched_output_topics_are_named_with_what_to_create():
    with MockCluster("in:4", "st:2") as cluster:
        publish(cluster, "in", EXAMPLE_FILES)
        rc, out, err = run(*member_args(cluster, "g")[1:])
        assert rc == 3, err
        assert "st has 2 partition(s) where the input has 4" in err, err
        assert out == ""
        # The mock would create any topic asked about: make it say "no such topic".
        cluster.command("missing absent")
        rc, out, err = run("-k", "--kafka", cluster.bootstrap, "--topic", "in", "--group", "g",
                           "--state-topic", "absent", "--kafka-timeout", "5", *SESSION)
        assert rc == 3, err
        assert "topic absent does not exist" in err and "4 partition(s)" in err, err
        assert "cleanup.policy=compact" in err, err
        rc, out, err = run("table", "--kafka", cluster.bootstrap, "--topic", "absent",
                           "--kafka-timeout", "5")
        assert rc == 3 and "absent" in err, err


def test_the_state_options_are_checked():
    for args, needle in [(("--state-topic", "st"), "--group"),
                         (("--group", "g", "--commit", "--state-topic", "st"), "excludes"),
                         (("--group", "g", "--snapshots-topic", "s"), "--state-topic")]:
        rc, out, err = run("--kafka", "127.0.0.1:9", "--topic", "in", *args)
        assert rc == 2 and needle in err, (args, err)


# AddressSanitizer prints the stack of a thread that gets SIGABRT.
HANG_REPORTING_ENV = dict(os.environ, ASAN_OPTIONS=":".join(
    filter(None, [os.environ.get("ASAN_OPTIONS"), "handle_abort=1"])))


def tail_of(log, lines=80):
    log.seek(0)
    return b"".join(log.read().splitlines(keepends=True)[-lines:]).decode("utf-8", "replace")


class Schedule:
    """Three members started at random moments, some killed with SIGKILL,
    one or two more started later (restarts, late joiners), and a broker
    down for a few seconds."""

    EXIT_WITHIN = 180  # seconds a member has to finish once the schedule is over

    def __init__(self, cluster, seed):
        self.cluster = cluster
        self.rng = random.Random(seed)
        self.group = "chaos-%d" % seed
        self.members = []
        self.logs = []  # each member's stderr, at debug level
        self.log = []

    def start(self, options=("--commit-interval", "0.2", "-X", "max.partition.fetch.bytes=2048")):
        """Starts a member; by default one that commits often and fetches little."""
        args = member_args(self.cluster, self.group, *options, "-v")
        # A file, not a pipe: nothing is read from it until the member ends.
        self.logs.append(open(os.path.join(TMP, "%s-member-%d.log" % (self.group, len(self.members))),
                              "w+b"))
        self.members.append(subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=self.logs[-1],
                                             env=HANG_REPORTING_ENV))
        self.log.append("start %d" % (len(self.members) - 1))

    def wait_for(self, index):
        """The member's exit status and log; one that does not exit in time
        is aborted (under AddressSanitizer it prints where it was) and fails
        the schedule with the end of its log."""
        member, log = self.members[index], self.logs[index]
        try:
            member.wait(timeout=self.EXIT_WITHIN)
        except subprocess.TimeoutExpired:
            member.send_signal(signal.SIGABRT)
            member.wait(timeout=60)
            raise AssertionError("member %d did not exit within %d s; schedule %s; its log ends:\n%s"
                                 % (index, self.EXIT_WITHIN, self.log, tail_of(log)))
        return member.returncode, tail_of(log)

    def kill_one(self):
        alive = [m for m in self.members if m.poll() is None]
        if alive:
            victim = self.rng.choice(alive)
            victim.send_signal(signal.SIGKILL)
            self.log.append("kill %d" % self.members.index(victim))

    def run(self):
        actions = [(self.rng.uniform(0, 1.5), self.start) for _ in range(3)]
        actions += [(self.rng.uniform(1, 5), self.kill_one) for _ in range(self.rng.randint(1, 3))]
        actions += [(self.rng.uniform(1.5, 5.5), self.start) for _ in range(self.rng.randint(1, 2))]
        broker = self.rng.randint(1, 3)
        down = self.rng.uniform(0.5, 4)
        actions.append((down, lambda: (self.cluster.command("down %d" % broker),
                                       self.log.append("down %d" % broker))))
        actions.append((down + self.rng.uniform(2, 4),
                        lambda: (self.cluster.command("up %d" % broker),
                                 self.log.append("up %d" % broker))))
        started = time.monotonic()
        for at, action in sorted(actions, key=lambda a: a[0]):
            time.sleep(max(0.0, at - (time.monotonic() - started)))
            action()
        for index in range(len(self.members)):
            rc, err = self.wait_for(index)
            assert rc in (0, 1, -signal.SIGKILL), (self.log, err)
        # Whatever is left is finished by one more member.
        self.start(options=())
        rc, err = self.wait_for(len(self.members) - 1)
        assert rc in (0, 1), (self.log, err)

    def end(self):
        for member in self.members:
            if member.poll() is None:
                member.kill()
                member.wait()
        for log in self.logs:
            log.close()


def run_schedule(seed):
    """One schedule on a cluster of its own; returns what failed (or None)
    and what the schedule did."""
    with MockCluster(*TOPICS) as cluster:
        publish(cluster, "in", [FLEET], "-X", "batch.num.messages=20")
        cluster.command("rtt 5")
        schedule = Schedule(cluster, seed)
        try:
            schedule.run()
            cluster.command("rtt 0")
            assert_table_equals_files(cluster, [FLEET])
        except AssertionError as e:
            return "seed %d, schedule %s: %s" % (seed, schedule.log, str(e)[:12000]), schedule.log
        finally:
            schedule.end()
    return None, schedule.log


def test_chaos_members_killed_restarted_and_late_end_with_the_file_replay():
    # 20 schedules, a few at a time: they mostly wait (sessions, rebalances),
    # each on its own mock cluster.
    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(run_schedule, range(20)))
    failures = [failure for failure, _ in results if failure is not None]
    assert not failures, "\n".join(failures)
    # The schedules did kill members at work, and took brokers down.
    logs = [entry for _, log in results for entry in log]
    assert sum(entry.startswith("kill") for entry in logs) >= 20, logs
    assert sum(entry.startswith("down") for entry in logs) == 20, logs
