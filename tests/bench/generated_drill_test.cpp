// The generated sortie-and-stock drill of the whole-model benchmark: a valid
// drill of the requested size, and one fixed run for a small shape.
#include "bench/generated_drill.hpp"

#include <gtest/gtest.h>

#include <numeric>
#include <stdexcept>

#include "core/simulation.hpp"
#include "models/drill_model.hpp"
#include "models/scenario/load_drill.hpp"

namespace drill::bench {
namespace {

models::scenario::DrillSpec load(const DrillShape& shape) {
  const models::scenario::LoadResult r = models::scenario::load_drill_from_string(generated_drill_yaml(shape), "generated.yaml");
  if (!r.ok()) throw std::runtime_error(models::scenario::format(r.diagnostics));
  for (const auto& d : r.diagnostics) ADD_FAILURE() << "unexpected diagnostic: " << d.message;
  return *r.drill;
}

TEST(GeneratedDrill, IsAValidDrillOfTheRequestedSize) {
  const DrillShape shape{.aircraft = 2000, .days = 60};
  const auto spec = load(shape);
  EXPECT_EQ(spec.drill.horizon, core::days(60));
  ASSERT_EQ(static_cast<int>(spec.air.squadrons.size()), squadron_count(shape));
  EXPECT_EQ(squadron_count(shape), 100);
  EXPECT_EQ(airfield_count(shape), 20);
  EXPECT_EQ(static_cast<int>(spec.bases.airfields.size()), 20);
  EXPECT_EQ(spec.plan.tasks.size(), 100u);
  const int aircraft = std::accumulate(spec.air.squadrons.begin(), spec.air.squadrons.end(), 0,
                                       [](int n, const auto& sq) { return n + sq.count; });
  EXPECT_EQ(aircraft, 2000);
}

TEST(GeneratedDrill, LastSquadronTakesTheRemainder) {
  const auto spec = load(DrillShape{.aircraft = 47, .days = 2});
  ASSERT_EQ(spec.air.squadrons.size(), 3u);
  EXPECT_EQ(spec.air.squadrons[2].count, 7);
  EXPECT_EQ(spec.bases.airfields.size(), 1u);
}

TEST(GeneratedDrill, RejectsAnEmptyShape) {
  EXPECT_THROW(generated_drill_yaml(DrillShape{.aircraft = 0}), std::invalid_argument);
  EXPECT_THROW(generated_drill_yaml(DrillShape{.days = 0}), std::invalid_argument);
}

// Pins the drill a small shape generates and how it runs: a change to the
// generator or to the model's events shows here (as in the golden tests, a
// change must be explained where it is made).
TEST(GeneratedDrill, SmallShapeRunsToAFixedFingerprint) {
  const auto spec = load(DrillShape{.aircraft = 60, .days = 3});
  core::Simulation sim(core::SimulationOptions{.seed = spec.drill.seed, .replication = 0});
  models::DrillModel model(sim, spec);
  sim.run_until(core::at(spec.drill.horizon));
  EXPECT_EQ(sim.fingerprint().hex(), "c6aa74ea8ca461a7");
  EXPECT_EQ(sim.events_executed(), 4864u);
  // About 28 events per aircraft per day, the density of the benchmark's shape.
  EXPECT_GT(sim.events_executed(), 20u * 60 * 3);
  EXPECT_LT(sim.events_executed(), 40u * 60 * 3);
}

}  // namespace
}  // namespace drill::bench
