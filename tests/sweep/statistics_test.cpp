// The statistics of a sweep against values worked out by hand: the spread
// of known data with its Student t interval, the sequential stopping rule,
// MSER-5 on a series with a known transient, and the bisection of a
// what-if search (probe by probe).
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <stdexcept>
#include <vector>

#include <gtest/gtest.h>

#include "core/statistics.hpp"
#include "io/confidence.hpp"
#include "sweep/statistics.hpp"

namespace drill::sweep {
namespace {

SeriesSummary summary_of(std::initializer_list<double> values) {
  SeriesAccumulator a;
  for (double v : values) a.add(v);
  return a.summary();
}

TEST(SeriesAccumulator, MeanSdAndIntervalOfOneToFive) {
  const SeriesSummary s = summary_of({1, 2, 3, 4, 5});
  EXPECT_EQ(s.n, 5u);
  EXPECT_DOUBLE_EQ(s.mean, 3.0);
  // s^2 = (4 + 1 + 0 + 1 + 4) / 4 = 2.5; t(0.975, 4) = 2.77644510519779 (R: qt).
  EXPECT_NEAR(s.sd, std::sqrt(2.5), 1e-15);
  const double half = 2.77644510519779 * std::sqrt(2.5 / 5);
  EXPECT_NEAR(s.ci_low, 3.0 - half, 1e-12);
  EXPECT_NEAR(s.ci_high, 3.0 + half, 1e-12);
  EXPECT_NEAR(s.half_width(), 1.96324316, 1e-8);
  EXPECT_EQ(s.min, 1.0);
  EXPECT_EQ(s.max, 5.0);
}

TEST(SeriesAccumulator, MeanSdAndIntervalOfEightValues) {
  // The textbook set: mean 5, sum of squares 32, s^2 = 32 / 7;
  // t(0.975, 7) = 2.36462425159278.
  const SeriesSummary s = summary_of({2, 4, 4, 4, 5, 5, 7, 9});
  EXPECT_DOUBLE_EQ(s.mean, 5.0);
  EXPECT_NEAR(s.sd, std::sqrt(32.0 / 7.0), 1e-14);
  EXPECT_NEAR(s.half_width(), 2.36462425159278 * std::sqrt(32.0 / 7.0) / std::sqrt(8.0), 1e-12);
  EXPECT_NEAR(s.ci_high, 6.78748792, 1e-8);  // 5 + 2.3646 * 2.1381 / 2.8284
}

TEST(SeriesAccumulator, MinAndMaxOfNegativeValues) {
  const SeriesSummary s = summary_of({-3, -7, -5});
  EXPECT_EQ(s.min, -7.0);
  EXPECT_EQ(s.max, -3.0);
  EXPECT_DOUBLE_EQ(s.mean, -5.0);
  EXPECT_DOUBLE_EQ(s.sd, 2.0);
}

TEST(SeriesAccumulator, OneValueHasNoSpreadAndNoInterval) {
  const SeriesSummary none = SeriesAccumulator{}.summary();
  EXPECT_EQ(none.n, 0u);
  EXPECT_EQ(none.mean, 0.0);
  EXPECT_EQ(none.half_width(), 0.0);
  // One run says nothing of the spread: an interval of the mean alone
  // would claim 95 % confidence in one value (and meet a search's target).
  const SeriesSummary one = summary_of({4.5});
  EXPECT_EQ(one.n, 1u);
  EXPECT_EQ(one.mean, 4.5);
  EXPECT_TRUE(std::isnan(one.sd));
  EXPECT_TRUE(std::isnan(one.ci_low));
  EXPECT_TRUE(std::isnan(one.ci_high));
  EXPECT_TRUE(std::isnan(one.half_width()));
  EXPECT_FALSE(precise_enough(one, 1.0));
  EXPECT_EQ(one.min, 4.5);
  EXPECT_EQ(one.max, 4.5);
  // Two values have both.
  const SeriesSummary two = summary_of({4.5, 4.5});
  EXPECT_EQ(two.sd, 0.0);
  EXPECT_EQ(two.ci_low, 4.5);
  EXPECT_EQ(two.ci_high, 4.5);
}

TEST(SeriesAccumulator, GivesTheSameBitsAsTheReplicationsAggregate) {
  // A sweep's point and `drillsim run --replications` report the same
  // interval for the same values (io::confidence_half_width_95 on a Tally).
  const std::vector<double> values{12.25, 7.5, 9.125, 30.0, 0.1, 18.75, 11.0};
  SeriesAccumulator a;
  core::Tally t;
  for (double v : values) {
    a.add(v);
    t.add(v);
  }
  const SeriesSummary s = a.summary();
  EXPECT_EQ(s.mean, t.mean());
  EXPECT_EQ(s.sd, t.stddev());
  EXPECT_EQ(s.ci_high - s.mean, io::confidence_half_width_95(t));
}

TEST(PreciseEnough, RelativeHalfWidthAgainstTheTarget) {
  // One to five: half-width 1.96324 around 3, relative 0.65441.
  const SeriesSummary s = summary_of({1, 2, 3, 4, 5});
  EXPECT_TRUE(precise_enough(s, 0.655));
  EXPECT_FALSE(precise_enough(s, 0.654));
  // Negative means count by their magnitude.
  EXPECT_TRUE(precise_enough(summary_of({-1, -2, -3, -4, -5}), 0.655));
}

TEST(PreciseEnough, NeedsTwoValuesAndAcceptsNoSpread) {
  EXPECT_FALSE(precise_enough(summary_of({3}), 1.0));
  EXPECT_TRUE(precise_enough(summary_of({3, 3}), 0.0));
  // All zero: no spread around zero is as precise as it gets.
  EXPECT_TRUE(precise_enough(summary_of({0, 0, 0}), 0.05));
  EXPECT_FALSE(precise_enough(summary_of({0, 1}), 0.05));
  EXPECT_FALSE(precise_enough(summary_of({std::numeric_limits<double>::quiet_NaN(), 1}), 10.0));
}

TEST(Mser5, TruncatesAKnownTransient) {
  // Ten values at 50 (two batches), then forty whose batches of five
  // average 9.8, 10.2, 9.8, ... (eight batches), then three left over (no
  // batch). By hand, MSER(d) = sum of squares / (k - d)^2 over the k = 10
  // batch means: d = 0, 1 keep a 50 (large); d = 2: 8 batches around 10,
  // 8 * 0.04 / 64 = 0.005; d = 3: 0.274286 / 49 = 0.0055977; d = 4:
  // 0.24 / 36 = 0.00667; d = 5: 0.192 / 25 = 0.00768. So d = 2.
  std::vector<double> v(10, 50.0);
  for (int b = 0; b < 8; ++b) {
    const double lo = b % 2 == 0 ? 9.0 : 11.0;   // 9, 11, 9, 11, 9: 9.8
    const double hi = b % 2 == 0 ? 11.0 : 9.0;   // 11, 9, 11, 9, 11: 10.2
    for (int i = 0; i < 5; ++i) v.push_back(i % 2 == 0 ? lo : hi);
  }
  v.insert(v.end(), {1000.0, 1000.0, 1000.0});
  const WarmUpResult r = mser5(v, 3600.0);
  EXPECT_EQ(r.batches, 10u);
  EXPECT_EQ(r.truncation_batches, 2u);
  EXPECT_EQ(r.truncation_time_s, 2 * 5 * 3600.0);
}

TEST(Mser5, NoTransientNoTruncation) {
  const std::vector<double> flat(40, 7.0);
  const WarmUpResult r = mser5(flat, 60.0);
  EXPECT_EQ(r.batches, 8u);
  EXPECT_EQ(r.truncation_batches, 0u);  // every d ties at 0: the smallest
  EXPECT_EQ(r.truncation_time_s, 0.0);
}

TEST(Mser5, NeverTruncatesMoreThanHalfTheBatches) {
  // Batch means 10, 9, ..., 1: the statistic keeps falling with d, and
  // d = 5 (half of 10) is the last allowed: sum of squares of 5..1 is 10,
  // over 25 = 0.4, against 17.5 / 36 = 0.486 at d = 4.
  std::vector<double> v;
  for (int m = 10; m >= 1; --m) v.insert(v.end(), 5, static_cast<double>(m));
  const WarmUpResult r = mser5(v, 1.0);
  EXPECT_EQ(r.batches, 10u);
  EXPECT_EQ(r.truncation_batches, 5u);
  EXPECT_EQ(r.truncation_time_s, 25.0);
}

TEST(Mser5, FewerThanFiveValuesGiveNoBatch) {
  const std::vector<double> v{1, 2, 3, 4};
  const WarmUpResult r = mser5(v, 10.0);
  EXPECT_EQ(r.batches, 0u);
  EXPECT_EQ(r.truncation_batches, 0u);
  EXPECT_EQ(mser5({}, 10.0).batches, 0u);
}

// Runs a bisection against `meets`, returning the probed values.
std::vector<std::int64_t> probes_of(Bisection& b, auto meets) {
  std::vector<std::int64_t> probes;
  while (const auto v = b.next()) {
    probes.push_back(*v);
    b.record(*v, meets(*v));
    if (probes.size() > 200) break;
  }
  return probes;
}

TEST(Bisection, SmallestProbesTheTopThenHalves) {
  // Meets from 3 up, in 0..10: 10 meets; 5 meets; 2 fails; 4 meets; 3 meets.
  Bisection b(0, 10, Bisection::Find::smallest);
  EXPECT_EQ(probes_of(b, [](std::int64_t v) { return v >= 3; }), (std::vector<std::int64_t>{10, 5, 2, 4, 3}));
  EXPECT_TRUE(b.done());
  EXPECT_EQ(b.answer(), 3);
}

TEST(Bisection, LargestProbesTheBottomThenHalves) {
  // Meets up to 6, in 0..10: 0 meets; 5 meets; 8 fails; 6 meets; 7 fails.
  Bisection b(0, 10, Bisection::Find::largest);
  EXPECT_EQ(probes_of(b, [](std::int64_t v) { return v <= 6; }), (std::vector<std::int64_t>{0, 5, 8, 6, 7}));
  EXPECT_EQ(b.answer(), 6);
}

TEST(Bisection, AnswerAtEitherEndOfTheRange) {
  Bisection all(2, 9, Bisection::Find::smallest);
  probes_of(all, [](std::int64_t) { return true; });
  EXPECT_EQ(all.answer(), 2);
  Bisection top(2, 9, Bisection::Find::smallest);
  probes_of(top, [](std::int64_t v) { return v == 9; });
  EXPECT_EQ(top.answer(), 9);
  Bisection largest_all(2, 9, Bisection::Find::largest);
  probes_of(largest_all, [](std::int64_t) { return true; });
  EXPECT_EQ(largest_all.answer(), 9);
  Bisection bottom(2, 9, Bisection::Find::largest);
  probes_of(bottom, [](std::int64_t v) { return v == 2; });
  EXPECT_EQ(bottom.answer(), 2);
}

TEST(Bisection, NoValueMeetsItAfterOneProbe) {
  Bisection smallest(0, 100, Bisection::Find::smallest);
  EXPECT_EQ(probes_of(smallest, [](std::int64_t) { return false; }), (std::vector<std::int64_t>{100}));
  EXPECT_TRUE(smallest.done());
  EXPECT_EQ(smallest.answer(), std::nullopt);
  Bisection largest(0, 100, Bisection::Find::largest);
  EXPECT_EQ(probes_of(largest, [](std::int64_t) { return false; }), (std::vector<std::int64_t>{0}));
  EXPECT_EQ(largest.answer(), std::nullopt);
}

TEST(Bisection, OneValueRange) {
  Bisection b(4, 4, Bisection::Find::smallest);
  EXPECT_EQ(probes_of(b, [](std::int64_t) { return true; }), (std::vector<std::int64_t>{4}));
  EXPECT_EQ(b.answer(), 4);
}

TEST(Bisection, WholeInt64RangeWithoutOverflow) {
  constexpr auto lo = std::numeric_limits<std::int64_t>::min();
  constexpr auto hi = std::numeric_limits<std::int64_t>::max();
  Bisection b(lo, hi, Bisection::Find::smallest);
  const auto probes = probes_of(b, [](std::int64_t v) { return v >= -12345; });
  EXPECT_EQ(b.answer(), -12345);
  EXPECT_LE(probes.size(), 65u);
  Bisection c(lo, hi, Bisection::Find::largest);
  probes_of(c, [](std::int64_t v) { return v <= 777; });
  EXPECT_EQ(c.answer(), 777);
}

TEST(Bisection, RefusesABackwardRangeAndAStrayProbe) {
  EXPECT_THROW(Bisection(5, 4, Bisection::Find::smallest), std::invalid_argument);
  Bisection b(0, 10, Bisection::Find::smallest);
  EXPECT_THROW(b.record(3, true), std::logic_error);  // 10 is the value to probe
  b.record(10, false);
  EXPECT_THROW(b.record(5, true), std::logic_error);  // done: nothing meets it
}

}  // namespace
}  // namespace drill::sweep
