// The generated sortie-and-stock drill; see generated_drill.hpp.
#include "bench/generated_drill.hpp"

#include <algorithm>
#include <cstdio>
#include <stdexcept>

namespace drill::bench {
namespace {

void line(std::string& out, const char* fmt, auto... args) {
  char buf[512];
  const int n = std::snprintf(buf, sizeof buf, fmt, args...);
  out.append(buf, static_cast<std::size_t>(std::clamp(n, 0, static_cast<int>(sizeof buf) - 1)));
  out += '\n';
}

}  // namespace

int squadron_count(const DrillShape& s) noexcept { return (s.aircraft + s.squadron_size - 1) / s.squadron_size; }
int airfield_count(const DrillShape& s) noexcept {
  return (squadron_count(s) + s.squadrons_per_base - 1) / s.squadrons_per_base;
}

std::string generated_drill_yaml(const DrillShape& s) {
  if (s.aircraft < 1 || s.days < 1 || s.squadron_size < 1 || s.squadrons_per_base < 1 ||
      !(s.sorties_per_aircraft_day > 0.0))
    throw std::invalid_argument("generated drill: aircraft, days, squadron size, squadrons per base and the sortie rate must be positive");
  const int squadrons = squadron_count(s);
  const int airfields = airfield_count(s);
  std::string y;
  y.reserve(static_cast<std::size_t>(1024 + 700 * airfields + 400 * squadrons));
  line(y, "# Generated sortie-and-stock drill: %d aircraft in %d squadrons at %d airfields, %d days.", s.aircraft,
       squadrons, airfields, s.days);
  line(y, "drill:");
  line(y, "  name: Generated sorties %d aircraft %d days", s.aircraft, s.days);
  line(y, "  horizon: %dd", s.days);
  line(y, "  seed: %llu", static_cast<unsigned long long>(s.seed));
  line(y, "geography:");
  line(y, "  points:");
  // Airfields on a grid of 0.5 degree steps over northern Europe; each
  // squadron's patrol box lies 1 to 2.5 degrees of latitude north of its
  // base, a little east or west, so transits differ between squadrons.
  for (int b = 0; b < airfields; ++b) {
    const double lat = 48.0 + 0.5 * (b / 20);
    const double lon = -8.0 + 0.5 * (b % 20);
    line(y, "    - {name: af_%04d_pos, lat: %.3f, lon: %.3f}", b, lat, lon);
  }
  line(y, "  areas:");
  for (int q = 0; q < squadrons; ++q) {
    const int b = q / s.squadrons_per_base;
    const int k = q % s.squadrons_per_base;
    const double lat = 48.0 + 0.5 * (b / 20) + 1.0 + 0.3 * k;
    const double lon = -8.0 + 0.5 * (b % 20) + 0.4 * (k - 2);
    line(y, "    - {name: box_%04d, centre: [%.3f, %.3f], radius: 20 nm}", q, lat, lon);
  }
  line(y, "bases:");
  line(y, "  airfields:");
  for (int b = 0; b < airfields; ++b) {
    line(y, "    - name: af_%04d", b);
    line(y, "      position: af_%04d_pos", b);
    line(y, "      runway: {launch_capacity: 2, recovery_capacity: 2, launch_slot: 2min, recovery_slot: 3min}");
    line(y, "      fuel_points: {count: 4, transfer_rate: 40 t/h}");
    line(y, "      maintenance_crews: 4");
    line(y, "      spares: {count: 60, reorder_point: 30, resupply_quantity: 40, "
            "lead_time: \"triangular(min: 12h, mode: 1d, max: 2d)\"}");
    line(y, "      fuel: {capacity: 3000 t, initial: 2500 t, reorder_point: 1500 t, resupply_quantity: 1200 t, "
            "lead_time: \"uniform(min: 12h, max: 1d)\"}");
  }
  line(y, "air:");
  line(y, "  types:");
  line(y, "    - name: MPA");
  line(y, "      cruise_speed: 420 kn");
  line(y, "      fuel_capacity: 8 t");
  line(y, "      fuel_burn: 3 t/h");
  line(y, "      bingo: 25%%");
  line(y, "      turnaround:");
  line(y, "        servicing: \"triangular(min: 20min, mode: 30min, max: 50min)\"");
  line(y, "        inspection: 15min");
  line(y, "      mtbf: 20h");
  line(y, "      mttr: \"lognormal(mean: 3h, sd: 1h)\"");
  line(y, "      spares_per_repair: 1");
  line(y, "  squadrons:");
  for (int q = 0; q < squadrons; ++q) {
    const int count = std::min(s.squadron_size, s.aircraft - q * s.squadron_size);
    line(y, "    - {name: sq_%04d, type: MPA, base: af_%04d, count: %d}", q, q / s.squadrons_per_base, count);
  }
  line(y, "plan:");
  line(y, "  tasks:");
  for (int q = 0; q < squadrons; ++q) {
    const int count = std::min(s.squadron_size, s.aircraft - q * s.squadron_size);
    line(y, "    - {name: patrol_%04d, kind: maritime_patrol, participants: [sq_%04d], location: box_%04d, "
            "sorties_per_day: %.3f}",
         q, q, q, count * s.sorties_per_aircraft_day);
  }
  return y;
}

}  // namespace drill::bench
