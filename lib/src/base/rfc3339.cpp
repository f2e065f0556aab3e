// SPDX-License-Identifier: Apache-2.0
#include "cellos/base/rfc3339.hpp"

namespace cellos {

namespace {

// Reads `count` digits at text[at]; false when any is not a digit.
bool digits(std::string_view text, std::size_t at, std::size_t count, int& value) {
  if (at + count > text.size()) return false;
  value = 0;
  for (std::size_t i = at; i < at + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    value = value * 10 + (text[i] - '0');
  }
  return true;
}

bool is_leap_year(int year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int days_in_month(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap_year(year) ? 29 : kDays[month - 1];
}

// Days from 1970-01-01 to the civil date (Howard Hinnant's days_from_civil).
std::int64_t days_from_civil(int year, int month, int day) {
  const int y = year - (month <= 2 ? 1 : 0);
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int year_of_era = y - era * 400;
  const int day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const int day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return static_cast<std::int64_t>(era) * 146097 + day_of_era - 719468;
}

// The fraction after the seconds, if any, as nanoseconds; `at` moves past it.
bool fraction(std::string_view text, std::size_t& at, std::int32_t& nanoseconds) {
  nanoseconds = 0;
  if (at >= text.size() || text[at] != '.') return true;
  ++at;
  const std::size_t first = at;
  std::int32_t scale = 100000000;
  while (at < text.size() && text[at] >= '0' && text[at] <= '9') {
    nanoseconds += (text[at] - '0') * scale;
    scale /= 10;
    ++at;
  }
  return at > first;
}

// The offset from UTC at text[at..], in seconds east.
bool offset(std::string_view text, std::size_t at, std::int64_t& seconds) {
  if (at + 1 == text.size() && (text[at] == 'Z' || text[at] == 'z')) {
    seconds = 0;
    return true;
  }
  int hours = 0;
  int minutes = 0;
  if (at + 6 != text.size() || (text[at] != '+' && text[at] != '-') || text[at + 3] != ':' ||
      !digits(text, at + 1, 2, hours) || !digits(text, at + 4, 2, minutes) || hours > 23 ||
      minutes > 59) {
    return false;
  }
  seconds = (text[at] == '-' ? -1 : 1) * (std::int64_t{hours} * 3600 + std::int64_t{minutes} * 60);
  return true;
}

}  // namespace

std::optional<Instant> parse_rfc3339(std::string_view text) {
  int year = 0;
  int month = 0;
  int day = 0;
  int hour = 0;
  int minute = 0;
  int second = 0;
  if (!digits(text, 0, 4, year) || text.size() < 19 || text[4] != '-' ||
      !digits(text, 5, 2, month) || text[7] != '-' || !digits(text, 8, 2, day) ||
      (text[10] != 'T' && text[10] != 't' && text[10] != ' ') || !digits(text, 11, 2, hour) ||
      text[13] != ':' || !digits(text, 14, 2, minute) || text[16] != ':' ||
      !digits(text, 17, 2, second)) {
    return std::nullopt;
  }
  if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, month) || hour > 23 ||
      minute > 59 || second > 60) {
    return std::nullopt;
  }
  std::size_t at = 19;
  Instant instant;
  std::int64_t east = 0;
  if (!fraction(text, at, instant.nanoseconds) || !offset(text, at, east)) return std::nullopt;
  instant.seconds = days_from_civil(year, month, day) * 86400 + std::int64_t{hour} * 3600 +
                    std::int64_t{minute} * 60 + second - east;
  return instant;
}

}  // namespace cellos
