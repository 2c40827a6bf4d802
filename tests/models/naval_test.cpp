// The naval model against hand arithmetic: transit time and fuel, time below
// critical fuel, replenishment at sea. Every expected value is computed here
// from the drill's own numbers, so a change in the model's physics shows up
// as a difference in these figures, not just as a changed fingerprint.
//
// Times in the kernel are whole microseconds and every delay is rounded to
// the nearest tick, so times are compared to within a few microseconds and
// quantities that depend on them to a matching relative tolerance.
#include <gtest/gtest.h>

#include <string>

#include "models/geo.hpp"
#include "models/ship.hpp"
#include "tests/models/drill_run.hpp"

namespace drill::models {
namespace {

using testing::DrillRun;

constexpr double kTickTolH = 10e-6 / 3600.0;  // ten microseconds, in hours
constexpr LatLon kA{50.0, -5.0};
constexpr LatLon kB{51.0, -3.0};

/// burn(v) = hotel + (max - hotel)(v / vmax)^3, written out independently of ShipClass.
double cubic_burn(double hotel, double at_max, double v, double vmax) {
  const double r = v / vmax;
  return hotel + (at_max - hotel) * r * r * r;
}

std::string transit_drill(const std::string& deadline, const std::string& initial_fuel = "100%") {
  return R"(
drill: {name: transit, horizon: 2d}
geography:
  points:
    - {name: a, lat: 50.0, lon: -5.0}
    - {name: b, lat: 51.0, lon: -3.0}
naval:
  classes:
    - {name: frigate, max_speed: 30 kn, cruise_speed: 15 kn, fuel_capacity: 500 t,
       burn_at_max: 10 t/h, hotel: 1 t/h, critical_fuel: 20%}
  units:
    - {name: f1, class: frigate, start: a, initial_fuel: )" +
         initial_fuel + R"(}
plan:
  tasks:
    - {name: go, kind: transit, participants: [f1], location: b, deadline: )" +
         deadline + "}\n";
}

TEST(Naval, Transit_ArrivesAtDistanceOverSpeedWithCubicBurn) {
  // A slack deadline: the ship goes at cruise speed, 15 kn.
  DrillRun run(transit_drill("D+1 00:00"));
  const double d = distance_nm(kA, kB);
  const double v = 15.0;
  const double t_h = d / v;
  const double burn = cubic_burn(1.0, 10.0, v, 30.0);
  EXPECT_DOUBLE_EQ(burn, 1.0 + 9.0 * 0.125);

  // Just before arrival the ship has not arrived; at arrival it has.
  const core::SimTime arrival = core::at(core::hours_f(t_h));
  const testing::Results before = run.run_until(arrival - core::milliseconds(1));
  EXPECT_FALSE(before.task("go").completed());
  EXPECT_NEAR(before.value("ship_fuel_consumed", {"f1"}), burn * (t_h - 1e-3 / 3600.0), 1e-9);

  const testing::Results m = run.run_to_horizon();
  const TaskOutcome& go = m.task("go");
  ASSERT_TRUE(go.completed());
  ASSERT_TRUE(go.completed_at.has_value());
  EXPECT_NEAR(go.completed_at->hours(), t_h, kTickTolH);
  EXPECT_TRUE(go.on_time);

  // After arrival it holds position on its hotel load until the horizon.
  const double consumed = m.value("ship_fuel_consumed", {"f1"});
  EXPECT_NEAR(m.value("ship_distance", {"f1"}) / 1852.0, d, 1e-9);
  EXPECT_NEAR(consumed, burn * t_h + 1.0 * (48.0 - t_h), 1e-6);
  EXPECT_NEAR(m.value("ship_fuel", {"f1"}) / m.value("ship_fuel_capacity", {"f1"}), (500.0 - consumed) / 500.0, 1e-12);
  EXPECT_EQ(m.value("ship_time_below_critical_fuel", {"f1"}), 0.0);
}

TEST(Naval, Transit_SpeedsUpToMeetATightDeadlineAndBurnsTheCubeOfThatSpeed) {
  // Four hours for ~97 nm needs more than cruise speed: the ship goes at
  // exactly distance / 4 h and arrives on the deadline.
  DrillRun run(transit_drill("D+0 04:00"));
  const double d = distance_nm(kA, kB);
  const double v = d / 4.0;
  ASSERT_GT(v, 15.0);
  ASSERT_LT(v, 30.0);
  const double burn = cubic_burn(1.0, 10.0, v, 30.0);

  const testing::Results m = run.run_to_horizon();
  const TaskOutcome& go = m.task("go");
  ASSERT_TRUE(go.completed_at.has_value());
  EXPECT_NEAR(go.completed_at->hours(), 4.0, kTickTolH);
  EXPECT_TRUE(go.on_time);
  EXPECT_NEAR(m.value("ship_distance", {"f1"}) / 1852.0, d, 1e-9);
  EXPECT_NEAR(m.value("ship_fuel_consumed", {"f1"}), burn * 4.0 + 1.0 * 44.0, 1e-6);
}

TEST(Naval, TimeBelowCritical_CountsFromTheExactCrossingDuringATransit) {
  // 500 t tanks, critical at 20 % = 100 t, starting at 22 % = 110 t. At
  // cruise (2.125 t/h) the 10 t above critical last 10 / 2.125 h, well
  // inside the ~6.5 h transit; the ship stays below critical from then on
  // (there is no oiler and no port to go to).
  DrillRun run(transit_drill("D+1 00:00", "22%"));
  const double t_h = distance_nm(kA, kB) / 15.0;
  const double burn = cubic_burn(1.0, 10.0, 15.0, 30.0);
  const double cross_h = 10.0 / burn;
  ASSERT_LT(cross_h, t_h);

  const testing::Results m = run.run_to_horizon();
  EXPECT_NEAR(m.value("ship_time_below_critical_fuel", {"f1"}) / 3600.0, 48.0 - cross_h, 1e-6);
  EXPECT_NEAR(m.value("time_below_critical_fuel") / 3600.0, 48.0 - cross_h, 1e-6);
  // Burned until empty: 110 t would last t_h at cruise plus (110 - burn t_h) h of hotel.
  const double empty_h = t_h + (110.0 - burn * t_h) / 1.0;
  ASSERT_GT(empty_h, 48.0);
  EXPECT_NEAR(m.value("ship_fuel_consumed", {"f1"}), burn * t_h + (48.0 - t_h), 1e-6);
}

TEST(Naval, TimeBelowCritical_CountsFromTheExactCrossingOnHotelLoadAfterArrival) {
  // Starting at 25 % = 125 t: the transit burns ~13.8 t, leaving ~11.2 t
  // above critical, which the 1 t/h hotel load uses up after arrival.
  DrillRun run(transit_drill("D+1 00:00", "25%"));
  const double t_h = distance_nm(kA, kB) / 15.0;
  const double burn = cubic_burn(1.0, 10.0, 15.0, 30.0);
  const double above_after_transit = 125.0 - burn * t_h - 100.0;
  ASSERT_GT(above_after_transit, 0.0);
  const double cross_h = t_h + above_after_transit / 1.0;
  ASSERT_LT(cross_h, 48.0);

  const testing::Results before = run.run_until(core::at(core::hours_f(cross_h)) - core::milliseconds(1));
  EXPECT_EQ(before.value("ship_time_below_critical_fuel", {"f1"}), 0.0);
  const testing::Results m = run.run_to_horizon();
  EXPECT_NEAR(m.value("ship_time_below_critical_fuel", {"f1"}) / 3600.0, 48.0 - cross_h, 1e-6);
}

std::string ras_drill(const std::string& cargo) {
  return R"(
drill: {name: ras, horizon: 1d}
geography:
  points:
    - {name: rv, lat: 50.0, lon: -5.0}
naval:
  classes:
    - {name: destroyer, max_speed: 30 kn, cruise_speed: 15 kn, fuel_capacity: 1000 t,
       burn_at_max: 20 t/h, hotel: 2 t/h}
    - {name: fleet_oiler, max_speed: 20 kn, cruise_speed: 12 kn, fuel_capacity: 2000 t,
       burn_at_max: 20 t/h, hotel: 2 t/h,
       oiler: {cargo_fuel: )" +
         cargo + R"(, transfer_rate: 400 t/h, connect_time: 30min, disconnect_time: 20min}}
  units:
    - {name: d1, class: destroyer, start: rv, initial_fuel: 50%}
    - {name: o1, class: fleet_oiler, start: rv}
plan:
  tasks:
    - {name: ras, kind: replenishment, participants: [d1, o1], location: rv,
       earliest_start: D+0 02:00}
)";
}

TEST(Naval, Replenishment_TransfersTheOilersCargoWhenItIsLessThanTheSpace) {
  // Both ships wait at the rendezvous on hotel load (2 t/h). The receiver
  // has 500 - 2 * 2.5 = 495 t when connected (space 505 t); the oiler
  // carries 300 t, so 300 t pass in 300 / 400 = 0.75 h.
  DrillRun run(ras_drill("300 t"));
  const double amount = 300.0;
  const double done_h = 2.0 + 0.5 + amount / 400.0 + 20.0 / 60.0;
  const testing::Results m = run.run_to_horizon();
  const TaskOutcome& ras = m.task("ras");
  ASSERT_TRUE(ras.completed_at.has_value());
  EXPECT_NEAR(ras.completed_at->hours(), done_h, kTickTolH);
  EXPECT_NEAR(m.value("ship_fuel_received", {"d1"}), amount, 1e-9);
  EXPECT_NEAR(m.value("fuel_delivered_ras"), amount, 1e-9);
  // The receiver burned hotel load all day and received the transfer.
  EXPECT_NEAR(m.value("ship_fuel", {"d1"}) / m.value("ship_fuel_capacity", {"d1"}),
              (500.0 - 2.0 * 24.0 + amount) / 1000.0, 1e-9);
}

TEST(Naval, Replenishment_FillsTheReceiversSpaceWhenTheOilerHasMore) {
  // 2000 t of cargo: the transfer is the receiver's space at connection,
  // 1000 - 495 = 505 t, in 505 / 400 h.
  DrillRun run(ras_drill("2000 t"));
  const double amount = 1000.0 - (500.0 - 2.0 * 2.5);
  const double done_h = 2.0 + 0.5 + amount / 400.0 + 20.0 / 60.0;
  const testing::Results m = run.run_to_horizon();
  const TaskOutcome& ras = m.task("ras");
  ASSERT_TRUE(ras.completed_at.has_value());
  EXPECT_NEAR(ras.completed_at->hours(), done_h, kTickTolH);
  EXPECT_NEAR(m.value("ship_fuel_received", {"d1"}), amount, 1e-6);
  EXPECT_NEAR(m.value("fuel_delivered_ras"), amount, 1e-6);
}

TEST(ShipTrack, PositionsFollowEachLegEvenAfterBeingSampledOnTheOneBefore) {
  // position_at keeps the leg's great circle once it is first asked for:
  // a new leg (or the end of one) must not be drawn on the old one.
  scenario::ShipClass cls;
  cls.name = "frigate";
  cls.max_speed_kn = cls.cruise_speed_kn = 20.0;
  cls.fuel_capacity_t = 100.0;
  const LatLon a{50.0, -5.0}, b{50.0, 5.0}, c{40.0, 5.0};
  Ship ship("test", cls, a, 1.0, 0);
  const auto at = [](int h) { return core::at(core::hours(h)); };
  ship.begin_leg(b, at(0), at(10));
  EXPECT_NEAR(distance_nm(a, ship.position_at(at(5))), distance_nm(a, b) / 2, 1e-6);
  EXPECT_NEAR(distance_nm(a, ship.position_at(at(2))), distance_nm(a, b) / 5, 1e-6);
  ship.set_position(b, distance_nm(a, b));
  EXPECT_EQ(ship.position_at(at(12)).lon_deg, b.lon_deg);
  ship.begin_leg(c, at(12), at(22));
  const LatLon mid = ship.position_at(at(17));
  EXPECT_NEAR(distance_nm(b, mid), distance_nm(b, c) / 2, 1e-6);
  EXPECT_NEAR(distance_nm(mid, c), distance_nm(b, c) / 2, 1e-6);
  EXPECT_EQ(ship.position_at(at(30)).lat_deg, c.lat_deg);
}

}  // namespace
}  // namespace drill::models
