// SPDX-License-Identifier: Apache-2.0
// gen_log — a deterministic generator of realistic CellOS event logs for benchmarks.
//
//   gen_log --seed 1 --size 200M > bench/data/200M.jsonl
//
// 256 cells are alive at once and their events interleave. Each cell runs
// started → identity.materialized → command.completed (80% exit 0) →
// compliance.summary (a type the reducer ignores) → 0-3 export.completed /
// export.failed → identity.revoked → destroyed (10% with a reason); about 8%
// fail identity materialization and go straight to destroyed. Envelopes carry
// source, subject, time, datacontenttype and traceparent; event ids are
// UUIDs. Lines average about 470 bytes.
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <random>
#include <string>
#include <vector>

namespace {

constexpr int kAliveCells = 256;

struct Rng {
  std::mt19937_64 engine;
  explicit Rng(std::uint64_t seed) : engine(seed) {}
  std::uint64_t next() { return engine(); }
  int below(int n) { return static_cast<int>(next() % static_cast<std::uint64_t>(n)); }
  bool chance(double p) { return static_cast<double>(next() >> 11) * 0x1.0p-53 < p; }
};

std::string uuid(Rng& rng) {
  const std::uint64_t a = rng.next();
  const std::uint64_t b = rng.next();
  char buf[40];
  std::snprintf(buf, sizeof buf, "%08x-%04x-4%03x-%04x-%012" PRIx64, static_cast<unsigned>(a >> 32),
                static_cast<unsigned>((a >> 16) & 0xFFFF), static_cast<unsigned>(a & 0xFFF),
                static_cast<unsigned>(0x8000 | (b >> 50)),
                static_cast<std::uint64_t>(b & 0xFFFFFFFFFFFFULL));
  return buf;
}

struct Cell {
  std::string cell_id;
  std::string spec_id;
  std::string run_id;
  std::string placement;
  std::deque<std::string> pending;  // event kinds still to emit
};

const char* const kTypePrefix = "dev.cellos.events.cell.";

Cell new_cell(Rng& rng, std::uint64_t serial) {
  Cell c;
  char id[24];
  std::snprintf(id, sizeof id, "cell-%016" PRIx64, rng.next());
  c.cell_id = id;
  c.spec_id = "spec-" + std::to_string(rng.below(400));
  c.run_id = "run-" + std::to_string(100000 + serial / 16);
  static const char* pools[] = {"runner-pool-amd64", "runner-pool-arm64", "gpu-pool-a100"};
  static const char* queues[] = {"ci-high", "ci-default", "ci-low", "nightly"};
  c.placement = std::string(R"({"poolId":")") + pools[rng.below(3)] +
                R"(","kubernetesNamespace":"cellos-)" + std::to_string(rng.below(12)) +
                R"(","queueName":")" + queues[rng.below(4)] + "\"}";
  c.pending.emplace_back("started");
  if (rng.chance(0.08)) {
    c.pending.emplace_back("identity.failed");
    c.pending.emplace_back("destroyed.reason");
    return c;
  }
  c.pending.emplace_back("identity.materialized");
  c.pending.emplace_back(rng.chance(0.8) ? "command.ok" : "command.fail");
  c.pending.emplace_back("compliance.summary");
  for (int i = rng.below(4); i > 0; --i) {
    c.pending.emplace_back(rng.chance(0.85) ? "export.completed" : "export.failed");
  }
  c.pending.emplace_back("identity.revoked");
  c.pending.emplace_back(rng.chance(0.1) ? "destroyed.reason" : "destroyed");
  return c;
}

void emit(std::string& out, Rng& rng, Cell& c, const std::string& kind, std::uint64_t seq) {
  std::string type;
  std::string data = R"({"cellId":")" + c.cell_id + R"(","specId":")" + c.spec_id +
                     R"(","runId":")" + c.run_id + "\"";
  if (kind == "started") {
    type = "lifecycle.v1.started";
    data += R"(,"placement":)" + c.placement +
            R"(,"image":"registry.example.test/cellos/runner:2026.11.3")";
  } else if (kind == "identity.materialized") {
    type = "identity.v1.materialized";
    data += R"(,"principal":"spiffe://cellos/)" + c.cell_id.substr(5, 6) + "\"";
  } else if (kind == "identity.failed") {
    type = "identity.v1.failed";
    data += R"(,"operation":"materialize","reason":"oidc token request timed out after 30s")";
  } else if (kind == "identity.revoked") {
    type = "identity.v1.revoked";
  } else if (kind == "command.ok" || kind == "command.fail") {
    type = "command.v1.completed";
    data += R"(,"exitCode":)" +
            std::string(kind == "command.ok" ? "0" : std::to_string(1 + rng.below(130))) +
            R"(,"durationMs":)" + std::to_string(200 + rng.below(600000));
  } else if (kind == "compliance.summary") {
    type = "compliance.v1.summary";
    data += R"(,"policy":"baseline-2026.10","violations":)" + std::to_string(rng.below(3));
  } else if (kind == "export.completed") {
    type = "export.v2.completed";
    const bool s3 = rng.chance(0.7);
    data += std::string(R"(,"targetKind":")") + (s3 ? "s3" : "http") + R"(","targetName":")" +
            (s3 ? "artifact-bucket" : "results-api") + R"(","destination":")" +
            (s3 ? "s3://cellos-artifacts/" : "https://results.example.test/") + c.run_id + "/" +
            c.cell_id.substr(5, 8) + R"(/out.tar.zst","bytesWritten":)" +
            std::to_string(rng.next() % 50000000000ULL);
  } else if (kind == "export.failed") {
    type = "export.v2.failed";
    data +=
        R"(,"targetKind":"s3","reason":"AccessDenied: s3://cellos-artifacts/)" + c.run_id + "\"";
  } else {
    type = "lifecycle.v1.destroyed";
    if (kind == "destroyed.reason")
      data += R"(,"reason":"cell exceeded its memory limit")";
    else
      data += R"(,"outcome":"succeeded")";
  }
  data += "}";
  const std::uint64_t ms = 1795000000000ULL + seq * 37;
  char time[40];
  std::snprintf(time, sizeof time, "2026-11-26T%02u:%02u:%02u.%03uZ",
                static_cast<unsigned>((ms / 3600000) % 24),
                static_cast<unsigned>((ms / 60000) % 60), static_cast<unsigned>((ms / 1000) % 60),
                static_cast<unsigned>(ms % 1000));
  char trace[64];
  std::snprintf(trace, sizeof trace, "00-%016" PRIx64 "%016" PRIx64 "-%016" PRIx64 "-01",
                rng.next(), rng.next(), rng.next());
  out += R"({"specversion":"1.0","id":")" + uuid(rng) + R"(","source":"/cellos/supervisor/host-)" +
         std::to_string(c.cell_id[6] % 64) + R"(","type":")" + kTypePrefix + type +
         R"(","subject":"cell/)" + c.cell_id + R"(","time":")" + time +
         R"(","datacontenttype":"application/json","traceparent":")" + trace + R"(","data":)" +
         data + "}\n";
}

std::uint64_t parse_size(const char* text) {
  char* end = nullptr;
  double value = std::strtod(text, &end);
  switch (*end) {
    case 'k':
    case 'K':
      value *= 1e3;
      break;
    case 'm':
    case 'M':
      value *= 1e6;
      break;
    case 'g':
    case 'G':
      value *= 1e9;
      break;
    default:
      break;
  }
  return static_cast<std::uint64_t>(value);
}

}  // namespace

int main(int argc, char** argv) {
  std::uint64_t seed = 1;
  std::uint64_t size = 50'000'000;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--seed") == 0)
      seed = std::strtoull(argv[i + 1], nullptr, 10);
    else if (std::strcmp(argv[i], "--size") == 0)
      size = parse_size(argv[i + 1]);
    else {
      std::fprintf(stderr, "usage: gen_log [--seed N] [--size BYTES[K|M|G]] > log.jsonl\n");
      return 2;
    }
  }
  Rng rng(seed);
  std::vector<Cell> alive;
  std::uint64_t serial = 0;
  for (int i = 0; i < kAliveCells; ++i) alive.push_back(new_cell(rng, serial++));
  std::string out;
  std::uint64_t written = 0;
  std::uint64_t seq = 0;
  while (written < size) {
    Cell& c = alive[static_cast<std::size_t>(rng.below(kAliveCells))];
    const std::string kind = c.pending.front();
    c.pending.pop_front();
    const std::size_t before = out.size();
    emit(out, rng, c, kind, seq++);
    written += out.size() - before;
    if (c.pending.empty()) c = new_cell(rng, serial++);
    if (out.size() > (1 << 20)) {
      std::fwrite(out.data(), 1, out.size(), stdout);
      out.clear();
    }
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  return 0;
}
