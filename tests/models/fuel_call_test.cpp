// Ships below critical fuel against hand arithmetic: an oiler on patrol
// breaks off to answer the logistics cell's order and resumes its patrol; a
// ship nobody answers within its class's `oiler_wait` carries on with its
// patrol meanwhile, then goes to the nearest port with fuel instead, and
// back to its patrol. The drill has no `comms` section: the protocol runs
// on the ideal transport.
//
// A frigate patrols its box from D+0 00:00 starting 1 % above critical fuel.
// Patrol legs last 6 h and fuel is checked between them, so it first asks
// for fuel at 06:00. Every figure below follows from the drill's numbers.
#include <gtest/gtest.h>

#include <string>

#include "models/geo.hpp"
#include "tests/models/drill_run.hpp"

namespace drill::models {
namespace {

using testing::Carrier;
using testing::DrillRun;

// Both tests run on each transport: the ideal one of a drill without
// `comms`, and a network of one ideal link with the frigate, the oiler and
// the cell as nodes.
class FuelCall : public ::testing::TestWithParam<Carrier> {
 protected:
  std::string carried(const std::string& yaml) const {
    return testing::carried(GetParam(), yaml, testing::ideal_comms_section("c", {"f1", "o1"}));
  }
};

constexpr LatLon kA{50.0, -5.0};   // the frigate's patrol box
constexpr LatLon kB{50.5, -5.0};   // the oiler's patrol box
constexpr LatLon kC{50.0, -4.0};   // a port with fuel

// Frigate: 500 t, critical 20 % = 100 t, starts at 21 % = 105 t; cruise
// 15 kn, patrol at 60 % of cruise = 9 kn; burn 1 + 9 (v/30)^3 t/h.
constexpr double kStartT = 105.0, kCriticalT = 100.0, kCapacityT = 500.0, kHotelTph = 1.0;
double frigate_burn(double v) { return 1.0 + 9.0 * (v / 30.0) * (v / 30.0) * (v / 30.0); }
constexpr double kFirstCheckH = 6.0;

std::string drill(const std::string& oiler_unit, const std::string& extra_tasks, const std::string& ports = "") {
  return R"(
drill: {name: fuel calls, horizon: 1d}
geography:
  points:
    - {name: a, lat: 50.0, lon: -5.0}
    - {name: b, lat: 50.5, lon: -5.0}
    - {name: c, lat: 50.0, lon: -4.0}
  areas:
    - {name: box_a, centre: a, radius: 10 nm}
    - {name: box_b, centre: b, radius: 10 nm}
)" + ports + R"(
naval:
  classes:
    - {name: frigate, max_speed: 30 kn, cruise_speed: 15 kn, fuel_capacity: 500 t,
       burn_at_max: 10 t/h, hotel: 1 t/h, critical_fuel: 20%, oiler_wait: 2h}
    - name: tide
      max_speed: 18 kn
      cruise_speed: 12 kn
      fuel_capacity: 2000 t
      burn_at_max: 6 t/h
      hotel: 0.8 t/h
      oiler: {cargo_fuel: 10000 t, transfer_rate: 100 t/h, connect_time: 30min, disconnect_time: 15min}
  units:
    - {name: f1, class: frigate, start: a, initial_fuel: 21%}
    - )" + oiler_unit + R"(
plan:
  tasks:
    - {name: watch, kind: patrol, participants: [f1], location: box_a, deadline: D+1 00:00}
)" + extra_tasks;
}

TEST_P(FuelCall, AnOilerOnPatrolBreaksOffToAnswerAndResumesItsPatrol) {
  DrillRun run(carried(drill("{name: o1, class: tide, start: b, patrol_area: box_b}", "")));
  const double burn = frigate_burn(9.0);
  const double cross_h = (kStartT - kCriticalT) / burn;
  const double at_check_t = kStartT - burn * kFirstCheckH;
  // The oiler sails from its box at its maximum speed (no answer_speed),
  // connects, pumps the frigate full at 100 t/h, disconnects.
  const double d = distance_nm(kA, kB);
  const double connected_h = kFirstCheckH + d / 18.0 + 0.5;
  const double amount = kCapacityT - (at_check_t - kHotelTph * (connected_h - kFirstCheckH));
  const double received_h = connected_h + amount / 100.0;
  const double back_h = received_h + 0.25 + d / 12.0;  // back to its box at cruise

  testing::Results m = run.run_until(core::at(core::hours_f(received_h)) - core::milliseconds(1));
  EXPECT_EQ(m.value("ship_fuel_received", {"f1"}), 0.0);
  m = run.run_to_horizon();
  EXPECT_NEAR(m.value("ship_fuel_received", {"f1"}), amount, 1e-6);
  EXPECT_NEAR(m.value("fuel_delivered_ras"), amount, 1e-6);
  EXPECT_NEAR(m.value("ship_time_below_critical_fuel", {"f1"}) / 3600.0, received_h - cross_h, 1e-6);
  // The oiler's track: out and back, plus its patrol at 7.2 kn before the
  // call and from its return to the horizon.
  EXPECT_NEAR(m.value("ship_distance", {"o1"}) / 1852.0, 2.0 * d + 7.2 * (kFirstCheckH + 24.0 - back_h), 1e-6);
  EXPECT_TRUE(m.task("watch").on_time);
}

TEST_P(FuelCall, AShipNobodyAnswersGoesToTheNearestPortWithFuelAfterItsOilerWait) {
  // The oiler is busy with its own patrol task all day. The frigate carries
  // on with its patrol (at 9 kn) through its 2 h oiler_wait, then sails to
  // port c at cruise and bunkers what it lacks at the port's default 200 t/h.
  DrillRun run(carried(drill("{name: o1, class: tide, start: b}",
                             "    - {name: oiler_watch, kind: patrol, participants: [o1], location: box_b, deadline: D+1 00:00}\n",
                             "bases:\n  ports:\n    - {name: haven, position: c, fuel: {capacity: 5000 t}}\n")));
  const double burn = frigate_burn(9.0);
  const double cross_h = (kStartT - kCriticalT) / burn;
  const double leave_h = kFirstCheckH + 2.0;
  const double d = distance_nm(kA, kC);
  const double arrive_h = leave_h + d / 15.0;
  const double at_port_t = kStartT - burn * (kFirstCheckH + 2.0) - frigate_burn(15.0) * d / 15.0;
  const double got = kCapacityT - at_port_t;
  const double received_h = arrive_h + got / 200.0;

  const testing::Results m = run.run_to_horizon();
  EXPECT_NEAR(m.value("ship_fuel_received", {"f1"}), got, 1e-6);
  EXPECT_NEAR(m.value("fuel_issued_bases"), got, 1e-6);
  EXPECT_EQ(m.value("fuel_delivered_ras"), 0.0);  // the withdrawn call is never answered
  EXPECT_NEAR(m.value("ship_time_below_critical_fuel", {"f1"}) / 3600.0, received_h - cross_h, 1e-6);
  // Then it sails back to its box at cruise and patrols there (at 9 kn) for
  // the rest of the day: 8 h of patrol, the way to port and back, and the
  // patrol after its return.
  const double back_h = received_h + d / 15.0;
  const double track_nm = 9.0 * leave_h + 2.0 * d + 9.0 * (24.0 - back_h);
  EXPECT_NEAR(m.value("ship_distance", {"f1"}) / 1852.0, track_nm, 1e-6);
}

INSTANTIATE_TEST_SUITE_P(BothTransports, FuelCall, ::testing::Values(Carrier::no_comms, Carrier::ideal_links),
                         [](const auto& info) { return std::string(testing::to_string(info.param)); });

}  // namespace
}  // namespace drill::models
