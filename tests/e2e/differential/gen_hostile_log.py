#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Generate a random, hostile CellOS event log for differential testing.

usage: gen_hostile_log.py SEED [EVENTS]

Writes one log to stdout. Most lines are plausible cell lifecycles over a few
cells; the rest bend every rule the replayer must keep exactly: JSON syntax,
CloudEvents attributes, number classes, escapes and surrogates, duplicate
members, nesting depth, routing, placement and targetKind shapes, dedup ids,
BOM, CRLF and blank lines. Deterministic for a given SEED.
"""
import json
import random
import sys

TYPES = [
    "dev.cellos.events.cell.lifecycle.v1.started",
    "dev.cellos.events.cell.identity.v1.materialized",
    "dev.cellos.events.cell.identity.v1.failed",
    "dev.cellos.events.cell.identity.v1.revoked",
    "dev.cellos.events.cell.command.v1.completed",
    "dev.cellos.events.cell.export.v2.completed",
    "dev.cellos.events.cell.export.v2.failed",
    "dev.cellos.events.cell.lifecycle.v1.destroyed",
]
ODD_TYPES = [
    "dev.cellos.events.cell.compliance.v1.summary",
    "dev.cellos.events.cell.lifecycle.v2.started",
    "dev.cellos.events.cell.",
    "dev.cellos.events.cel",
    "com.example.other",
    "dev.cellos.events.cell.lifecycle.v1.started ",
]

NUMBERS = [
    "0", "-0", "1", "-1", "3", "255", "2147483647", "2147483648", "-2147483648", "-2147483649",
    "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
    "18446744073709551615", "18446744073709551616", "123456789012345678901234567890",
    "1.0", "0.5", "1e2", "1E2", "1e-2", "-0.0", "1.5e300", "1e308", "1e309", "-1e309", "1e-400",
    "0e99999999999", "1e99999999999", "100000000000000000000.", "184467440737095516150.5",
    "01", "1.", ".5", "+1", "1e", "1e+", "--1", "0x10", "NaN", "Infinity", "1.7976931348623157e308",
    "1.7976931348623159e308", "4.9e-324", "2.5e-324", "12345678901234567890e-5",
]
STRINGS = [
    "", "a", "c0", "c1", "s0", "\u00e9", "\u2028", "\U0001F600", "tab\tin", "nl\nin", "q\"uote",
    "back\\slash", "\u0000nul", "\u007fdel", "\u0085nel", "\u0301combining", "\u200bzw",
    "/slash", "</script>", "materialize", "revoke", "s3", "http", "HTTP", "gcs",
]
def raw(b):
    """Bytes as a str that encodes back to exactly these bytes (invalid UTF-8 included)."""
    return b.decode("utf-8", "surrogateescape")


RAW_STRING_BODIES = [
    r"\ud83d\ude00", r"\ud83d", r"\ude00", r"\ud83dx", r"\ud83d\u0041", r"\u00e9", r"\u0000",
    r"\x41", r"\u12", r"\u12G4", "\\", "\x01", "\x1f", "\x7f", raw(b"\xc3\xa9"), raw(b"\xc3"),
    raw(b"\xe2\x82"), raw(b"\xed\xa0\x80"), raw(b"\xf4\x90\x80\x80"), raw(b"\xc0\xaf"),
    raw(b"\xff"), raw(b"\xf0\x9f\x98\x80"), raw(b"\xe0\x80\x80"), r"\/", r"\b\f\n\r\t",
]


class Gen:
    def __init__(self, seed):
        self.r = random.Random(seed)
        self.ncells = self.r.randint(1, 6)
        self.next_id = 0
        # How hostile this log is: scales every rule-bending choice, so some
        # logs are clean lifecycles, some sprinkled with oddities, some wild.
        self.hostility = self.r.choice([0.0, 0.05, 0.2, 0.5, 1.0, 1.5])
        self.step = [0] * self.ncells  # each cell's position in its lifecycle

    def chance(self, p):
        return self.r.random() < p

    def odd(self, p):
        """A rule-bending choice, as likely as this log's hostility makes it."""
        return self.r.random() < p * self.hostility

    def pick(self, xs):
        return self.r.choice(xs)

    def enc(self, s):
        """A JSON string literal for s, sometimes with gratuitous escapes."""
        out = json.dumps(s, ensure_ascii=self.chance(0.3))
        if self.chance(0.15) and len(s) > 0:
            i = self.r.randrange(len(s))
            if s[i].isalnum():
                out = json.dumps(s[:i], ensure_ascii=False)[:-1] + "\\u%04x" % ord(s[i]) + \
                    json.dumps(s[i + 1:], ensure_ascii=False)[1:]
        return out

    def raw_string(self):
        if self.chance(0.5):
            return '"' + self.pick(RAW_STRING_BODIES) + '"'
        return self.enc(self.pick(STRINGS))

    def scalar(self):
        k = self.r.randrange(6)
        if k == 0:
            return "null"
        if k == 1:
            return self.pick(["true", "false"])
        if k == 2:
            return self.pick(NUMBERS)
        if k == 3:
            return self.raw_string()
        if k == 4:
            return "{}"
        return "[]"

    def nested(self, depth):
        openers = [self.pick(["[", "{"]) for _ in range(depth)]
        head = "".join("[" if o == "[" else '{"k":' for o in openers)
        tail = "".join("]" if o == "[" else "}" for o in reversed(openers))
        return head + self.scalar() + tail

    def any_value(self):
        k = self.r.randrange(10)
        if k < 6:
            return self.scalar()
        if k < 8:
            return "[" + ",".join(self.scalar() for _ in range(self.r.randint(0, 4))) + "]"
        if k < 9:
            return "{" + ",".join('%s:%s' % (self.enc(self.pick(["poolId", "x", "queueName", "s3", "http"])),
                                             self.scalar()) for _ in range(self.r.randint(0, 3))) + "}"
        return self.nested(self.r.choice([1, 5, 126, 127, 128, 130]))

    def string_or_odd(self, good, p_odd=0.08):
        if self.odd(p_odd):
            return self.any_value()
        return self.enc(good)

    def placement(self):
        k = self.r.randrange(12)
        keys = ["poolId", "kubernetesNamespace", "queueName"]
        if k < 6:
            members = []
            for key in keys:
                if self.chance(0.5):
                    members.append('%s:%s' % (self.enc(key), self.string_or_odd(self.pick(["p", "q", "ns-1", "pool-a"]), 0.1)))
            if self.odd(0.1):
                members.append('"extra":%s' % self.any_value())
            if self.odd(0.1) and members:
                members.append(members[0])
            self.r.shuffle(members)
            return "{" + ",".join(members) + "}"
        if k < 8:
            n = self.r.randint(0, 5)
            return "[" + ",".join(self.pick(['"p"', '"q"', "null", '"ns"', "5", "{}"]) for _ in range(n)) + "]"
        return self.any_value()

    def target_kind(self):
        k = self.r.randrange(10)
        if k < 6:
            return self.enc(self.pick(["s3", "http", "s3", "http", "HTTP", "gcs"]))
        if k < 8:
            return self.pick(['{"s3":null}', '{"http":null}', '{"s3":1}', '{}', '{"s3":null,"http":null}',
                              '{"s3":null,"s3":null}', '{"gcs":null}', '{"http":[]}', '{"s3":{}}'])
        return self.any_value()

    def data(self, cell, ty):
        members = []
        cid = "c%d" % cell
        sid = "s%d" % (cell % 3)
        r = self.r.random()
        if not self.odd(0.15):
            members.append('"cellId":%s' % self.string_or_odd(cid, 0.05))
        if self.chance(0.8):
            members.append('"specId":%s' % self.string_or_odd(sid if not self.odd(0.05) else "s9", 0.05))
        if self.chance(0.5):
            members.append('"runId":%s' % self.string_or_odd("r%d" % (cell if not self.odd(0.05) else 99), 0.05))
        if self.chance(0.25):
            members.append('"placement":%s' % self.placement())
        if "identity.v1.failed" in ty or self.chance(0.05):
            if self.chance(0.9):
                members.append('"operation":%s' % self.string_or_odd(self.pick(["materialize", "revoke", "materialize", "other"]), 0.1))
        if "failed" in ty or "destroyed" in ty or self.chance(0.05):
            if self.chance(0.8):
                members.append('"reason":%s' % self.string_or_odd(self.pick(["oidc token missing", "timeout", "\u00e9chec", "nl\nx"]), 0.1))
        if "command" in ty or self.chance(0.05):
            if self.chance(0.92):
                members.append('"exitCode":%s' % (self.pick(["0", "0", "0", "1", "2", "137"]) if not self.odd(0.3) else self.pick(NUMBERS + ['"0"', "null", "true"])))
        if "export" in ty or self.chance(0.05):
            if self.chance(0.8):
                members.append('"targetKind":%s' % self.target_kind())
            if self.chance(0.7):
                members.append('"targetName":%s' % self.string_or_odd("artifact-bucket", 0.1))
            if self.chance(0.7):
                members.append('"destination":%s' % self.string_or_odd("s3://b/k/%d" % cell, 0.1))
            if self.chance(0.7):
                members.append('"bytesWritten":%s' % (str(self.r.randint(0, 10**12)) if not self.odd(0.4) else self.pick(NUMBERS + ['"5"', "null"])))
        if self.odd(0.1):
            members.append('%s:%s' % (self.enc(self.pick(["outcome", "note", "cellId", "specId"])), self.any_value()))
        if self.odd(0.05) and members:
            members.append(self.pick(members))
        self.r.shuffle(members)
        return "{" + ",".join(members) + "}"

    def event_id(self):
        if self.odd(0.1) and self.next_id > 0:
            return "e%d" % self.r.randrange(self.next_id)  # a duplicate id
        self.next_id += 1
        return "e%d" % (self.next_id - 1)

    def lifecycle_type(self, cell):
        """The next type of a plausible lifecycle for `cell`."""
        step = self.step[cell]
        self.step[cell] += 1
        plan = ["started", "identity", "command", "summary", "exports", "revoke", "destroyed"]
        if step >= len(plan):
            return self.pick(TYPES)
        stage = plan[step]
        if stage == "started":
            return TYPES[0]
        if stage == "identity":
            return TYPES[2] if self.chance(0.08) else TYPES[1]
        if stage == "command":
            return TYPES[4]
        if stage == "summary":
            return ODD_TYPES[0]
        if stage == "exports":
            if self.chance(0.6):
                self.step[cell] -= 1  # 0-3 exports
            return TYPES[5] if self.chance(0.8) else TYPES[6]
        if stage == "revoke":
            return TYPES[3] if self.chance(0.9) else TYPES[2]
        return TYPES[7]

    def event(self):
        cell = self.r.randrange(self.ncells)
        if self.odd(0.15):
            ty = self.pick(TYPES) if self.chance(0.7) else self.pick(ODD_TYPES)
        else:
            ty = self.lifecycle_type(cell)
        members = []
        if not self.odd(0.02):
            members.append('"specversion":%s' % (self.enc("1.0") if not self.odd(0.03) else self.pick(['"0.3"', '1.0', '""', 'null', '"1.0 "'])))
        if not self.odd(0.02):
            members.append('"id":%s' % (self.enc(self.event_id()) if not self.odd(0.03) else self.pick(['""', "7", "null", '"\\u00e9"'])))
        if not self.odd(0.02):
            members.append('"source":%s' % (self.enc("/cellos/supervisor/h1") if not self.odd(0.03) else self.pick(['""', "[]", "null"])))
        if not self.odd(0.02):
            members.append('"type":%s' % (self.enc(ty) if not self.odd(0.03) else self.pick(['""', "1", "null"])))
        for attr in ["datacontenttype", "time", "traceparent", "subject"]:
            if self.chance(0.3):
                members.append('"%s":%s' % (attr, self.enc("application/json") if not self.odd(0.1) else self.any_value()))
        if self.odd(0.15):
            r = self.r.random()
            if r < 0.5:
                members.append('"data":null')
            elif r < 0.8:
                members.append('"data":%s' % self.any_value())
        else:
            members.append('"data":%s' % self.data(cell, ty))
        if self.odd(0.03):
            members.append('"data":%s' % self.data(self.r.randrange(self.ncells), ty))
        if self.chance(0.03):
            members.append('"data_base64":"AAAA"')
        self.r.shuffle(members)
        sep = self.pick([",", ",", ",", " , ", ",\t"])
        return self.pick(["{", "{", " {", "{ "]) + sep.join(members) + self.pick(["}", "}", "} ", "}\t"])

    def corrupt(self, line):
        k = self.r.randrange(12)
        if k == 0 and line:
            return line[:self.r.randrange(len(line))]
        if k == 1:
            return line + self.pick([" x", "{}", ",", "\x00", " \r", "\r"])
        if k == 2:
            return self.any_value()
        if k == 3:
            i = self.r.randrange(len(line) + 1)
            return line[:i] + self.pick(["\x00", raw(b"\xff"), "\x01", ",", "}", "]", '"', "\\"]) + line[i:]
        if k == 4:
            return line.replace(",", ",,", 1)
        if k == 5:
            return line.replace('"', "'", 2)
        if k == 6:
            return "\ufeff" + line
        if k == 7:
            return line + " " + line
        if k == 8:
            return self.pick(["", " ", "\t", "\r", " \t \r", "\x0c", "null", "[]", '"event"', "42"])
        if k == 9:
            return line.replace("}", ",}", 1)
        if k == 10:
            return line.replace(":", " : ", 3)
        return line

    def log(self, n):
        lines = []
        for _ in range(n):
            line = self.event()
            if self.odd(0.06):
                line = self.corrupt(line)
            lines.append(line)
        if self.chance(0.2):
            lines.insert(self.r.randrange(len(lines) + 1), self.pick(["", "   ", "\t"]))
        eol = "\r\n" if self.chance(0.1) else "\n"
        body = eol.join(lines)
        if self.chance(0.8):
            body += eol
        if self.chance(0.05):
            body = "\ufeff" + body
        return body


def main():
    seed = int(sys.argv[1])
    n = int(sys.argv[2]) if len(sys.argv) > 2 else random.Random(seed).randint(1, 40)
    data = Gen(seed).log(n)
    # surrogateescape lets raw byte sequences (invalid UTF-8) through as written.
    sys.stdout.buffer.write(data.encode("utf-8", "surrogateescape"))


if __name__ == "__main__":
    main()
