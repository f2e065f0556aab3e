// Parses batches of lines on worker threads for `--jobs` > 1.
//
// The replayer copies lines into a LineBatch, submits it, and later waits for
// it in submission order; each batch owns its text, its decoded-string arena
// and its parsed lines, so workers share nothing but the queue. Threads that
// wait for a batch parse queued ones meanwhile, so a BatchParser without
// workers of its own still gets everything parsed.
#pragma once

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

#include "line_batch.hpp"
#include "parsed_line.hpp"

namespace cellos::replay {

class BatchParser {
 public:
  BatchParser(unsigned threads, int max_depth, const LineRules& rules);
  ~BatchParser();
  BatchParser(const BatchParser&) = delete;
  BatchParser& operator=(const BatchParser&) = delete;

  void submit(LineBatch& batch);
  // Returns once `batch` is parsed, parsing queued batches with `parser`
  // meanwhile (each calling thread brings its own).
  void wait(LineBatch& batch, EventParser& parser);
  // Parses the oldest queued batch, if any; false when none was queued.
  bool parse_one(EventParser& parser);

 private:
  void work();
  // With the lock held and a batch queued: parses that batch, unlocked.
  void parse_front(std::unique_lock<std::mutex>& lock, EventParser& parser);
  void parse(LineBatch& batch, EventParser& parser) const;

  std::mutex mutex_;
  std::condition_variable has_work_;
  std::condition_variable has_done_;
  std::deque<LineBatch*> queue_;
  bool stopping_ = false;
  int max_depth_;
  LineRules rules_;
  std::vector<std::thread> threads_;
};

}  // namespace cellos::replay
