#include "models/geo.hpp"

#include <cmath>
#include <numbers>

namespace drill::models {

namespace {
constexpr double kRad = std::numbers::pi / 180.0;
constexpr double kDeg = 180.0 / std::numbers::pi;

double central_angle(LatLon a, LatLon b) noexcept {
  const double phi1 = a.lat_deg * kRad;
  const double phi2 = b.lat_deg * kRad;
  const double dphi = phi2 - phi1;
  const double dlambda = (b.lon_deg - a.lon_deg) * kRad;
  const double h = std::sin(dphi / 2) * std::sin(dphi / 2) +
                   std::cos(phi1) * std::cos(phi2) * std::sin(dlambda / 2) * std::sin(dlambda / 2);
  // Clamp: rounding can push h a hair above 1 for antipodal points.
  return 2.0 * std::asin(std::sqrt(std::fmin(1.0, h)));
}
}  // namespace

double distance_nm(LatLon a, LatLon b) noexcept { return kEarthRadiusNm * central_angle(a, b); }

double initial_bearing_deg(LatLon a, LatLon b) noexcept {
  if (a == b) return 0.0;
  const double phi1 = a.lat_deg * kRad;
  const double phi2 = b.lat_deg * kRad;
  const double dlambda = (b.lon_deg - a.lon_deg) * kRad;
  const double y = std::sin(dlambda) * std::cos(phi2);
  const double x = std::cos(phi1) * std::sin(phi2) - std::sin(phi1) * std::cos(phi2) * std::cos(dlambda);
  double deg = std::atan2(y, x) * kDeg;
  if (deg < 0) deg += 360.0;
  if (deg >= 360.0) deg -= 360.0;
  return deg;
}

LatLon intermediate_point(LatLon a, LatLon b, double fraction) noexcept {
  const double delta = central_angle(a, b);
  if (delta == 0.0) return a;
  const double phi1 = a.lat_deg * kRad;
  const double phi2 = b.lat_deg * kRad;
  const double l1 = a.lon_deg * kRad;
  const double l2 = b.lon_deg * kRad;
  const double sd = std::sin(delta);
  if (sd < 1e-12) {
    // Antipodal: every great circle through `a` reaches `b`; take the one
    // heading due north from `a`.
    const double s = fraction * delta;
    const double lat = std::asin(std::sin(phi1) * std::cos(s) + std::cos(phi1) * std::sin(s));
    const double lon = l1 + std::atan2(0.0, std::cos(s) - std::sin(phi1) * std::sin(lat));
    return LatLon{lat * kDeg, std::remainder(lon * kDeg, 360.0)};
  }
  const double wa = std::sin((1.0 - fraction) * delta) / sd;
  const double wb = std::sin(fraction * delta) / sd;
  const double x = wa * std::cos(phi1) * std::cos(l1) + wb * std::cos(phi2) * std::cos(l2);
  const double y = wa * std::cos(phi1) * std::sin(l1) + wb * std::cos(phi2) * std::sin(l2);
  const double z = wa * std::sin(phi1) + wb * std::sin(phi2);
  return LatLon{std::atan2(z, std::sqrt(x * x + y * y)) * kDeg, std::atan2(y, x) * kDeg};
}

}  // namespace drill::models
