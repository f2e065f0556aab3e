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
