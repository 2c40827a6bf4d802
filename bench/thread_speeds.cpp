// drill_thread_speeds: how fast each CPU runs the model while the others
// run it too. Starts THREADS run threads at once (as a sweep starts its
// workers: engine::start_run_threads, each thread's heap set up for runs),
// each with its own copy of the drill, and each runs RUNS runs of it
// (replications 0..RUNS-1, to the drill's horizon). Prints one line a
// thread: its CPU time per run (the thread's own CPU clock, so time the
// thread spent waiting for a CPU is not in it) and its wall time per run;
// then the slowest thread's CPU time per run over the fastest's.
//
//   drill_thread_speeds DRILL [RUNS] [THREADS]   (defaults: 2000 runs, 2 threads)
//
// bench/sweep_scaling.sh runs it around every round of sweeps: a sweep's
// speed-up from its second worker is a measurement of the sweep only when
// both workers' CPUs ran the model equally fast during it. On the 2-vCPU
// test machine one vCPU at times ran the small drill 1.6x slower than the
// other (30 against 18 us a run) for seconds on end, whichever thread was
// on it, and two threads on even CPUs each ran about as fast as one alone.
#include <time.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "engine/drill_run.hpp"
#include "engine/drill_source.hpp"
#include "engine/heap.hpp"
#include "engine/run_threads.hpp"
#include "models/scenario/diagnostic.hpp"

namespace {

double seconds_of(clockid_t clock) {
  timespec t{};
  clock_gettime(clock, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

struct Speed {
  double cpu_seconds = 0;
  double wall_seconds = 0;
  std::uint64_t events = 0;
};

/// RUNS runs of the drill on the calling thread, timed.
Speed run_drill(const drill::engine::DrillSource& drill, unsigned runs) {
  const drill::models::scenario::DrillSpec& spec = drill.spec;
  Speed s;
  const double cpu0 = seconds_of(CLOCK_THREAD_CPUTIME_ID);
  const double wall0 = seconds_of(CLOCK_MONOTONIC);
  for (unsigned r = 0; r < runs; ++r) {
    drill::engine::RunSettings settings;
    settings.seed = spec.drill.seed;
    settings.replication = r;
    settings.horizon = drill::core::at(spec.drill.horizon);
    settings.slice = drill::core::days(1);  // as a sweep's runs
    drill::engine::DrillRun run(spec, settings);
    while (run.advance()) {
      if (run.finished()) run.settle();
    }
    s.events += run.result().events;
  }
  s.cpu_seconds = seconds_of(CLOCK_THREAD_CPUTIME_ID) - cpu0;
  s.wall_seconds = seconds_of(CLOCK_MONOTONIC) - wall0;
  return s;
}

unsigned positive(const char* text, const char* what) {
  char* end = nullptr;
  const unsigned long v = std::strtoul(text, &end, 10);
  if (end == text || *end != '\0' || v == 0 || v > 1000000) {
    std::fprintf(stderr, "drill_thread_speeds: %s must be a whole number from 1 to 1000000, not '%s'\n", what, text);
    std::exit(64);
  }
  return static_cast<unsigned>(v);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || argc > 4) {
    std::fprintf(stderr, "usage: drill_thread_speeds DRILL [RUNS] [THREADS]\n");
    return 64;
  }
  const std::string path = argv[1];
  const unsigned runs = argc > 2 ? positive(argv[2], "RUNS") : 2000;
  const unsigned threads = argc > 3 ? positive(argv[3], "THREADS") : 2;
  drill::engine::tune_heap_for_runs();

  // Loaded once here for its diagnostics, then once per thread on the
  // thread itself (as separate processes would have it: nothing shared).
  {
    const drill::engine::LoadOutcome first = drill::engine::load(path);
    if (!first.ok()) {
      std::fprintf(stderr, "%s", drill::models::scenario::format(first.diagnostics).c_str());
      return 65;
    }
  }
  std::vector<Speed> speeds(threads);
  std::vector<std::thread> pool = drill::engine::start_run_threads(threads, [&](unsigned i) {
    const drill::engine::LoadOutcome mine = drill::engine::load(path);
    speeds[i] = run_drill(*mine.drill, runs);
  });
  for (std::thread& t : pool) t.join();

  double fastest = speeds[0].cpu_seconds;
  double slowest = speeds[0].cpu_seconds;
  for (unsigned i = 0; i < threads; ++i) {
    const Speed& s = speeds[i];
    std::printf("thread %u: %.2f us cpu a run, %.2f us wall a run, %llu events\n", i, 1e6 * s.cpu_seconds / runs,
                1e6 * s.wall_seconds / runs, static_cast<unsigned long long>(s.events));
    fastest = std::min(fastest, s.cpu_seconds);
    slowest = std::max(slowest, s.cpu_seconds);
  }
  std::printf("spread %.3f\n", fastest > 0 ? slowest / fastest : 0.0);
  return 0;
}
