// Unit activities as trace records: a drill worked by hand traces exactly
// the activities its arithmetic predicts, and every trace pairs its starts
// and ends per unit and activity, in time order.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "core/simulation.hpp"
#include "models/activity.hpp"
#include "models/drill_model.hpp"
#include "tests/models/drill_run.hpp"

namespace drill::models {
namespace {


const std::filesystem::path kData = std::filesystem::path(DRILL_SOURCE_DIR) / "tests/models/data";

std::string data(const char* name) {
  std::ifstream in(kData / name);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

struct Recorder final : ActivityListener {
  std::vector<ActivityRecord> records;
  void on_activity(const ActivityRecord& r) override { records.push_back(r); }
};

/// Runs the drill to its horizon with `recorder` listening; returns the names.
struct TracedRun {
  explicit TracedRun(const std::string& yaml)
      : spec(testing::load_or_throw(yaml)), sim(core::SimulationOptions{.seed = 1}), model(sim, spec) {
    model.set_activity_listener(&recorder);
    sim.run_until(core::at(spec.drill.horizon));
  }
  std::string unit(const ActivityRecord& r) const { return model.collector().names().name(r.subject); }

  scenario::DrillSpec spec;
  core::Simulation sim;
  DrillModel model;
  Recorder recorder;
};

/// Every end closes an open start of the same unit and activity, and time
/// never goes back; returns how many activities are still open.
std::size_t check_pairs(const std::vector<ActivityRecord>& records) {
  std::map<std::pair<core::metrics::EntityRef, Activity>, int> open;
  core::SimTime last = core::SimTime::zero();
  for (const auto& r : records) {
    EXPECT_GE(r.time, last);
    last = r.time;
    int& n = open[{r.subject, r.activity}];
    if (r.edge == ActivityEdge::start) {
      ++n;
    } else {
      EXPECT_GT(n, 0) << "an end with no start, " << to_string(r.activity);
      --n;
    }
  }
  std::size_t still_open = 0;
  for (const auto& [key, n] : open) still_open += static_cast<std::size_t>(n);
  return still_open;
}

TEST(ActivityTrace, APatrollingFrigateThatBunkersTracesItsLegsTheBerthAndTheFuel) {
  TracedRun run(data("naval_keys.yaml"));
  // As in hand_derived_test.cpp: f1 patrols its first 5 h leg, crosses
  // critical in it, berths at once at the port 0 nm away and bunkers
  // `got` t at 100 t/h, then patrols on until 12:00; the port is the
  // related entity of the berth wait and the bunkering.
  const double burn = 1.0 + 9.0 * 0.25 * 0.25 * 0.25;
  const double got = 500.0 - (105.0 - 5.0 * burn);
  const core::SimTime full = core::at(core::hours_f(5.0 + got / 100.0));
  const core::SimTime five = core::at(core::hours(5));
  struct Expected {
    core::SimTime time;
    Activity activity;
    ActivityEdge edge;
  };
  const std::vector<Expected> expected = {
      {core::SimTime::zero(), Activity::on_station, ActivityEdge::start},
      {five, Activity::on_station, ActivityEdge::end},
      {five, Activity::waiting_for_resource, ActivityEdge::start},
      {five, Activity::waiting_for_resource, ActivityEdge::end},
      {five, Activity::refuelling, ActivityEdge::start},
      {full, Activity::refuelling, ActivityEdge::end},
      {full, Activity::on_station, ActivityEdge::start},
      {core::at(core::hours(12)), Activity::on_station, ActivityEdge::end},
  };
  std::vector<ActivityRecord> f1;
  for (const auto& r : run.recorder.records)
    if (run.unit(r) == "f1") f1.push_back(r);
  ASSERT_EQ(f1.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(f1[i].activity, expected[i].activity) << i;
    EXPECT_EQ(f1[i].edge, expected[i].edge) << i;
    EXPECT_NEAR(f1[i].time.hours(), expected[i].time.hours(), 1e-6) << i;
  }
  ASSERT_TRUE(f1[2].related.has_value());
  EXPECT_EQ(run.model.collector().names().name(*f1[2].related), "haven");
  EXPECT_EQ(check_pairs(run.recorder.records), 0u);
}

TEST(ActivityTrace, AnAircraftThatFailsTracesEveryKindOfGroundAndAirActivity) {
  TracedRun run(data("spares.yaml"));
  std::map<Activity, int> starts;
  for (const auto& r : run.recorder.records)
    if (r.edge == ActivityEdge::start) ++starts[r.activity];
  const core::metrics::Snapshot end = run.model.snapshot(run.sim.now());
  const double sorties = drill::testing::value_of(end, "sorties_flown");
  const double failures = drill::testing::value_of(end, "aircraft_failures", {"sq"});
  ASSERT_GT(sorties, 0);
  ASSERT_GT(failures, 0);
  // Every recovered sortie flew out and back and was on station once; each
  // sortie with failures went to maintenance once; each sortie waited for
  // the runway twice (launch, recovery) and a fuel point once.
  EXPECT_GE(starts[Activity::on_station], sorties);
  EXPECT_GE(starts[Activity::transit], 2.0 * sorties);
  EXPECT_GE(starts[Activity::refuelling], sorties - 1.0);
  EXPECT_GE(starts[Activity::maintenance], 1);
  EXPECT_GE(starts[Activity::waiting_for_resource], 2.0 * sorties);
  EXPECT_EQ(starts[Activity::replenishment_at_sea], 0);
  check_pairs(run.recorder.records);
}

TEST(ActivityTrace, WithNoListenerTheRunIsTheSame) {
  const std::string yaml = data("spares.yaml");
  TracedRun traced(yaml);
  testing::DrillRun plain(yaml);
  plain.run_to_horizon();
  EXPECT_EQ(traced.sim.fingerprint().hex(), plain.sim().fingerprint().hex());
  EXPECT_FALSE(traced.recorder.records.empty());
}

}  // namespace
}  // namespace drill::models
