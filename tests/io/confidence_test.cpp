// Student's t quantiles and the 95 % interval, against published values
// (R: qt(0.975, df), to 12 significant digits).
#include <cmath>

#include <gtest/gtest.h>

#include "io/confidence.hpp"

namespace drill::io {
namespace {

TEST(Confidence, StudentT975MatchesPublishedQuantiles) {
  EXPECT_NEAR(student_t_975(1), 12.7062047361747, 1e-10);
  EXPECT_NEAR(student_t_975(2), 4.30265272974946, 1e-11);
  EXPECT_NEAR(student_t_975(4), 2.77644510519779, 1e-11);
  EXPECT_NEAR(student_t_975(10), 2.22813885198627, 1e-11);
  EXPECT_NEAR(student_t_975(30), 2.04227245630124, 1e-11);
  // Where the old normal approximation was 0.0030 off.
  EXPECT_NEAR(student_t_975(31), 2.03951344639641, 1e-11);
  EXPECT_NEAR(student_t_975(100), 1.98397151852355, 1e-11);
  EXPECT_NEAR(student_t_975(1'000'000), 1.9599664, 1e-6);
  EXPECT_TRUE(std::isinf(student_t_975(0)));
}

TEST(Confidence, HalfWidthIsTTimesStandardError) {
  core::Tally t;
  for (double x : {1.0, 2.0, 3.0, 4.0, 5.0}) t.add(x);
  // s^2 = 2.5, n = 5: t_{0.975,4} * sqrt(2.5 / 5).
  EXPECT_NEAR(confidence_half_width_95(t), 2.77644510519779 * std::sqrt(0.5), 1e-11);
  EXPECT_NEAR(confidence_half_width_95(t), 1.96324316, 1e-8);
}

TEST(Confidence, HalfWidthNeedsTwoSamplesAndIsZeroWithoutSpread) {
  core::Tally t;
  EXPECT_TRUE(std::isinf(confidence_half_width_95(t)));
  t.add(7.0);
  EXPECT_TRUE(std::isinf(confidence_half_width_95(t)));
  t.add(7.0);
  EXPECT_EQ(confidence_half_width_95(t), 0.0);
}

}  // namespace
}  // namespace drill::io
