// One replication through the engine: slicing, observing and stopping never
// change the events that run; a stop ends the run on a slice boundary.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include "core/simulation.hpp"
#include "engine/drill_run.hpp"
#include "engine/drill_source.hpp"
#include "engine/run_loop.hpp"
#include "tests/engine/example_drills.hpp"
#include "models/drill_model.hpp"
#include "tests/support/snapshot_series.hpp"

namespace drill::engine {
namespace {

using testing::load_config;
using testing::settings_for;

TEST(DrillRun, SlicesGiveTheSameFingerprintAsOneRunUntil) {
  const DrillSource d = load_config("joint_drill.yaml");
  core::Simulation sim(core::SimulationOptions{.seed = d.spec.drill.seed, .replication = 0});
  models::DrillModel model(sim, d.spec);
  sim.run_until(core::at(d.spec.drill.horizon));

  for (core::Duration slice : {core::minutes(37), core::hours(6), core::days(1), core::days(30)}) {
    const RunResult r = run(d.spec, settings_for(d, slice));
    EXPECT_EQ(r.fingerprint, sim.fingerprint().value()) << "slice " << slice.ticks();
    EXPECT_EQ(r.events, sim.events_executed()) << "slice " << slice.ticks();
    EXPECT_EQ(r.status, RunStatus::completed);
    EXPECT_EQ(r.end, core::at(d.spec.drill.horizon));
  }
}

TEST(DrillRun, ASnapshotAtEveryBoundaryLeavesTheFingerprintAlone) {
  const DrillSource d = load_config("joint_drill.yaml");
  const RunResult plain = run(d.spec, settings_for(d, core::minutes(1)));
  DrillRun sampled(d.spec, settings_for(d, core::minutes(1)));
  double fuel_seen = 0.0;
  while (sampled.advance())
    fuel_seen += drill::testing::value_of(sampled.snapshot(), "ship_fuel", {"queen_elizabeth"});
  const RunResult observed = sampled.result();
  EXPECT_GT(fuel_seen, 0.0);
  EXPECT_EQ(observed.fingerprint, plain.fingerprint);
  EXPECT_EQ(observed.events, plain.events);
  EXPECT_EQ(drill::testing::value_of(observed.final_snapshot, "fuel_consumed_ships"),
            drill::testing::value_of(plain.final_snapshot, "fuel_consumed_ships"));
}

TEST(DrillRun, ObserverIsCalledAtD0AndEveryBoundaryWithNonDecreasingTimes) {
  const DrillSource d = load_config("small.yaml");  // horizon one day
  std::vector<core::SimTime> times;
  std::vector<std::uint64_t> events;
  ObserverFunction probe([&](const SliceBoundary& b) {
    times.push_back(b.now());
    events.push_back(b.events());
    EXPECT_EQ(b.now(), b.simulation().now());
    EXPECT_EQ(b.first(), times.size() == 1);
    EXPECT_EQ(b.last(), b.now() == core::at(core::hours(24)));
    EXPECT_FALSE(b.sampled());  // no sampling asked for: nobody reads changes
  });
  run(d.spec, settings_for(d, core::hours(5)), RunHooks{.observers = {&probe}});
  // D+0, 05:00, 10:00, 15:00, 20:00 and the horizon at 24:00.
  const std::vector<core::SimTime> expected = {core::at(core::hours(0)),  core::at(core::hours(5)),
                                               core::at(core::hours(10)), core::at(core::hours(15)),
                                               core::at(core::hours(20)), core::at(core::hours(24))};
  EXPECT_EQ(times, expected);
  for (std::size_t i = 1; i < events.size(); ++i) EXPECT_LE(events[i - 1], events[i]);
}

TEST(DrillRun, StopRequestEndsTheRunAtTheNextBoundaryWithStatusStopped) {
  const DrillSource d = load_config("joint_drill.yaml");
  StopFlag stop;
  std::vector<core::SimTime> lasts;
  ObserverFunction stopper([&](const SliceBoundary& b) {
    if (b.last()) lasts.push_back(b.now());
    if (b.now() >= core::at(core::days(1) + core::hours(12))) stop.request();
  });
  const RunResult r = run(d.spec, settings_for(d, core::hours(12)), RunHooks{.observers = {&stopper}, .stop = &stop});
  // Requested at 1d 12:00, honoured at the next boundary, which observers
  // see as the last.
  EXPECT_EQ(lasts, std::vector<core::SimTime>{core::at(core::days(2))});
  EXPECT_EQ(r.status, RunStatus::stopped);
  EXPECT_EQ(r.end, core::at(core::days(2)));
  EXPECT_EQ(r.final_snapshot.time(), core::at(core::days(2)));

  // The events up to the stop are those of a run to that time.
  core::Simulation sim(core::SimulationOptions{.seed = d.spec.drill.seed, .replication = 0});
  models::DrillModel model(sim, d.spec);
  sim.run_until(core::at(core::days(2)));
  EXPECT_EQ(r.fingerprint, sim.fingerprint().value());
  EXPECT_EQ(r.events, sim.events_executed());
}

TEST(DrillRun, SampleBoundariesAddStopsWithoutChangingTheRun) {
  const DrillSource d = load_config("joint_drill.yaml");
  const RunResult plain = run(d.spec, settings_for(d, core::days(1)));
  RunSettings s = settings_for(d, core::days(1));
  s.sample_every = core::minutes(7);
  DrillRun r(d.spec, s);
  int samples = 0, boundaries = 0;
  while (r.advance()) {
    ++boundaries;
    if (r.at_sample()) {
      ++samples;
      EXPECT_EQ(r.simulation().now().ticks() % core::minutes(7).ticks(), 0);
      (void)r.changes();
    }
  }
  // 5 days: 1028 multiples of 7 min (the last at 4d 23:56), plus the 4 day
  // boundaries and the horizon, which are not.
  EXPECT_EQ(samples, 1028);
  EXPECT_EQ(boundaries, 1028 + 5);
  EXPECT_EQ(r.result().fingerprint, plain.fingerprint);
  EXPECT_EQ(r.result().events, plain.events);
}

/// The final snapshot's value of every counter and time-weighted integral,
/// by series position (both runs have the same series).
std::vector<double> totals(const core::metrics::Snapshot& s) {
  std::vector<double> out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto kind = s.descriptor(i).kind;
    if (kind == core::metrics::InstrumentKind::counter) out.push_back(s.values(i).value);
    if (kind == core::metrics::InstrumentKind::time_weighted) out.push_back(s.values(i).integral);
  }
  return out;
}

// After a warm-up, counters count only what happened after it and
// integrals cover only the time after it; the run itself is the same.
TEST(DrillRun, WarmUpRestartsTheStatisticsAndLeavesTheRunAlone) {
  const DrillSource d = load_config("joint_drill.yaml");
  const core::SimTime warm_up = core::at(core::hours(31) + core::minutes(30));  // off the slice grid
  DrillRun plain(d.spec, settings_for(d, core::minutes(30)));
  std::vector<double> at_warm_up;
  while (plain.advance())
    if (plain.simulation().now() == warm_up) at_warm_up = totals(plain.snapshot());
  ASSERT_FALSE(at_warm_up.empty());
  const std::vector<double> at_end = totals(plain.snapshot());

  RunSettings s = settings_for(d, core::days(1));
  s.warm_up = warm_up;
  DrillRun warm(d.spec, s);
  bool reset_seen = false;
  while (warm.advance()) {
    if (warm.warmed_up_here()) {
      EXPECT_EQ(warm.simulation().now(), warm_up);
      reset_seen = true;
    }
  }
  EXPECT_TRUE(reset_seen);
  const core::metrics::Snapshot end = warm.snapshot();
  EXPECT_EQ(end.since(), warm_up);
  const std::vector<double> after = totals(end);
  ASSERT_EQ(after.size(), at_end.size());
  int grew_before = 0, grew_after = 0;
  for (std::size_t i = 0; i < after.size(); ++i) {
    const double expected = at_end[i] - at_warm_up[i];
    EXPECT_NEAR(after[i], expected, 1e-9 * (1.0 + std::abs(at_end[i]))) << "series " << i;
    grew_before += at_warm_up[i] > 0.0;
    grew_after += after[i] > 0.0;
  }
  EXPECT_GT(grew_before, 0);  // the warm-up did cut something off
  EXPECT_GT(grew_after, 0);
  EXPECT_EQ(warm.result().fingerprint, plain.result().fingerprint);
  EXPECT_EQ(warm.result().events, plain.result().events);
}

TEST(DrillRun, AStopRequestedBeforeTheStartRunsNothing) {
  const DrillSource d = load_config("small.yaml");
  StopFlag stop;
  stop.request();
  const RunResult r = run(d.spec, settings_for(d, core::days(1)), RunHooks{.stop = &stop});
  EXPECT_EQ(r.status, RunStatus::stopped);
  EXPECT_EQ(r.events, 0u);
  EXPECT_EQ(r.end, core::SimTime::zero());
}

TEST(DrillRun, AdvanceRunsOneSliceAtATimeUntilTheHorizon) {
  const DrillSource d = load_config("small.yaml");
  DrillRun r(d.spec, settings_for(d, core::hours(8)));
  int slices = 0;
  while (r.advance()) ++slices;
  EXPECT_EQ(slices, 3);
  EXPECT_TRUE(r.finished());
  EXPECT_FALSE(r.advance());
  EXPECT_EQ(r.result().status, RunStatus::completed);
}

TEST(DrillRun, AnInterruptIsAskedEveryFewEventsAndEndsTheSliceAtOnce) {
  // The whole drill in one slice: without the interrupt a stop would wait
  // for its end (a dense drill's slice can hold billions of events).
  const DrillSource d = load_config("large.yaml");
  DrillRun run(d.spec, settings_for(d, d.spec.drill.horizon));
  int asked = 0;
  run.set_interrupt([&] { return ++asked == 2; });
  run.advance();
  EXPECT_TRUE(run.interrupted());
  EXPECT_EQ(asked, 2);
  EXPECT_EQ(run.simulation().events_executed(), 2 * DrillRun::kInterruptCheckEvents);
  EXPECT_LT(run.simulation().now(), run.settings().horizon);
  EXPECT_EQ(run.result().status, RunStatus::stopped);
}

TEST(DrillRun, AnInterruptThatNeverFiresChangesNothing) {
  const DrillSource d = load_config("large.yaml");
  const RunResult plain = run(d.spec, settings_for(d, d.spec.drill.horizon));
  DrillRun asked(d.spec, settings_for(d, d.spec.drill.horizon));
  int calls = 0;
  asked.set_interrupt([&] { return ++calls < 0; });
  while (asked.advance()) {
  }
  EXPECT_GT(calls, 0);
  const RunResult r = asked.result();
  EXPECT_EQ(r.fingerprint, plain.fingerprint);
  EXPECT_EQ(r.events, plain.events);
  EXPECT_EQ(r.status, RunStatus::completed);
}

TEST(DrillRun, ANonPositiveSliceIsRefused) {
  const DrillSource d = load_config("small.yaml");
  EXPECT_THROW(DrillRun(d.spec, settings_for(d, core::Duration::zero())), std::invalid_argument);
}

TEST(DrillSource, LoadReturnsDiagnosticsWithoutPrintingThem) {
  ::testing::internal::CaptureStderr();
  ::testing::internal::CaptureStdout();
  const LoadOutcome r = load(std::string(DRILL_SOURCE_DIR) + "/tests/models/data/many_errors.yaml");
  const std::string err = ::testing::internal::GetCapturedStderr();
  const std::string out = ::testing::internal::GetCapturedStdout();
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.status, models::scenario::LoadStatus::invalid);
  EXPECT_GE(r.diagnostics.size(), 8u);
  EXPECT_EQ(err, "");
  EXPECT_EQ(out, "");
}

TEST(DrillSource, CalendarStartReadsTheDrillsStartLabel) {
  const DrillSource d = load_config("joint_drill.yaml");  // start: "2026-09-14 00:00Z"
  ASSERT_TRUE(d.calendar_start.has_value());
  EXPECT_EQ(io::iso8601_utc(*d.calendar_start, core::SimTime::zero()), "2026-09-14T00:00:00Z");
  EXPECT_FALSE(calendar_start_of("").has_value());
  EXPECT_FALSE(calendar_start_of("spring 2026").has_value());
  EXPECT_EQ(d.sha256.size(), 64u);
}

}  // namespace
}  // namespace drill::engine
