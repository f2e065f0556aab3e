// SPDX-License-Identifier: Apache-2.0
// How the records a stateful Kafka replay writes (cell states, snapshots,
// problems) are told apart from those of work that never committed.
//
// Every partition of an output topic is written by one writer at a time:
// the member that owns the input partition of the same number, through a
// transactional producer of its own. Each record of a transaction carries a
// tag (writer, sequence). Once a transaction has committed, the writer's
// next transaction starts with a commit record (key kCommitKey) in each
// output partition: it names the input offset the partition's state now
// reflects and, per writer that ever wrote there, the last of its
// transactions that committed. A reader takes the last commit record of a
// partition and keeps the tagged records before it that it names.
//
// This does not rest on the cluster hiding aborted transactions: a member
// killed between producing and committing leaves records no later commit
// record names. (librdkafka's mock cluster shows aborted records to
// read_committed consumers; a real cluster's filter is a second line.)
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cellos::kafka {

// The header that tags a record with its transaction.
inline constexpr char kTransactionHeader[] = "cellos-txn";
// The key of commit records (no cell key starts with '!').
inline constexpr std::string_view kCommitKey = "!commit";

struct TransactionTag {
  std::uint64_t writer = 0;    // random, new for every assignment of a partition
  std::uint64_t sequence = 0;  // the writer's transactions, from 1
  bool operator==(const TransactionTag&) const = default;
};

// "<writer as 16 hex digits>:<sequence>".
std::string format_tag(TransactionTag tag);
std::optional<TransactionTag> parse_tag(std::string_view text);

struct CommitRecord {
  // The input partition's next offset to replay: everything before it is in
  // the committed records.
  std::int64_t next_offset = 0;
  // Per writer, the last transaction of it that committed.
  std::map<std::uint64_t, std::uint64_t> committed;

  [[nodiscard]] bool counts(const TransactionTag& tag) const;
  bool operator==(const CommitRecord&) const = default;
};

// "cellos-commit/1 next=N writers=W:S,W:S" (W in hex; the version is
// checked, so a later format is refused rather than misread).
std::string encode_commit(const CommitRecord& commit);
std::optional<CommitRecord> decode_commit(std::string_view text);

// One record of a partition, as read back.
struct LogRecord {
  std::int64_t offset = 0;
  std::optional<std::string> key;  // none: a record without key (a problem)
  std::string value;
  std::optional<TransactionTag> tag;
};

// What a partition holds once uncommitted work is left out: the last commit
// record (none when nothing ever committed) and, in log order, the records
// it counts. Records that are neither tagged nor commit records are left out
// too: they were not written by cellos-project.
struct CommittedLog {
  std::optional<CommitRecord> commit;
  std::vector<const LogRecord*> records;
};
CommittedLog committed_records(const std::vector<LogRecord>& log);

}  // namespace cellos::kafka
