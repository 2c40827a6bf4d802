#include "models/geo.hpp"

#include <bit>
#include <cstdint>

#include <gtest/gtest.h>

namespace drill::models {
namespace {

TEST(Geo, OneDegreeOfLatitudeIsAboutSixtyNauticalMiles) {
  // On the sphere of mean radius: R * pi / 180.
  EXPECT_NEAR(distance_nm({0, 0}, {1, 0}), 60.0405, 1e-3);
  EXPECT_NEAR(distance_nm({50, 10}, {51, 10}), 60.0405, 1e-3);
}

TEST(Geo, DistanceIsZeroForSamePointAndSymmetric) {
  const LatLon a{56.0, -4.8};
  const LatLon b{60.1, 5.3};
  EXPECT_DOUBLE_EQ(distance_nm(a, a), 0.0);
  EXPECT_DOUBLE_EQ(distance_nm(a, b), distance_nm(b, a));
}

// A sortie from an airfield flies back the distance it flew out
// (air_ops.cpp) instead of asking again in the other direction; that is the
// same number only if the formula is symmetric to the last bit.
TEST(Geo, DistanceIsSymmetricToTheBit) {
  int pairs = 0;
  for (double lat1 = -89.5; lat1 < 90.0; lat1 += 17.3)
    for (double lon1 = -179.5; lon1 < 180.0; lon1 += 41.7)
      for (double lat2 = -88.1; lat2 < 90.0; lat2 += 23.9)
        for (double lon2 = -178.2; lon2 < 180.0; lon2 += 37.1) {
          const LatLon a{lat1, lon1};
          const LatLon b{lat2, lon2};
          ASSERT_EQ(std::bit_cast<std::uint64_t>(distance_nm(a, b)), std::bit_cast<std::uint64_t>(distance_nm(b, a)))
              << lat1 << "," << lon1 << " to " << lat2 << "," << lon2;
          ++pairs;
        }
  EXPECT_GT(pairs, 5000);
}

TEST(Geo, LondonToParisMatchesKnownDistance) {
  // Great-circle distance on the mean sphere, about 343.5 km = 185.5 nm.
  const LatLon london{51.5074, -0.1278};
  const LatLon paris{48.8566, 2.3522};
  EXPECT_NEAR(distance_nm(london, paris), 185.5, 0.5);
}

TEST(Geo, QuarterOfTheEquatorIsAQuarterCircumference) {
  EXPECT_NEAR(distance_nm({0, 0}, {0, 90}), 3440.065 * 3.14159265358979 / 2, 1e-6);
}

TEST(Geo, InitialBearingPointsAlongCardinalDirections) {
  EXPECT_NEAR(initial_bearing_deg({0, 0}, {1, 0}), 0.0, 1e-9);
  EXPECT_NEAR(initial_bearing_deg({0, 0}, {0, 1}), 90.0, 1e-9);
  EXPECT_NEAR(initial_bearing_deg({1, 0}, {0, 0}), 180.0, 1e-9);
  EXPECT_NEAR(initial_bearing_deg({0, 1}, {0, 0}), 270.0, 1e-9);
}

TEST(Geo, InitialBearingLondonToParisIsSouthEast) {
  EXPECT_NEAR(initial_bearing_deg({51.5074, -0.1278}, {48.8566, 2.3522}), 148.1, 0.2);
}

TEST(Geo, IntermediatePointEndsAreTheEndpoints) {
  const LatLon a{56.0, -4.8};
  const LatLon b{60.1, 5.3};
  const LatLon p0 = intermediate_point(a, b, 0.0);
  const LatLon p1 = intermediate_point(a, b, 1.0);
  EXPECT_NEAR(p0.lat_deg, a.lat_deg, 1e-9);
  EXPECT_NEAR(p0.lon_deg, a.lon_deg, 1e-9);
  EXPECT_NEAR(p1.lat_deg, b.lat_deg, 1e-9);
  EXPECT_NEAR(p1.lon_deg, b.lon_deg, 1e-9);
}

TEST(Geo, IntermediatePointSplitsTheDistanceInProportion) {
  const LatLon a{51.5074, -0.1278};
  const LatLon b{40.7128, -74.0060};
  const double total = distance_nm(a, b);
  const LatLon p = intermediate_point(a, b, 0.3);
  EXPECT_NEAR(distance_nm(a, p), 0.3 * total, 1e-6);
  EXPECT_NEAR(distance_nm(p, b), 0.7 * total, 1e-6);
}

TEST(Geo, IntermediatePointOnEquatorStaysOnEquator) {
  const LatLon p = intermediate_point({0, 10}, {0, 20}, 0.5);
  EXPECT_NEAR(p.lat_deg, 0.0, 1e-9);
  EXPECT_NEAR(p.lon_deg, 15.0, 1e-9);
}

TEST(Geo, IntermediatePointBetweenAntipodesIsHalfwayRound) {
  const LatLon a{0, 0};
  const LatLon b{0, 180};
  const LatLon p = intermediate_point(a, b, 0.5);
  EXPECT_NEAR(distance_nm(a, p), distance_nm(a, b) / 2, 1e-6);
}

TEST(Geo, AGreatCircleSampledManyTimesSplitsTheDistanceInProportion) {
  // One leg's great circle, worked out once and sampled along its length
  // (as a ship's track is): every point at its fraction of the distance,
  // the ends at the endpoints, and the one-off intermediate_point alike.
  const LatLon a{51.5074, -0.1278};
  const LatLon b{40.7128, -74.0060};
  const GreatCircle leg(a, b);
  const double total = distance_nm(a, b);
  for (int i = 0; i <= 20; ++i) {
    const double f = i / 20.0;
    const LatLon p = leg.at(f);
    EXPECT_NEAR(distance_nm(a, p), f * total, 1e-6) << f;
    EXPECT_NEAR(distance_nm(p, b), (1.0 - f) * total, 1e-6) << f;
    const LatLon q = intermediate_point(a, b, f);
    EXPECT_EQ(std::bit_cast<std::uint64_t>(p.lat_deg), std::bit_cast<std::uint64_t>(q.lat_deg)) << f;
    EXPECT_EQ(std::bit_cast<std::uint64_t>(p.lon_deg), std::bit_cast<std::uint64_t>(q.lon_deg)) << f;
  }
  const GreatCircle still(a, a);
  EXPECT_EQ(still.at(0.5).lat_deg, a.lat_deg);
  EXPECT_EQ(still.at(0.5).lon_deg, a.lon_deg);
  const GreatCircle round({0, 0}, {0, 180});
  EXPECT_NEAR(distance_nm({0, 0}, round.at(0.25)), distance_nm({0, 0}, {0, 180}) / 4, 1e-6);
}

}  // namespace
}  // namespace drill::models
