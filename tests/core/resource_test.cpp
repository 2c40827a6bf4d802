#include "core/resource.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/container.hpp"
#include "core/store.hpp"

namespace drill::core {
namespace {

struct Log {
  Simulation* sim;
  std::vector<std::string> lines;
  void operator()(const std::string& s) { lines.push_back(format(sim->now()) + " " + s); }
};

Process use(Simulation& sim, Resource& r, Log& log, std::string name, Duration hold, int priority = 0) {
  auto lease = co_await r.acquire(priority);
  log(name + " got");
  co_await sim.delay(hold);
  log(name + " done");
}

TEST(Resource, RunwayQueuesSecondAircraftUntilFirstClears) {
  Simulation sim;
  Resource runway(sim, "runway", {.capacity = 1});
  Log log{&sim, {}};
  sim.spawn(use(sim, runway, log, "a", minutes(5)));
  sim.spawn(use(sim, runway, log, "b", minutes(5)));
  sim.run();
  EXPECT_EQ(log.lines, (std::vector<std::string>{"D+0 00:00:00 a got", "D+0 00:05:00 a done", "D+0 00:05:00 b got",
                                                 "D+0 00:10:00 b done"}));
  EXPECT_EQ(runway.waits().count(), 2u);
  EXPECT_DOUBLE_EQ(runway.waits().mean(), 150.0);  // (0 + 300 s) / 2
  EXPECT_DOUBLE_EQ(runway.utilisation(), 1.0);
  EXPECT_EQ(runway.in_use(), 0);
}

TEST(Resource, CapacityTwoServesTwoAtOnce) {
  Simulation sim;
  Resource berths(sim, "berths", {.capacity = 2});
  Log log{&sim, {}};
  for (const char* n : {"a", "b", "c"}) sim.spawn(use(sim, berths, log, n, hours(1)));
  sim.run();
  EXPECT_EQ(log.lines[2], "D+0 01:00:00 a done");
  EXPECT_EQ(log.lines[4], "D+0 01:00:00 c got");
  EXPECT_EQ(sim.now(), at(hours(2)));
  EXPECT_NEAR(berths.utilisation(), 0.75, 1e-12);  // 3 unit-hours over 2 units x 2 h
  EXPECT_NEAR(berths.mean_queue_length(), 0.5, 1e-12);
}

TEST(Resource, PriorityDisciplineServesMoreImportantFirstFifoAmongEquals) {
  Simulation sim;
  Resource crew(sim, "crew", {.capacity = 1, .discipline = Discipline::priority});
  Log log{&sim, {}};
  sim.spawn(use(sim, crew, log, "first", hours(1), 5));
  sim.spawn(use(sim, crew, log, "low", hours(1), 9));
  sim.spawn(use(sim, crew, log, "high-1", hours(1), 1));
  sim.spawn(use(sim, crew, log, "high-2", hours(1), 1));
  sim.run();
  std::vector<std::string> got;
  for (const auto& l : log.lines)
    if (l.ends_with(" got")) got.push_back(l.substr(13));
  EXPECT_EQ(got, (std::vector<std::string>{"first got", "high-1 got", "high-2 got", "low got"}));
}

Process preemptible(Simulation& sim, Resource& r, Log& log, std::string name, Duration work, int priority) {
  auto lease = co_await r.acquire(priority);
  log(name + " got");
  bool preempted = false;
  try {
    co_await sim.delay(work);
  } catch (const Interrupted& i) {
    preempted = i.cause == cause::kPreempted;
  }
  log(name + (preempted ? " preempted" : " done"));
  EXPECT_EQ(lease.held(), !preempted);
}

TEST(Resource, PreemptionInterruptsTheLeastImportantHolder) {
  Simulation sim;
  Resource deck(sim, "deck", {.capacity = 1, .discipline = Discipline::priority, .preemptive = true});
  Log log{&sim, {}};
  sim.spawn(preemptible(sim, deck, log, "routine", hours(3), 5));
  sim.schedule(hours(1), [&] { sim.spawn(preemptible(sim, deck, log, "urgent", hours(1), 0)); });
  sim.schedule(hours(1), [&] { sim.spawn(preemptible(sim, deck, log, "equal", hours(1), 5)); });
  sim.run();
  EXPECT_EQ(log.lines, (std::vector<std::string>{"D+0 00:00:00 routine got", "D+0 01:00:00 urgent got",
                                                 "D+0 01:00:00 routine preempted", "D+0 02:00:00 urgent done",
                                                 "D+0 02:00:00 equal got", "D+0 03:00:00 equal done"}));
  EXPECT_EQ(deck.preemptions(), 1u);
  EXPECT_EQ(deck.in_use(), 0);
}

TEST(Resource, AcquireWithinGivesUpAfterTheTimeout) {
  Simulation sim;
  Resource r(sim, "fuel point", {.capacity = 1});
  Log log{&sim, {}};
  sim.spawn(use(sim, r, log, "holder", hours(2)));
  sim.spawn([](Resource& res, Log& l) -> Process {
    auto lease = co_await res.acquire_within(minutes(30));
    l(lease ? "got" : "gave up");
  }(r, log));
  sim.run();
  EXPECT_EQ(log.lines[1], "D+0 00:30:00 gave up");
  EXPECT_EQ(r.timeouts(), 1u);
  EXPECT_EQ(r.queue_length(), 0u);
}

TEST(Resource, InterruptedWaiterLeavesTheQueueAndLosesNoCapacity) {
  Simulation sim;
  Resource r(sim, "r", {.capacity = 1});
  Log log{&sim, {}};
  sim.spawn(use(sim, r, log, "holder", hours(1)));
  ProcessRef w = sim.spawn(use(sim, r, log, "waiter", hours(1)));
  sim.spawn(use(sim, r, log, "third", hours(1)));
  // Interrupt exactly when the unit is handed to the waiter: the grant must return.
  sim.schedule(hours(1), [&] { sim.interrupt(w, 9); }, {}, kLate);
  sim.run();
  EXPECT_EQ(log.lines.back(), "D+0 02:00:00 third done");
  EXPECT_EQ(r.in_use(), 0);
}

TEST(Resource, WaitsStillInProgressAreCountedWithTheLongest) {
  // One unit held for good from 00:00; "b" queues at 01:00 with priority 5,
  // "c" at 02:00 with priority 1 (ahead of "b" in the queue). At 05:00 two
  // waits are in progress, none granted, and the longest is b's 4 h, even
  // though c stands at the head.
  Simulation sim;
  Resource crew(sim, "crew", {.capacity = 1, .discipline = Discipline::priority});
  Log log{&sim, {}};
  auto later = [](Simulation& s, Resource& r, Log& l, std::string n, Duration at, int priority) -> Process {
    co_await s.delay(at);
    co_await s.join(s.spawn(use(s, r, l, n, days(10), priority)));
  };
  sim.spawn(use(sim, crew, log, "a", days(10)));
  sim.spawn(later(sim, crew, log, "b", hours(1), 5));
  sim.spawn(later(sim, crew, log, "c", hours(2), 1));
  sim.run_until(at(hours(5)));
  EXPECT_EQ(crew.waits_in_progress(), 2u);
  EXPECT_EQ(crew.longest_wait_in_progress(), hours(4));
  EXPECT_EQ(crew.waits().count(), 1u);  // only a's, granted at once
  EXPECT_EQ(crew.waits().max(), 0.0);
}

/// Keeps what a resource or container tells its observer, as the statistics
/// it pushes would be kept by a collector.
struct Recorder final : ResourceObserver, ContainerObserver {
  explicit Recorder(SimTime start) : in_use(start), queue(start), level(start) {}
  void on_in_use(SimTime now, int n) noexcept override { in_use.set(now, n); }
  void on_queue(SimTime now, std::size_t waiting, SimTime oldest_since) noexcept override {
    queue.set(now, static_cast<double>(waiting));
    oldest = waiting ? oldest_since : SimTime::zero();
  }
  void on_granted(Duration waited) noexcept override { waits.add(waited.seconds()); }
  void on_level(SimTime now, double l) noexcept override { level.set(now, l); }
  void on_got(double amount, Duration waited) noexcept override {
    got += amount;
    waits.add(waited.seconds());
  }
  void on_get_queue(SimTime now, std::size_t waiting, SimTime oldest_since) noexcept override {
    on_queue(now, waiting, oldest_since);
  }
  TimeWeighted in_use, queue, level;
  Tally waits;
  double got = 0.0;
  SimTime oldest;
};

TEST(Resource, AnObserverIsToldEveryChangeAndKeepsTheResourcesOwnStatistics) {
  Simulation sim;
  Resource berths(sim, "berths", {.capacity = 2});
  Recorder seen(sim.now());
  berths.set_observer(&seen);
  Log log{&sim, {}};
  for (const char* n : {"a", "b", "c"}) sim.spawn(use(sim, berths, log, n, hours(1)));
  sim.run_until(at(minutes(30)));
  EXPECT_EQ(seen.queue.current(), 1.0);  // c waits since D+0
  EXPECT_EQ(seen.oldest, at(hours(0)));
  sim.run();
  EXPECT_NEAR(seen.in_use.mean(sim.now()) / 2.0, berths.utilisation(), 1e-12);
  EXPECT_NEAR(seen.queue.mean(sim.now()), berths.mean_queue_length(), 1e-12);
  EXPECT_EQ(seen.waits.count(), berths.waits().count());
  EXPECT_EQ(seen.waits.max(), berths.waits().max());
  EXPECT_EQ(seen.queue.current(), 0.0);
}

TEST(Resource, WithoutItsOwnStatisticsItTellsItsObserverTheSameAndReadsZero) {
  // Two resources run the same script, one keeping its statistics, one
  // leaving them to its observer: the observers see the same changes.
  Simulation sim;
  Resource kept(sim, "kept", {.capacity = 2});
  Resource left(sim, "left", {.capacity = 2, .own_statistics = false});
  Recorder seen_kept(sim.now()), seen_left(sim.now());
  kept.set_observer(&seen_kept);
  left.set_observer(&seen_left);
  Log log_kept{&sim, {}}, log_left{&sim, {}};
  for (const char* n : {"a", "b", "c", "d"}) {
    sim.spawn(use(sim, kept, log_kept, n, hours(1)));
    sim.spawn(use(sim, left, log_left, n, hours(1)));
  }
  sim.run();
  EXPECT_EQ(log_left.lines, log_kept.lines);
  EXPECT_EQ(seen_left.in_use.mean(sim.now()), seen_kept.in_use.mean(sim.now()));
  EXPECT_EQ(seen_left.in_use.max(), 2.0);
  EXPECT_EQ(seen_left.queue.mean(sim.now()), seen_kept.queue.mean(sim.now()));
  EXPECT_EQ(seen_left.queue.max(), 2.0);
  EXPECT_EQ(seen_left.waits.count(), 4u);
  EXPECT_EQ(seen_left.waits.max(), seen_kept.waits.max());
  EXPECT_EQ(seen_left.waits.max(), hours(1).seconds());
  EXPECT_GT(kept.utilisation(), 0.0);
  EXPECT_EQ(left.utilisation(), 0.0);
  EXPECT_EQ(left.mean_queue_length(), 0.0);
  EXPECT_EQ(left.waits().count(), 0u);
  EXPECT_EQ(left.grants(), kept.grants());
  EXPECT_EQ(left.grants(), 4u);
}

TEST(Container, AnObserverIsToldEveryChangeAndKeepsTheContainersOwnStatistics) {
  Simulation sim;
  Container tank(sim, "tank", 100.0, 10.0);
  Recorder seen(sim.now());
  tank.set_observer(&seen);
  EXPECT_EQ(seen.level.current(), 10.0);  // told the state when attached
  auto getter = [](Simulation& s, Container& c, Duration at, double amount) -> Process {
    co_await s.delay(at);
    co_await c.get(amount);
  };
  sim.spawn(getter(sim, tank, hours(1), 30.0));
  sim.spawn(getter(sim, tank, hours(2), 5.0));
  sim.run_until(at(hours(3)));
  EXPECT_EQ(seen.queue.current(), 2.0);  // the 5 t get does not overtake the 30 t one
  EXPECT_EQ(seen.oldest, at(hours(1)));
  sim.schedule(hours(1), [&] { EXPECT_TRUE(tank.try_put(50.0)); });
  sim.run();
  EXPECT_EQ(seen.queue.current(), 0.0);
  EXPECT_DOUBLE_EQ(seen.got, tank.total_got());
  EXPECT_EQ(seen.waits.count(), tank.get_waits().count());
  EXPECT_DOUBLE_EQ(seen.waits.max(), tank.get_waits().max());
  EXPECT_NEAR(seen.level.mean(sim.now()), tank.mean_level(), 1e-12);
  EXPECT_DOUBLE_EQ(seen.level.current(), tank.level());
}

TEST(Container, GetsStillWaitingAreCountedWithTheLongestAndTheirBackorder) {
  Simulation sim;
  Container tank(sim, "tank", 100.0, 10.0);
  auto getter = [](Simulation& s, Container& c, Duration at, double amount) -> Process {
    co_await s.delay(at);
    co_await c.get(amount);
  };
  sim.spawn(getter(sim, tank, hours(1), 30.0));
  sim.spawn(getter(sim, tank, hours(3), 5.0));
  sim.run_until(at(hours(6)));
  EXPECT_EQ(tank.gets_in_progress(), 2u);
  EXPECT_EQ(tank.longest_get_in_progress(), hours(5));
  EXPECT_DOUBLE_EQ(tank.waiting_to_get(), 35.0);
  EXPECT_EQ(tank.get_waits().count(), 0u);
}

TEST(Container, GetWaitsForResupplyInFifoOrder) {
  Simulation sim;
  Container tank(sim, "tank", 100.0, 10.0);
  Log log{&sim, {}};
  auto getter = [](Container& c, Log& l, std::string n, double amount) -> Process {
    co_await c.get(amount);
    l(n);
  };
  sim.spawn(getter(tank, log, "big 50", 50.0));
  sim.spawn(getter(tank, log, "small 5", 5.0));  // must not overtake the big one
  sim.schedule(hours(4), [&] { EXPECT_TRUE(tank.try_put(60.0)); });
  sim.run();
  EXPECT_EQ(log.lines, (std::vector<std::string>{"D+0 04:00:00 big 50", "D+0 04:00:00 small 5"}));
  EXPECT_DOUBLE_EQ(tank.level(), 15.0);
  EXPECT_DOUBLE_EQ(tank.total_got(), 55.0);
  EXPECT_DOUBLE_EQ(tank.get_waits().mean(), 4 * 3600.0);
}

TEST(Container, PutWaitsForRoomAndGetTimesOut) {
  Simulation sim;
  Container tank(sim, "tank", 10.0, 8.0);
  Log log{&sim, {}};
  sim.spawn([](Simulation& s, Container& c, Log& l) -> Process {
    co_await c.put(5.0);
    l("put");
    const bool ok = co_await c.get(100.0, hours(1));
    l(ok ? "got" : "get timed out");
    (void)s;
  }(sim, tank, log));
  sim.schedule(hours(2), [&] { EXPECT_TRUE(tank.try_get(4.0)); });
  sim.run();
  EXPECT_EQ(log.lines, (std::vector<std::string>{"D+0 02:00:00 put", "D+0 03:00:00 get timed out"}));
  EXPECT_DOUBLE_EQ(tank.level(), 9.0);
}

TEST(Container, MeanLevelIsTimeWeighted) {
  Simulation sim;
  Container tank(sim, "tank", 100.0, 100.0);
  sim.schedule(hours(1), [&] { tank.try_get(50.0); });
  sim.run_until(at(hours(2)));
  EXPECT_DOUBLE_EQ(tank.mean_level(), 75.0);
}

TEST(Store, ItemsLeaveInArrivalOrderAndGettersWait) {
  Simulation sim;
  Store<std::string> spares(sim, "spares", 2);
  Log log{&sim, {}};
  sim.spawn([](Simulation& s, Store<std::string>& st, Log& l) -> Process {
    for (int i = 0; i < 3; ++i) {
      auto item = co_await st.get();
      l("got " + *item);
    }
    auto none = co_await st.get_within(hours(1));
    l(none ? "unexpected" : "nothing within 1h");
    (void)s;
  }(sim, spares, log));
  sim.spawn([](Simulation& s, Store<std::string>& st, Log& l) -> Process {
    co_await s.delay(hours(1));
    for (const char* p : {"pump", "valve", "seal"}) co_await st.put(p);
    l("all put");
  }(sim, spares, log));
  sim.run();
  EXPECT_EQ(log.lines, (std::vector<std::string>{"D+0 01:00:00 all put", "D+0 01:00:00 got pump",
                                                 "D+0 01:00:00 got valve", "D+0 01:00:00 got seal",
                                                 "D+0 02:00:00 nothing within 1h"}));
}

TEST(Store, PutBlocksWhileFull) {
  Simulation sim;
  Store<int> s(sim, "s", 1);
  Log log{&sim, {}};
  sim.spawn([](Store<int>& st, Log& l) -> Process {
    co_await st.put(1);
    co_await st.put(2);
    l("second stored");
  }(s, log));
  sim.schedule(hours(3), [&] { EXPECT_EQ(s.try_get(), 1); });
  sim.run();
  EXPECT_EQ(log.lines, (std::vector<std::string>{"D+0 03:00:00 second stored"}));
  EXPECT_EQ(s.size(), 1u);
}

}  // namespace
}  // namespace drill::core
