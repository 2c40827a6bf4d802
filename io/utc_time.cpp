#include "io/utc_time.hpp"

#include "models/scenario/calendar.hpp"

#include <cstdio>

namespace drill::io {

namespace {
/// Writes `v` as exactly `width` decimal digits (v in range), returns the end.
char* put_digits(char* p, long long v, int width) noexcept {
  for (int i = width - 1; i >= 0; --i) {
    p[i] = static_cast<char>('0' + v % 10);
    v /= 10;
  }
  return p + width;
}
}  // namespace

std::size_t iso8601_utc(CalendarStart start, core::SimTime t, std::span<char, 32> out) noexcept {
  using namespace std::chrono;
  const auto us = t.ticks();  // microseconds since start
  auto whole = us / 1'000'000;
  auto frac = us % 1'000'000;
  if (frac < 0) {
    frac += 1'000'000;
    --whole;
  }
  const sys_seconds at = start + seconds(whole);
  const auto day = floor<days>(at);
  const year_month_day ymd(day);
  const hh_mm_ss hms(at - day);
  char* p = out.data();
  const int year = static_cast<int>(ymd.year());
  p = put_digits(p, year < 0 ? 0 : year > 9999 ? 9999 : year, 4);
  *p++ = '-';
  p = put_digits(p, static_cast<unsigned>(ymd.month()), 2);
  *p++ = '-';
  p = put_digits(p, static_cast<unsigned>(ymd.day()), 2);
  *p++ = 'T';
  p = put_digits(p, hms.hours().count(), 2);
  *p++ = ':';
  p = put_digits(p, hms.minutes().count(), 2);
  *p++ = ':';
  p = put_digits(p, hms.seconds().count(), 2);
  if (frac != 0) {
    *p++ = '.';
    int width = 6;
    while (frac % 10 == 0) {
      frac /= 10;
      --width;
    }
    p = put_digits(p, frac, width);
  }
  *p++ = 'Z';
  return static_cast<std::size_t>(p - out.data());
}

std::string iso8601_utc(CalendarStart start, core::SimTime t) {
  char buf[32];
  return std::string(buf, iso8601_utc(start, t, std::span<char, 32>(buf)));
}

std::optional<CalendarStart> parse_iso8601_utc(std::string_view s) {
  return models::scenario::parse_utc_date_time(s, "T");
}

}  // namespace drill::io
