#include "batch_parser.hpp"

namespace cellos::replay {

BatchParser::BatchParser(unsigned threads, int max_depth, const LineRules& rules)
    : max_depth_(max_depth), rules_(rules) {
  for (unsigned i = 0; i < threads; ++i) threads_.emplace_back([this] { work(); });
}

BatchParser::~BatchParser() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  has_work_.notify_all();
  for (std::thread& t : threads_) t.join();
}

void BatchParser::submit(LineBatch& batch) {
  batch.done = false;
  {
    std::lock_guard lock(mutex_);
    queue_.push_back(&batch);
  }
  has_work_.notify_one();
}

void BatchParser::wait(LineBatch& batch, EventParser& parser) {
  // The waiting thread has work of its own to do with the batch; rather than
  // idle until a worker is done, it parses queued batches itself (oldest
  // first, which is `batch` itself when no worker has taken it yet).
  std::unique_lock lock(mutex_);
  while (!batch.done) {
    if (queue_.empty()) {
      has_done_.wait(lock);
    } else {
      parse_front(lock, parser);
    }
  }
}

bool BatchParser::parse_one(EventParser& parser) {
  std::unique_lock lock(mutex_);
  if (queue_.empty()) return false;
  parse_front(lock, parser);
  return true;
}

void BatchParser::parse_front(std::unique_lock<std::mutex>& lock, EventParser& parser) {
  LineBatch* batch = queue_.front();
  queue_.pop_front();
  lock.unlock();
  parse(*batch, parser);
  lock.lock();
  batch->done = true;
  has_done_.notify_all();
}

void BatchParser::work() {
  EventParser parser;
  parser.set_max_depth(max_depth_);
  std::unique_lock lock(mutex_);
  for (;;) {
    has_work_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;
    parse_front(lock, parser);
  }
}

void BatchParser::parse(LineBatch& batch, EventParser& parser) const {
  // Decoded strings never outgrow their lines, so one reservation covers the
  // batch and views into the arena stay valid until the batch is reused.
  batch.arena.clear();
  batch.arena.reserve(batch.text.size());
  if (batch.parsed.size() < batch.lines.size()) batch.parsed.resize(batch.lines.size());
  for (std::size_t i = 0; i < batch.lines.size(); ++i) {
    const LineBatch::Span& span = batch.lines[i];
    Line line;
    line.number = span.number;
    line.too_long = span.too_long;
    line.length = span.length;
    line.newline = span.newline;
    line.text = std::string_view(batch.text).substr(span.offset, span.size);
    parse_line(line, rules_, parser, &batch.arena, batch.parsed[i]);
  }
}

}  // namespace cellos::replay
