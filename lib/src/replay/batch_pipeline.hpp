// SPDX-License-Identifier: Apache-2.0
// Runs a replay in batches of lines on several threads (--jobs > 1).
//
// A batch goes through three jobs: reading (the next lines, into its block), parsing
// and reducing (routing and applying its events, in input order). Reading
// and reducing are one thread at a time, in input order; parsing any number
// at once. Every thread, the caller's included, takes whichever job is most
// urgent when it is free: reducing the oldest batch once it is parsed, then
// reading the next, then parsing. So no thread idles while another one is
// the bottleneck, whichever job that is on a given machine and log.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "replay/line_batch.hpp"
#include "replay/parsed_line.hpp"

namespace cellos::replay {

class BatchPipeline {
 public:
  struct Jobs {
    // Fills the block of a batch with the next lines; false when nothing
    // more follows (the batch may still hold lines).
    std::function<bool(LineBatch&)> read;
    // Consumes a parsed batch, in input order; false to stop the replay.
    std::function<bool(LineBatch&)> reduce;
  };

  BatchPipeline(unsigned threads, int max_depth, std::size_t max_line_bytes,
                const input::LineRules& rules);

  // Runs `jobs` over one input until it ends (true) or reduce says stop
  // (false), on `threads` threads: this one and threads − 1 started for the
  // run. An exception from a job ends the run and is rethrown here.
  bool run(const Jobs& jobs);

 private:
  void work(const Jobs& jobs, EventParser& parser);
  void parse(LineBatch& batch, EventParser& parser) const;

  unsigned threads_;
  int max_depth_;
  std::size_t max_line_bytes_;
  input::LineRules rules_;
  // Batches in flight: 2 per thread keep every thread busy and memory a few MiB.
  std::vector<std::unique_ptr<LineBatch>> batches_;

  // The state of a run, guarded by mutex_.
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<LineBatch*> free_;     // empty batches
  std::deque<LineBatch*> in_order_;  // read and not yet reduced, in input order
  std::deque<LineBatch*> to_parse_;  // read and not yet taken for parsing
  bool reading_ = false;             // a thread is reading
  bool reducing_ = false;            // a thread is reducing
  bool more_input_ = true;           // reading has not reached the end
  bool stopped_ = false;             // reduce said stop, or a job threw
  std::exception_ptr failure_;
};

}  // namespace cellos::replay
