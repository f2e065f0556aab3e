// SPDX-License-Identifier: Apache-2.0
#include "cellos/kafka/transaction_log.hpp"

#include <doctest/doctest.h>

namespace cellos::kafka {

namespace {

LogRecord cell(std::int64_t offset, const char* key, TransactionTag tag) {
  return {offset, std::string(key), "state", tag};
}

LogRecord commit(std::int64_t offset, const CommitRecord& record) {
  return {offset, std::string(kCommitKey), encode_commit(record), std::nullopt};
}

std::vector<std::int64_t> offsets(const CommittedLog& log) {
  std::vector<std::int64_t> out;
  for (const LogRecord* record : log.records) out.push_back(record->offset);
  return out;
}

constexpr std::uint64_t kOld = 0xaaaa;  // a writer killed mid-transaction
constexpr std::uint64_t kNew = 0xbbbb;  // the partition's next owner

}  // namespace

TEST_CASE("a transaction tag reads back, and nothing else reads as one") {
  const TransactionTag tag{0x0123456789abcdefULL, 42};
  CHECK(format_tag(tag) == "0123456789abcdef:42");
  CHECK(parse_tag(format_tag(tag)) == tag);
  for (const char* bad : {"", "0123456789abcdef", "0123456789abcdef:", "123:4",
                          "0123456789abcdef:4x", "0123456789abcdeg:4", "0123456789abcdef:-4"}) {
    CAPTURE(bad);
    CHECK_FALSE(parse_tag(bad));
  }
}

TEST_CASE("a commit record reads back; a damaged or newer one does not") {
  const CommitRecord record{1234, {{kOld, 3}, {kNew, 7}}};
  const std::string text = encode_commit(record);
  CHECK(text == "cellos-commit/1 next=1234 writers=000000000000aaaa:3,000000000000bbbb:7");
  CHECK(decode_commit(text) == record);
  CHECK(decode_commit("cellos-commit/1 next=0 writers=") == CommitRecord{});
  for (const char* bad :
       {"cellos-commit/2 next=0 writers=", "cellos-commit/1 next= writers=",
        "cellos-commit/1 next=5 writers=000000000000aaaa:3,",
        "cellos-commit/1 next=5 writers=000000000000aaaa:3,000000000000aaaa:4",
        "cellos-commit/1 next=99999999999999999999 writers=", "cellos-commit/1 next=5"}) {
    CAPTURE(bad);
    CHECK_FALSE(decode_commit(bad));
  }
}

TEST_CASE("nothing counts in a partition no transaction committed to") {
  const std::vector<LogRecord> log = {cell(0, "ca", {kOld, 1}), cell(1, "cb", {kOld, 1})};
  const CommittedLog committed = committed_records(log);
  CHECK_FALSE(committed.commit);
  CHECK(committed.records.empty());
}

TEST_CASE("a killed writer's uncommitted transaction is left out, its committed ones kept") {
  // kOld committed transactions 1 and 2 (the commit record of 2 was written
  // at the start of 3), wrote 3 and died; kNew restored and committed 1.
  const std::vector<LogRecord> log = {
      cell(0, "ca", {kOld, 1}),
      commit(1, {10, {{kOld, 1}}}),
      cell(2, "cb", {kOld, 2}),
      commit(3, {20, {{kOld, 2}}}),
      cell(4, "cc", {kOld, 3}),  // never committed
      commit(5, {20, {{kOld, 2}}}),
      cell(6, "cc", {kNew, 1}),
      commit(7, {30, {{kOld, 2}, {kNew, 1}}}),
      cell(8, "cd", {kNew, 2}),  // its commit record is not written yet
  };
  const CommittedLog committed = committed_records(log);
  REQUIRE(committed.commit);
  CHECK(committed.commit->next_offset == 30);
  CHECK(offsets(committed) == std::vector<std::int64_t>{0, 2, 6});
}

TEST_CASE("the last commit record decides, even when an earlier one named more") {
  // A record of a writer the last commit record does not name never counts,
  // and records after the last commit record never do.
  const std::vector<LogRecord> log = {
      cell(0, "ca", {kOld, 1}),
      commit(1, {5, {{kNew, 1}}}),
      cell(2, "cb", {kNew, 1}),
      commit(3, {6, {{kNew, 1}}}),
      cell(4, "cc", {kNew, 1}),
      {5, std::string(kCommitKey), "damaged", std::nullopt},
      {6, std::nullopt, "untagged", std::nullopt},
  };
  const CommittedLog committed = committed_records(log);
  REQUIRE(committed.commit);
  CHECK(committed.commit->next_offset == 6);
  CHECK(offsets(committed) == std::vector<std::int64_t>{2});
}

}  // namespace cellos::kafka
