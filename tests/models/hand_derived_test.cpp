// Small drills from tests/models/data, each worked out by hand: air-to-air
// refuelling, stock reorders, spares, diversion to port, task dependencies,
// and the drill keys that replaced built-in constants. The golden pins
// (golden_test.cpp) guard whole example drills against any change; these
// say what the right answer is.
//
// Kernel times are whole microseconds, so instants are checked a
// millisecond either side of the computed time.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "models/geo.hpp"
#include "tests/models/drill_run.hpp"

namespace drill::models {
namespace {

using testing::DrillRun;
using testing::named;

const std::filesystem::path kData = std::filesystem::path(DRILL_SOURCE_DIR) / "tests/models/data";
constexpr core::Duration kMargin = core::milliseconds(1);

std::string data(const char* name) {
  std::ifstream in(kData / name);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

core::SimTime at_hours(double h) { return core::at(core::hours_f(h)); }

TEST(HandDerived, TankerTopsUpEachArrivingFighterWithinItsOffload) {
  DrillRun run(data("tanker_refuelling.yaml"));
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

  DrillMeasures m = run.run_until(at_hours(first_leaves) - kMargin);
  EXPECT_EQ(m.fuel_delivered_aar_t, 0.0);
  m = run.run_until(at_hours(first_leaves) + kMargin);
  EXPECT_NEAR(m.fuel_delivered_aar_t, top_up, 1e-9);
  m = run.run_until(at_hours(second_leaves) + kMargin);
  EXPECT_NEAR(m.fuel_delivered_aar_t, 2.0 * top_up, 1e-9);
  // The third arrival gets what is left of the 10 t offload.
  m = run.run_until(at_hours(third_leaves) + kMargin);
  ASSERT_LT(10.0 - 2.0 * top_up, top_up);
  EXPECT_NEAR(m.fuel_delivered_aar_t, 10.0, 1e-9);
  EXPECT_EQ(named(m.squadrons, "tankers").sorties_flown, 0);  // still on station
}

TEST(HandDerived, PatrolSpeedLegAndBunkerRateKeysDriveTheNavalModel) {
  DrillRun run(data("naval_keys.yaml"));
  // f1 patrols at 7.5 kn burning 1 + 9 (7.5 / 30)^3 t/h; its 5 t above
  // critical run out inside the first 5 h leg, so at 05:00 it goes to the
  // port (0 nm away) and bunkers up to 500 t at 100 t/h, then patrols on
  // until 12:00.
  const double burn = 1.0 + 9.0 * 0.25 * 0.25 * 0.25;
  const double cross_h = 5.0 / burn;
  ASSERT_LT(cross_h, 5.0);
  const double got = 500.0 - (105.0 - 5.0 * burn);
  const double full_h = 5.0 + got / 100.0;
  const DrillMeasures m = run.run_to_horizon();
  const ShipMeasure& f1 = named(m.ships, "f1");
  EXPECT_NEAR(f1.fuel_received_t, got, 1e-6);
  EXPECT_NEAR(f1.hours_below_critical, full_h - cross_h, 1e-6);
  EXPECT_NEAR(f1.distance_nm, 7.5 * (5.0 + 12.0 - full_h), 1e-6);
  // f2's port visit lasts its 3 h stay (full tanks: nothing to bunker).
  const TaskMeasure& call = named(m.task_list, "call");
  ASSERT_TRUE(call.completed_at.has_value());
  EXPECT_EQ(*call.completed_at, core::at(core::hours(3)));
}

}  // namespace
}  // namespace drill::models
