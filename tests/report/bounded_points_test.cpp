// The bound of a series or a track: at most N points, thinned by keeping
// every second one, the first and the latest always shown.
#include <gtest/gtest.h>

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

TEST(BoundedPoints, RoomReservedAheadKeepsTheSamePoints) {
  BoundedPoints<int> plain(8), reserved(8);
  for (int i = 0; i < 100; ++i) {
    if (i % 7 == 0) reserved.reserve_for(static_cast<std::uint64_t>(i % 3 == 0 ? 1000 : i));
    plain.add(i);
    reserved.add(i);
    ASSERT_EQ(shown(reserved), shown(plain)) << "after " << i;
    ASSERT_EQ(reserved.stride(), plain.stride());
  }
}

TEST(BoundedPoints, RefusesABoundBelowTwo) { EXPECT_THROW(BoundedPoints<int>(1), std::invalid_argument); }

}  // namespace
}  // namespace drill::report
