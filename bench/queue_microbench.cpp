// Google Benchmark micro-benchmarks of the pending-event structures alone
// (no kernel): the hold operation (pop the smallest key, push one a random
// increment later) at several sizes, and filling then draining a set.
// Run: drill_queue_microbench [--benchmark_filter=...]
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdint>
#include <vector>

#include "core/pending_set.hpp"
#include "core/random.hpp"

namespace {

using namespace drill::core;

std::int64_t increment(RandomStream& rng) {
  return static_cast<std::int64_t>(-std::log(1.0 - rng.uniform01()) * 60e6);
}

void push_key(PendingSet& set, std::int64_t time, std::uint64_t seq) {
  const std::uint32_t i = set.acquire();
  EventNode& n = set.node(i);
  n.time = time;
  n.order = EventKey::pack(kDefaultPriority, seq, i);
  set.push(i);
}

void BM_Hold(benchmark::State& state, QueueKind kind) {
  const auto n = static_cast<std::uint64_t>(state.range(0));
  PendingSet set(kind);
  RandomStream rng(1);
  std::uint64_t seq = 0;
  for (std::uint64_t i = 0; i < n; ++i) push_key(set, increment(rng), seq++);
  for (auto _ : state) {
    const EventKey k = set.top();
    set.pop();
    set.release(k.slot());
    if (seq == EventKey::kSequenceLimit) seq = 0;  // order among ties is irrelevant here
    push_key(set, k.time + increment(rng), seq++);
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_FillDrain(benchmark::State& state, QueueKind kind) {
  const auto n = static_cast<std::uint64_t>(state.range(0));
  RandomStream rng(2);
  std::vector<std::int64_t> times(n);
  for (std::uint64_t i = 0; i < n; ++i) times[i] = increment(rng);
  for (auto _ : state) {
    PendingSet set(kind);
    for (std::uint64_t i = 0; i < n; ++i) push_key(set, times[i], i);
    std::int64_t last = 0;
    while (!set.empty()) {
      last = set.top().time;
      set.release(set.top().slot());
      set.pop();
    }
    benchmark::DoNotOptimize(last);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(n));
}

void register_all() {
  for (QueueKind kind : kAllQueueKinds) {
    const std::string name(to_string(kind));
    benchmark::RegisterBenchmark(("hold/" + name).c_str(), BM_Hold, kind)->RangeMultiplier(10)->Range(1000, 1000000);
    benchmark::RegisterBenchmark(("fill_drain/" + name).c_str(), BM_FillDrain, kind)->Arg(100000);
  }
}

}  // namespace

int main(int argc, char** argv) {
  register_all();
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
