// Counts every global allocation, so it lives in its own executable: the
// replaced operator new applies to the whole binary.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <new>

#include "core/metrics/collector.hpp"

namespace {
std::atomic<std::uint64_t> g_allocations{0};
}

void* operator new(std::size_t n) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}
// The replaced new allocates with malloc, so free is the matching release;
// GCC cannot see that pairing and warns.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
#pragma GCC diagnostic pop

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

  const std::uint64_t before = g_allocations.load();
  // Enough observations to fill the exact buffer and go on in the sketch.
  for (int i = 0; i < 100'000; ++i) {
    const double x = 1.0 + (i * 7919) % 10'007;
    counter.add(x);
    gauge.set(x);
    level.set(at(seconds(i)), x);
    tally.add(x);
    quantile.add(x);
  }
  EXPECT_EQ(g_allocations.load() - before, 0u);
  EXPECT_FALSE(quantile.exact());
  // A warm-up reset allocates nothing either.
  const std::uint64_t at_reset = g_allocations.load();
  c.reset(at(seconds(100'000)));
  for (int i = 0; i < 1000; ++i) quantile.add(i);
  EXPECT_EQ(g_allocations.load() - at_reset, 0u);
  EXPECT_EQ(quantile.stats().count(), 1000u);
}

}  // namespace
}  // namespace drill::core::metrics
