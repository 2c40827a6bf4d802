// The stress workloads. See workloads.hpp for what each one models.
#include "bench/workloads.hpp"

#include <chrono>
#include <cmath>
#include <functional>
#include <queue>
#include <vector>

#include "core/distributions.hpp"
#include "core/process.hpp"
#include "core/resource.hpp"
#include "core/simulation.hpp"

namespace drill::bench {
namespace {

using namespace drill::core;
using Clock = std::chrono::steady_clock;

constexpr double kTicksPerUnit = 60e6;  // the unit of the increments is one minute
constexpr std::uint32_t kBenchKind = kind::kFirstModelKind;

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

/// Draws hold-model increments; the same seed gives the same sequence.
class Increments {
 public:
  Increments(Dist d, std::uint64_t seed)
      : rng_(RandomStream::derive(seed, 0, "hold-increments")), dist_(d), a_(first(d)), b_(second(d)) {}

  Duration next() noexcept {
    double x = 0.0;
    switch (dist_) {
      case Dist::exponential:
      case Dist::uniform:
      case Dist::triangular:
        x = a_.sample(rng_);
        break;
      case Dist::bimodal:  // mostly short, one in ten about ninety times longer
        x = rng_.uniform01() < 0.9 ? a_.sample(rng_) : b_.sample(rng_);
        break;
      case Dist::pareto:  // shape 1.5, mean 1: infinite variance
        x = (1.0 / 3.0) / std::pow(1.0 - rng_.uniform01(), 1.0 / 1.5);
        x = std::min(x, 1e9);
        break;
      case Dist::mixed:  // minutes for taxi, turnaround and messages; days for transits
        x = rng_.uniform01() < 0.8 ? a_.sample(rng_) : b_.sample(rng_);
        break;
    }
    return Duration::from_ticks(static_cast<std::int64_t>(x * kTicksPerUnit));
  }

 private:
  static Distribution first(Dist d) {
    switch (d) {
      case Dist::exponential:
        return Distribution::exponential(1.0);
      case Dist::uniform:
        return Distribution::uniform(0.0, 2.0);
      case Dist::triangular:
        return Distribution::triangular(0.0, 1.0, 2.0);
      case Dist::bimodal:
        return Distribution::uniform(0.0, 0.2);
      case Dist::mixed:
        return Distribution::uniform(1.0, 30.0);
      case Dist::pareto:
        break;
    }
    return Distribution::constant(1.0);
  }
  static Distribution second(Dist d) {
    if (d == Dist::bimodal) return Distribution::uniform(0.0, 18.0);
    if (d == Dist::mixed) return Distribution::uniform(1440.0, 3 * 1440.0);
    return Distribution::constant(1.0);
  }

  RandomStream rng_;
  Dist dist_;
  Distribution a_;
  Distribution b_;
};

/// Runs the timed part: until the workload's own counter stops the
/// simulation (nothing when no events are asked for).
WorkloadResult run_timed(Simulation& sim, std::uint64_t events) {
  const std::uint64_t before = sim.events_executed();
  const auto t0 = Clock::now();
  if (events > 0) sim.run();
  WorkloadResult r;
  r.seconds = seconds_since(t0);
  r.events = sim.events_executed() - before;
  r.pending = sim.pending_count();
  r.fingerprint = sim.fingerprint().value();
  return r;
}

}  // namespace

std::string_view to_string(Dist d) noexcept {
  switch (d) {
    case Dist::exponential:
      return "exponential";
    case Dist::uniform:
      return "uniform";
    case Dist::bimodal:
      return "bimodal";
    case Dist::triangular:
      return "triangular";
    case Dist::pareto:
      return "pareto";
    case Dist::mixed:
      return "mixed";
  }
  return "unknown";
}

std::optional<Dist> parse_dist(std::string_view name) noexcept {
  for (Dist d : kAllDists)
    if (to_string(d) == name) return d;
  return std::nullopt;
}

// ---- hold ---------------------------------------------------------------

namespace {
struct HoldCtx {
  Simulation* sim;
  Increments* inc;
  std::uint64_t remaining;
};
/// An event of one of the N chains of the hold model; the chain's number
/// tags its events, so the fingerprint sees which chain ran, as the
/// baselines' target field does (and the action reads it from the tag, so it
/// fits inside the event).
struct HoldEvent {
  HoldCtx* c;
  void operator()(EventTag tag) const {
    if (--c->remaining == 0) c->sim->stop();
    c->sim->schedule(c->inc->next(), HoldEvent{c}, tag);
  }
};

/// Events run before the clock starts, so the timed part sees the steady
/// state of the hold model (the times a fresh fill draws are distributed
/// differently from those the model settles into): one turnover of the
/// pending set, within a bound that keeps large runs short.
std::uint64_t hold_warm_up(const WorkloadConfig& cfg) { return std::min<std::uint64_t>(cfg.pending, 2'000'000); }

std::uint32_t chain_of(std::uint64_t i) { return static_cast<std::uint32_t>(i); }
}  // namespace

WorkloadResult hold_kernel(const WorkloadConfig& cfg) {
  Simulation sim(SimulationOptions{.seed = cfg.seed, .replication = 0, .queue = cfg.queue});
  Increments inc(cfg.dist, cfg.seed);
  HoldCtx ctx{&sim, &inc, hold_warm_up(cfg)};
  for (std::uint64_t i = 0; i < cfg.pending; ++i)
    sim.schedule(inc.next(), HoldEvent{&ctx}, EventTag{kBenchKind, chain_of(i)});
  if (ctx.remaining > 0) sim.run();
  ctx.remaining = cfg.events;
  return run_timed(sim, cfg.events);
}

// The baselines: the hold model with nothing but a heap of 16-byte elements,
// the smallest that does the job. `order` packs the insertion sequence above
// the chain number (the event's target), as the kernel's key packs its
// sequence above its node; comparing (time, order) is comparing (time,
// sequence), the kernel's order for events of one priority. Each executed
// event is folded into the same fingerprint as the kernel's, so a baseline
// that executed anything else, or in another order, would show it.
namespace {

struct BaselineEvent {
  std::int64_t time;
  std::uint64_t order;
};
static_assert(sizeof(BaselineEvent) == 16);
constexpr int kTargetBits = 26;  // as EventKey::kSlotBits: up to 2^26 chains
constexpr std::uint64_t kTargetMask = (std::uint64_t{1} << kTargetBits) - 1;

constexpr bool earlier(const BaselineEvent& a, const BaselineEvent& b) noexcept {
  return a.time < b.time || (a.time == b.time && a.order < b.order);
}

class PriorityQueueBaseline {
 public:
  void push(const BaselineEvent& e) { q_.push(e); }
  const BaselineEvent& top() const noexcept { return q_.top(); }
  void pop() { q_.pop(); }
  std::size_t size() const noexcept { return q_.size(); }

 private:
  struct Later {
    bool operator()(const BaselineEvent& a, const BaselineEvent& b) const noexcept { return earlier(b, a); }
  };
  std::priority_queue<BaselineEvent, std::vector<BaselineEvent>, Later> q_;
};

/// A 4-ary implicit heap: children of i are 4i+1 .. 4i+4, one cache line of
/// 16-byte elements. Pop moves the hole to a leaf along the smallest children
/// and sifts the last element up from there (Floyd).
class QuaternaryHeapBaseline {
 public:
  void push(const BaselineEvent& e) {
    v_.push_back(e);
    sift_up(v_.size() - 1, e);
  }
  const BaselineEvent& top() const noexcept { return v_.front(); }
  void pop() noexcept {
    const BaselineEvent last = v_.back();
    v_.pop_back();
    const std::size_t n = v_.size();
    if (n == 0) return;
    BaselineEvent* h = v_.data();
    std::size_t i = 0;
    for (;;) {
      const std::size_t c = 4 * i + 1;
      if (c + 3 < n) {
        const std::size_t a = earlier(h[c + 1], h[c]) ? c + 1 : c;
        const std::size_t b = earlier(h[c + 3], h[c + 2]) ? c + 3 : c + 2;
        const std::size_t m = earlier(h[b], h[a]) ? b : a;
        h[i] = h[m];
        i = m;
        continue;
      }
      if (c < n) {
        std::size_t m = c;
        for (std::size_t k = c + 1; k < n; ++k)
          if (earlier(h[k], h[m])) m = k;
        h[i] = h[m];
        i = m;
      }
      break;
    }
    sift_up(i, last);
  }
  std::size_t size() const noexcept { return v_.size(); }

 private:
  void sift_up(std::size_t i, const BaselineEvent& e) noexcept {
    BaselineEvent* h = v_.data();
    while (i > 0) {
      const std::size_t parent = (i - 1) / 4;
      if (!earlier(e, h[parent])) break;
      h[i] = h[parent];
      i = parent;
    }
    h[i] = e;
  }
  std::vector<BaselineEvent> v_;
};

template <class Heap>
WorkloadResult hold_baseline(const WorkloadConfig& cfg) {
  Heap q;
  Increments inc(cfg.dist, cfg.seed);
  Fingerprint fp;
  std::uint64_t seq = 0;
  auto schedule = [&](std::int64_t time, std::uint64_t target) {
    q.push(BaselineEvent{time, (seq++ << kTargetBits) | target});
  };
  auto run_one = [&] {
    const BaselineEvent e = q.top();
    q.pop();
    const std::uint64_t target = e.order & kTargetMask;
    fp.add(e.time, EventTag{kBenchKind, static_cast<std::uint32_t>(target)});
    schedule(e.time + inc.next().ticks(), target);
  };
  for (std::uint64_t i = 0; i < cfg.pending; ++i) schedule(inc.next().ticks(), chain_of(i));
  for (std::uint64_t i = hold_warm_up(cfg); i > 0; --i) run_one();
  const auto t0 = Clock::now();
  std::uint64_t executed = 0;
  for (; executed < cfg.events && q.size() > 0; ++executed) run_one();
  WorkloadResult r;
  r.seconds = seconds_since(t0);
  r.events = executed;
  r.pending = q.size();
  r.fingerprint = fp.value();
  return r;
}

}  // namespace

WorkloadResult hold_baseline_pq(const WorkloadConfig& cfg) { return hold_baseline<PriorityQueueBaseline>(cfg); }
WorkloadResult hold_baseline_4ary(const WorkloadConfig& cfg) { return hold_baseline<QuaternaryHeapBaseline>(cfg); }

// ---- phold --------------------------------------------------------------

namespace {
struct PholdCtx {
  Simulation* sim;
  Increments* inc;
  RandomStream route;
  std::vector<std::uint64_t> received;
  std::uint64_t remaining;
  Duration lookahead;
};
/// An event for the logical process its tag names.
struct PholdEvent {
  PholdCtx* c;
  void operator()(EventTag tag) const {
    const std::uint32_t lp = tag.entity;
    ++c->received[lp];
    if (--c->remaining == 0) c->sim->stop();
    const auto lps = static_cast<std::int64_t>(c->received.size());
    std::uint32_t dest = lp;
    if (c->route.uniform01() < 0.5) dest = static_cast<std::uint32_t>(c->route.uniform_int(0, lps - 1));
    c->sim->schedule(c->lookahead + c->inc->next(), PholdEvent{c}, EventTag{kBenchKind, dest});
  }
};
}  // namespace

WorkloadResult phold(const WorkloadConfig& cfg) {
  Simulation sim(SimulationOptions{.seed = cfg.seed, .replication = 0, .queue = cfg.queue});
  Increments inc(cfg.dist, cfg.seed);
  const std::uint64_t lps = std::max<std::uint64_t>(1, std::min<std::uint64_t>(cfg.pending, 1024));
  PholdCtx ctx{&sim, &inc, sim.stream("phold-route"), std::vector<std::uint64_t>(lps, 0), cfg.events,
               Duration::from_ticks(static_cast<std::int64_t>(0.1 * kTicksPerUnit))};
  for (std::uint64_t i = 0; i < cfg.pending; ++i) {
    const auto lp = static_cast<std::uint32_t>(i % lps);
    sim.schedule(inc.next(), PholdEvent{&ctx}, EventTag{kBenchKind, lp});
  }
  return run_timed(sim, cfg.events);
}

// ---- cancel -------------------------------------------------------------

namespace {
struct CancelCtx {
  Simulation* sim;
  Increments* inc;
  std::vector<EventHandle> timers;
  std::uint64_t remaining;
  std::uint64_t retransmissions = 0;
  Duration rto;
  void send(std::uint32_t conn);
  void count() {
    if (--remaining == 0) sim->stop();
  }
};
// Both events are for the connection their tag names.
struct Ack {
  CancelCtx* c;
  void operator()(EventTag tag) const {
    const std::uint32_t conn = tag.entity;
    c->count();
    c->sim->cancel(c->timers[conn]);
    c->send(conn);
  }
};
struct Timeout {
  CancelCtx* c;
  void operator()(EventTag tag) const {
    c->count();
    ++c->retransmissions;
    c->timers[tag.entity] = c->sim->schedule(c->rto, Timeout{c}, tag);
  }
};
void CancelCtx::send(std::uint32_t conn) {
  sim->schedule(inc->next(), Ack{this}, EventTag{kBenchKind, conn});
  timers[conn] = sim->schedule(rto, Timeout{this}, EventTag{kind::kTimeout, conn});
}
}  // namespace

WorkloadResult cancel(const WorkloadConfig& cfg) {
  Simulation sim(SimulationOptions{.seed = cfg.seed, .replication = 0, .queue = cfg.queue});
  Increments inc(cfg.dist, cfg.seed);
  const std::uint64_t connections = std::max<std::uint64_t>(1, cfg.pending / 2);
  CancelCtx ctx{&sim, &inc, std::vector<EventHandle>(connections), cfg.events, 0,
                Duration::from_ticks(static_cast<std::int64_t>(4 * kTicksPerUnit))};
  for (std::uint32_t i = 0; i < connections; ++i) ctx.send(i);
  return run_timed(sim, cfg.events);
}

// ---- processes ----------------------------------------------------------

namespace {
struct LoopCtx {
  Simulation* sim;
  Increments* inc;
  std::uint64_t remaining;
};
Process delay_loop(LoopCtx& c) {
  for (;;) {
    co_await c.sim->delay(c.inc->next());
    if (--c.remaining == 0) c.sim->stop();
  }
}
Process contend(LoopCtx& c, Resource& r) {
  for (;;) {
    {
      auto lease = co_await r.acquire();
      co_await c.sim->delay(c.inc->next());
    }
    co_await c.sim->delay(c.inc->next() * 9);
    if (c.remaining <= c.sim->events_executed()) c.sim->stop();
  }
}
}  // namespace

WorkloadResult process(const WorkloadConfig& cfg) {
  Simulation sim(SimulationOptions{.seed = cfg.seed, .replication = 0, .queue = cfg.queue});
  Increments inc(cfg.dist, cfg.seed);
  LoopCtx ctx{&sim, &inc, cfg.events};
  for (std::uint64_t i = 0; i < cfg.pending; ++i) sim.spawn(delay_loop(ctx), static_cast<std::uint32_t>(i));
  sim.run_until(sim.now());  // start them all: each is now waiting on its first delay
  return run_timed(sim, cfg.events);
}

WorkloadResult resource(const WorkloadConfig& cfg) {
  Simulation sim(SimulationOptions{.seed = cfg.seed, .replication = 0, .queue = cfg.queue});
  Increments inc(cfg.dist, cfg.seed);
  const int units = static_cast<int>(std::max<std::uint64_t>(1, cfg.pending / 10));
  Resource res(sim, "bench", ResourceOptions{.capacity = units});
  LoopCtx ctx{&sim, &inc, 0};
  for (std::uint64_t i = 0; i < cfg.pending; ++i) sim.spawn(contend(ctx, res), static_cast<std::uint32_t>(i));
  sim.run_until(sim.now());
  ctx.remaining = sim.events_executed() + cfg.events;  // stop once this many more events have run
  return run_timed(sim, cfg.events);
}

}  // namespace drill::bench
