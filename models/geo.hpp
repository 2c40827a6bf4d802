// Geography on a spherical Earth: positions, great-circle distances in
// nautical miles, bearings and points along a great circle.
//
// The sphere has the mean Earth radius (3440.065 nm); against the ellipsoid
// the error is below 0.5 %, small next to the uncertainty of a planned track.
// All functions are pure and cost a handful of trigonometric calls;
// distance_nm remembers recent pairs (a per-thread memo of exact results),
// so the distances a model asks for again cost a lookup.
#pragma once

namespace drill::models {

/// Degrees; latitude in [-90, 90] (north positive), longitude in [-180, 180]
/// (east positive).
struct LatLon {
  double lat_deg = 0.0;
  double lon_deg = 0.0;
  friend bool operator==(const LatLon&, const LatLon&) = default;
};

inline constexpr double kEarthRadiusNm = 3440.065;

/// Great-circle distance by the haversine formula, in nautical miles.
double distance_nm(LatLon a, LatLon b) noexcept;

/// Initial bearing (true course) from `a` towards `b`, degrees in [0, 360).
/// Zero when the points coincide.
double initial_bearing_deg(LatLon a, LatLon b) noexcept;

/// The point a `fraction` of the way from `a` to `b` along the great circle
/// (0 gives `a`, 1 gives `b`). For antipodal points the great circle is not
/// unique and one of them is chosen.
LatLon intermediate_point(LatLon a, LatLon b, double fraction) noexcept;

}  // namespace drill::models
