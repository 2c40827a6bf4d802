// Keeps the whole model's per-sortie heap traffic from coming back: the
// generated sortie-and-stock drill, once warmed up, runs days of sorties,
// turnarounds and repairs with under one global allocation per 100 events
// (33 in 11,336 when written). Before process frames came from the frame
// pool, every sortie and turnaround allocated its frame: about 1,900
// allocations in these four days. A count, not a time, so the check holds
// on any machine.
#include <gtest/gtest.h>

#include <stdexcept>

#include "bench/generated_drill.hpp"
#include "core/frame_pool.hpp"
#include "core/simulation.hpp"
#include "models/drill_model.hpp"
#include "models/scenario/load_drill.hpp"
#include "tests/support/allocation_counter.hpp"

namespace drill::bench {
namespace {

TEST(GeneratedDrillAllocations, SteadyStateAllocatesFarLessThanOncePerSortie) {
  if (!core::detail::kFramePoolEnabled) GTEST_SKIP() << "the frame pool passes frames through under AddressSanitizer";
  const auto r = models::scenario::load_drill_from_string(generated_drill_yaml(DrillShape{.aircraft = 100, .days = 6}),
                                                         "generated.yaml");
  ASSERT_TRUE(r.ok()) << models::scenario::format(r.diagnostics);
  core::Simulation sim(core::SimulationOptions{.seed = r.drill->drill.seed, .replication = 0});
  models::DrillModel model(sim, *r.drill);
  sim.run_until(core::at(core::days(2)));  // warm up: pools, queues and instruments at their peak
  const std::uint64_t before = test_support::allocations();
  const std::uint64_t executed = sim.events_executed();
  sim.run_until(core::at(core::days(6)));
  const std::uint64_t events = sim.events_executed() - executed;
  const std::uint64_t allocations = test_support::allocations() - before;
  ASSERT_GT(events, 5000u);
  RecordProperty("allocations", static_cast<int>(allocations));
  RecordProperty("events", static_cast<int>(events));
  EXPECT_LT(allocations * 100, events) << allocations << " allocations in " << events << " events";
}

}  // namespace
}  // namespace drill::bench
