#include "core/statistics.hpp"

#include <gtest/gtest.h>

namespace drill::core {
namespace {

TEST(Tally, MeanVarianceMinMaxOfKnownSamples) {
  Tally t;
  for (double x : {2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0}) t.add(x);
  EXPECT_EQ(t.count(), 8u);
  EXPECT_DOUBLE_EQ(t.mean(), 5.0);
  EXPECT_DOUBLE_EQ(t.variance(), 32.0 / 7.0);  // sample variance
  EXPECT_DOUBLE_EQ(t.min(), 2.0);
  EXPECT_DOUBLE_EQ(t.max(), 9.0);
}

TEST(Tally, EmptyAndSingleSampleAreWellDefined) {
  Tally t;
  EXPECT_EQ(t.mean(), 0.0);
  EXPECT_EQ(t.variance(), 0.0);
  t.add(3.0);
  EXPECT_EQ(t.variance(), 0.0);
}

TEST(Tally, StaysAccurateWithALargeOffset) {
  // Welford's update keeps the variance of values near 1e9 exact enough.
  Tally t;
  for (int i = 0; i < 1000; ++i) t.add(1e9 + (i % 2));
  EXPECT_NEAR(t.variance(), 0.25 * 1000.0 / 999.0, 1e-6);
}

TEST(TimeWeighted, MeanIsTheTimeAverage) {
  TimeWeighted q(SimTime::zero(), 0.0);
  q.set(at(hours(1)), 2.0);  // 0 for 1 h
  q.set(at(hours(3)), 1.0);  // 2 for 2 h
  // 1 for 1 h up to 4 h: (0 + 4 + 1) / 4
  EXPECT_DOUBLE_EQ(q.mean(at(hours(4))), 1.25);
  EXPECT_DOUBLE_EQ(q.integral(at(hours(4))), 5.0 * 3600.0);
  EXPECT_DOUBLE_EQ(q.max(), 2.0);
  EXPECT_DOUBLE_EQ(q.current(), 1.0);
}

}  // namespace
}  // namespace drill::core
