// Parses batches of lines on worker threads for `--jobs` > 1.
//
// The replayer copies lines into a LineBatch, submits it, and later waits for
// it in submission order; each batch owns its text, its decoded-string arena
// and its parsed lines, so workers share nothing but the queue.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "parsed_line.hpp"

namespace cellos::replay {

struct LineBatch {
  struct Span {
    std::uint64_t number;
    std::size_t offset;
    std::size_t size;
    std::size_t length;  // the full length (too-long lines keep no text)
    bool too_long;
  };
  std::string text;  // the lines back to back
  std::vector<Span> lines;
  std::string arena;  // decoded strings of the parsed events
  std::vector<ParsedLine> parsed;
  bool done = false;

  void clear() {
    text.clear();
    lines.clear();
    done = false;
  }
};

class BatchParser {
 public:
  BatchParser(unsigned threads, int max_depth, const LineRules& rules);
  ~BatchParser();
  BatchParser(const BatchParser&) = delete;
  BatchParser& operator=(const BatchParser&) = delete;

  void submit(LineBatch& batch);
  // Returns once `batch` is parsed, parsing queued batches meanwhile.
  // Called from one thread only.
  void wait(LineBatch& batch);

 private:
  void work();
  void parse(LineBatch& batch, EventParser& parser) const;

  std::mutex mutex_;
  std::condition_variable has_work_;
  std::condition_variable has_done_;
  std::deque<LineBatch*> queue_;
  bool stopping_ = false;
  int max_depth_;
  LineRules rules_;
  std::vector<std::thread> threads_;
  EventParser own_parser_;  // for the waiting thread's share of the parsing
};

}  // namespace cellos::replay
