// Every drill in configs/ must load without errors: they are the examples
// users copy from and the inputs of the end-to-end tests.
#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "models/scenario/load_drill.hpp"

namespace drill::models::scenario {
namespace {

const std::filesystem::path kConfigs = std::filesystem::path(DRILL_SOURCE_DIR) / "configs";

LoadResult load_config(const char* name) {
  LoadResult r = load_drill(kConfigs / name);
  EXPECT_EQ(r.status, LoadStatus::ok) << format(r.diagnostics);
  return r;
}

int total_units(const DrillSpec& d) {
  int n = 0;
  for (const NavalUnit& u : d.naval.units) n += u.count;
  for (const Squadron& q : d.air.squadrons) n += q.count;
  return n;
}

TEST(ExampleConfigs, EveryYamlFileInConfigsLoadsWithoutErrors) {
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(kConfigs)) {
    if (entry.path().extension() != ".yaml") continue;
    // Sweep files are not drills (the sweep tests run them).
    if (entry.path().filename().string().find("sweep") != std::string::npos) continue;
    ++files;
    const LoadResult r = load_drill(entry.path());
    EXPECT_TRUE(r.ok()) << entry.path().filename() << "\n" << format(r.diagnostics);
  }
  EXPECT_GE(files, 3);
}

TEST(ExampleConfigs, SmallDrillIsOneAirfieldOneSquadronOfFourOneShipOneDay) {
  const LoadResult r = load_config("small.yaml");
  ASSERT_TRUE(r.drill);
  const DrillSpec& d = *r.drill;
  EXPECT_EQ(d.drill.horizon, core::days(1));
  ASSERT_EQ(d.bases.airfields.size(), 1u);
  ASSERT_EQ(d.air.squadrons.size(), 1u);
  EXPECT_EQ(d.air.squadrons[0].count, 4);
  ASSERT_EQ(d.naval.units.size(), 1u);
  EXPECT_EQ(d.naval.units[0].count, 1);
}

TEST(ExampleConfigs, JointDrillHasCarrierGroupOilerTankerAndMaritimePatrol) {
  const LoadResult r = load_config("joint_drill.yaml");
  ASSERT_TRUE(r.drill);
  const DrillSpec& d = *r.drill;
  EXPECT_EQ(d.drill.horizon, core::days(5));
  EXPECT_EQ(d.bases.carriers.size(), 1u);
  EXPECT_EQ(d.bases.airfields.size(), 2u);
  EXPECT_GE(d.plan.phases.size(), 3u);
  bool oiler = false;
  for (const ShipClass& c : d.naval.classes) oiler = oiler || c.oiler.has_value();
  EXPECT_TRUE(oiler);
  bool tanker = false;
  for (const AircraftType& t : d.air.types) tanker = tanker || t.tanker_offload_t.has_value();
  EXPECT_TRUE(tanker);
  bool mpa = false;
  for (const Task& t : d.plan.tasks) mpa = mpa || t.kind == TaskKind::maritime_patrol;
  EXPECT_TRUE(mpa);
}

TEST(ExampleConfigs, DegradedCommsDrillHasASatelliteOutageAndLossyRadio) {
  const LoadResult r = load_config("degraded_comms.yaml");
  ASSERT_TRUE(r.drill);
  bool outage = false, lossy_radio = false;
  for (const CommsLink& l : r.drill->comms.links) {
    outage = outage || (l.kind == LinkKind::satellite && !l.outages.empty());
    lossy_radio = lossy_radio || (l.kind == LinkKind::radio_los && l.loss_fraction > 0);
  }
  EXPECT_TRUE(outage);
  EXPECT_TRUE(lossy_radio);
  EXPECT_FALSE(r.drill->comms.logistics_cell.empty());
}

TEST(ExampleConfigs, LargeDrillHasAtLeastFiveHundredUnitsOverThirtyDays) {
  const LoadResult r = load_config("large.yaml");
  ASSERT_TRUE(r.drill);
  EXPECT_GE(total_units(*r.drill), 500);
  EXPECT_EQ(r.drill->drill.horizon, core::days(30));
}

}  // namespace
}  // namespace drill::models::scenario
