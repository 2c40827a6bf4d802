// The whole kernel against queueing theory: Poisson arrivals, exponential
// service, a capacity resource. Long fixed-seed runs, so the checks are
// deterministic; tolerances are a few standard errors of the estimate.
#include <gtest/gtest.h>

#include <cmath>

#include "core/distributions.hpp"
#include "core/resource.hpp"

namespace drill::core {
namespace {

/// Erlang C: probability that an arrival waits in an M/M/c queue.
double erlang_c(int c, double offered) {
  double term = 1.0, sum = 1.0;  // k = 0
  for (int k = 1; k < c; ++k) {
    term *= offered / k;
    sum += term;
  }
  const double last = term * offered / c;
  const double rho = offered / c;
  const double top = last / (1.0 - rho);
  return top / (sum + top);
}

/// Theoretical mean wait in queue: C(c, a) / (c mu - lambda).
double mmc_mean_wait(int c, double lambda, double mu) { return erlang_c(c, lambda / mu) / (c * mu - lambda); }

struct QueueRun {
  double mean_wait = 0.0;
  double utilisation = 0.0;
  std::uint64_t served = 0;
};

QueueRun run_mmc(int servers, double arrival_rate, double service_rate, std::uint64_t seed, Duration horizon) {
  Simulation sim(SimulationOptions{.seed = seed});
  Resource res(sim, "server", {.capacity = servers});
  const Distribution interarrival = Distribution::exponential(1.0 / arrival_rate);
  const Distribution service = Distribution::exponential(1.0 / service_rate);
  struct Shared {
    Simulation& sim;
    Resource& res;
    const Distribution& service;
    RandomStream service_rng;
  } shared{sim, res, service, sim.stream("service")};
  auto customer = [](Shared& s) -> Process {
    auto lease = co_await s.res.acquire();
    co_await s.sim.delay(seconds_f(s.service.sample(s.service_rng)));
  };
  auto source = [](Shared& s, const Distribution& gap, RandomStream rng, auto customer_fn) -> Process {
    for (;;) {
      co_await s.sim.delay(seconds_f(gap.sample(rng)));
      s.sim.spawn(customer_fn(s));
    }
  };
  sim.spawn(source(shared, interarrival, sim.stream("arrivals"), customer));
  sim.run_until(at(horizon));
  return {res.waits().mean(), res.utilisation(), res.waits().count()};
}

TEST(Queueing, MM1MeanWaitMatchesTheory) {
  // lambda = 0.8/s, mu = 1/s: Wq = rho / (mu - lambda) = 4 s.
  const QueueRun r = run_mmc(1, 0.8, 1.0, 11, hours(100));
  const double expected = mmc_mean_wait(1, 0.8, 1.0);
  EXPECT_NEAR(expected, 4.0, 1e-12);
  EXPECT_GT(r.served, 250'000u);
  EXPECT_NEAR(r.mean_wait, expected, 0.05 * expected);  // 5%: ~4 standard errors at this length
  EXPECT_NEAR(r.utilisation, 0.8, 0.01);
}

TEST(Queueing, MMcMeanWaitMatchesErlangC) {
  // c = 3, lambda = 2.4/s, mu = 1/s: a = 2.4, rho = 0.8.
  const QueueRun r = run_mmc(3, 2.4, 1.0, 23, hours(40));
  const double expected = mmc_mean_wait(3, 2.4, 1.0);
  EXPECT_NEAR(expected, 1.0787, 1e-3);
  EXPECT_GT(r.served, 300'000u);
  EXPECT_NEAR(r.mean_wait, expected, 0.06 * expected);
  EXPECT_NEAR(r.utilisation, 0.8, 0.01);
}

TEST(Queueing, SameSeedGivesTheSameFingerprint) {
  auto fp = [](std::uint64_t seed) {
    Simulation sim(SimulationOptions{.seed = seed});
    Resource res(sim, "server", {.capacity = 2});
    const Distribution gap = Distribution::exponential(1.0);
    auto source = [](Simulation& s, Resource& r, const Distribution& g) -> Process {
      RandomStream rng = s.stream("arrivals");
      for (std::uint32_t i = 0; i < 2000; ++i) {
        co_await s.delay(seconds_f(g.sample(rng)));
        s.spawn(
            [](Simulation& sm, Resource& rr) -> Process {
              auto l = co_await rr.acquire();
              co_await sm.delay(seconds(1));
            }(s, r),
            i);
      }
    };
    sim.spawn(source(sim, res, gap));
    sim.run();
    return sim.fingerprint().value();
  };
  EXPECT_EQ(fp(5), fp(5));
  EXPECT_NE(fp(5), fp(6));
}

}  // namespace
}  // namespace drill::core
