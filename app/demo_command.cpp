// `drillsim demo`: a built-in airfield exercise written directly against the
// kernel (no drill file): aircraft fly sorties through a shared runway,
// refuel at limited fuel points from a fuel stock that a tanker truck
// resupplies, and fail now and then, waiting for a maintenance crew. It shows
// the kernel's processes, resources and random streams at work and prints
// what happened, with the run's fingerprint.
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "app/commands.hpp"
#include "core/container.hpp"
#include "core/distributions.hpp"
#include "core/process.hpp"
#include "core/resource.hpp"
#include "core/simulation.hpp"
#include "models/scenario/integer_limits.hpp"

namespace drill::app {
namespace {

using namespace drill::core;

struct Airfield {
  Simulation& sim;
  Resource runway;
  Resource fuel_points;
  Resource crews;
  Container fuel;  // tonnes
  Distribution sortie_length = Distribution::triangular(1.5, 2.5, 4.0);  // hours
  Distribution repair = Distribution::lognormal(3.0, 1.5);               // hours
  double mtbf_hours = 30.0;
  int sorties = 0;
  int failures = 0;
  double flight_hours = 0.0;
};

constexpr std::uint32_t kSortie = kind::kFirstModelKind;

Process aircraft(Airfield& af, std::uint32_t id) {
  Simulation& sim = af.sim;
  RandomStream rng = sim.stream("aircraft-" + std::to_string(id));
  const Distribution failure_gap = Distribution::exponential(af.mtbf_hours);
  double hours_to_failure = failure_gap.sample(rng);
  for (;;) {
    {
      auto slot = co_await af.runway.acquire();
      co_await sim.delay(minutes(3));  // take-off roll and departure
    }
    const double flight = af.sortie_length.sample(rng);
    co_await sim.delay(hours_f(flight));
    {
      auto slot = co_await af.runway.acquire();
      co_await sim.delay(minutes(4));  // approach and landing
    }
    ++af.sorties;
    af.flight_hours += flight;
    sim.schedule(Duration::zero(), [] {}, EventTag{kSortie, id});
    {
      auto point = co_await af.fuel_points.acquire();
      co_await af.fuel.get(2.5 * flight);  // tonnes burnt on the sortie
      co_await sim.delay(minutes(25));
    }
    co_await sim.delay(minutes(45));  // servicing and inspection
    hours_to_failure -= flight;
    if (hours_to_failure <= 0.0) {
      ++af.failures;
      auto crew = co_await af.crews.acquire();
      co_await sim.delay(hours_f(af.repair.sample(rng)));
      hours_to_failure = failure_gap.sample(rng);
    }
  }
}

Process resupply(Airfield& af) {
  for (;;) {
    co_await af.sim.delay(hours(6));
    co_await af.fuel.put(std::min(40.0, af.fuel.capacity() - af.fuel.level()));
  }
}

}  // namespace

int run_demo(const DemoOptions& o) {
  const auto queue = parse_queue_kind(o.queue.empty() ? default_queue_name() : o.queue);
  if (!queue) {
    std::fprintf(stderr, "drillsim demo: unknown --queue '%s' (%s)\n", o.queue.c_str(), queue_kind_names().c_str());
    return kExitUsage;
  }
  Simulation sim(SimulationOptions{.seed = o.seed, .replication = 0, .queue = *queue});
  Airfield af{sim,
              Resource(sim, "runway", {.capacity = 1}),
              Resource(sim, "fuel points", {.capacity = 2}),
              Resource(sim, "maintenance crews", {.capacity = 2}),
              Container(sim, "fuel stock", 120.0, 80.0)};
  for (int i = 0; i < o.aircraft; ++i) sim.spawn(aircraft(af, static_cast<std::uint32_t>(i + 1)), i + 1);
  sim.spawn(resupply(af));
  const SimTime horizon = at(hours(o.hours));
  sim.run_until(horizon);

  std::printf("drillsim kernel demo: %d aircraft at one airfield for %s (seed %llu)\n", o.aircraft,
              format(hours(o.hours)).c_str(), static_cast<unsigned long long>(o.seed));
  std::printf("  sorties flown          %d (%.1f per aircraft per day)\n", af.sorties,
              af.sorties / static_cast<double>(o.aircraft) / (o.hours / 24.0));
  std::printf("  flight hours           %.1f\n", af.flight_hours);
  std::printf("  failures repaired      %d\n", af.failures);
  for (const Resource* r : {&af.runway, &af.fuel_points, &af.crews})
    std::printf("  %-22s utilisation %5.1f%%, mean wait %6.1f min, max wait %6.1f min\n", r->name().c_str(),
                100.0 * r->utilisation(), r->waits().mean() / 60.0, r->waits().max() / 60.0);
  std::printf("  fuel stock             mean level %.1f t, fuel issued %.1f t\n", af.fuel.mean_level(),
              af.fuel.total_got());
  std::printf("  events executed        %llu\n", static_cast<unsigned long long>(sim.events_executed()));
  std::printf("  fingerprint            %s\n", sim.fingerprint().hex().c_str());
  return kExitOk;
}

std::string default_queue_name() { return std::string(to_string(SimulationOptions{}.queue)); }

// "binary-heap, quaternary-heap, calendar-queue, ladder-queue": every
// structure the kernel has, from the kernel's own list.
std::string queue_kind_names() {
  std::string names;
  for (QueueKind k : kAllQueueKinds) names += (names.empty() ? "" : ", ") + std::string(to_string(k));
  return names;
}

}  // namespace drill::app
