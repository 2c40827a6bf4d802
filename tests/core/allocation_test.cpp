// Counts every global allocation (tests/support/allocation_counter.cpp), so
// it lives in its own executable: the replaced operator new applies to the
// whole binary.
#include <gtest/gtest.h>

#include "core/process.hpp"
#include "core/resource.hpp"
#include "core/simulation.hpp"
#include "tests/support/allocation_counter.hpp"

namespace drill::core {
namespace {

struct HoldState {
  Simulation* sim;
  std::uint64_t random;
  Duration draw() {
    random = random * 6364136223846793005ULL + 1442695040888963407ULL;
    return microseconds(static_cast<std::int64_t>(random >> 44));
  }
};
// Actions of one pointer fit inside their events, whether or not they take
// the event's tag.
struct Hold {
  HoldState* s;
  void operator()() const { s->sim->schedule(s->draw(), Hold{s}); }
};
struct TaggedHold {
  HoldState* s;
  void operator()(EventTag tag) const { s->sim->schedule(s->draw(), TaggedHold{s}, tag); }
};

class SteadyState : public ::testing::TestWithParam<QueueKind> {};

TEST_P(SteadyState, CallbackEventsWithSmallCapturesAllocateNothing) {
  Simulation sim(SimulationOptions{.seed = 1, .replication = 0, .queue = GetParam()});
  HoldState state{&sim, 42};
  for (std::uint32_t i = 0; i < 1000; ++i) {
    sim.schedule(microseconds(i), Hold{&state});
    sim.schedule(microseconds(i), TaggedHold{&state}, EventTag{kind::kFirstModelKind, i});
  }
  sim.run_until(at(seconds(30)));  // warm up: the pool and the set reach their peak
  const std::uint64_t before = test_support::allocations();
  const std::uint64_t executed = sim.events_executed();
  sim.run_until(at(seconds(120)));
  EXPECT_GT(sim.events_executed() - executed, 10000u);
  EXPECT_EQ(test_support::allocations() - before, 0u);
}

Process sleeper(Simulation& sim, int id) {
  for (;;) co_await sim.delay(microseconds(100 + id % 17));
}

TEST_P(SteadyState, ProcessResumptionsAllocateNothing) {
  Simulation sim(SimulationOptions{.seed = 1, .replication = 0, .queue = GetParam()});
  for (int i = 0; i < 100; ++i) sim.spawn(sleeper(sim, i));
  sim.run_until(at(milliseconds(50)));
  const std::uint64_t before = test_support::allocations();
  const std::uint64_t executed = sim.events_executed();
  sim.run_until(at(milliseconds(500)));
  EXPECT_GT(sim.events_executed() - executed, 10000u);
  EXPECT_EQ(test_support::allocations() - before, 0u);
}

// A model spawns a process per sortie and per turnaround; their frames come
// from the frame pool, so once it holds blocks of their sizes a steady state
// of processes starting and finishing allocates nothing.
Process errand(Simulation& sim, Resource& crew, int id) {
  auto lease = co_await crew.acquire();
  co_await sim.delay(microseconds(50 + id % 13));
}

Process dispatcher(Simulation& sim, Resource& crew) {
  for (int i = 0;; ++i) {
    sim.spawn(errand(sim, crew, i), static_cast<std::uint32_t>(i % 7));
    co_await sim.delay(microseconds(20 + i % 5));
  }
}

TEST_P(SteadyState, SpawningAndFinishingProcessesAllocatesNothing) {
  if (!detail::kFramePoolEnabled) GTEST_SKIP() << "the frame pool passes frames through under AddressSanitizer";
  Simulation sim(SimulationOptions{.seed = 1, .replication = 0, .queue = GetParam()});
  Resource crew(sim, "crew", ResourceOptions{.capacity = 3});
  sim.spawn(dispatcher(sim, crew));
  sim.run_until(at(milliseconds(50)));
  const std::uint64_t before = test_support::allocations();
  const std::uint64_t executed = sim.events_executed();
  sim.run_until(at(milliseconds(500)));
  EXPECT_GT(sim.events_executed() - executed, 10000u);
  EXPECT_GT(crew.grants(), 10000u);
  EXPECT_EQ(test_support::allocations() - before, 0u);
}

INSTANTIATE_TEST_SUITE_P(AllQueues, SteadyState, ::testing::ValuesIn(kAllQueueKinds),
                         [](const auto& info) {
                           std::string n(to_string(info.param));
                           for (char& c : n)
                             if (c == '-') c = '_';
                           return n;
                         });

}  // namespace
}  // namespace drill::core
