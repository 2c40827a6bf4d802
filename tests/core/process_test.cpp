#include "core/process.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/resource.hpp"
#include "core/signal.hpp"

namespace drill::core {
namespace {

struct Log {
  Simulation* sim;
  std::vector<std::string> lines;
  void operator()(const std::string& s) { lines.push_back(format(sim->now()) + " " + s); }
};

Process walker(Simulation& sim, Log& log, std::string name, Duration step, int n) {
  for (int i = 0; i < n; ++i) {
    co_await sim.delay(step);
    log(name + " step " + std::to_string(i));
  }
}

TEST(Process, DelaysAdvanceTheClockInSequence) {
  Simulation sim;
  Log log{&sim, {}};
  sim.spawn(walker(sim, log, "a", hours(1), 2));
  sim.spawn(walker(sim, log, "b", minutes(90), 1));
  sim.run();
  EXPECT_EQ(log.lines, (std::vector<std::string>{"D+0 01:00:00 a step 0", "D+0 01:30:00 b step 0",
                                                 "D+0 02:00:00 a step 1"}));
  EXPECT_EQ(sim.live_processes(), 0u);
}

TEST(Process, StartsAfterEventsAlreadyDueNow) {
  Simulation sim;
  Log log{&sim, {}};
  sim.schedule(Duration::zero(), [&] { log("event"); });
  sim.spawn([](Log& l) -> Process {
    l("process");
    co_return;
  }(log));
  sim.run();
  EXPECT_EQ(log.lines, (std::vector<std::string>{"D+0 00:00:00 event", "D+0 00:00:00 process"}));
}

Process sleeper(Simulation& sim, Log& log, Duration d) {
  bool interrupted = false;
  try {
    co_await sim.delay(d);
    log("woke normally");
  } catch (const Interrupted& i) {
    log("interrupted cause " + std::to_string(i.cause));
    interrupted = true;
  }
  if (interrupted) {  // C++ forbids co_await inside a handler
    co_await sim.delay(hours(1));
    log("resumed work");
  }
}

TEST(Process, InterruptAbandonsTheDelayAndThrows) {
  Simulation sim;
  Log log{&sim, {}};
  ProcessRef p = sim.spawn(sleeper(sim, log, hours(10)));
  sim.schedule(hours(2), [&] { EXPECT_TRUE(sim.interrupt(p, 42)); });
  sim.run();
  EXPECT_EQ(log.lines, (std::vector<std::string>{"D+0 02:00:00 interrupted cause 42", "D+0 03:00:00 resumed work"}));
  EXPECT_FALSE(sim.interrupt(p, 1)) << "a finished process cannot be interrupted";
}

TEST(Process, InterruptBeforeStartIsDeliveredAtFirstAwait) {
  Simulation sim;
  Log log{&sim, {}};
  ProcessRef p = sim.spawn(sleeper(sim, log, hours(10)));
  sim.interrupt(p, 7);
  sim.run();
  EXPECT_EQ(log.lines, (std::vector<std::string>{"D+0 00:00:00 interrupted cause 7", "D+0 01:00:00 resumed work"}));
}

TEST(Process, UncaughtInterruptEndsTheProcessQuietly) {
  Simulation sim;
  Log log{&sim, {}};
  ProcessRef p = sim.spawn(walker(sim, log, "w", hours(1), 5));
  sim.schedule(minutes(150), [&] { sim.interrupt(p, 1); });
  EXPECT_NO_THROW(sim.run());
  EXPECT_EQ(log.lines.size(), 2u);
  EXPECT_FALSE(sim.is_alive(p));
  EXPECT_EQ(sim.now(), at(minutes(150))) << "the abandoned delay's event was cancelled";
}

TEST(Process, JoinWaitsForAnotherProcessToFinish) {
  Simulation sim;
  Log log{&sim, {}};
  ProcessRef child = sim.spawn(walker(sim, log, "child", hours(2), 2));
  sim.spawn([](Simulation& s, Log& l, ProcessRef c) -> Process {
    co_await s.join(c);
    l("child done");
    co_await s.join(c);  // already finished: no wait
    l("joined again");
  }(sim, log, child));
  sim.run();
  EXPECT_EQ(log.lines.back(), "D+0 04:00:00 joined again");
  EXPECT_EQ(log.lines[2], "D+0 04:00:00 child done");
}

TEST(Process, ExceptionEscapingAProcessPropagatesFromStep) {
  Simulation sim;
  sim.spawn([](Simulation& s) -> Process {
    co_await s.delay(hours(1));
    throw std::logic_error("broken model");
  }(sim));
  EXPECT_THROW(sim.run(), std::logic_error);
  EXPECT_EQ(sim.live_processes(), 0u);
}

TEST(Process, DestroyingASimulationWithSuspendedProcessesFreesThem) {
  // Under the sanitizer preset this fails on any leaked frame.
  auto sim = std::make_unique<Simulation>();
  Log log{sim.get(), {}};
  for (int i = 0; i < 100; ++i) sim->spawn(walker(*sim, log, "w", hours(1), 1000));
  sim->run_until(at(hours(3)));
  EXPECT_EQ(sim->live_processes(), 100u);
  EXPECT_EQ(log.lines.size(), 300u);
  sim.reset();
}

TEST(Process, ComponentDestroyedFirstEndsTheProcessesThatMayUseIt) {
  Simulation sim;  // declared first, so destroyed last, as in most programs
  std::size_t live_after = 99;
  {
    Resource berth(sim, "berth", {.capacity = 1});
    for (int i = 0; i < 2; ++i)
      sim.spawn([](Simulation& s, Resource& r) -> Process {
        auto lease = co_await r.acquire();
        co_await s.delay(days(1));
      }(sim, berth));
    sim.run_until(at(hours(1)));
    EXPECT_EQ(sim.live_processes(), 2u);
    EXPECT_EQ(berth.queue_length(), 1u);
  }
  live_after = sim.live_processes();
  EXPECT_EQ(live_after, 0u);
}

TEST(Signal, WaitersWakeInOrderAndTimeoutsYieldFalse) {
  Simulation sim;
  Log log{&sim, {}};
  Signal sig(sim);
  auto waiter = [](Simulation& s, Signal& g, Log& l, std::string name, Duration timeout) -> Process {
    const bool got = co_await g.wait_for(timeout);
    l(name + (got ? " notified" : " timed out"));
    (void)s;
  };
  sim.spawn(waiter(sim, sig, log, "patient", days(1)));
  sim.spawn(waiter(sim, sig, log, "hasty", minutes(30)));
  sim.spawn(waiter(sim, sig, log, "second", days(1)));
  sim.schedule(hours(1), [&] { EXPECT_EQ(sig.notify_all(), 2u); });
  sim.run();
  EXPECT_EQ(log.lines, (std::vector<std::string>{"D+0 00:30:00 hasty timed out", "D+0 01:00:00 patient notified",
                                                 "D+0 01:00:00 second notified"}));
  EXPECT_EQ(sim.now(), at(hours(1))) << "the patient waiters' timers were cancelled";
}

TEST(Signal, DestroyedWithAWaiterLeavesItSuspendedAndDisarmsItsTimer) {
  Simulation sim;
  Log log{&sim, {}};
  {
    Signal local(sim);
    sim.spawn([](Signal& g, Log& l) -> Process {
      const bool got = co_await g.wait_for(hours(5));
      l(got ? "notified" : "timed out");
    }(local, log));
    sim.run_until(at(hours(1)));
  }
  sim.run();
  EXPECT_TRUE(log.lines.empty()) << "an orphaned waiter is never resumed";
  EXPECT_EQ(sim.now(), at(hours(1))) << "its timeout was cancelled";
  EXPECT_EQ(sim.live_processes(), 1u);
}

TEST(Signal, InterruptRemovesTheWaiter) {
  Simulation sim;
  Log log{&sim, {}};
  Signal sig(sim);
  ProcessRef p = sim.spawn([](Signal& g, Log& l) -> Process {
    try {
      co_await g.wait();
    } catch (const Interrupted&) {
      l("interrupted");
    }
  }(sig, log));
  sim.schedule(hours(1), [&] { sim.interrupt(p, 3); });
  sim.run();
  EXPECT_EQ(sig.waiting(), 0u);
  EXPECT_EQ(log.lines, (std::vector<std::string>{"D+0 01:00:00 interrupted"}));
}

TEST(Process, ResumptionsAreTaggedWithTheEntityForTheFingerprint) {
  auto run = [](std::uint32_t entity) {
    Simulation sim;
    Log log{&sim, {}};
    sim.spawn(walker(sim, log, "w", hours(1), 3), entity);
    sim.run();
    return sim.fingerprint().value();
  };
  EXPECT_EQ(run(5), run(5));
  EXPECT_NE(run(5), run(6));
}

Process brief(Simulation& sim, int id) { co_await sim.delay(microseconds(10 + id)); }

TEST(FramePool, ReusesFinishedFramesAndEmptiesWhenTheLastSimulationEnds) {
  if (!detail::kFramePoolEnabled) GTEST_SKIP() << "the pool passes frames through under AddressSanitizer";
  detail::FramePool& pool = detail::FramePool::local();
  pool.release_all();
  {
    Simulation sim;
    for (int i = 0; i < 8; ++i) sim.spawn(brief(sim, i));
    sim.run();
    EXPECT_EQ(sim.live_processes(), 0u);
    const std::size_t cached = pool.cached_bytes();
    EXPECT_GT(cached, 0u);  // the finished frames' blocks wait for reuse
    for (int i = 0; i < 8; ++i) sim.spawn(brief(sim, i));
    EXPECT_EQ(pool.cached_bytes(), 0u);  // the new frames took them
    sim.run();
    EXPECT_EQ(pool.cached_bytes(), cached);
    {
      Simulation other;  // a second simulation on the thread keeps the pool
    }
    EXPECT_EQ(pool.cached_bytes(), cached);
  }
  EXPECT_EQ(pool.cached_bytes(), 0u);  // the last simulation ended
}

}  // namespace
}  // namespace drill::core
