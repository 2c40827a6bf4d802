// Flags of `drillsim bench`; see cli.hpp.
#include "bench/cli.hpp"

#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "bench/runner.hpp"

namespace drill::bench {
namespace {

struct Flags {
  std::string workload = "all";
  std::uint64_t pending = 0;
  std::uint64_t events = 0;
  std::string dist;
  std::string queue;
  std::uint64_t seed = 1;
  int repeat = 3;
  bool json = false;
  bool no_simpy = false;
};

int run(const Flags& f, const CLI::App& sub) {
  BenchOptions o;
  o.workload = f.workload;
  if (sub.count("--pending")) o.pending = f.pending;
  if (sub.count("--events")) o.events = f.events;
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

}  // namespace

BenchSubcommand add_bench_subcommand(CLI::App& app) {
  auto f = std::make_shared<Flags>();
  CLI::App* sub = app.add_subcommand("bench", "Stress the event kernel and compare it with baselines");
  std::vector<std::string> names(std::begin(kWorkloads), std::end(kWorkloads));
  sub->add_option("workload", f->workload, "hold, phold, cancel, process, resource, comms or all")
      ->check(CLI::IsMember(names))
      ->capture_default_str();
  sub->add_option("--pending", f->pending, "Pending events (processes for process/resource, nodes for comms)")
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{50'000'000}));
  sub->add_option("--events", f->events, "Events executed in the timed part (messages for comms)")
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{10'000'000'000}));
  sub->add_option("--dist", f->dist, "Increments: exponential, uniform, bimodal, triangular, pareto, mixed");
  sub->add_option("--queue", f->queue, "Pending-event set: binary-heap, quaternary-heap, calendar-queue, ladder-queue or all");
  sub->add_option("--seed", f->seed, "Seed")->capture_default_str();
  sub->add_option("--repeat", f->repeat, "Runs per measurement; the fastest is kept")
      ->check(CLI::Range(1, 100))
      ->capture_default_str();
  sub->add_flag("--json", f->json, "One JSON object per line instead of a table");
  sub->add_flag("--no-simpy", f->no_simpy, "Skip the SimPy baseline");
  return {sub, [f, sub] { return run(*f, *sub); }};
}

}  // namespace drill::bench
