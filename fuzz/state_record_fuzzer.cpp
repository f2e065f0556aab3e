// SPDX-License-Identifier: Apache-2.0
// libFuzzer: whatever a Kafka state, snapshots or problems topic holds, the
// readers of the stateful replay must refuse or read it, never crash: a
// cell's state value, a commit record, a transaction tag, and a partition's
// records told apart as committed or not.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "cellos/kafka/cell_record.hpp"
#include "cellos/kafka/transaction_log.hpp"
#include "cellos/reducer/snapshot_writer.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  cellos::CellStateProjection cell;
  if (cellos::kafka::decode_state_value(bytes, cell)) {
    // A state that decodes must re-encode to one that decodes the same.
    cellos::CellStateProjection again;
    if (!cellos::kafka::decode_state_value(cellos::kafka::encode_state_value(cell), again) ||
        cellos::snapshot_json(again) != cellos::snapshot_json(cell)) {
      __builtin_trap();
    }
  }
  if (const auto commit = cellos::kafka::decode_commit(bytes)) {
    if (cellos::kafka::decode_commit(cellos::kafka::encode_commit(*commit)) != commit)
      __builtin_trap();
  }
  (void)cellos::kafka::parse_tag(bytes);
  (void)cellos::kafka::parse_cell_record_key(bytes);

  // The input as a partition's log: lines are records, "!commit..." ones
  // commit records, others tagged by their first 24 bytes.
  std::vector<cellos::kafka::LogRecord> log;
  std::size_t start = 0;
  for (std::int64_t offset = 0; start < bytes.size(); ++offset) {
    std::size_t end = bytes.find('\n', start);
    if (end == std::string_view::npos) end = bytes.size();
    const std::string_view line = bytes.substr(start, end - start);
    cellos::kafka::LogRecord record;
    record.offset = offset;
    if (line.starts_with("!commit ")) {
      record.key = std::string(cellos::kafka::kCommitKey);
      record.value = std::string(line.substr(8));
    } else {
      record.key = std::string(line.substr(0, 1));
      record.tag = cellos::kafka::parse_tag(line.substr(0, 24));
    }
    log.push_back(std::move(record));
    start = end + 1;
  }
  const cellos::kafka::CommittedLog committed = cellos::kafka::committed_records(log);
  for (const cellos::kafka::LogRecord* record : committed.records) {
    if (!record->tag || !committed.commit || !committed.commit->counts(*record->tag))
      __builtin_trap();
  }
  return 0;
}
