#include <gtest/gtest.h>

#include "io/utc_time.hpp"

namespace drill::io {
namespace {

using namespace std::chrono;

TEST(UtcTime, CountsSimulatedTimeFromTheCalendarStart) {
  const CalendarStart start = sys_days(year(2026) / 9 / 14) + hours(6);
  EXPECT_EQ(iso8601_utc(start, core::SimTime::zero()), "2026-09-14T06:00:00Z");
  EXPECT_EQ(iso8601_utc(start, core::at(core::hours(18) + core::minutes(30))), "2026-09-15T00:30:00Z");
  EXPECT_EQ(iso8601_utc(start, core::at(core::days(30))), "2026-10-14T06:00:00Z");
  EXPECT_EQ(iso8601_utc(start, core::at(core::milliseconds(250))), "2026-09-14T06:00:00.25Z");
  EXPECT_EQ(iso8601_utc(start, core::at(core::microseconds(1))), "2026-09-14T06:00:00.000001Z");
}

TEST(UtcTime, CrossesLeapDaysAndYears) {
  const CalendarStart start = sys_days(year(2028) / 2 / 28) + hours(23);
  EXPECT_EQ(iso8601_utc(start, core::at(core::hours(1))), "2028-02-29T00:00:00Z");
  EXPECT_EQ(iso8601_utc(start, core::at(core::hours(25))), "2028-03-01T00:00:00Z");
  const CalendarStart eve = sys_days(year(2026) / 12 / 31) + hours(23) + minutes(59);
  EXPECT_EQ(iso8601_utc(eve, core::at(core::minutes(1))), "2027-01-01T00:00:00Z");
}

TEST(UtcTime, ParsesWhatADrillWritesAndRejectsTheRest) {
  EXPECT_EQ(parse_iso8601_utc("2026-09-14T06:00Z"), sys_days(year(2026) / 9 / 14) + hours(6));
  EXPECT_EQ(parse_iso8601_utc("2026-09-14T06:00:15Z"), sys_days(year(2026) / 9 / 14) + hours(6) + seconds(15));
  EXPECT_FALSE(parse_iso8601_utc("2026-02-30T06:00Z"));
  EXPECT_FALSE(parse_iso8601_utc("2026-09-14T24:00Z"));
  EXPECT_FALSE(parse_iso8601_utc("2026-09-14 06:00Z"));
  EXPECT_FALSE(parse_iso8601_utc("2026-09-14T06:00"));
  EXPECT_FALSE(parse_iso8601_utc("2026-09-14T06:00:00+01:00"));
  EXPECT_FALSE(parse_iso8601_utc(""));
}

}  // namespace
}  // namespace drill::io
