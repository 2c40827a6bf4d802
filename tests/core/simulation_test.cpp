#include "core/simulation.hpp"

#include <gtest/gtest.h>

#include <iterator>
#include <memory>
#include <string>
#include <vector>

namespace drill::core {
namespace {

class KernelQueues : public ::testing::TestWithParam<QueueKind> {
 protected:
  Simulation sim{SimulationOptions{.seed = 1, .replication = 0, .queue = GetParam()}};
  std::vector<std::string> log;
  void note(std::string s) { log.push_back(std::move(s)); }
};

TEST_P(KernelQueues, SameTimeEventsRunInInsertionOrder) {
  for (int i = 0; i < 5; ++i) sim.schedule(hours(1), [this, i] { note(std::to_string(i)); });
  sim.run();
  EXPECT_EQ(log, (std::vector<std::string>{"0", "1", "2", "3", "4"}));
}

TEST_P(KernelQueues, PriorityBreaksTiesBeforeSequence) {
  sim.schedule(hours(1), [this] { note("default"); });
  sim.schedule(hours(1), [this] { note("late"); }, {}, kLate);
  sim.schedule(hours(1), [this] { note("urgent"); }, {}, kUrgent);
  sim.schedule(minutes(59), [this] { note("earlier"); }, {}, kLate);
  sim.run();
  EXPECT_EQ(log, (std::vector<std::string>{"earlier", "urgent", "default", "late"}));
}

TEST_P(KernelQueues, CancelledEventNeverRuns) {
  auto a = sim.schedule(hours(1), [this] { note("a"); });
  sim.schedule(hours(2), [this] { note("b"); });
  EXPECT_TRUE(sim.cancel(a));
  EXPECT_FALSE(sim.cancel(a)) << "second cancel of the same handle";
  EXPECT_EQ(sim.pending_count(), 1u);
  sim.run();
  EXPECT_EQ(log, (std::vector<std::string>{"b"}));
}

TEST_P(KernelQueues, CancellingTheHeadMovesNextTime) {
  auto head = sim.schedule(hours(1), [this] { note("head"); });
  sim.schedule(hours(3), [this] { note("tail"); });
  EXPECT_EQ(sim.next_time(), at(hours(1)));
  sim.cancel(head);
  EXPECT_EQ(sim.next_time(), at(hours(3)));
  EXPECT_TRUE(sim.step());
  EXPECT_EQ(sim.now(), at(hours(3)));
  EXPECT_FALSE(sim.step());
}

TEST_P(KernelQueues, HandleOfAnEventThatRanIsStale) {
  auto h = sim.schedule(hours(1), [] {});
  sim.run();
  EXPECT_FALSE(sim.is_pending(h));
  EXPECT_FALSE(sim.cancel(h));
  // The freed slot is reused; the old handle must not cancel the new event.
  sim.schedule(hours(1), [this] { note("new"); });
  EXPECT_FALSE(sim.cancel(h));
  sim.run();
  EXPECT_EQ(log, (std::vector<std::string>{"new"}));
}

TEST_P(KernelQueues, RunUntilIncludesTheBoundaryAndAdvancesTheClock) {
  sim.schedule(hours(1), [this] { note("1h"); });
  sim.schedule(hours(2), [this] { note("2h"); });
  sim.schedule(hours(2) + microseconds(1), [this] { note("2h+1us"); });
  EXPECT_EQ(sim.run_until(at(hours(2))), 2u);
  EXPECT_EQ(sim.now(), at(hours(2)));
  EXPECT_EQ(sim.run_until(at(hours(10))), 1u);
  EXPECT_EQ(sim.now(), at(hours(10))) << "the clock moves to the horizon even without events";
  EXPECT_EQ(log.size(), 3u);
}

TEST_P(KernelQueues, StopFromInsideAHandlerEndsTheRun) {
  sim.schedule(hours(1), [this] { note("1"); });
  sim.schedule(hours(2), [this] {
    note("2");
    sim.stop();
  });
  sim.schedule(hours(3), [this] { note("3"); });
  sim.run();
  EXPECT_EQ(log, (std::vector<std::string>{"1", "2"}));
  EXPECT_EQ(sim.now(), at(hours(2)));
  sim.run();  // a later run resumes where it stopped
  EXPECT_EQ(log.size(), 3u);
}

TEST_P(KernelQueues, HandlersCanScheduleAtTheCurrentTime) {
  sim.schedule(hours(1), [this] {
    note("outer");
    sim.schedule(Duration::zero(), [this] { note("inner"); });
  });
  sim.schedule(hours(1), [this] { note("sibling"); });
  sim.run();
  EXPECT_EQ(log, (std::vector<std::string>{"outer", "sibling", "inner"}));
}

TEST_P(KernelQueues, LargeCapturesAreBoxedAndFreed) {
  std::string big(200, 'x');
  sim.schedule(hours(1), [this, big] { note(big.substr(0, 3)); });
  auto cancelled = sim.schedule(hours(2), [big] { (void)big; });
  sim.cancel(cancelled);
  sim.schedule(hours(3), [big] { (void)big; });  // never run: freed by the destructor
  sim.run_until(at(hours(1)));
  EXPECT_EQ(log, (std::vector<std::string>{"xxx"}));
}

// A pointer and an index (16 bytes) do not fit inside an event: such an
// action is boxed, runs as before, and its box is freed whether it runs, is
// cancelled or is still pending when the simulation ends.
TEST_P(KernelQueues, TwoWordCapturesRunAndTheirBoxesAreFreed) {
  for (int i = 1; i <= 3; ++i) sim.schedule(hours(i), [this, i] { note(std::to_string(i)); });
  auto token = std::make_shared<int>(0);
  {
    Simulation local(SimulationOptions{.seed = 1, .replication = 0, .queue = GetParam()});
    int ran = 0;
    int* counter = &ran;
    local.schedule(hours(1), [counter, token] { ++*counter; });
    auto cancelled = local.schedule(hours(2), [token] {});
    local.schedule(hours(5), [token] {});
    EXPECT_EQ(token.use_count(), 4);
    local.cancel(cancelled);
    EXPECT_EQ(token.use_count(), 3) << "cancelling frees the box";
    local.run_until(at(hours(4)));
    EXPECT_EQ(ran, 1);
    EXPECT_EQ(token.use_count(), 2) << "running frees the box";
  }
  EXPECT_EQ(token.use_count(), 1) << "the simulation's end frees the boxes of pending events";
  sim.run();
  EXPECT_EQ(log, (std::vector<std::string>{"1", "2", "3"}));
}

TEST_P(KernelQueues, ActionsThatTakeATagAreHandedTheirEventsTag) {
  std::vector<EventTag> seen;
  std::vector<EventTag>* out = &seen;
  const std::string big(100, 'x');
  sim.schedule(hours(1), [out](EventTag t) { out->push_back(t); }, EventTag{kind::kFirstModelKind, 7});
  sim.schedule(hours(2), [out, big](EventTag t) { out->push_back(t); }, EventTag{kind::kFirstModelKind + 1, 9});
  sim.run();
  EXPECT_EQ(seen, (std::vector<EventTag>{{kind::kFirstModelKind, 7}, {kind::kFirstModelKind + 1, 9}}));
}

// Freed nodes are reused last in, first out, so every event below gets the
// node the first one had, and its generation moves on each time.
TEST_P(KernelQueues, HandleStaysStaleAcrossManyReusesOfItsNode) {
  const EventHandle first = sim.schedule(hours(1), [] {});
  sim.run();
  int ran = 0;
  int* counter = &ran;
  for (int i = 0; i < 100'000; ++i) {
    const EventHandle h = sim.schedule(Duration::zero(), [counter] { ++*counter; });
    ASSERT_EQ(h.slot, first.slot);
    ASSERT_FALSE(sim.is_pending(first));
    ASSERT_FALSE(sim.cancel(first)) << "after " << i << " reuses";
    if (i % 2 == 0) {
      ASSERT_TRUE(sim.step());
    } else {
      ASSERT_TRUE(sim.cancel(h));
      ASSERT_EQ(sim.next_time(), SimTime::max());  // discards the cancelled key, freeing the node
    }
  }
  EXPECT_EQ(ran, 50'000);
}

// The renumbering rewrites the order word of every pending event's node,
// where the number of the event's operation is kept too.
TEST_P(KernelQueues, RenumberingKeepsEachEventsAction) {
  sim.schedule(hours(2), [this] { note("b"); });
  sim.schedule(hours(1), [this] { note("a"); }, EventTag{}, kLate);
  sim.schedule(hours(3), [this](EventTag t) { note("c" + std::to_string(t.entity)); },
               EventTag{kind::kFirstModelKind, 4});
  sim.compact_sequences();
  sim.schedule(hours(1), [this] { note("d"); });
  sim.run();
  EXPECT_EQ(log, (std::vector<std::string>{"d", "a", "b", "c4"}));
}

TEST_P(KernelQueues, ExceptionFromAHandlerPropagatesFromStep) {
  sim.schedule(hours(1), [] { throw std::runtime_error("model bug"); });
  EXPECT_THROW(sim.step(), std::runtime_error);
  EXPECT_EQ(sim.now(), at(hours(1)));
}

INSTANTIATE_TEST_SUITE_P(AllStructures, KernelQueues, ::testing::ValuesIn(kAllQueueKinds),
                         [](const auto& info) {
                           std::string n(to_string(info.param));
                           for (char& c : n)
                             if (c == '-') c = '_';
                           return n;
                         });

// A pseudo-random workload whose fingerprint must not depend on the structure.
std::uint64_t churn_fingerprint(QueueKind kind) {
  Simulation sim(SimulationOptions{.seed = 7, .replication = 0, .queue = kind});
  RandomStream rng = sim.stream("churn");
  std::vector<EventHandle> handles;
  struct Ctx {
    Simulation* sim;
    RandomStream* rng;
    std::vector<EventHandle>* handles;
    int remaining;
  } ctx{&sim, &rng, &handles, 40000};
  struct Fire {
    Ctx* c;
    std::uint32_t id;
    void operator()() const {
      if (c->remaining-- <= 0) return;
      // One child, sometimes two: chains live on through the far-ahead
      // events, so near keys arrive while the far ones are being split.
      const int children = c->rng->uniform_int(0, 3) == 0 ? 2 : 1;
      for (int k = 0; k < children; ++k) {
        // Mostly near ties, now and then far ahead: the calendar queue's
        // overflow and the ladder queue's rungs get work too.
        const bool far = c->rng->uniform_int(0, 7) == 0;
        const auto delay = microseconds(static_cast<std::int64_t>(c->rng->uniform_int(0, far ? 1'000'000'000 : 50)));
        const auto prio = static_cast<Priority>(c->rng->uniform_int(0, 3));
        c->handles->push_back(c->sim->schedule(delay, Fire{c, id * 2 + static_cast<std::uint32_t>(k)},
                                               EventTag{kind::kFirstModelKind, id}, prio));
      }
      if (c->rng->uniform_int(0, 3) == 0 && !c->handles->empty())
        c->sim->cancel((*c->handles)[c->rng->uniform_int(0, c->handles->size() - 1)]);
    }
  };
  for (std::uint32_t i = 0; i < 200; ++i) sim.schedule(Duration::zero(), Fire{&ctx, i}, EventTag{kind::kFirstModelKind, i});
  sim.run();
  return sim.fingerprint().value();
}

TEST(Fingerprint, IsIdenticalAcrossQueueStructuresAndRuns) {
  static_assert(std::size(kAllQueueKinds) == 4, "compare every structure");
  const std::uint64_t reference = churn_fingerprint(QueueKind::binary_heap);
  for (QueueKind kind : kAllQueueKinds) {
    EXPECT_EQ(churn_fingerprint(kind), reference) << to_string(kind);
    EXPECT_EQ(churn_fingerprint(kind), reference) << to_string(kind) << ", second run";
  }
}

TEST(Fingerprint, ChangesWhenTheEventSequenceChanges) {
  Simulation a, b;
  a.schedule(hours(1), [] {}, EventTag{20, 1});
  b.schedule(hours(1), [] {}, EventTag{20, 2});
  a.run();
  b.run();
  EXPECT_NE(a.fingerprint().value(), b.fingerprint().value());
  EXPECT_EQ(a.fingerprint().hex().size(), 16u);
}

struct Recorder : EventObserver {
  std::vector<ExecutedEvent> seen;
  void on_event(const ExecutedEvent& e) override { seen.push_back(e); }
};

TEST(Observers, SeeEveryExecutedEventWithItsTag) {
  Simulation sim;
  Recorder rec;
  sim.add_observer(&rec);
  sim.schedule(hours(2), [] {}, EventTag{30, 9});
  auto c = sim.schedule(hours(3), [] {}, EventTag{31, 9});
  sim.cancel(c);
  sim.run();
  ASSERT_EQ(rec.seen.size(), 1u);
  EXPECT_EQ(rec.seen[0].time, at(hours(2)));
  EXPECT_EQ(rec.seen[0].tag, (EventTag{30, 9}));
  sim.remove_observer(&rec);
  sim.schedule(hours(1), [] {});
  sim.run();
  EXPECT_EQ(rec.seen.size(), 1u);
}

TEST(Simulation, ManyIndependentSimulationsCoexist) {
  Simulation a(SimulationOptions{.seed = 1}), b(SimulationOptions{.seed = 1});
  int na = 0, nb = 0;
  a.schedule(hours(1), [&na] { ++na; });
  b.schedule(hours(5), [&nb] { ++nb; });
  a.run();
  EXPECT_EQ(na, 1);
  EXPECT_EQ(nb, 0);
  EXPECT_EQ(b.now(), SimTime::zero());
  EXPECT_EQ(a.stream("x").next_u64(), b.stream("x").next_u64());
}

}  // namespace
}  // namespace drill::core
