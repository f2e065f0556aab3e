// SPDX-License-Identifier: Apache-2.0
// Comparing two replay results cell by cell: what `cellos-project diff A B`
// and `--expect FILE` print. A result is a set of snapshots, read from what
// the tool prints (NDJSON snapshots, or the cells of an -o json document) or
// taken from a replay's cells.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "cellos/replay/cell_table.hpp"

namespace cellos::report {

// One cell's snapshot as named fields (in the snapshot's order), each value
// as compact JSON text.
struct SnapshotFields {
  std::string key;  // "cellId:<id>", or "specId:<id>" for a cell keyed by its spec
  std::vector<std::pair<std::string, std::string>> fields;
};

// The cells of one replay result, in their order.
class SnapshotSet {
 public:
  // Reads `text` (from `name`): NDJSON snapshots, one per line, or an -o json
  // document. Returns false with `error()` ("NAME:LINE: why") on anything else.
  bool read(std::string_view text, std::string_view name);
  // The snapshots of a replay's cells.
  void take(const replay::CellTable& cells);

  [[nodiscard]] const std::vector<SnapshotFields>& cells() const { return cells_; }
  [[nodiscard]] const SnapshotFields* find(std::string_view key) const;
  [[nodiscard]] const std::string& error() const { return error_; }

 private:
  bool add(std::string_view object_text, std::string_view name, std::size_t line);
  bool read_document(std::string_view text, std::string_view name);

  std::vector<SnapshotFields> cells_;
  std::unordered_map<std::string, std::size_t> index_;
  std::string error_;
};

struct FieldChange {
  std::string field;
  std::string before;  // compact JSON
  std::string after;
};

struct CellDifference {
  enum class Kind : std::uint8_t { Added, Removed, Changed };
  Kind kind = Kind::Changed;
  std::string key;                       // as SnapshotFields::key
  std::vector<FieldChange> changes;      // for Changed
  const SnapshotFields* cell = nullptr;  // the added or removed cell
};

// "cellId" / "specId" and the id, from a SnapshotFields::key.
std::pair<std::string_view, std::string_view> split_cell_key(std::string_view key);

// What changed from `before` to `after`: removed and changed cells in the
// order of `before`, then added cells in the order of `after`. Fields named
// in `ignored` are not compared.
std::vector<CellDifference> diff_snapshots(const SnapshotSet& before, const SnapshotSet& after,
                                           const std::vector<std::string>& ignored = {});

}  // namespace cellos::report
