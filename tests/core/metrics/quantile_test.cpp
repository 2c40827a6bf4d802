#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "core/metrics/instruments.hpp"
#include "core/metrics/quantile_sketch.hpp"
#include "core/random.hpp"

namespace drill::core::metrics {
namespace {

// Nearest rank: the k-th smallest, k = max(1, ceil(q n)).
double exact_quantile(std::vector<double> v, double q) {
  std::sort(v.begin(), v.end());
  const auto n = static_cast<double>(v.size());
  const auto k = std::max<std::size_t>(1, static_cast<std::size_t>(std::ceil(q * n)));
  return v[std::min(k, v.size()) - 1];
}

constexpr double kQs[] = {0.0, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 1.0};

TEST(QuantileInstrument, IsExactWhileSmall) {
  QuantileInstrument q;
  std::vector<double> seen;
  std::uint64_t s = 99;
  for (std::size_t i = 0; i < QuantileInstrument::kExactCapacity; ++i) {
    s = s * 6364136223846793005ULL + 1442695040888963407ULL;
    const double x = static_cast<double>(s >> 40) / 1000.0;
    q.add(x);
    seen.push_back(x);
  }
  ASSERT_TRUE(q.exact());
  for (double p : kQs) {
    double out = 0;
    q.quantiles(std::span<const double>(&p, 1), std::span<double>(&out, 1));
    EXPECT_EQ(out, exact_quantile(seen, p)) << "q=" << p;
  }
}

TEST(QuantileInstrument, SmallTallyGivesTextbookNearestRank) {
  QuantileInstrument q;
  for (double x : {15.0, 20.0, 35.0, 40.0, 50.0}) q.add(x);
  const double qs[] = {0.05, 0.3, 0.4, 0.5, 1.0};
  double out[5];
  q.quantiles(qs, out);
  EXPECT_EQ(out[0], 15.0);
  EXPECT_EQ(out[1], 20.0);
  EXPECT_EQ(out[2], 20.0);
  EXPECT_EQ(out[3], 35.0);
  EXPECT_EQ(out[4], 50.0);
}

// The stated bound: within kRelativeError of the exact nearest-rank quantile,
// for values in [kMinValue, kMaxValue], whatever the distribution's shape.
class SketchBound : public ::testing::TestWithParam<int> {};

TEST_P(SketchBound, EveryQuantileIsWithinTheRelativeErrorOfTheExactOne) {
  auto rng = RandomStream::derive(2026, 0, "sketch");
  QuantileInstrument q;
  std::vector<double> seen;
  for (int i = 0; i < 200'000; ++i) {
    const double u = rng.uniform01();
    double x = 0;
    switch (GetParam()) {
      case 0: x = -std::log1p(-u) * 600.0; break;                    // exponential, mean 10 min
      case 1: x = 1.0 + 1e5 * u; break;                               // uniform
      case 2: x = std::pow(1.0 - u, -1.0 / 1.2) * 3.0; break;         // Pareto, heavy tail
      case 3: x = (u < 0.8 ? 60.0 + 1740.0 * u : 86400.0 * (1 + u)); break;  // bimodal minutes-days
    }
    q.add(x);
    seen.push_back(x);
  }
  ASSERT_FALSE(q.exact());
  std::sort(seen.begin(), seen.end());
  for (double p : kQs) {
    double out = 0;
    q.quantiles(std::span<const double>(&p, 1), std::span<double>(&out, 1));
    const double exact = exact_quantile(seen, p);
    EXPECT_LE(std::abs(out - exact), QuantileSketch::kRelativeError * exact * (1 + 1e-9))
        << "q=" << p << " exact=" << exact << " sketch=" << out;
  }
}

INSTANTIATE_TEST_SUITE_P(Distributions, SketchBound, ::testing::Values(0, 1, 2, 3));

TEST(QuantileSketch, ValuesBelowTheFloorCountAsZero) {
  QuantileSketch s;
  for (int i = 0; i < 10; ++i) s.add(0.0);
  for (int i = 0; i < 10; ++i) s.add(-5.0);
  for (int i = 0; i < 80; ++i) s.add(100.0);
  EXPECT_EQ(s.count(), 100u);
  EXPECT_EQ(s.quantile(0.2), 0.0);
  EXPECT_NEAR(s.quantile(0.21), 100.0, 1.0);
  s.clear();
  EXPECT_EQ(s.count(), 0u);
  EXPECT_EQ(s.quantile(0.5), 0.0);
}

TEST(QuantileSketch, ClearForgetsTheZeroBucketAndNaNCountsAsZero) {
  QuantileSketch s;
  for (int i = 0; i < 50; ++i) s.add(0.0);
  s.clear();
  for (int i = 0; i < 4; ++i) s.add(10.0);
  EXPECT_NEAR(s.quantile(0.0), 10.0, 0.1);  // no zero left from before the clear
  s.add(std::nan(""));
  EXPECT_EQ(s.count(), 5u);
  EXPECT_EQ(s.quantile(0.2), 0.0);
  EXPECT_NEAR(s.quantile(0.21), 10.0, 0.1);
}

// The bucket array is not cleared up front, nor by clear(): a range that
// widens clears what it takes in. A sketch filled, cleared, and filled again
// over a range that takes in the first one's buckets (below, within and
// above them, in that order and the reverse) answers as a new sketch does.
TEST(QuantileSketch, AReusedSketchAnswersAsANewOne) {
  for (const bool widen_down_first : {true, false}) {
    QuantileSketch reused;
    for (int i = 0; i < 1000; ++i) reused.add(50.0 + i % 100);  // buckets around 50-150
    reused.clear();
    QuantileSketch fresh;
    const std::vector<double> second =
        widen_down_first ? std::vector<double>{100.0, 1.0, 10'000.0, 120.0} : std::vector<double>{100.0, 10'000.0, 1.0, 120.0};
    for (double x : second) {
      reused.add(x);
      fresh.add(x);
    }
    EXPECT_EQ(reused.count(), 4u);
    for (double q : kQs) EXPECT_EQ(reused.quantile(q), fresh.quantile(q)) << "q=" << q;
    EXPECT_NEAR(reused.quantile(0.5), 100.0, 1.0);  // the second smallest: no count left from before
    EXPECT_NEAR(reused.quantile(0.75), 120.0, 1.2);
  }
}

TEST(QuantileInstrument, ResetForgetsEverything) {
  QuantileInstrument q;
  for (int i = 0; i < 1000; ++i) q.add(1000.0 + i);
  q.reset();
  for (int i = 0; i < 3; ++i) q.add(1.0 + i);
  const double p = 1.0;
  double out = 0;
  q.quantiles(std::span<const double>(&p, 1), std::span<double>(&out, 1));
  EXPECT_TRUE(q.exact());
  EXPECT_EQ(out, 3.0);
  EXPECT_EQ(q.stats().count(), 3u);
}

}  // namespace
}  // namespace drill::core::metrics
