#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Kafka against librdkafka's mock cluster: 3 brokers serving the
real Kafka protocol on loopback to the real binary.


A topic holds no line numbers and Kafka orders nothing across partitions, so
"equal to replaying the files" means: the same snapshots (cells print
partition by partition, so compared as sorted lines), the same problems
(compared without their file:line position) and the same exit code. With one
partition the order is the file's, and the snapshots are compared as bytes.
"""
import atexit
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from paths import BINARY, EXAMPLES, MOCK_CLUSTER as MOCK  # noqa: E402

TMP = tempfile.mkdtemp(prefix="cellos-kafka-")
atexit.register(shutil.rmtree, TMP, ignore_errors=True)
TYPES = "dev.cellos.events.cell."


class MockCluster:
    """A mock cluster process; topics as name:partitions."""

    def __init__(self, *topics):
        args = [MOCK, "--brokers", "3"]
        for topic in topics:
            args += ["--topic", topic]
        self.proc = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline().split()
        assert line and line[0] == "bootstrap", line
        self.bootstrap = line[1]

    def command(self, text):
        self.proc.stdin.write(text + "\n")
        self.proc.stdin.flush()
        answer = self.proc.stdout.readline().strip()
        assert answer == "ok", (text, answer)

    def close(self):
        self.proc.stdin.close()
        self.proc.wait(timeout=30)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def run(*args, timeout=120):
    p = subprocess.run([BINARY] + list(args), capture_output=True, timeout=timeout)
    return p.returncode, p.stdout.decode(), p.stderr.decode()


def fleet_log(path, cells, seed):
    """A realistic interleaved log: full lifecycles, some failing, a few
    illegal transitions (to be rejected) and one event without data."""
    rng = random.Random(seed)
    streams = []
    for c in range(cells):
        cell = {"cellId": "cell-%05d" % c, "specId": "spec-%d" % (c % 7), "runId": "run-1"}
        events = [("lifecycle.v1.started", dict(cell, placement={"poolId": "pool-%d" % (c % 3)}))]
        if rng.random() < 0.08:
            events.append(("identity.v1.failed", dict(cell, reason="no identity")))
        else:
            events.append(("identity.v1.materialized", dict(cell)))
            events.append(("command.v1.completed", dict(cell, exitCode=0 if rng.random() < 0.8 else 1)))
            for k in range(rng.randrange(3)):
                events.append(("export.v2.completed", dict(cell, targetKind="s3", targetName="b%d" % k,
                                                           destination="s3://b/%d" % k, bytesWritten=k)))
            events.append(("identity.v1.revoked", dict(cell)))
        events.append(("lifecycle.v1.destroyed", dict(cell)))
        if rng.random() < 0.03:  # an illegal transition: started again after destroyed
            events.append(("lifecycle.v1.started", dict(cell)))
        streams.append(events)
    lines = []
    serial = 0
    while streams:
        events = streams[rng.randrange(min(len(streams), 64))]
        kind, data = events.pop(0)
        if not events:
            streams.remove(events)
        serial += 1
        lines.append(json.dumps({"specversion": "1.0", "id": "e-%d" % serial, "source": "/sup",
                                 "type": TYPES + kind, "time": "2026-11-27T08:00:00Z",
                                 "datacontenttype": "application/json", "data": data}))
    lines.insert(len(lines) // 2, json.dumps({"specversion": "1.0", "id": "nodata", "source": "/s",
                                              "type": TYPES + "lifecycle.v1.started"}))
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    return len(lines)


FLEET = os.path.join(TMP, "fleet.jsonl")
FLEET_EVENTS = fleet_log(FLEET, 1500, seed=6)
EXAMPLE_FILES = [os.path.join(EXAMPLES, "healthy-fleet.jsonl"), os.path.join(EXAMPLES, "broken-lifecycle.jsonl")]


def problems(stderr):
    """Problem lines without their position (FILE:LINE or TOPIC[P]:OFFSET)."""
    out = []
    for line in stderr.splitlines():
        if ": rejected: " in line or ": malformed: " in line:
            out.append(line.split(": ", 2)[2])
    return sorted(out)


def publish(cluster, topic, files, *extra):
    rc, out, err = run("publish", *files, "--kafka", cluster.bootstrap, "--topic", topic, *extra)
    assert rc == 0, (rc, err)
    assert out == "", out
    return err


def replay_kafka(cluster, topic, *extra):
    return run("-k", "--kafka", cluster.bootstrap, "--topic", topic, *extra)


def assert_same_as_files(kafka, files_result):
    rc, out, err = kafka
    frc, fout, ferr = files_result
    assert rc == frc, (rc, frc, err)
    assert sorted(out.splitlines()) == sorted(fout.splitlines())
    assert problems(err) == problems(ferr), (problems(err), problems(ferr))


def test_publish_then_replay_equals_replaying_the_files():
    with MockCluster("cells:3") as cluster:
        err = publish(cluster, "cells", [FLEET] + EXAMPLE_FILES)
        assert "%d of %d message(s) acknowledged" % (FLEET_EVENTS + 45, FLEET_EVENTS + 45) in err, err
        files = run("-k", FLEET, *EXAMPLE_FILES)
        assert files[0] == 1  # the log holds rejections
        kafka = replay_kafka(cluster, "cells")
        assert_same_as_files(kafka, files)
        # Problems name the topic, the partition and the offset.
        assert "cellos-project: cells[" in kafka[2]
        # Stop mode: the first problem as an error record with its partition.
        rc, out, err = run("--kafka", cluster.bootstrap, "--topic", "cells")
        assert rc == 1, (rc, err)
        record = json.loads(out)["error"]
        assert record["file"] == "cells" and record["partition"] in (0, 1, 2), record
        assert list(record)[:4] == ["kind", "file", "line", "partition"], record
        # --trace names the partition of every event.
        rc, out, err = run("--trace", "-k", "--kafka", cluster.bootstrap, "--topic", "cells")
        first = json.loads(out.splitlines()[0])
        assert list(first)[:3] == ["file", "line", "partition"] and first["file"] == "cells", first
        assert len(out.splitlines()) == FLEET_EVENTS + 45 - 1  # all but the event without data
        # -o json counts every message.
        rc, out, err = run("-k", "-o", "json", "--kafka", cluster.bootstrap, "--topic", "cells")
        stats = json.loads(out)["stats"]
        assert stats["lines"] == FLEET_EVENTS + 45, stats


def test_one_partition_replays_in_file_order_byte_for_byte():
    with MockCluster("single:1") as cluster:
        publish(cluster, "single", EXAMPLE_FILES)
        rc, out, err = replay_kafka(cluster, "single")
        frc, fout, ferr = run("-k", *EXAMPLE_FILES)
        assert (rc, out) == (frc, fout), (rc, frc)
        assert problems(err) == problems(ferr)


def test_binary_mode_equals_structured_mode():
    with MockCluster("structured:3", "binary:3") as cluster:
        publish(cluster, "structured", [FLEET] + EXAMPLE_FILES)
        publish(cluster, "binary", [FLEET] + EXAMPLE_FILES, "--binary-mode")
        structured = replay_kafka(cluster, "structured")
        binary = replay_kafka(cluster, "binary")
        assert binary[0] == structured[0]
        assert binary[1] == structured[1]  # same keys, same partitions: same order
        assert problems(binary[2]) == problems(structured[2])


def test_records_delivered_again_are_replayed_once():
    # The hook resumes partitions that are not paused once most of the log is
    # replayed, which librdkafka before 2.4.0 answers by fetching them again
    # from the assignment's start.
    with MockCluster("again:3") as cluster:
        publish(cluster, "again", [FLEET], "-X", "batch.num.messages=50")
        env = dict(os.environ, CELLOS_TEST_RESUME_UNPAUSED_AFTER=str(FLEET_EVENTS - 100))
        p = subprocess.run([BINARY, "-k", "-v", "--stats", "--kafka", cluster.bootstrap, "--topic",
                            "again", "--group", "once"], capture_output=True, env=env, timeout=120)
        kafka = (p.returncode, p.stdout.decode(), p.stderr.decode())
        assert_same_as_files(kafka, run("-k", FLEET))
        assert '"lines":%d,' % FLEET_EVENTS in kafka[2], kafka[2][-2000:]
        assert "delivered again, skipped" in kafka[2], kafka[2][-2000:]  # the hook did its part


def test_two_members_of_a_group_print_every_cell_exactly_once():
    with MockCluster("grouped:4") as cluster:
        # A replay of a few seconds: on a loaded machine the second member may
        # join after the first assignment, and must still find the first at
        # work (it then rebalances) rather than finished.
        publish(cluster, "grouped", [FLEET], "-X", "batch.num.messages=50")
        cluster.command("rtt 20")
        args = [BINARY, "-k", "--kafka", cluster.bootstrap, "--topic", "grouped", "--group", "audit-1"]
        members = [subprocess.Popen(args + ["-v"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                   for _ in range(2)]
        results = [m.communicate(timeout=120) for m in members]
        outputs = [out.decode().splitlines() for out, _ in results]
        for member, (out, err) in zip(members, results):
            assert member.returncode in (0, 1), err.decode()
            assert "assigned partitions" in err.decode(), err.decode()
        assert all(outputs), "each member owns partitions: %s" % [len(o) for o in outputs]
        everything = sorted(outputs[0] + outputs[1])
        expected = sorted(run("-k", FLEET)[1].splitlines())
        assert everything == expected, (len(everything), len(expected))


def test_a_member_joining_mid_replay_takes_partitions_over_without_duplicates():
    with MockCluster("moving:4") as cluster:
        # Slow enough (tiny batches, slow brokers) for the rebalance to land mid-replay.
        publish(cluster, "moving", [FLEET], "-X", "batch.num.messages=5")
        cluster.command("rtt 20")
        args = [BINARY, "-k", "-v", "--kafka", cluster.bootstrap, "--topic", "moving", "--group", "late",
                "-X", "max.partition.fetch.bytes=4096", "-X", "heartbeat.interval.ms=300",
                "-X", "session.timeout.ms=6000"]
        first = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        time.sleep(4)
        assert first.poll() is None, "the first member ended before the second joined"
        second = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        first_out, first_err = first.communicate(timeout=120)
        second_out, second_err = second.communicate(timeout=120)
        # The first member gave partitions up (and dropped their cells); the
        # second replayed them from the start.
        assert "revoked" in first_err.decode(), first_err.decode()
        assert first_out and second_out
        everything = sorted(first_out.decode().splitlines() + second_out.decode().splitlines())
        assert everything == sorted(run("-k", FLEET)[1].splitlines())


def test_a_broker_down_mid_replay_loses_and_duplicates_nothing():
    with MockCluster("resilient:3") as cluster:
        # Broker 2 leads every partition. Small batches (the mock returns a
        # whole batch per fetch), slow brokers and small fetches: the replay
        # takes seconds, so the broker surely goes down in the middle of it.
        cluster.command("lead resilient:3 2")
        publish(cluster, "resilient", [FLEET], "-X", "batch.num.messages=50")
        expected = run("-k", FLEET)
        cluster.command("rtt 40")
        started = time.monotonic()
        replay = subprocess.Popen([BINARY, "-k", "--kafka", cluster.bootstrap, "--topic", "resilient",
                                   "-X", "max.partition.fetch.bytes=4096"],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        time.sleep(1)
        cluster.command("down 2")
        assert replay.poll() is None, "the replay ended before the broker went down"
        time.sleep(3)
        cluster.command("up 2")
        out, err = replay.communicate(timeout=120)
        assert time.monotonic() - started > 4.5  # it waited for the broker
        assert_same_as_files((replay.returncode, out.decode(), err.decode()), expected)


def test_an_unreachable_broker_is_a_clear_error_within_the_timeout():
    started = time.monotonic()
    rc, out, err = run("--kafka", "127.0.0.1:9", "--topic", "cells", "--kafka-timeout", "2")
    elapsed = time.monotonic() - started
    assert rc == 3, (rc, err)
    assert out == ""
    assert "cannot reach Kafka at 127.0.0.1:9" in err, err
    assert elapsed < 10, elapsed
    rc, out, err = run("publish", FLEET, "--kafka", "127.0.0.1:9", "--topic", "cells",
                       "--kafka-timeout", "2")
    assert rc == 3 and "cannot reach Kafka" in err, (rc, err)


def test_a_missing_topic_and_bad_properties_are_named():
    with MockCluster("cells:1") as cluster:
        cluster.command("missing nope")
        rc, out, err = run("--kafka", cluster.bootstrap, "--topic", "nope", "--kafka-timeout", "5")
        assert rc == 3 and "topic nope" in err and "Unknown topic" in err, (rc, err)
        rc, out, err = run("publish", FLEET, "--kafka", cluster.bootstrap, "--topic", "nope")
        assert rc == 3 and "topic nope" in err, (rc, err)
        rc, out, err = run("--kafka", cluster.bootstrap, "--topic", "cells", "-X", "no.such.property=1")
        assert rc == 2 and "no.such.property" in err, (rc, err)
        rc, out, err = run("--kafka", cluster.bootstrap, "--topic", "cells", "--group", "g",
                           "-X", "partition.assignment.strategy=cooperative-sticky")
        assert rc == 2 and "use roundrobin or range" in err, (rc, err)
        rc, out, err = run("--kafka", cluster.bootstrap, "--topic", "cells", "-X", "novalue")
        assert rc == 2 and "KEY=VALUE" in err, (rc, err)
    rc, out, err = run("--kafka", "localhost:9092")
    assert rc == 2 and "--topic" in err, (rc, err)
    rc, out, err = run("--kafka", "localhost:9092", "--topic", "t", "some.jsonl")
    assert rc == 2, (rc, err)


def test_binary_messages_that_are_no_events_are_malformed_with_a_reason():
    with MockCluster("raw:1") as cluster:
        producer = subprocess.run(
            ["kcat", "-b", cluster.bootstrap, "-t", "raw", "-P", "-H", "ce_specversion=1.0",
             "-H", "ce_id=x", "-H", "ce_source=/s", "-H", "ce_type=t", "-H", "content-type=application/json"],
            input=b"{not json", capture_output=True) if _have("kcat") else None
        if producer is None:
            # Without kcat, structured garbage still shows the malformed path.
            publish(cluster, "raw", [_write("garbage.jsonl", "{not json\n")])
        rc, out, err = run("--kafka", cluster.bootstrap, "--topic", "raw")
        assert rc == 4, (rc, err)
        record = json.loads(out)["error"]
        assert record["kind"] == "malformed" and record["line"] == 0 and record["partition"] == 0
        if producer is not None:
            assert "binary-mode data" in record["message"], record


def test_commit_lets_a_rerun_of_the_group_go_on_from_where_it_stopped():
    with MockCluster("committed:2") as cluster:
        publish(cluster, "committed", EXAMPLE_FILES)
        # The mock, unlike a broker, holds a group whose last member left in
        # a rebalance for session.timeout.ms - 1 s: a short session keeps the
        # rerun quick.
        group = ("-k", "--kafka", cluster.bootstrap, "--topic", "committed", "--group", "nightly",
                 "-X", "session.timeout.ms=3000", "-X", "heartbeat.interval.ms=500")
        args = group + ("--commit",)
        # Without --commit nothing is committed: the next run starts over.
        rc, out, err = run(*group)
        assert out.count("\n") == 4, out
        rc, out, err = run(*args)
        assert out.count("\n") == 4, out
        rc, out, err = run(*args)  # everything was committed: nothing new
        assert (rc, out) == (0, ""), (rc, out, err)


def test_publish_names_every_message_the_cluster_did_not_acknowledge():
    with MockCluster("refused:1") as cluster:
        cluster.command("refuse-produce 100000")
        rc, out, err = run("publish", EXAMPLE_FILES[0], "--kafka", cluster.bootstrap, "--topic", "refused",
                           "--kafka-timeout", "10")
        assert rc == 3, (rc, err)
        assert out == ""
        failed = [l for l in err.splitlines() if ": not acknowledged: " in l]
        assert len(failed) == 20, err  # the first 20 by name, then a count
        assert failed[0].startswith("cellos-project: publish: %s:1: not acknowledged: " % EXAMPLE_FILES[0]), failed[0]
        assert "... and 2 more" in err, err
        assert "0 of 22 message(s) acknowledged by refused" in err, err


def test_follow_replays_messages_published_while_it_runs():
    with MockCluster("live:2") as cluster:
        publish(cluster, "live", EXAMPLE_FILES[:1])
        follower = subprocess.Popen([BINARY, "-k", "--kafka", cluster.bootstrap, "--topic", "live",
                                     "--follow", "--idle-timeout", "3"],
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        time.sleep(1)
        publish(cluster, "live", EXAMPLE_FILES[1:])
        out, err = follower.communicate(timeout=60)
        frc, fout, ferr = run("-k", *EXAMPLE_FILES)
        assert follower.returncode == frc, err
        assert sorted(out.decode().splitlines()) == sorted(fout.splitlines())
        assert problems(err.decode()) == problems(ferr)


def test_following_a_topic_serves_its_metrics_and_writes_the_metrics_file():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with MockCluster("watched:2") as cluster, tempfile.TemporaryDirectory() as d:
        publish(cluster, "watched", EXAMPLE_FILES[:1])
        metrics_file = os.path.join(d, "cellos.prom")
        follower = subprocess.Popen([BINARY, "-k", "--kafka", cluster.bootstrap, "--topic", "watched",
                                     "--follow", "--idle-timeout", "4", "--checkpoint-interval", "0.2",
                                     "--metrics-listen", str(port), "--metrics-file", metrics_file],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        expected = sum(1 for _ in open(EXAMPLE_FILES[0]))

        def scraped_events():
            try:
                with urllib.request.urlopen("http://127.0.0.1:%d/metrics" % port, timeout=5) as r:
                    body = r.read().decode()
            except OSError:
                return None
            for line in body.splitlines():
                if line.startswith('cellos_lines_total{kind="event"} '):
                    return int(line.split()[-1])
            return None

        deadline = time.monotonic() + 30
        while scraped_events() != expected and time.monotonic() < deadline:
            time.sleep(0.2)
        assert scraped_events() == expected
        # While it waits on the topic, the metrics file is rewritten too, with the lag
        # of both partitions: nothing left to read.
        assert os.path.exists(metrics_file)
        text = open(metrics_file).read()
        assert ('cellos_lines_total{kind="event"} %d' % expected) in text
        assert 'cellos_kafka_consumer_lag_messages{partition="0"} 0' in text, text
        assert 'cellos_kafka_consumer_lag_messages{partition="1"} 0' in text, text
        _, err = follower.communicate(timeout=60)
        assert follower.returncode == 0, err


def test_progress_at_a_terminal_counts_the_messages_to_read():
    assert _have("script"), "script(1) (util-linux) is needed to test the terminal display"
    with MockCluster("watched:3") as cluster:
        publish(cluster, "watched", [FLEET], "-X", "batch.num.messages=50")
        cluster.command("rtt 40")  # a replay of seconds, so the meter shows
        shown = subprocess.run(
            ["script", "-qfec", "%s -k --kafka %s --topic watched -X max.partition.fetch.bytes=4096 > /dev/null"
             % (BINARY, cluster.bootstrap), "/dev/null"], capture_output=True, timeout=120).stdout.decode()
        status = [s for s in shown.split("\r\x1b[K") if s.startswith("cellos-project: ") and s.endswith(" cells")]
        assert status, shown[:300]
        assert " of %d events (" % FLEET_EVENTS in status[-1], status[-1]


def _have(program):
    return any(os.access(os.path.join(d, program), os.X_OK) for d in os.environ["PATH"].split(":"))


def _write(name, text):
    path = os.path.join(TMP, name)
    with open(path, "w") as f:
        f.write(text)
    return path

