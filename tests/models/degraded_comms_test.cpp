// A degraded network measurably degrades logistics: configs/degraded_comms.yaml
// (a satellite outage of a day and a half, lossy line-of-sight radio) against
// the same drill on a healthy network (no outage windows, no loss; the
// satellite's random outages stay), over replications with fixed seeds. The
// frigates' requests for fuel wait for the satellite, go unanswered within
// their oiler_wait and the frigates sail for a port: the 95 % intervals of
// ship-hours below critical fuel do not overlap, the degraded one higher.
#include <gtest/gtest.h>

#include <filesystem>
#include <stdexcept>

#include "core/simulation.hpp"
#include "core/statistics.hpp"
#include "io/confidence.hpp"
#include "models/drill_model.hpp"
#include "models/scenario/load_drill.hpp"
#include "tests/support/snapshot_series.hpp"

namespace drill::models {
namespace {

constexpr int kReplications = 20;

scenario::DrillSpec load(const char* file) {
  scenario::LoadResult r = scenario::load_drill(std::filesystem::path(DRILL_SOURCE_DIR) / "configs" / file);
  if (!r.ok()) throw std::runtime_error(scenario::format(r.diagnostics));
  return std::move(*r.drill);
}

core::Tally hours_below_critical(const scenario::DrillSpec& spec) {
  core::Tally t;
  for (int r = 0; r < kReplications; ++r) {
    core::Simulation sim(core::SimulationOptions{.seed = spec.drill.seed, .replication = static_cast<std::uint64_t>(r)});
    DrillModel model(sim, spec);
    sim.run_until(core::at(spec.drill.horizon));
    model.settle(sim.now());
    t.add(drill::testing::value_of(model.snapshot(sim.now()), "time_below_critical_fuel") / 3600.0);
  }
  return t;
}

TEST(DegradedComms, ASatelliteOutageAndLossyRadioLeaveShipsLongerBelowCriticalFuel) {
  const scenario::DrillSpec degraded = load("degraded_comms.yaml");
  scenario::DrillSpec healthy = degraded;
  bool changed = false;
  for (scenario::CommsLink& l : healthy.comms.links) {
    changed = changed || !l.outages.empty() || l.loss_fraction > 0;
    l.outages.clear();
    l.loss_fraction = 0.0;
  }
  ASSERT_TRUE(changed) << "the degraded drill has no outage window or loss to take away";

  const core::Tally bad = hours_below_critical(degraded);
  const core::Tally good = hours_below_critical(healthy);
  const double bad_low = bad.mean() - io::confidence_half_width_95(bad);
  const double good_high = good.mean() + io::confidence_half_width_95(good);
  EXPECT_GT(bad_low, good_high) << "degraded " << bad.mean() << " +- " << io::confidence_half_width_95(bad)
                                << " ship-hours, healthy " << good.mean() << " +- "
                                << io::confidence_half_width_95(good);
}

}  // namespace
}  // namespace drill::models
