#include "models/geo.hpp"

#include <bit>
#include <cmath>
#include <cstdint>
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

// Models ask for the same few distances again and again (a squadron's base
// to its task's location, out and back on every sortie), and each costs a
// handful of sin, cos and asin. A small memo per thread keeps recent pairs,
// keyed by the exact bits of both positions, so a hit returns exactly what
// the formula would: results cannot depend on it. It holds nothing but
// results of this pure function (zero-initialised entries are the true
// distance from (0, 0) to itself). Two ways a set, the newer first, so two
// pairs that share a set (a base's out and back legs, say) both stay.
namespace {
struct DistanceMemo {
  static constexpr std::size_t kSets = 256;
  struct Entry {
    std::uint64_t a_lat, a_lon, b_lat, b_lon;
    double nm;
    bool is(std::uint64_t al, std::uint64_t ao, std::uint64_t bl, std::uint64_t bo) const noexcept {
      return a_lat == al && a_lon == ao && b_lat == bl && b_lon == bo;
    }
  };
  Entry ways[kSets][2];
};
}  // namespace

double distance_nm(LatLon a, LatLon b) noexcept {
  thread_local DistanceMemo memo;  // trivially constructible: no guard, no destructor
  const auto al = std::bit_cast<std::uint64_t>(a.lat_deg), ao = std::bit_cast<std::uint64_t>(a.lon_deg);
  const auto bl = std::bit_cast<std::uint64_t>(b.lat_deg), bo = std::bit_cast<std::uint64_t>(b.lon_deg);
  // Coordinates in a drill file are short decimals whose low mantissa bits
  // are often all zero: rotate each into a different part of the word and
  // mix the whole word (splitmix64's finaliser) before taking the set.
  std::uint64_t h = al ^ std::rotl(ao, 16) ^ std::rotl(bl, 32) ^ std::rotl(bo, 48);
  h = (h ^ (h >> 30)) * 0xBF58476D1CE4E5B9ULL;
  h = (h ^ (h >> 27)) * 0x94D049BB133111EBULL;
  h ^= h >> 31;
  DistanceMemo::Entry* set = memo.ways[h % DistanceMemo::kSets];
  if (set[0].is(al, ao, bl, bo)) return set[0].nm;
  if (set[1].is(al, ao, bl, bo)) return set[1].nm;
  const double nm = kEarthRadiusNm * central_angle(a, b);
  set[1] = set[0];
  set[0] = DistanceMemo::Entry{al, ao, bl, bo, nm};
  return nm;
}

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

LatLon intermediate_point(LatLon a, LatLon b, double fraction) noexcept { return GreatCircle(a, b).at(fraction); }

GreatCircle::GreatCircle(LatLon a, LatLon b) noexcept
    : a_(a),
      delta_(central_angle(a, b)),
      sin_delta_(std::sin(delta_)),
      phi1_(a.lat_deg * kRad),
      l1_(a.lon_deg * kRad),
      sin_phi1_(std::sin(phi1_)),
      cos_phi1_(std::cos(phi1_)),
      sin_l1_(std::sin(l1_)),
      cos_l1_(std::cos(l1_)),
      sin_phi2_(std::sin(b.lat_deg * kRad)),
      cos_phi2_(std::cos(b.lat_deg * kRad)),
      sin_l2_(std::sin(b.lon_deg * kRad)),
      cos_l2_(std::cos(b.lon_deg * kRad)) {}

LatLon GreatCircle::at(double fraction) const noexcept {
  if (delta_ == 0.0) return a_;
  if (sin_delta_ < 1e-12) {
    // Antipodal: every great circle through `a` reaches `b`; take the one
    // heading due north from `a`.
    const double s = fraction * delta_;
    const double lat = std::asin(sin_phi1_ * std::cos(s) + cos_phi1_ * std::sin(s));
    const double lon = l1_ + std::atan2(0.0, std::cos(s) - sin_phi1_ * std::sin(lat));
    return LatLon{lat * kDeg, std::remainder(lon * kDeg, 360.0)};
  }
  const double wa = std::sin((1.0 - fraction) * delta_) / sin_delta_;
  const double wb = std::sin(fraction * delta_) / sin_delta_;
  const double x = wa * cos_phi1_ * cos_l1_ + wb * cos_phi2_ * cos_l2_;
  const double y = wa * cos_phi1_ * sin_l1_ + wb * cos_phi2_ * sin_l2_;
  const double z = wa * sin_phi1_ + wb * sin_phi2_;
  return LatLon{std::atan2(z, std::sqrt(x * x + y * y)) * kDeg, std::atan2(y, x) * kDeg};
}

}  // namespace drill::models
