// Counts every global allocation (tests/support/allocation_counter.cpp), so
// it lives in its own executable: the replaced operator new applies to the
// whole binary.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/metrics/collector.hpp"
#include "tests/core/metrics/test_kinds.hpp"
#include "tests/support/allocation_counter.hpp"

namespace drill::core::metrics {
namespace {

using test_kinds::MachineId;
using test_kinds::SiteId;
namespace k = test_kinds;

TEST(Instruments, UpdatesAllocateNothing) {
  Collector c(k::table());
  const MachineId lathe = c.names().add<k::machine>("lathe");
  const auto d = [](std::string name, InstrumentKind kind) {
    return Descriptor{.name = std::move(name), .unit = Unit::seconds, .help = "h", .labels = {k::machine}, .kind = kind};
  };
  Counter& counter = c.counter(c.describe(d("a", InstrumentKind::counter)), {lathe});
  Gauge& gauge = c.gauge(c.describe(d("b", InstrumentKind::gauge)), {lathe});
  TimeWeightedGauge& level = c.time_weighted(c.describe(d("c", InstrumentKind::time_weighted)), {lathe});
  TallyInstrument& tally = c.tally(c.describe(d("e", InstrumentKind::tally)), {lathe});
  QuantileInstrument& quantile = c.quantile(c.describe(d("f", InstrumentKind::quantile)), {lathe});

  const std::uint64_t before = test_support::allocations();
  // Enough observations to fill the exact buffer and go on in the sketch.
  for (int i = 0; i < 100'000; ++i) {
    const double x = 1.0 + (i * 7919) % 10'007;
    counter.add(x);
    gauge.set(x);
    level.set(at(seconds(i)), x);
    tally.add(x);
    quantile.add(x);
  }
  EXPECT_EQ(test_support::allocations() - before, 0u);
  EXPECT_FALSE(quantile.exact());
  // A warm-up reset allocates nothing either.
  const std::uint64_t at_reset = test_support::allocations();
  c.reset(at(seconds(100'000)));
  for (int i = 0; i < 1000; ++i) quantile.add(i);
  EXPECT_EQ(test_support::allocations() - at_reset, 0u);
  EXPECT_EQ(quantile.stats().count(), 1000u);
}

// A repeated run's measures, given by their parts, are taken over with no
// allocation: no Descriptor is made for them.
TEST(Instruments, MeasuresGivenByPartsAndTakenOverAllocateNothing) {
  const auto describe = [](Collector& c) {
    c.describe("sorties_flown", Unit::none, "Sorties flown and recovered, per machine, over the whole run.",
               {k::machine}, InstrumentKind::counter);
    c.describe("queue", Unit::none, "Requests waiting for the machine, counted as they come and go.", {k::machine},
               InstrumentKind::time_weighted, Headline::yes);
  };
  {
    Collector last(k::table());
    describe(last);
    last.snapshot(SimTime::zero());
  }
  Collector c(k::table());
  const std::uint64_t before = test_support::allocations();
  describe(c);
  EXPECT_EQ(test_support::allocations() - before, 0u);
  EXPECT_EQ(c.descriptors().size(), 2u);
}

// A repeated run makes its series with the room the last run's catalog
// gave: what it allocates is its instruments' own storage, not the
// collector's lists growing (each measure's list of series used to take
// two or three allocations, and each list of all series eight doublings).
TEST(Instruments, ARepeatedRunsSeriesGrowNoListsOfTheCollector) {
  constexpr int kMeasures = 8;
  constexpr int kMachines = 16;
  const auto run = [](std::uint64_t& allocated) {
    Collector c(k::table());
    std::vector<MachineId> machines;
    for (int i = 0; i < kMachines; ++i) machines.push_back(c.names().add<k::machine>("lathe " + std::to_string(i)));
    const std::uint64_t before = test_support::allocations();
    for (int m = 0; m < kMeasures; ++m) {
      const MeasureId id = c.describe("load_" + std::to_string(m), Unit::none, "Loads.", {k::machine},
                                      InstrumentKind::counter);
      for (MachineId machine : machines) c.counter(id, {machine});
    }
    allocated = test_support::allocations() - before;
    c.snapshot(SimTime::zero());
  };
  std::uint64_t first = 0;
  std::uint64_t again = 0;
  run(first);
  run(again);
  // Counters come in deque blocks: 128 of them take a few.
  EXPECT_LE(again, 16u) << "the first run allocated " << first;
  EXPECT_GT(first, again + 40) << "the repeated run allocated " << again;
}

// Change tracking keeps updates allocation free, and so is reading what
// changed once the instruments are made and read once: the change log and
// the view were reserved for every series when the instruments were made.
TEST(Instruments, ChangeTrackingAndChangeReadsAllocateNothing) {
  Collector c(k::table());
  std::vector<MachineId> machines;
  for (int i = 0; i < 50; ++i) machines.push_back(c.names().add<k::machine>("lathe " + std::to_string(i)));
  const auto d = [](std::string name, InstrumentKind kind) {
    return Descriptor{.name = std::move(name), .unit = Unit::seconds, .help = "h", .labels = {k::machine}, .kind = kind};
  };
  const MeasureId mc = c.describe(d("a", InstrumentKind::counter));
  const MeasureId mg = c.describe(d("b", InstrumentKind::gauge));
  const MeasureId ml = c.describe(d("c", InstrumentKind::time_weighted));
  const MeasureId mq = c.describe(d("f", InstrumentKind::quantile));
  std::vector<Counter*> counters;
  std::vector<Gauge*> gauges;
  std::vector<TimeWeightedGauge*> levels;
  std::vector<QuantileInstrument*> quantiles;
  for (MachineId s : machines) {
    counters.push_back(&c.counter(mc, {s}));
    gauges.push_back(&c.gauge(mg, {s}));
    levels.push_back(&c.time_weighted(ml, {s}));
    quantiles.push_back(&c.quantile(mq, {s}));
  }
  EXPECT_EQ(c.changes(at(seconds(0))).changed().size(), 200u);  // the first read lists everything

  const std::uint64_t before = test_support::allocations();
  std::size_t listed = 0;
  for (int step = 1; step <= 2000; ++step) {
    // Every instrument of every 7th lathe changes, many times per interval.
    for (std::size_t k = static_cast<std::size_t>(step) % 7; k < machines.size(); k += 7) {
      for (int i = 0; i < 5; ++i) {
        const double x = 1.0 + step * 5 + i;
        counters[k]->add(x);
        gauges[k]->set(x);
        levels[k]->set(at(seconds(step)), x);
        quantiles[k]->add(x);
      }
    }
    // Now and then every instrument changes, twice: still one note each.
    if (step % 100 == 0)
      for (std::size_t k = 0; k < machines.size(); ++k)
        for (int i = 0; i < 2; ++i) {
          counters[k]->add(1.0);
          gauges[k]->add(1.0);
          levels[k]->add(at(seconds(step)), 1.0);
          quantiles[k]->add(1.0);
        }
    listed += c.changes(at(seconds(step))).changed().size();
  }
  c.reset(at(seconds(3000)));
  listed += c.changes(at(seconds(3000))).changed().size();
  listed += c.changes(at(seconds(3001)), Collector::Read::everything).changed().size();
  EXPECT_EQ(test_support::allocations() - before, 0u);
  EXPECT_GT(listed, 2000u * 4 * 7);
}

}  // namespace
}  // namespace drill::core::metrics
