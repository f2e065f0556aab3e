// SPDX-License-Identifier: Apache-2.0
// cellos-project: wires the command line to libcellos. All behaviour lives in
// the library; the app parses the options and hands them to a command:
// replaying files (replay_command), or one that needs Kafka (kafka_command).
#include <malloc.h>

#include "cellos/base/detail/huge_heap.hpp"
#include "diff_command.hpp"
#include "kafka_command.hpp"
#include "logging.hpp"
#include "options.hpp"
#include "replay_command.hpp"

int main(int argc, char** argv) {
  // One malloc arena: the cells are allocated by whichever thread reduces at
  // the time (BatchPipeline), and glibc's per-thread arenas would scatter
  // them over two heaps, with more page faults and cache misses (measured:
  // ~5% of the run on 200 MB at -j2).
  mallopt(M_ARENA_MAX, 1);  // NOLINT(concurrency-mt-unsafe): before any thread starts
  // A large replay's heap in huge pages (see huge_heap.hpp): page faults
  // were up to a third of a one-core replay.
  cellos::detail::HugeHeap::allow();
  cellos::app::Options options;
  if (const int code = cellos::app::parse_options(argc, argv, options); code >= 0) return code;
  cellos::app::set_log_level(options.log_level);
  if (options.diff.requested) return cellos::app::run_diff(options.diff);
  if (cellos::app::needs_kafka(options)) return cellos::app::run_kafka_command(options, argv);
  if (options.inputs.empty()) options.inputs.emplace_back("-");
  cellos::app::run_replay(options, cellos::app::replay_files(options));
}
