// Counts every global allocation (tests/support/allocation_counter.cpp), so
// it lives in its own executable. Sampling every simulated minute adds no
// allocation to a run: the same drill with and without minute sample
// boundaries and change reads allocates exactly as often (the model's own
// allocations are the same, since the events are).
#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>

#include "engine/drill_run.hpp"
#include "engine/drill_source.hpp"
#include "tests/support/allocation_counter.hpp"

namespace drill::engine {
namespace {

/// Allocations made while running `d` after its first full read; with
/// `sample_every`, reads the changes at every sample boundary.
std::uint64_t allocations_of_run(const DrillSource& d, std::optional<core::Duration> sample_every, int& samples) {
  RunSettings s{.seed = d.spec.drill.seed, .replication = 0, .horizon = core::at(d.spec.drill.horizon),
                .slice = core::days(1)};
  s.sample_every = sample_every;
  DrillRun r(d.spec, s);
  (void)r.changes(core::metrics::Collector::Read::everything);  // builds the catalog
  const std::uint64_t before = test_support::allocations();
  while (r.advance()) {
    if (r.at_sample()) {
      ++samples;
      (void)r.changes();
    }
  }
  return test_support::allocations() - before;
}

TEST(Sampling, MinuteSampleBoundariesAndChangeReadsAllocateNothing) {
  LoadOutcome l = load(std::string(DRILL_SOURCE_DIR) + "/configs/joint_drill.yaml");
  ASSERT_TRUE(l.ok());
  int none = 0, minutes = 0;
  const std::uint64_t plain = allocations_of_run(*l.drill, std::nullopt, none);
  const std::uint64_t sampled = allocations_of_run(*l.drill, core::minutes(1), minutes);
  EXPECT_EQ(none, 0);
  EXPECT_EQ(minutes, 5 * 24 * 60);
  EXPECT_EQ(sampled, plain);
}

}  // namespace
}  // namespace drill::engine
