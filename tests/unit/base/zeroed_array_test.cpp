// SPDX-License-Identifier: Apache-2.0
#include "cellos/base/detail/zeroed_array.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <string_view>

namespace cellos::detail {
namespace {

TEST_CASE("a zeroed array reads as empty values, small and huge-page sized") {
  for (const std::size_t size : {std::size_t{10}, std::size_t{1} << 20}) {
    for (const Paging paging : {Paging::Huge, Paging::Small}) {
      ZeroedArray<std::uint64_t> array(size, paging);
      CHECK(array.size() == size);
      CHECK(array[0] == 0);
      CHECK(array[size - 1] == 0);
      array[size / 2] = 7;
      CHECK(array[size / 2] == 7);
    }
  }
}

TEST_CASE("a zeroed vector grows by empty elements and keeps what it held") {
  ZeroedVector<std::string_view> views;
  views.push_back("first");
  views.grow_zeroed(300000);  // past its room, and past 2 MiB of views
  CHECK(views.size() == 300001);
  CHECK(views[0] == "first");
  CHECK(views[1].empty());
  CHECK(views[300000].empty());
  views[123456] = "set";
  for (int i = 0; i < 100; ++i) views.push_back("pushed");
  views.grow_zeroed(5);
  CHECK(views.size() == 300106);
  CHECK(views[123456] == "set");
  CHECK(views[300100] == "pushed");
  CHECK(views[300105].empty());
  CHECK(views.end() - views.begin() == 300106);
}

TEST_CASE("a zeroed vector reserved ahead does not move when it fills its room") {
  ZeroedVector<std::uint32_t> numbers;
  numbers.reserve(1000);
  const std::uint32_t* before = numbers.begin();
  numbers.grow_zeroed(600);
  for (std::uint32_t i = 0; i < 400; ++i) numbers.push_back(i);
  CHECK(numbers.begin() == before);
  CHECK(numbers.capacity() == 1000);
  CHECK(numbers[599] == 0);
  CHECK(numbers[999] == 399);
}

}  // namespace
}  // namespace cellos::detail
