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

/// The great circle from `a` to `b` with what every point along it needs
/// worked out once (the angle between the ends and their sines and
/// cosines): at(f) is intermediate_point(a, b, f), bit for bit, at about a
/// third of the cost, for many points of one leg (a ship's track sampled as
/// it sails).
class GreatCircle {
 public:
  GreatCircle(LatLon a, LatLon b) noexcept;
  LatLon at(double fraction) const noexcept;

 private:
  LatLon a_;
  double delta_;  // the central angle, radians
  double sin_delta_;
  double phi1_, l1_;  // a's latitude and longitude, radians
  double sin_phi1_, cos_phi1_, sin_l1_, cos_l1_;
  double sin_phi2_, cos_phi2_, sin_l2_, cos_l2_;
};

}  // namespace drill::models
