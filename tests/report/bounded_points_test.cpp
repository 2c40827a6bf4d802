// The bound of a series or a track: at most N points, thinned by keeping
// every second one, the first and the latest always shown.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <vector>

#include "report/bounded_points.hpp"

namespace drill::report {
namespace {

std::vector<int> shown(const BoundedPoints<int>& b) {
  std::vector<int> out;
  b.for_each([&](int p) { out.push_back(p); });
  return out;
}

TEST(BoundedPoints, KeepsEveryPointBelowTheBound) {
  BoundedPoints<int> b(8);
  for (int i = 0; i < 7; ++i) b.add(i);
  EXPECT_EQ(shown(b), (std::vector<int>{0, 1, 2, 3, 4, 5, 6}));
  EXPECT_EQ(b.stride(), 1u);
}

TEST(BoundedPoints, ThinsToEverySecondPointKeepingFirstLatestAndRegularSpacing) {
  BoundedPoints<int> b(8);
  for (int i = 0; i < 8; ++i) b.add(i);
  EXPECT_EQ(shown(b), (std::vector<int>{0, 2, 4, 6, 7}));
  EXPECT_EQ(b.stride(), 2u);
  for (int i = 8; i < 100; ++i) {
    b.add(i);
    EXPECT_LE(b.size(), 8u) << "after " << i;
    const std::vector<int> s = shown(b);
    EXPECT_EQ(s.front(), 0);
    EXPECT_EQ(s.back(), i);
    // Every kept point but the latest lies on the stride.
    for (std::size_t k = 0; k + 1 < s.size(); ++k) EXPECT_EQ(s[k] % static_cast<int>(b.stride()), 0) << s[k];
  }
  EXPECT_EQ(b.size(), shown(b).size());
}

TEST(BoundedPoints, ShownFromAPlaceIsTheTailOfTheShownPointsAndKeptOnlyGrowsBetweenThinnings) {
  BoundedPoints<int> b(8);
  std::vector<int> kept_before;
  std::uint64_t stride_before = b.stride();
  for (int i = 0; i < 40; ++i) {
    b.add(i);
    const std::vector<int> all = shown(b);
    for (std::size_t from = 0; from <= b.kept().size(); ++from) {
      std::vector<int> tail;
      b.for_each_from(from, [&](int p) { tail.push_back(p); });
      EXPECT_EQ(tail, std::vector<int>(all.begin() + static_cast<std::ptrdiff_t>(from), all.end())) << i << " " << from;
    }
    std::vector<int> none;
    b.for_each_from(b.kept().size() + 1, [&](int p) { none.push_back(p); });
    EXPECT_TRUE(none.empty());
    const std::vector<int> kept(b.kept().begin(), b.kept().end());
    if (b.stride() == stride_before) {  // the kept points before are the first ones now
      EXPECT_TRUE(std::equal(kept_before.begin(), kept_before.end(), kept.begin())) << i;
    }
    kept_before = kept;
    stride_before = b.stride();
  }
  EXPECT_GT(b.stride(), 2u) << "thinned more than once";
}

TEST(BoundedPoints, RefusesABoundBelowTwo) { EXPECT_THROW(BoundedPoints<int>(1), std::invalid_argument); }

}  // namespace
}  // namespace drill::report
