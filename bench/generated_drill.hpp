// The generated sortie-and-stock drill: the whole-model benchmark's shape.
//
// N aircraft in squadrons of up to `squadron_size`, a few squadrons to an
// airfield, each squadron flying one maritime-patrol task at a steady sortie
// rate for D days; every airfield has a runway, fuel points, maintenance
// crews and resupplied fuel and spares stocks. No ships and no comms: the
// events are sorties, turnarounds, repairs and stock resupply, the mix the
// air model runs most.
//
// The text is a pure function of the shape (no randomness, no clock), so a
// shape names one drill and one fingerprint; `bench_generated_drill_tests`
// pins a small one.
// About 28 events per aircraft per day: 2,000 aircraft over 60 days is
// about 3.4 M events.
#pragma once

#include <cstdint>
#include <string>

namespace drill::bench {

struct DrillShape {
  int aircraft = 2000;
  int days = 60;
  int squadron_size = 20;        // the last squadron takes the remainder
  int squadrons_per_base = 5;
  double sorties_per_aircraft_day = 2.4;  // planned; the squadron's task rate
  std::uint64_t seed = 1;
};

/// How many squadrons and airfields `shape` has.
int squadron_count(const DrillShape& shape) noexcept;
int airfield_count(const DrillShape& shape) noexcept;

/// The drill file for `shape` (YAML). Throws std::invalid_argument for a
/// shape with fewer than one aircraft or day or a non-positive size.
std::string generated_drill_yaml(const DrillShape& shape);

}  // namespace drill::bench
