// SPDX-License-Identifier: Apache-2.0
#include "cellos/kafka/topic_table.hpp"

#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "cellos/kafka/cell_record.hpp"
#include "cellos/reducer/snapshot_writer.hpp"
#include "cellos/reducer/state_codec.hpp"
#include "kafka/partition_reader.hpp"

namespace cellos::kafka {

namespace {

// A state record's value as the cell's snapshot; other values as they are.
bool as_row(const LogRecord& record, std::string& row) {
  if (record.value.empty() || record.value.front() != static_cast<char>(kCellStateVersion)) {
    row = record.value;
    return true;
  }
  CellStateProjection cell;
  if (!decode_state_value(record.value, cell)) return false;
  row = snapshot_json(cell);
  return true;
}

// The committed rows of one partition, in order.
std::string partition_rows(const std::vector<LogRecord>& log, std::vector<std::string>& rows,
                           const std::string& where) {
  rows.clear();
  std::unordered_map<std::string, std::size_t> row_of_key;
  std::string row;
  for (const LogRecord* record : committed_records(log).records) {
    if (!as_row(*record, row)) {
      return where + " holds a record at offset " + std::to_string(record->offset) +
             " that is no cell state of this version";
    }
    if (!record->key) {
      rows.push_back(std::move(row));
      continue;
    }
    const auto [found, added] = row_of_key.emplace(*record->key, rows.size());
    if (added) {
      rows.push_back(std::move(row));
    } else {
      rows[found->second] = std::move(row);
    }
  }
  return {};
}

}  // namespace

std::string read_topic_table(const ClientConfig& client, const std::string& topic,
                             const std::function<void(std::string_view)>& row) {
  PartitionReader reader(client);
  std::vector<std::int32_t> partitions;
  if (std::string error = reader.partitions(topic, partitions); !error.empty()) return error;
  std::vector<std::vector<LogRecord>> logs;
  if (std::string error = reader.read(topic, partitions, logs); !error.empty()) return error;
  std::vector<std::string> rows;
  for (std::size_t i = 0; i < partitions.size(); ++i) {
    const std::string where = topic + "[" + std::to_string(partitions[i]) + "]";
    if (std::string error = partition_rows(logs[i], rows, where); !error.empty()) return error;
    for (const std::string& text : rows) row(text);
  }
  return {};
}

}  // namespace cellos::kafka
