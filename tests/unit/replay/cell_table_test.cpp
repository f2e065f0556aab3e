// SPDX-License-Identifier: Apache-2.0
#include "cellos/replay/cell_table.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using cellos::CellStateProjection;
using cellos::replay::CellTable;
using cellos::replay::RouteKind;

TEST_CASE("cellId and specId keys are separate key spaces; inputs share cells by default") {
  CellTable table;
  CellStateProjection& a = table.find_or_create(RouteKind::CellId, "x", 0);
  CHECK(&table.find_or_create(RouteKind::CellId, "x", 1) == &a);
  CHECK(&table.find_or_create(RouteKind::SpecId, "x", 0) != &a);
  CHECK(table.size() == 2);
}

TEST_CASE("with cells_per_input, a key in two inputs is two cells") {
  CellTable table(/*cells_per_input=*/true);
  CellStateProjection& a = table.find_or_create(RouteKind::CellId, "x", 0);
  CellStateProjection& b = table.find_or_create(RouteKind::CellId, "x", 1);
  CHECK(&a != &b);
  CHECK(&table.find_or_create(RouteKind::CellId, "x", 1) == &b);
  CHECK(table.size() == 2);
}

TEST_CASE("drop_input forgets one input's cells; order_by_input groups the rest") {
  CellTable table(/*cells_per_input=*/true);
  // Many cells, to cross the index's growth.
  for (int i = 0; i < 5000; ++i)
    table.find_or_create(RouteKind::CellId, "c" + std::to_string(i),
                         static_cast<std::uint32_t>(i % 3));
  table.drop_input(1);
  CHECK(table.size() == 3333);
  for (std::size_t i = 0; i < table.size(); ++i) CHECK(table.first_input(i) != 1);
  table.order_by_input();
  for (std::size_t i = 1; i < table.size(); ++i)
    CHECK(table.first_input(i - 1) <= table.first_input(i));
  // Lookups still find the surviving cells; dropped ones come back new.
  const std::size_t before = table.size();
  table.find_or_create(RouteKind::CellId, "c0", 0);
  table.find_or_create(RouteKind::CellId, "c2", 2);
  CHECK(table.size() == before);
  table.find_or_create(RouteKind::CellId, "c1", 1);
  CHECK(table.size() == before + 1);
}

TEST_CASE("prefetch hints are safe on any table and change nothing") {
  for (const bool per_input : {false, true}) {
    CellTable table(per_input);
    const std::uint64_t hash = CellTable::key_hash(RouteKind::CellId, "x");
    table.prefetch(hash, 1);  // empty: no index yet
    table.prefetch_cell(hash, 1);
    CellStateProjection& x = table.find_or_create(RouteKind::CellId, "x", 1);
    for (const char* key : {"x", "absent"}) {
      const std::uint64_t h = CellTable::key_hash(RouteKind::CellId, key);
      table.prefetch(h, 1);
      table.prefetch_cell(h, 1);
      table.prefetch_cell(h, 2);
    }
    CHECK(table.size() == 1);
    CHECK(&table.find_or_create(RouteKind::CellId, "x", 1) == &x);
  }
}

TEST_CASE("changes are kept for the whole replay and since the last checkpoint apart") {
  CellTable table;
  table.track_changes();
  const std::size_t a =
      table.find_or_add(RouteKind::CellId, "a", CellTable::key_hash(RouteKind::CellId, "a"), 0);
  const std::size_t b =
      table.find_or_add(RouteKind::CellId, "b", CellTable::key_hash(RouteKind::CellId, "b"), 0);
  CHECK((table.changed(a) && table.unsaved(a) && table.changed(b) && table.unsaved(b)));
  table.mark_saved();
  CHECK((table.changed(a) && !table.unsaved(a)));  // --changed still prints it
  table.mark_changed(b);
  CHECK((table.unsaved(b) && !table.unsaved(a)));  // the next checkpoint writes b only
  table.unmark_changed(a);                         // restored from a checkpoint
  CHECK((!table.changed(a) && !table.unsaved(a)));
}

TEST_CASE("reserve keeps the cells already there and finds every cell added after it") {
  CellTable table;
  std::vector<CellStateProjection*> cells;
  cells.reserve(100);
  for (int i = 0; i < 100; ++i)
    cells.push_back(&table.find_or_create(RouteKind::CellId, "before-" + std::to_string(i)));
  table.reserve(50000);  // rehashes the 100 into a bigger index
  table.reserve(10);     // smaller than what is there: nothing changes
  for (int i = 0; i < 100; ++i)
    CHECK(&table.find_or_create(RouteKind::CellId, "before-" + std::to_string(i)) == cells[i]);
  for (int i = 0; i < 60000; ++i) table.find_or_create(RouteKind::SpecId, std::to_string(i));
  CHECK(table.size() == 60100);
  CHECK(&table.find_or_create(RouteKind::SpecId, "59999") == &table[60099]);
  CHECK(&table.find_or_create(RouteKind::CellId, "before-0") == &table[0]);
}

namespace {

std::string restored_key(int i) {
  return "restored-" + std::to_string(i);
}

// A table restored by key hashes alone, as from a state file of format 3,
// whose key loader gives every cell its key on demand and counts the calls.
struct HashRestoredTable {
  CellTable table;
  int loads = 0;
  std::vector<bool> loadable;

  explicit HashRestoredTable(int cells) : loadable(static_cast<std::size_t>(cells), true) {
    // In batches, as a state file's chunks come, of sizes that make the
    // table's arrays grow in the middle of one.
    std::vector<std::uint64_t> batch;
    for (int i = 0; i < cells; ++i) {
      batch.push_back(CellTable::key_hash(RouteKind::CellId, restored_key(i)));
      if (batch.size() == 777 || i + 1 == cells) {
        table.add_restored(batch);
        batch.clear();
      }
    }
    CHECK(table.index_restored() == CellTable::kNoCell);
    table.set_key_loader([this](std::size_t cell) {
      ++loads;
      if (loadable[cell])
        CHECK(
            table.set_restored_key(cell, RouteKind::CellId, restored_key(static_cast<int>(cell))));
    });
  }
};

}  // namespace

TEST_CASE("cells restored by hash get their keys only when a lookup reaches them") {
  HashRestoredTable restored(5000);
  CellTable& table = restored.table;
  CHECK(table.size() == 5000);
  CHECK_FALSE(table.has_key(4321));
  CHECK(table.find_or_add(RouteKind::CellId, restored_key(4321),
                          CellTable::key_hash(RouteKind::CellId, restored_key(4321)), 0) == 4321);
  CHECK(restored.loads == 1);
  CHECK(table.has_key(4321));
  CHECK(table.key(4321).key == restored_key(4321));
  CHECK_FALSE(table.has_key(0));
  // A key no cell has is added after them, loading nothing (or next to nothing:
  // only a cell whose hash shares its first bits would be asked).
  CHECK(table.find_or_add(RouteKind::CellId, "new", CellTable::key_hash(RouteKind::CellId, "new"),
                          0) == 5000);
  CHECK(restored.loads <= 2);
  // Growing the index rehashes nothing: restored cells keep being found.
  for (int i = 0; i < 20000; ++i) table.find_or_create(RouteKind::SpecId, std::to_string(i));
  CHECK(table.find_or_add(RouteKind::CellId, restored_key(7),
                          CellTable::key_hash(RouteKind::CellId, restored_key(7)), 0) == 7);
}

TEST_CASE("a restored cell whose key is refused or cannot be loaded is never matched") {
  HashRestoredTable restored(10);
  CellTable& table = restored.table;
  // The key given must be the one hashed, and given once.
  CHECK_FALSE(table.set_restored_key(3, RouteKind::CellId, "not-the-key"));
  CHECK_FALSE(table.set_restored_key(3, RouteKind::SpecId, restored_key(3)));
  CHECK(table.set_restored_key(3, RouteKind::CellId, restored_key(3)));
  CHECK_FALSE(table.set_restored_key(3, RouteKind::CellId, restored_key(3)));
  // A damaged chunk: the loader leaves the key out, the lookup goes on and
  // adds a cell (the replay stops on the loader's error before using it).
  restored.loadable[5] = false;
  CHECK(table.find_or_add(RouteKind::CellId, restored_key(5),
                          CellTable::key_hash(RouteKind::CellId, restored_key(5)), 0) == 10);
}

TEST_CASE("restoring by key finds a key stored twice") {
  CellTable table;
  table.add_restored(RouteKind::CellId, "a");
  table.add_restored(RouteKind::SpecId, "a");
  table.add_restored(RouteKind::CellId, "b");
  table.add_restored(RouteKind::CellId, "a");
  CHECK(table.index_restored() == 3);
}

TEST_CASE("restored cells no lookup reached read as new cells, without being made") {
  CellTable table;
  for (int i = 0; i < 3000; ++i) table.add_restored(RouteKind::CellId, restored_key(i));
  CHECK(table.index_restored() == CellTable::kNoCell);
  const CellTable& read_only = table;
  CHECK(read_only[2999].processed_events() == 0);
  CHECK(read_only[0].current_state() == CellStateProjection{}.current_state());
  std::size_t visited = 0;
  for (const CellStateProjection& cell : read_only) visited += cell.processed_events() == 0 ? 1 : 0;
  CHECK(visited == 3000);
  // Made when written: the cell keeps what it was given.
  CellStateProjection& made = table.cell(1234);
  CHECK(&made == &read_only[1234]);
  CHECK(&table.find_or_create(RouteKind::CellId, restored_key(1234)) == &made);
}
