// SPDX-License-Identifier: Apache-2.0
#include "cellos/kafka/transaction_log.hpp"

#include <charconv>
#include <cinttypes>
#include <cstdio>

namespace cellos::kafka {

namespace {

constexpr std::string_view kCommitPrefix = "cellos-commit/1 next=";
constexpr std::string_view kWritersField = " writers=";
constexpr int kHexDigits = 16;

// Reads an unsigned number in `base` from the front of `text`, advancing it.
bool take_number(std::string_view& text, std::uint64_t& value, int base) {
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value, base);
  if (error != std::errc() || end == text.data()) return false;
  text.remove_prefix(static_cast<std::size_t>(end - text.data()));
  return true;
}

bool take(std::string_view& text, char c) {
  if (text.empty() || text.front() != c) return false;
  text.remove_prefix(1);
  return true;
}

// "W:S" from the front of `text`.
std::optional<TransactionTag> take_tag(std::string_view& text) {
  TransactionTag tag;
  const std::size_t before = text.size();
  if (!take_number(text, tag.writer, kHexDigits) || before - text.size() != kHexDigits ||
      !take(text, ':') || !take_number(text, tag.sequence, 10)) {
    return std::nullopt;
  }
  return tag;
}

}  // namespace

std::string format_tag(TransactionTag tag) {
  char text[48];
  const int size =
      std::snprintf(text, sizeof text, "%016" PRIx64 ":%" PRIu64, tag.writer, tag.sequence);
  return {text, static_cast<std::size_t>(size)};
}

std::optional<TransactionTag> parse_tag(std::string_view text) {
  std::optional<TransactionTag> tag = take_tag(text);
  return tag && text.empty() ? tag : std::nullopt;
}

bool CommitRecord::counts(const TransactionTag& tag) const {
  const auto found = committed.find(tag.writer);
  return found != committed.end() && tag.sequence <= found->second;
}

std::string encode_commit(const CommitRecord& commit) {
  std::string text(kCommitPrefix);
  text += std::to_string(commit.next_offset);
  text += kWritersField;
  bool first = true;
  for (const auto& [writer, sequence] : commit.committed) {
    if (!first) text.push_back(',');
    first = false;
    text += format_tag({writer, sequence});
  }
  return text;
}

std::optional<CommitRecord> decode_commit(std::string_view text) {
  if (!text.starts_with(kCommitPrefix)) return std::nullopt;
  text.remove_prefix(kCommitPrefix.size());
  CommitRecord commit;
  std::uint64_t next = 0;
  if (!take_number(text, next, 10) || next > INT64_MAX || !text.starts_with(kWritersField))
    return std::nullopt;
  commit.next_offset = static_cast<std::int64_t>(next);
  text.remove_prefix(kWritersField.size());
  if (text.empty()) return commit;
  for (;;) {
    const std::optional<TransactionTag> tag = take_tag(text);
    if (!tag || !commit.committed.emplace(tag->writer, tag->sequence).second) return std::nullopt;
    if (text.empty()) return commit;
    if (!take(text, ',')) return std::nullopt;
  }
}

CommittedLog committed_records(const std::vector<LogRecord>& log) {
  CommittedLog result;
  std::size_t end = 0;  // one past the last commit record that decodes
  for (std::size_t i = log.size(); i-- > 0;) {
    const LogRecord& record = log[i];
    if (!record.key || *record.key != kCommitKey) continue;
    if (std::optional<CommitRecord> commit = decode_commit(record.value)) {
      result.commit = std::move(commit);
      end = i;
      break;
    }
  }
  if (!result.commit) return result;
  for (std::size_t i = 0; i < end; ++i) {
    const LogRecord& record = log[i];
    if (record.tag && result.commit->counts(*record.tag)) result.records.push_back(&record);
  }
  return result;
}

}  // namespace cellos::kafka
