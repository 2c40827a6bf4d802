// `drillsim bench`: its flags into BenchOptions; see cli.hpp.
#include "bench/cli.hpp"

#include <iostream>
#include <iterator>

#include "bench/runner.hpp"

namespace drill::bench {

int run_bench_flags(const BenchFlags& f) {
  BenchOptions o;
  o.workload = f.workload;
  if (f.pending != 0) o.pending = f.pending;
  if (f.events != 0) o.events = f.events;
  if (!f.dist.empty()) {
    o.dist = parse_dist(f.dist);
    if (!o.dist) {
      std::cerr << "drillsim bench: unknown --dist '" << f.dist
                << "' (exponential, uniform, bimodal, triangular, pareto, mixed)\n";
      return 64;
    }
  }
  if (f.queue == "all") {
    o.queues.assign(std::begin(core::kAllQueueKinds), std::end(core::kAllQueueKinds));
  } else if (!f.queue.empty()) {
    const auto q = core::parse_queue_kind(f.queue);
    if (!q) {
      std::cerr << "drillsim bench: unknown --queue '" << f.queue
                << "' (binary-heap, quaternary-heap, calendar-queue, ladder-queue, all)\n";
      return 64;
    }
    o.queues = {*q};
  }
  o.seed = f.seed;
  o.repeat = f.repeat;
  o.json = f.json;
  o.simpy = !f.no_simpy;
  return run_bench(o, std::cout, std::cerr);
}

}  // namespace drill::bench
