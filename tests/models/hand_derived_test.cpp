// Small drills from tests/models/data, each worked out by hand: air-to-air
// refuelling, stock reorders, spares, diversion to port, task dependencies,
// and the drill keys that replaced built-in constants. The golden pins
// (golden_test.cpp) guard whole example drills against any change; these
// say what the right answer is.
//
// Kernel times are whole microseconds, so instants are checked a
// millisecond either side of the computed time.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "models/geo.hpp"
#include "tests/models/drill_run.hpp"

namespace drill::models {
namespace {

using testing::Carrier;
using testing::DrillRun;

// The cases that go through the logistics protocol (tankers ordered by the
// cell, ships seeking fuel) run on each transport: the ideal one of a drill
// without `comms`, and a network of one ideal link.
class HandDerivedProtocol : public ::testing::TestWithParam<Carrier> {};

const std::filesystem::path kData = std::filesystem::path(DRILL_SOURCE_DIR) / "tests/models/data";
constexpr core::Duration kMargin = core::milliseconds(1);

std::string data(const char* name) {
  std::ifstream in(kData / name);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

core::SimTime at_hours(double h) { return core::at(core::hours_f(h)); }

TEST_P(HandDerivedProtocol, TankerTopsUpEachArrivingFighterWithinItsOffload) {
  DrillRun run(testing::carried(GetParam(), data("tanker_refuelling.yaml"),
                                testing::ideal_comms_section("field", {"fighters", "tankers"})));
  // Fighter: 60 nm at 300 kn out; bingo is the larger of 10 % of 6 t and
  // the way back's 3 t/h x transit plus 50 %.
  const double transit = distance_nm(LatLon{57.0, -3.0}, LatLon{58.0, -3.0}) / 300.0;
  const double bingo = std::max(0.6, 1.5 * 3.0 * transit);
  ASSERT_GT(bingo, 0.6);  // the return reserve decides
  const double endurance = (6.0 - 3.0 * transit - bingo) / 3.0;
  // On arrival a fighter takes what tops it up, less the 30 min in contact
  // at 3 t/h: 6 t - bingo - 1.5 t, as long as the tanker has it.
  const double top_up = 6.0 - bingo - 3.0 * 0.5;
  // The first fighter reaches the station at 06:00 just before the tanker
  // (its transit began first), so it gets nothing and leaves at 06:00 +
  // endurance; each relief arrives as the one on station leaves.
  const double first_leaves = 6.0 + endurance;
  const double second_leaves = first_leaves + endurance + top_up / 3.0;
  const double third_leaves = second_leaves + endurance + top_up / 3.0;

  testing::Results m = run.run_until(at_hours(first_leaves) - kMargin);
  EXPECT_EQ(m.value("fuel_delivered_aar"), 0.0);
  m = run.run_until(at_hours(first_leaves) + kMargin);
  EXPECT_NEAR(m.value("fuel_delivered_aar"), top_up, 1e-9);
  m = run.run_until(at_hours(second_leaves) + kMargin);
  EXPECT_NEAR(m.value("fuel_delivered_aar"), 2.0 * top_up, 1e-9);
  // The third arrival gets what is left of the 10 t offload.
  m = run.run_until(at_hours(third_leaves) + kMargin);
  ASSERT_LT(10.0 - 2.0 * top_up, top_up);
  EXPECT_NEAR(m.value("fuel_delivered_aar"), 10.0, 1e-9);
  EXPECT_EQ(m.value("squadron_sorties_flown", {"tankers"}), 0);  // still on station
}

TEST_P(HandDerivedProtocol, PatrolSpeedLegAndBunkerRateKeysDriveTheNavalModel) {
  DrillRun run(testing::carried(GetParam(), data("naval_keys.yaml"), testing::ideal_comms_section("a", {"f1", "f2"})));
  // f1 patrols at 7.5 kn burning 1 + 9 (7.5 / 30)^3 t/h; its 5 t above
  // critical run out inside the first 5 h leg, so at 05:00 it goes to the
  // port (0 nm away) and bunkers up to 500 t at 100 t/h, then patrols on
  // until 12:00.
  const double burn = 1.0 + 9.0 * 0.25 * 0.25 * 0.25;
  const double cross_h = 5.0 / burn;
  ASSERT_LT(cross_h, 5.0);
  const double got = 500.0 - (105.0 - 5.0 * burn);
  const double full_h = 5.0 + got / 100.0;
  const testing::Results m = run.run_to_horizon();
  EXPECT_NEAR(m.value("ship_fuel_received", {"f1"}), got, 1e-6);
  EXPECT_NEAR(m.value("ship_time_below_critical_fuel", {"f1"}) / 3600.0, full_h - cross_h, 1e-6);
  EXPECT_NEAR(m.value("ship_distance", {"f1"}) / 1852.0, 7.5 * (5.0 + 12.0 - full_h), 1e-6);
  // f2's port visit lasts its 3 h stay (full tanks: nothing to bunker).
  const TaskOutcome& call = m.task("call");
  ASSERT_TRUE(call.completed_at.has_value());
  EXPECT_EQ(*call.completed_at, core::at(core::hours(3)));
}

/// The jet of stock_reorder.yaml and spares.yaml, 30 nm from its field.
struct Jet {
  double transit = distance_nm(LatLon{57.0, -3.0}, LatLon{57.5, -3.0}) / 300.0;
  double bingo = std::max(0.25 * 6.0, 1.1 * 3.0 * transit);
  double on_station = (6.0 - 3.0 * transit - bingo) / 3.0;
  double flight = 2.0 * transit + on_station + 3.0 / 60.0;  // to the end of the recovery slot
  double used = std::min(3.0 * flight, 6.0);
  double launch = 2.0 / 60.0;
  double turnaround = used / 40.0 + 0.5 + 0.25;  // refuel at 40 t/h, servicing, inspection
};

TEST(HandDerived, AStockThatCannotMeetADrawOrdersAtOnceAndTheAircraftWaitsOneLeadTime) {
  DrillRun run(data("stock_reorder.yaml"));
  const Jet j;
  // Sortie 1 lands at R1 and draws `used` (~4.95 t) of the 6 t: 1.05 t
  // left, above the 0 t reorder point, no order. Sortie 2 lands at R2 and
  // its draw cannot be met: the position is 1.05 - 4.95 < 0, so 10 t are
  // ordered at once and arrive 2 h later; 8.95 t fit in the 10 t tank.
  const double r1 = j.launch + j.flight;
  const double r2 = r1 + j.turnaround + j.launch + j.flight;
  const double left = 6.0 - j.used;
  ASSERT_LT(left, j.used);

  testing::Results m = run.run_until(at_hours(r2) - kMargin);
  EXPECT_EQ(m.value("stock_orders", {"home/fuel"}), 0u);
  m = run.run_until(at_hours(r2 + 1.0));
  EXPECT_EQ(m.value("stock_orders", {"home/fuel"}), 1.0);
  EXPECT_EQ(m("stock_waiting", {"home/fuel"}).value, 1.0);
  m = run.run_until(at_hours(r2 + 2.0) + kMargin);
  EXPECT_NEAR(m.value("fuel_stock_received", {"home/fuel"}), 10.0 - left, 1e-9);
  EXPECT_NEAR(m("fuel_stock_level", {"home/fuel"}).value, 10.0 - j.used, 1e-9);
  EXPECT_NEAR(m("stock_wait", {"home/fuel"}).max / 60.0, 120.0, 1e-6);
  EXPECT_EQ(m("stock_waiting", {"home/fuel"}).value, 0.0);
  // The third launch comes one lead time later than it would have.
  const double third = r2 + 2.0 + j.turnaround;
  m = run.run_until(at_hours(third) - kMargin);
  EXPECT_EQ(m("resource_wait", {"home", "launch"}).count, 2u);
  m = run.run_until(at_hours(third) + kMargin);
  EXPECT_EQ(m("resource_wait", {"home", "launch"}).count, 3u);
}

TEST(HandDerived, ARepairWithNoPartOnTheShelfOrdersAndWaitsExactlyOneLeadTime) {
  DrillRun run(data("spares.yaml"));
  const Jet j;
  // The first sortie fails; after its turnaround (T0) the crew draws one
  // part from an empty shelf: position -1, so one order makes it 0 (still
  // at the reorder point) and a second makes it 1. Both arrive at T0 + 10 h.
  const double t0 = j.launch + j.flight + j.turnaround;
  testing::Results m = run.run_until(at_hours(t0 + 10.0) - kMargin);
  EXPECT_EQ(m.value("stock_orders", {"home/spares"}), 2.0);
  EXPECT_EQ(m.value("spares_stock_issued", {"home/spares"}), 0.0);
  EXPECT_EQ(m("stock_waiting", {"home/spares"}).value, 1.0);
  EXPECT_NEAR((m.end().seconds() - m.value("stock_oldest_wait_start", {"home/spares"})) / 60.0, 600.0, 1e-3);
  EXPECT_EQ(m.value("squadron_sorties_flown", {"sq"}), 1);
  m = run.run_until(at_hours(t0 + 10.0) + kMargin);
  EXPECT_EQ(m.value("spares_stock_received", {"home/spares"}), 2.0);
  EXPECT_GE(m.value("spares_stock_issued", {"home/spares"}), 1.0);
  EXPECT_NEAR(m("stock_wait", {"home/spares"}).max / 60.0, 600.0, 1e-6);
  EXPECT_GE(m.value("aircraft_failures", {"sq"}), 1);
}

TEST_P(HandDerivedProtocol, AShipWithNoOilerGoesToTheNearestPortThatHasFuel) {
  DrillRun run(testing::carried(GetParam(), data("diversion_to_port.yaml"), testing::ideal_comms_section("a", {"f1"})));
  // The first fuel check after crossing critical is at the end of the first
  // 6 h leg (patrol at 9 kn). 'dry' is nearer but has no fuel; 'near' is
  // nearer than 'far'. Sails there at cruise (15 kn, 1 + 9 / 8 t/h),
  // bunkers the tank full at 200 t/h.
  const double patrol_burn = 1.0 + 9.0 * 0.3 * 0.3 * 0.3;
  const double cross_h = 5.0 / patrol_burn;
  const double d = distance_nm(LatLon{50.0, -5.0}, LatLon{50.0, -4.0});
  ASSERT_LT(distance_nm(LatLon{50.0, -5.0}, LatLon{50.2, -5.0}), d);
  const double arrive_h = 6.0 + d / 15.0;
  const double got = 500.0 - (105.0 - 6.0 * patrol_burn - 2.125 * d / 15.0);
  const double full_h = arrive_h + got / 200.0;
  const testing::Results m = run.run_to_horizon();
  EXPECT_NEAR(m.value("ship_fuel_received", {"f1"}), got, 1e-6);
  EXPECT_NEAR(m.value("ship_time_below_critical_fuel", {"f1"}) / 3600.0, full_h - cross_h, 1e-6);
  EXPECT_EQ(m("resource_wait", {"near", "berths"}).count, 1u);
  EXPECT_EQ(m("resource_wait", {"far", "berths"}).count, 0u);
  EXPECT_NEAR(m.value("fuel_stock_issued", {"near/fuel"}), got, 1e-6);
}

TEST_P(HandDerivedProtocol, AShipOnPatrolAsksForFuelAtItsReplenishLevelAndNeverFallsToCritical) {
  DrillRun run(testing::carried(GetParam(), data("replenish_at.yaml"), testing::ideal_comms_section("a", {"f1", "o1"})));
  // f1 patrols at 7.5 kn burning 1 + 9 (7.5 / 30)^3 t/h; its 5 t above the
  // 60 % level run out inside the first 5 h leg, so at 05:00 it asks. The
  // oiler, at the same point and free, is ordered at once and fills the
  // tank at 100 t/h. The oiler itself starts at 19 t of 100 (critical 20 t)
  // and fills its tank from its cargo at D+0, before it reports itself free.
  const double burn = 1.0 + 9.0 * 0.25 * 0.25 * 0.25;
  const double got = 500.0 - (305.0 - 5.0 * burn);
  const testing::Results m = run.run_to_horizon();
  EXPECT_NEAR(m.value("ship_fuel_received", {"f1"}), got, 1e-6);
  EXPECT_NEAR(m.value("fuel_delivered_ras"), got, 1e-6);
  EXPECT_EQ(m.value("ship_time_below_critical_fuel", {"f1"}), 0.0);
  EXPECT_NEAR(m.value("ship_fuel_received", {"o1"}), 81.0, 1e-6);
  EXPECT_EQ(m.value("ship_time_below_critical_fuel", {"o1"}), 0.0);
  EXPECT_TRUE(m.task("watch").on_time);
}

TEST(HandDerived, ReplenishAtBelowTheCriticalLevelIsRefusedWithItsLocation) {
  std::string yaml = data("replenish_at.yaml");
  const std::string from = "replenish_at: 60%";
  yaml.replace(yaml.find(from), from.size(), "replenish_at: 10%");
  try {
    DrillRun run(yaml);
    FAIL() << "accepted replenish_at below critical_fuel";
  } catch (const std::exception& e) {
    EXPECT_NE(std::string(e.what()).find("replenish_at"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find(":15:"), std::string::npos) << e.what();
  }
}

TEST(HandDerived, DependentTasksBeginWhenWhatTheyDependOnIsDone) {
  DrillRun run(data("task_dependencies.yaml"));
  // The transit ends at d / 15 kn (the deadline leaves time at cruise); the
  // patrol begins there and then, and the air tasking launches its one
  // planned sortie the moment the transit is done.
  const double d = distance_nm(LatLon{50.0, -5.0}, LatLon{51.0, -3.0});
  const double done_h = d / 15.0;
  testing::Results m = run.run_until(at_hours(done_h) - kMargin);
  EXPECT_FALSE(m.task("go").completed());
  EXPECT_EQ(m("resource_wait", {"home", "launch"}).count, 0u);
  EXPECT_EQ(m.task("look").reason, "depends on 'go', not done");
  m = run.run_until(at_hours(done_h) + kMargin);
  EXPECT_TRUE(m.task("go").on_time);
  EXPECT_EQ(m("resource_wait", {"home", "launch"}).count, 1u);
  m = run.run_until(at_hours(20.0));
  EXPECT_EQ(m.task("relieve").reason, "depends on 'watch', not done");
  // f1 patrols at 9 kn from the transit's end until the horizon.
  m = run.run_to_horizon();
  EXPECT_NEAR(m.value("ship_distance", {"f1"}) / 1852.0, d + 9.0 * (24.0 - done_h), 1e-6);
  EXPECT_TRUE(m.task("watch").on_time);
  EXPECT_EQ(m.value("task_sorties_flown", {"look"}), 1);
}

INSTANTIATE_TEST_SUITE_P(BothTransports, HandDerivedProtocol,
                         ::testing::Values(Carrier::no_comms, Carrier::ideal_links),
                         [](const auto& info) { return std::string(testing::to_string(info.param)); });

}  // namespace
}  // namespace drill::models
