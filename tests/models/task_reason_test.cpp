// Every task not done, or not on time, says why, in words the drill's
// author can act on. The times in the reasons follow from the drill's
// numbers: a frigate at 15 kn cruise, ~97 nm from a to b.
#include <gtest/gtest.h>

#include <string>

#include "models/geo.hpp"
#include "tests/models/drill_run.hpp"

namespace drill::models {
namespace {

using testing::DrillRun;

std::string drill(const std::string& tasks) {
  return R"(
drill: {name: reasons, horizon: 1d}
geography:
  points:
    - {name: a, lat: 50.0, lon: -5.0}
    - {name: b, lat: 51.0, lon: -3.0}
  areas:
    - {name: box_b, centre: b, radius: 10 nm}
naval:
  classes:
    - {name: frigate, max_speed: 30 kn, cruise_speed: 15 kn, fuel_capacity: 500 t,
       burn_at_max: 10 t/h, hotel: 1 t/h}
  units:
    - {name: f1, class: frigate, start: a}
plan:
  tasks:
)" + tasks;
}

TEST(TaskReason, UnfinishedTasksSayWhatTheShipIsDoingAndWhatTheyWaitFor) {
  DrillRun run(drill("    - {name: go, kind: transit, participants: [f1], location: box_b, deadline: D+0 12:00}\n"
                     "    - {name: watch, kind: patrol, participants: [f1], location: box_b, depends_on: [go]}\n"));
  // Two hours in, the frigate is in transit.
  testing::Results m = run.run_until(core::at(core::hours(2)));
  EXPECT_EQ(m.task("go").reason, "f1 in transit to 'box_b', due D+0 12:00:00");
  EXPECT_EQ(m.task("watch").reason, "depends on 'go', not done");
  // Ten hours in it patrols until the horizon.
  m = run.run_until(core::at(core::hours(10)));
  EXPECT_EQ(m.task("go").reason, "");
  EXPECT_TRUE(m.task("go").on_time);
  EXPECT_EQ(m.task("watch").reason, "f1 on patrol 'watch' until D+1 00:00:00");
}

TEST(TaskReason, ALateArrivalSaysWhenTheShipGotThere) {
  // The patrol must end by 04:00, but the frigate leaves at once at cruise
  // speed and reaches b after d / 15 kn (~6.5 h): late.
  DrillRun run(drill("    - {name: watch, kind: patrol, participants: [f1], location: box_b, deadline: D+0 04:00}\n"));
  const double arrive_h = distance_nm(LatLon{50.0, -5.0}, LatLon{51.0, -3.0}) / 15.0;
  const std::string arrived = core::format(core::at(core::hours_f(arrive_h)));
  const testing::Results m = run.run_to_horizon();
  const TaskOutcome& t = m.task("watch");
  EXPECT_TRUE(t.completed());
  EXPECT_FALSE(t.on_time);
  EXPECT_EQ(t.reason, "f1 reached 'box_b' at " + arrived + ", after the deadline; finished at " + arrived +
                          ", after the deadline D+0 04:00:00");
}

TEST(TaskReason, ATaskNotBegunByTheEndSaysWhatIsAheadOfIt) {
  // The frigate does its tasks one at a time: 'second' (from 06:00) waits
  // behind 'first', which patrols until the horizon.
  DrillRun run(drill("    - {name: first, kind: patrol, participants: [f1], location: box_b}\n"
                     "    - {name: second, kind: patrol, participants: [f1], location: a, earliest_start: D+0 06:00}\n"));
  const testing::Results m = run.run_until(core::at(core::hours(20)));
  EXPECT_EQ(m.task("second").reason,
            "f1 has not begun it: on patrol 'first' until D+1 00:00:00");
}

TEST(TaskReason, APatrolWhoseShipIsAwayForFuelPastItsEndIsLateAndSaysSo) {
  // The frigate patrols at a until 12:00 just above critical fuel; at its
  // 06:00 check it is below and, with no oiler, sails to the port at c
  // (about 38.6 nm at 15 kn) and bunkers there: it is away until after
  // 12:00, so the patrol was not kept to its end.
  DrillRun run(R"(
drill: {name: away for fuel, horizon: 1d}
geography:
  points:
    - {name: a, lat: 50.0, lon: -5.0}
    - {name: c, lat: 50.0, lon: -4.0}
  areas:
    - {name: box_a, centre: a, radius: 10 nm}
bases:
  ports:
    - {name: haven, position: c, fuel: {capacity: 5000 t}}
naval:
  classes:
    - {name: frigate, max_speed: 30 kn, cruise_speed: 15 kn, fuel_capacity: 500 t,
       burn_at_max: 10 t/h, hotel: 1 t/h, critical_fuel: 20%}
  units:
    - {name: f1, class: frigate, start: a, initial_fuel: 21%}
plan:
  tasks:
    - {name: watch, kind: patrol, participants: [f1], location: box_a, deadline: D+0 12:00}
)");
  const testing::Results m = run.run_to_horizon();
  const TaskOutcome& t = m.task("watch");
  EXPECT_FALSE(t.on_time);
  EXPECT_NE(t.reason.find("f1 left its patrol at D+0 06:00:00 for fuel at 'haven'"), std::string::npos) << t.reason;
  EXPECT_NE(t.reason.find("could not be back on station before the patrol's end D+0 12:00"), std::string::npos) << t.reason;
}

}  // namespace
}  // namespace drill::models
