// The table of bad drills: every way a drill file can be wrong that a user
// hits or that an attacker would try, each with the one diagnostic it must
// produce (key path, position, a fragment of the message or hint).
//
// A case is an edit of one valid drill (kBadDrillBase): `from` replaced by
// `to`, or the whole file when `from` is empty. The marker "@@" in `to`
// stands where the diagnostic must point; it is removed before loading, and
// the expected line and column are computed from where it stood, so a case
// reads as the file does. Shared by bad_drills_test.cpp (the loader) and
// write_bad_drills.cpp (the files `drillsim validate` and `drillsim run`
// are tried on).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace drill::tests {

/// A valid drill with every section, a comms network included.
inline constexpr std::string_view kBadDrillBase = R"yaml(drill:
  name: Bad drill base
  start: "2026-06-01 00:00Z"
  horizon: 2d
  seed: 7
  replications: 2
geography:
  points:
    - {name: lossiemouth, lat: 57.705, lon: -3.339}
    - {name: moray_firth, lat: 57.85, lon: -3.2}
    - {name: northwood, lat: 51.63, lon: -0.42}
  areas:
    - {name: firth_box, centre: moray_firth, radius: 25 nm}
bases:
  airfields:
    - name: lossie
      position: lossiemouth
      runway: {launch_capacity: 1, recovery_capacity: 1, launch_slot: 2min, recovery_slot: 3min}
      fuel_points: {count: 2, transfer_rate: 40 t/h}
      maintenance_crews: 2
      spares: {count: 8, reorder_point: 2, resupply_quantity: 6, lead_time: 1d}
      fuel: {capacity: 800 t, initial: 600 t, reorder_point: 200 t, resupply_quantity: 400 t, lead_time: 1d}
  ports:
    - {name: rosyth, position: lossiemouth, berths: 2, fuel: {capacity: 5000 t}}
naval:
  classes:
    - name: type23
      max_speed: 28 kn
      cruise_speed: 15 kn
      fuel_capacity: 450 t
      burn_at_max: 8 t/h
      hotel: 0.5 t/h
      critical_fuel: 30%
  units:
    - {name: argyll, class: type23, start: lossiemouth, patrol_area: firth_box, home_port: rosyth}
air:
  types:
    - name: Typhoon
      cruise_speed: 450 kn
      fuel_capacity: 5 t
      fuel_burn: 2.8 t/h
      bingo: 25%
      mtbf: 15h
      mttr: "lognormal(mean: 3h, sd: 1h)"
      spares_per_repair: 1
  squadrons:
    - {name: ii_sqn, type: Typhoon, base: lossie, count: 4}
comms:
  nation: GBR
  logistics_cell: hq
  reporting: {report_every: 2h, contacts_per_hour: 2}
  nodes:
    - {name: hq, position: northwood, headquarters: true}
    - {name: ship, host: argyll}
  links:
    - {name: satcom, kind: satellite, nodes: [hq, ship], latency: 280ms, bandwidth: 64 kbit/s}
plan:
  phases:
    - {name: day_one, start: D+0 00:00, end: D+2 00:00}
  tasks:
    - {name: reach_firth, phase: day_one, kind: transit, participants: [argyll], location: firth_box, deadline: D+0 12:00}
    - {name: firth_patrol, phase: day_one, kind: patrol, participants: argyll, location: firth_box, depends_on: [reach_firth]}
    - name: firth_cover
      phase: day_one
      kind: air_coverage
      participants: [ii_sqn]
      location: firth_box
      coverage: {on_station: 1, from: D+0 08:00, until: D+0 16:00}
)yaml";

struct BadDrill {
  std::string name;      // a file name stem: what is wrong
  std::string from;      // text of the base to replace; empty: the whole file
  std::string to;        // its replacement, with "@@" where the diagnostic points
  std::string path;      // the diagnostic's key path ("" for the file as a whole)
  std::string fragment;  // a part of its message or hint
};

/// The drill text of `c` (marker removed) and the expected 1-based line and
/// column of its diagnostic. Throws std::logic_error when `from` is not in
/// the base or the marker is missing: the table itself is wrong.
struct BadDrillText {
  std::string text;
  int line = 0;
  int column = 0;
};
BadDrillText bad_drill_text(const BadDrill& c);

/// Refused drills: each must fail to load with an error at its marker.
std::vector<BadDrill> bad_drills();

/// Drills that load, with a warning at the marker: legal, but nothing or
/// almost nothing of them can work as written.
std::vector<BadDrill> warned_drills();

}  // namespace drill::tests
