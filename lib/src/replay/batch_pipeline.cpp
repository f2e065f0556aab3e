// SPDX-License-Identifier: Apache-2.0
#include "replay/batch_pipeline.hpp"

#include <thread>

namespace cellos::replay {

BatchPipeline::BatchPipeline(unsigned threads, int max_depth, std::size_t max_line_bytes,
                             const input::LineRules& rules)
    : threads_(threads), max_depth_(max_depth), max_line_bytes_(max_line_bytes), rules_(rules) {
  for (unsigned i = 0; i < threads * 2 + 1; ++i) batches_.push_back(std::make_unique<LineBatch>());
}

bool BatchPipeline::run(const Jobs& jobs) {
  free_.clear();
  for (auto& batch : batches_) free_.push_back(batch.get());
  in_order_.clear();
  to_parse_.clear();
  reading_ = reducing_ = stopped_ = false;
  more_input_ = true;
  failure_ = nullptr;

  std::vector<std::thread> helpers;
  helpers.reserve(threads_ - 1);
  for (unsigned i = 1; i < threads_; ++i) {
    helpers.emplace_back([this, &jobs] {
      EventParser parser;
      parser.set_max_depth(max_depth_);
      work(jobs, parser);
    });
  }
  EventParser parser;
  parser.set_max_depth(max_depth_);
  work(jobs, parser);
  for (std::thread& helper : helpers) helper.join();

  if (failure_) std::rethrow_exception(failure_);
  return !stopped_;
}

void BatchPipeline::work(const Jobs& jobs, EventParser& parser) {
  std::unique_lock lock(mutex_);
  // Runs one job without the lock; an exception stops the run for everyone.
  const auto unlocked = [&](auto&& job) {
    lock.unlock();
    try {
      job();
    } catch (...) {
      lock.lock();
      if (!failure_) failure_ = std::current_exception();
      stopped_ = true;
      return;
    }
    lock.lock();
  };
  for (;;) {
    if (stopped_) break;
    // Reducing first: it is strictly sequential, so it sets the pace.
    if (!reducing_ && !in_order_.empty() && in_order_.front()->done) {
      LineBatch* batch = in_order_.front();
      in_order_.pop_front();
      reducing_ = true;
      bool go_on = true;
      unlocked([&] { go_on = jobs.reduce(*batch); });
      reducing_ = false;
      if (!go_on) stopped_ = true;
      free_.push_back(batch);
      changed_.notify_all();
      continue;
    }
    if (!reading_ && more_input_ && !free_.empty()) {
      LineBatch* batch = free_.back();
      free_.pop_back();
      batch->done = false;
      reading_ = true;
      bool more = false;
      unlocked([&] { more = jobs.read(*batch); });
      reading_ = false;
      more_input_ = more && !stopped_;
      if (batch->empty() || stopped_) {
        free_.push_back(batch);
      } else {
        in_order_.push_back(batch);
        to_parse_.push_back(batch);
      }
      changed_.notify_all();
      continue;
    }
    if (!to_parse_.empty()) {
      LineBatch* batch = to_parse_.front();
      to_parse_.pop_front();
      unlocked([&] { parse(*batch, parser); });
      batch->done = true;
      changed_.notify_all();
      continue;
    }
    // Nothing to do now: done when nothing is left or coming.
    if (!more_input_ && !reading_ && in_order_.empty()) break;
    changed_.wait(lock);
  }
  changed_.notify_all();
}

void BatchPipeline::parse(LineBatch& batch, EventParser& parser) const {
  input::split_block(batch.block, max_line_bytes_, batch.lines);
  // Decoded strings never outgrow their lines, so one reservation covers the
  // batch and views into the arena stay valid until the batch is reused.
  batch.arena.clear();
  batch.arena.reserve(batch.block.text.size());
  if (batch.parsed.size() < batch.lines.size()) batch.parsed.resize(batch.lines.size());
  for (std::size_t i = 0; i < batch.lines.size(); ++i) {
    // Numbered within the block: only its line 1 can be the input's.
    parse_line(batch.lines[i], rules_, parser, &batch.arena, batch.parsed[i],
               /*strip_bom=*/batch.block.starts_input);
  }
}

}  // namespace cellos::replay
