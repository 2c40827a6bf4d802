// Counts every global allocation (tests/support/allocation_counter.cpp), so
// it lives in its own executable: the replaced operator new applies to the
// whole binary.
#include <gtest/gtest.h>

#include "core/metrics/collector.hpp"
#include "tests/support/allocation_counter.hpp"

namespace drill::core::metrics {
namespace {

TEST(Instruments, UpdatesAllocateNothing) {
  Collector c;
  const UnitId ship = c.names().add<EntityKind::unit>("HMS Argyll");
  const auto d = [](std::string name, InstrumentKind kind) {
    return Descriptor{.name = std::move(name), .unit = Unit::seconds, .help = "h", .labels = {EntityKind::unit}, .kind = kind};
  };
  Counter& counter = c.counter(c.describe(d("a", InstrumentKind::counter)), {ship});
  Gauge& gauge = c.gauge(c.describe(d("b", InstrumentKind::gauge)), {ship});
  TimeWeightedGauge& level = c.time_weighted(c.describe(d("c", InstrumentKind::time_weighted)), {ship});
  TallyInstrument& tally = c.tally(c.describe(d("e", InstrumentKind::tally)), {ship});
  QuantileInstrument& quantile = c.quantile(c.describe(d("f", InstrumentKind::quantile)), {ship});

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

}  // namespace
}  // namespace drill::core::metrics
