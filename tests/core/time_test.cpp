#include "core/time.hpp"

#include <cmath>
#include <cstdint>
#include <vector>

#include <gtest/gtest.h>

namespace drill::core {
namespace {

TEST(Duration, FactoriesAgreeOnTicks) {
  static_assert(minutes(90) == hours(1) + minutes(30));
  static_assert(days(1) == hours(24));
  EXPECT_EQ(seconds(1).ticks(), 1'000'000);
  EXPECT_EQ(milliseconds(3).ticks(), 3'000);
}

TEST(Duration, SaturatesInsteadOfOverflowing) {
  EXPECT_EQ(Duration::max() + hours(1), Duration::max());
  EXPECT_EQ(days(1) * std::numeric_limits<std::int64_t>::max(), Duration::max());
  EXPECT_EQ(SimTime::max() + days(3), SimTime::max());
  EXPECT_EQ(SimTime::zero() - Duration::max() - days(1), SimTime::from_ticks(std::numeric_limits<std::int64_t>::min()));
}

TEST(Duration, SecondsFRoundsHalfAwayFromZeroAsStdRound) {
  // Ties, their neighbours one ulp away, and values across the whole range
  // of magnitudes, both signs: the same ticks as std::round gives.
  std::vector<double> xs = {0.0, -0.0, 0.5e-6, -0.5e-6, 1.5e-6, -1.5e-6, 2.5e-6, 0.49999999999999994e-6, 1e-7, 3600.0,
                            4503599627.370495, 4503599627.370496, 4503599627.370497, 9.1e12, -9.1e12};
  for (double tick = 0.5; tick < 1e16; tick = tick * 3.0 + 0.5) {
    for (double x : {tick, std::nextafter(tick, 0.0), std::nextafter(tick, 1e300)}) {
      xs.push_back(x / 1e6);
      xs.push_back(-x / 1e6);
    }
  }
  std::uint64_t state = 12345;
  for (int i = 0; i < 100000; ++i) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    const double unit = static_cast<double>(state >> 11) / 9007199254740992.0;  // [0, 1)
    xs.push_back((unit - 0.5) * std::pow(10.0, static_cast<double>(i % 14)));
  }
  for (double s : xs) {
    const double ticks = std::round(s * 1e6);
    ASSERT_EQ(seconds_f(s).ticks(), static_cast<std::int64_t>(ticks)) << "s = " << s;
  }
  EXPECT_EQ(seconds_f(1e300), Duration::max());
  EXPECT_EQ(seconds_f(-1e300), -Duration::max());
  EXPECT_EQ(seconds_f(std::nan("")), Duration::zero());
  EXPECT_EQ(hours_f(1.5), minutes(90));
}

TEST(SimTime, DifferenceOfPointsIsADuration) {
  const SimTime a = at(hours(5));
  const SimTime b = at(hours(2));
  EXPECT_EQ(a - b, hours(3));
  EXPECT_EQ(b + hours(3), a);
}

TEST(Format, SimTimeShowsDayAndTimeOfDay) {
  EXPECT_EQ(format(at(days(1) + hours(6) + minutes(30))), "D+1 06:30:00");
  EXPECT_EQ(format(SimTime::zero()), "D+0 00:00:00");
  EXPECT_EQ(format(at(seconds(1) + milliseconds(250))), "D+0 00:00:01.250");
  EXPECT_EQ(format(at(-hours(18))), "D-1 06:00:00");
  EXPECT_EQ(format(SimTime::max()), "never");
}

TEST(Format, DurationUsesLargestUnitsFirst) {
  EXPECT_EQ(format(hours(2) + minutes(30)), "2h30m");
  EXPECT_EQ(format(days(1) + seconds(5)), "1d5s");
  EXPECT_EQ(format(Duration::zero()), "0s");
  EXPECT_EQ(format(-minutes(3)), "-3m");
}

TEST(Parse, DurationAcceptsUnitsAndCompounds) {
  EXPECT_EQ(parse_duration("90s"), seconds(90));
  EXPECT_EQ(parse_duration("45min"), minutes(45));
  EXPECT_EQ(parse_duration("2h30m"), hours(2) + minutes(30));
  EXPECT_EQ(parse_duration("3d"), days(3));
  EXPECT_EQ(parse_duration("1.5h"), minutes(90));
  EXPECT_EQ(parse_duration("250ms"), milliseconds(250));
  EXPECT_EQ(parse_duration("1d 2h"), days(1) + hours(2));
  EXPECT_EQ(parse_duration("0.000001s"), microseconds(1));
}

TEST(Parse, DurationRejectsMalformedText) {
  for (const char* bad : {"", "90", "h", "2x", "1.h", "0.0000001s", "--1h", "1h-", "99999999999999999999d"})
    EXPECT_FALSE(parse_duration(bad).has_value()) << bad;
}

TEST(Parse, DurationRoundTripsThroughFormat) {
  for (Duration d : {hours(2) + minutes(30), days(4) + milliseconds(7), microseconds(123457)})
    EXPECT_EQ(parse_duration(format(d)), d);
}

TEST(Parse, SimTimeRelativeToStart) {
  EXPECT_EQ(parse_sim_time("D+1 06:00"), at(days(1) + hours(6)));
  EXPECT_EQ(parse_sim_time("D+0 18:30:15"), at(hours(18) + minutes(30) + seconds(15)));
  EXPECT_EQ(parse_sim_time("D-1 06:00"), at(-hours(18)));
  EXPECT_EQ(parse_sim_time("D+2"), at(days(2)));
  EXPECT_EQ(parse_sim_time("36h"), at(hours(36)));
  for (const char* bad : {"D+", "D+1 6:00", "D+1 24:00", "D+1 06:60", "tomorrow"})
    EXPECT_FALSE(parse_sim_time(bad).has_value()) << bad;
}

}  // namespace
}  // namespace drill::core
