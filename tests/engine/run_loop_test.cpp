// The one run loop: every observer sees the same boundary and the same
// changes read; several listeners hear every record; pause, resume, pace and
// stop from another thread change nothing in the results. No test here
// depends on how fast the machine is: pausing is checked by handshakes with
// the loop, pacing with a clock the test drives.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "engine/drill_source.hpp"
#include "engine/run_control.hpp"
#include "engine/run_loop.hpp"
#include "tests/engine/example_drills.hpp"
#include "io/metrics_prom.hpp"

namespace drill::engine {
namespace {

using testing::load_config;
using testing::settings_for;

/// What an observer saw of each sampled boundary.
struct Seen {
  core::SimTime now;
  const core::metrics::Changes* read;
  std::size_t changed;
  bool everything;
  bool operator==(const Seen& o) const {
    return now == o.now && changed == o.changed && everything == o.everything;
  }
};

class Recorder final : public SliceObserver {
 public:
  void on_boundary(const SliceBoundary& b) override {
    ++boundaries;
    if (!b.sampled()) return;
    seen.push_back(Seen{b.now(), &b.changes(), b.changes().changed().size(), b.changes().everything()});
  }
  int boundaries = 0;
  std::vector<Seen> seen;
};

TEST(RunLoop, EveryObserverGetsTheSameChangesReadAndNoneTakesAnothersDeltas) {
  const DrillSource d = load_config("joint_drill.yaml");
  RunSettings s = settings_for(d, core::hours(6));
  s.sample_every = core::minutes(30);
  s.warm_up = core::at(core::hours(13));

  Recorder alone;
  const RunResult one = run(d.spec, s, RunHooks{.observers = {&alone}});

  Recorder first, second;
  // A third observer takes a snapshot at every boundary, as a live view would.
  std::uint64_t snapshots = 0;
  ObserverFunction looker([&](const SliceBoundary& b) { snapshots += b.snapshot().size() > 0; });
  const RunResult three = run(d.spec, s, RunHooks{.observers = {&first, &looker, &second}});

  ASSERT_EQ(first.seen.size(), second.seen.size());
  for (std::size_t i = 0; i < first.seen.size(); ++i) {
    EXPECT_EQ(first.seen[i].read, second.seen[i].read) << "one read, handed to both, at sample " << i;
    EXPECT_EQ(first.seen[i], second.seen[i]);
  }
  // D+0, every 30 min, the warm-up at 13:00 (a sample time too) and the end.
  EXPECT_EQ(first.seen.size(), static_cast<std::size_t>(5 * 48 + 1));
  EXPECT_TRUE(first.seen.front().everything);
  EXPECT_TRUE(first.seen.back().everything);
  EXPECT_EQ(std::count_if(first.seen.begin(), first.seen.end(), [](const Seen& x) { return x.everything; }), 3);
  // The second observer got the deltas the first would have got alone: a
  // snapshot between reads adds ages of information to the next delta, but
  // no observer's read empties another's.
  ASSERT_EQ(alone.seen.size(), first.seen.size());
  std::size_t changed_alone = 0, changed_shared = 0;
  for (std::size_t i = 0; i < alone.seen.size(); ++i) {
    EXPECT_EQ(alone.seen[i].now, first.seen[i].now);
    changed_alone += alone.seen[i].changed;
    changed_shared += first.seen[i].changed;
    EXPECT_GE(first.seen[i].changed, alone.seen[i].changed) << "sample " << i;
  }
  EXPECT_GT(changed_alone, 0u);
  EXPECT_GE(changed_shared, changed_alone);
  EXPECT_EQ(snapshots, static_cast<std::uint64_t>(first.boundaries));
  EXPECT_EQ(three.fingerprint, one.fingerprint);
  EXPECT_EQ(io::prometheus_text(three.final_snapshot), io::prometheus_text(one.final_snapshot));
}

struct CountActivity final : models::ActivityListener {
  void on_activity(const models::ActivityRecord&) override { ++records; }
  std::uint64_t records = 0;
};

struct CountMessages final : models::comms::MessageListener {
  void on_message_event(const models::comms::MessageEvent&) override { ++events; }
  std::uint64_t events = 0;
};

TEST(RunLoop, SeveralActivityAndMessageListenersEachHearEveryRecord) {
  const DrillSource d = load_config("joint_drill.yaml");  // runs on its comms network
  const RunSettings s = settings_for(d, core::days(1));
  CountActivity a1;
  CountMessages m1;
  const RunResult alone = run(d.spec, s, RunHooks{.activity_listeners = {&a1}, .message_listeners = {&m1}});
  CountActivity a2, a3;
  CountMessages m2, m3;
  const RunResult both =
      run(d.spec, s, RunHooks{.activity_listeners = {&a2, &a3}, .message_listeners = {&m2, &m3}});
  EXPECT_GT(a1.records, 0u);
  EXPECT_GT(m1.events, 0u);
  EXPECT_EQ(a2.records, a1.records);
  EXPECT_EQ(a3.records, a1.records);
  EXPECT_EQ(m2.events, m1.events);
  EXPECT_EQ(m3.events, m1.events);
  EXPECT_EQ(both.fingerprint, alone.fingerprint);
}

/// Every boundary's time and events, and the final measures: what must
/// not change however a run is paused or paced.
struct Trace {
  std::vector<core::SimTime> times;
  std::vector<std::uint64_t> events;
  std::uint64_t fingerprint = 0;
  std::string prom;
  RunStatus status = RunStatus::completed;
};

TEST(RunControl, APausedRunHoldsBetweenSlicesAndResumesToTheSameResults) {
  const DrillSource d = load_config("joint_drill.yaml");
  const RunSettings s = settings_for(d, core::minutes(20));
  // Every 60th boundary the observer waits for this thread to say it has
  // asked for a pause: a handshake, so where the pauses land is known.
  std::mutex m;
  std::condition_variable cv;
  bool at_checkpoint = false, asked = false;
  auto traced = [&](RunControl* control, std::atomic<int>* count) {
    Trace t;
    ObserverFunction probe([&](const SliceBoundary& b) {
      t.times.push_back(b.now());
      t.events.push_back(b.events());
      if (!count) return;
      if (count->fetch_add(1) % 60 != 59) return;
      std::unique_lock lock(m);
      at_checkpoint = true;
      cv.notify_all();
      cv.wait(lock, [&] { return asked; });
      at_checkpoint = asked = false;
    });
    const RunResult r = run(d.spec, s, RunHooks{.observers = {&probe}, .control = control});
    t.fingerprint = r.fingerprint;
    t.prom = io::prometheus_text(r.final_snapshot);
    t.status = r.status;
    return t;
  };
  const Trace plain = traced(nullptr, nullptr);

  RunControl control;
  std::atomic<int> count{0};
  control.pause();  // before the start: the loop holds at D+0, before any observer
  Trace paused;
  std::thread runner([&] { paused = traced(&control, &count); });
  ASSERT_TRUE(control.wait_until_held());
  EXPECT_EQ(count.load(), 0);
  control.resume();
  for (int i = 1; i <= 4; ++i) {
    {
      std::unique_lock lock(m);
      cv.wait(lock, [&] { return at_checkpoint; });
      control.pause();  // from this thread, while the loop is inside an observer
      asked = true;
    }
    cv.notify_all();
    ASSERT_TRUE(control.wait_until_held());
    // Held at the next boundary, before any observer saw it; and it stays
    // there (the short sleep gives a loop that ignored the pause the chance
    // to show it; a slow machine only makes the check weaker, never wrong).
    EXPECT_EQ(count.load(), 60 * i);
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    EXPECT_EQ(count.load(), 60 * i) << "a boundary passed while the run was held";
    EXPECT_TRUE(control.held());
    control.resume();
  }
  {
    // Let the remaining checkpoints pass without pausing.
    std::unique_lock lock(m);
    while (count.load() < static_cast<int>(plain.times.size())) {
      if (cv.wait_for(lock, std::chrono::milliseconds(10), [&] { return at_checkpoint && !asked; })) {
        asked = true;
        cv.notify_all();
      }
    }
  }
  runner.join();
  EXPECT_FALSE(control.held());
  EXPECT_EQ(paused.times, plain.times);
  EXPECT_EQ(paused.events, plain.events);
  EXPECT_EQ(paused.fingerprint, plain.fingerprint);
  EXPECT_EQ(paused.prom, plain.prom);
  EXPECT_EQ(paused.status, RunStatus::completed);
}

TEST(RunLoop, ObserversShareOneReadOfTheShipsPositionsPerBoundary) {
  const DrillSource d = load_config("joint_drill.yaml");
  RunSettings s = settings_for(d, core::hours(6));
  s.sample_every = core::hours(1);
  int boundaries = 0;
  std::size_t moved = 0;  // positions that differ from the previous boundary's
  std::vector<models::DrillModel::ShipPosition> previous;
  const auto same = [](std::span<const models::DrillModel::ShipPosition> a,
                       const std::vector<models::DrillModel::ShipPosition>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
      if (a[i].unit != b[i].unit || !(a[i].position == b[i].position)) return false;
    return true;
  };
  const models::DrillModel::ShipPosition* first_read = nullptr;
  ObserverFunction first([&](const SliceBoundary& b) {
    const auto positions = b.ship_positions();
    first_read = positions.data();
    // What the model says now, read apart.
    std::vector<models::DrillModel::ShipPosition> direct;
    b.model().ship_positions(b.now(), direct);
    EXPECT_TRUE(same(positions, direct)) << core::format(b.now());
    ASSERT_FALSE(direct.empty());
    if (!previous.empty())
      for (std::size_t i = 0; i < direct.size(); ++i) moved += !(direct[i].position == previous[i].position);
    previous = direct;
  });
  ObserverFunction second([&](const SliceBoundary& b) {
    ++boundaries;
    const auto positions = b.ship_positions();
    EXPECT_EQ(positions.data(), first_read) << "the first observer's read, shared";
    EXPECT_TRUE(same(positions, previous)) << core::format(b.now());
  });
  const RunResult plain = run(d.spec, s);
  const RunResult watched = run(d.spec, s, RunHooks{.observers = {&first, &second}});
  EXPECT_GT(boundaries, 2);
  EXPECT_GT(moved, 0u) << "the ships moved, and each boundary's read said so";
  // Reading positions changes nothing in the run.
  EXPECT_EQ(watched.fingerprint, plain.fingerprint);
  EXPECT_EQ(watched.events, plain.events);
}

// The ships' motions: one read and one comparison per boundary, shared by
// every observer; the ships listed as changed are exactly those whose
// motion differs from the previous sampled boundary's (all at the first).
TEST(RunLoop, ObserversShareOneReadOfTheShipsMotionsAndWhichChanged) {
  const DrillSource d = load_config("joint_drill.yaml");
  RunSettings s = settings_for(d, core::hours(12));
  s.sample_every = core::hours(1);
  std::vector<models::Ship::Motion> previous;
  std::size_t samples = 0, listed = 0;
  const models::ShipMotionReads* first_read = nullptr;
  ObserverFunction first([&](const SliceBoundary& b) {
    if (!b.sampled()) return;
    ++samples;
    const models::ShipMotionReads& reads = b.ship_motions();
    first_read = &reads;
    // What the model says now, read apart, and which differ from the
    // previous sample's.
    std::vector<models::DrillModel::ShipMotion> direct;
    b.model().ship_motions(direct);
    ASSERT_EQ(reads.motions().size(), direct.size());
    std::vector<std::uint32_t> want;
    for (std::size_t i = 0; i < direct.size(); ++i) {
      EXPECT_TRUE(reads.motions()[i].motion == direct[i].motion);
      if (previous.empty() || !(direct[i].motion == previous[i])) want.push_back(static_cast<std::uint32_t>(i));
    }
    EXPECT_EQ(std::vector<std::uint32_t>(reads.changed().begin(), reads.changed().end()), want)
        << core::format(b.now());
    listed += want.size();
    previous.clear();
    for (const auto& m : direct) previous.push_back(m.motion);
  });
  ObserverFunction second([&](const SliceBoundary& b) {
    if (b.sampled()) {
      EXPECT_EQ(&b.ship_motions(), first_read) << "the first observer's read, shared";
    }
  });
  const RunResult plain = run(d.spec, s);
  const RunResult watched = run(d.spec, s, RunHooks{.observers = {&first, &second}});
  EXPECT_GT(samples, 10u);
  ASSERT_FALSE(previous.empty());
  EXPECT_GT(listed, previous.size()) << "ships changed course after the first sample";
  EXPECT_LT(listed, samples * previous.size()) << "not every ship at every sample";
  EXPECT_EQ(watched.fingerprint, plain.fingerprint);
  EXPECT_EQ(watched.events, plain.events);
}

TEST(RunControl, AStopWhileHeldEndsTheRunAtTheHeldBoundary) {
  const DrillSource d = load_config("small.yaml");
  RunControl control;
  control.pause();
  std::vector<core::SimTime> lasts;
  int boundaries = 0;
  ObserverFunction probe([&](const SliceBoundary& b) {
    ++boundaries;
    if (b.last()) lasts.push_back(b.now());
  });
  std::optional<RunResult> r;
  std::thread runner(
      [&] { r.emplace(run(d.spec, settings_for(d, core::hours(1)), RunHooks{.observers = {&probe}, .control = &control})); });
  ASSERT_TRUE(control.wait_until_held());
  control.request_stop();
  runner.join();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, RunStatus::stopped);
  EXPECT_EQ(r->end, core::SimTime::zero());
  EXPECT_EQ(boundaries, 1);
  EXPECT_EQ(lasts, std::vector<core::SimTime>{core::SimTime::zero()});
}

/// A wall clock that moves only when the loop sleeps.
class FakeClock final : public WallClock {
 public:
  std::chrono::nanoseconds now() override { return now_; }
  void sleep_for(std::chrono::nanoseconds span) override {
    ++sleeps;
    now_ += span;
  }
  int sleeps = 0;

 private:
  std::chrono::nanoseconds now_{std::chrono::seconds(1000)};
};

TEST(RunControl, APacedRunNeverRunsAheadOfItsPaceAndKeepsItsResults) {
  const DrillSource d = load_config("small.yaml");  // one day
  const RunSettings s = settings_for(d, core::days(1));
  const RunResult plain = run(d.spec, s);

  FakeClock clock;
  RunControl control(&clock);
  control.set_pace(3600.0);  // one simulated hour per wall second
  const auto start = clock.now();
  std::vector<core::SimTime> times;
  ObserverFunction probe([&](const SliceBoundary& b) {
    // Shown no earlier than its wall time at the pace (the model takes no
    // time on this clock, so exactly then).
    const double wall = std::chrono::duration<double>(clock.now() - start).count();
    EXPECT_NEAR(wall, b.now().seconds() / 3600.0, 1e-6) << core::format(b.now());
    times.push_back(b.now());
  });
  const RunResult paced = run(d.spec, s, RunHooks{.observers = {&probe}, .control = &control});
  EXPECT_NEAR(std::chrono::duration<double>(clock.now() - start).count(), 24.0, 1e-6);
  // A boundary every 100 ms of wall time at the pace: every 6 simulated min.
  ASSERT_EQ(times.size(), static_cast<std::size_t>(24 * 10 + 1));
  for (std::size_t i = 1; i < times.size(); ++i) EXPECT_EQ(times[i] - times[i - 1], core::minutes(6));
  EXPECT_GE(clock.sleeps, 240);
  EXPECT_EQ(paced.fingerprint, plain.fingerprint);
  EXPECT_EQ(paced.events, plain.events);
  EXPECT_EQ(io::prometheus_text(paced.final_snapshot), io::prometheus_text(plain.final_snapshot));
}

TEST(RunControl, ChangingThePaceMidRunRestartsItFromThere) {
  const DrillSource d = load_config("small.yaml");
  FakeClock clock;
  RunControl control(&clock);
  control.set_pace(7200.0);
  const auto start = clock.now();
  ObserverFunction probe([&](const SliceBoundary& b) {
    // From D+0 12:00, as fast as the model goes.
    if (b.now() == core::at(core::hours(12))) control.set_pace(std::nullopt);
  });
  run(d.spec, settings_for(d, core::hours(1)), RunHooks{.observers = {&probe}, .control = &control});
  EXPECT_NEAR(std::chrono::duration<double>(clock.now() - start).count(), 6.0, 1e-6);
  EXPECT_THROW(control.set_pace(0.0), std::invalid_argument);
  EXPECT_THROW(control.set_pace(-1.0), std::invalid_argument);
}

TEST(RunControl, PacedSlicesAreShortEnoughForABoundaryEvery100ms) {
  RunControl control;
  EXPECT_EQ(control.loop_slice(core::days(1)), core::days(1));
  control.set_pace(1.0);  // real time
  EXPECT_EQ(control.loop_slice(core::days(1)), core::milliseconds(100));
  control.set_pace(1e-9);
  EXPECT_EQ(control.loop_slice(core::days(1)), core::Duration::from_ticks(1));
  control.set_pace(1e9);
  EXPECT_EQ(control.loop_slice(core::hours(1)), core::hours(1));
}

}  // namespace
}  // namespace drill::engine
