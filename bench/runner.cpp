// The plan of `drillsim bench` and its output; see runner.hpp.
#include "bench/runner.hpp"

#include <algorithm>
#include <cstdio>
#include <functional>
#include <optional>
#include <stdexcept>

#include "bench/comms_workload.hpp"
#include "bench/measure.hpp"
#include "core/simulation.hpp"

namespace drill::bench {
namespace {

using core::QueueKind;
using Workload = WorkloadResult (*)(const WorkloadConfig&);

constexpr std::uint64_t kSimpyMaxEvents = 300'000;  // SimPy runs 0.1 to 0.5 M events/s
// SimPy needs about a second per 10^5 processes to start them and the
// warm-up turnover; larger sizes run the kernel and the baselines only.
constexpr std::uint64_t kSimpyMaxPending = 100'000;

/// One contender of an interleaved measurement; nothing when it cannot run
/// (SimPy missing).
using Contender = std::function<std::optional<Measurement>()>;

Contender in_child(std::function<WorkloadResult()> fn) {
  return [fn = std::move(fn)]() -> std::optional<Measurement> { return measure_in_child(fn); };
}

struct Runner {
  const BenchOptions& o;
  std::ostream& out;
  std::ostream& err;
  std::uint64_t empty_rss = 0;
  bool header_done = false;
  std::string simpy_missing;
  std::string simpy_version;

  /// The fastest of `repeat` runs of each contender, taking turns (A B A B
  /// ...), so that a machine whose speed drifts during the measurement
  /// affects every contender alike and the ratios between them stay fair.
  /// The peak RSS kept is the largest of the runs. A contender that cannot
  /// run is asked once and stays empty.
  std::vector<std::optional<Measurement>> best_of_interleaved(const std::vector<Contender>& contenders) {
    std::vector<std::optional<Measurement>> best(contenders.size());
    std::vector<bool> gave_up(contenders.size(), false);
    for (int i = 0; i < std::max(1, o.repeat); ++i) {
      for (std::size_t c = 0; c < contenders.size(); ++c) {
        if (gave_up[c]) continue;
        std::optional<Measurement> m = contenders[c]();
        if (!m) {
          gave_up[c] = true;
          continue;
        }
        if (best[c])
          keep_best(*best[c], *m);
        else
          best[c] = m;
      }
    }
    return best;
  }

  /// SimPy's process hold with `pending` processes, as a contender.
  Contender simpy(std::uint64_t pending) {
    return [this, pending]() -> std::optional<Measurement> {
      std::string why;
      const std::uint64_t events = std::min(events_for(), kSimpyMaxEvents);
      std::optional<SimpyMeasurement> s = measure_simpy(pending, events, o.seed, why);
      if (!s) {
        if (simpy_missing.empty()) err << "drillsim bench: simpy baseline skipped: " << why << "\n";
        simpy_missing = why;
        return std::nullopt;
      }
      simpy_version = s->version;
      return s->measurement;
    };
  }
  bool simpy_wanted(std::uint64_t pending) const { return o.simpy && simpy_missing.empty() && pending <= kSimpyMaxPending; }

  Row row(std::string workload, std::string impl, std::string queue, Dist dist, const Measurement& m,
          std::uint64_t pending) const {
    Row r;
    r.workload = std::move(workload);
    r.impl = std::move(impl);
    r.queue = std::move(queue);
    r.dist = std::string(to_string(dist));
    r.pending = pending;
    r.events = m.result.events;
    r.seconds = m.result.seconds;
    r.events_per_sec = events_per_second(m.result.events, m.result.seconds);
    r.peak_rss_bytes = m.peak_rss_bytes;
    if (pending > 0 && m.peak_rss_bytes > empty_rss)
      r.bytes_per_pending = static_cast<double>(m.peak_rss_bytes - empty_rss) / static_cast<double>(pending);
    r.fingerprint = m.result.fingerprint;
    return r;
  }
  Row simpy_row(const std::string& workload, Dist dist, const Measurement& m, std::uint64_t pending) const {
    return row(workload, "simpy-process-hold", "SimPy " + simpy_version, dist, m, pending);
  }

  void print(const Row& r) {
    if (o.json) {
      out << format_row_json(r) << "\n";
      out.flush();
      return;
    }
    char buf[512];
    if (!header_done) {
      std::snprintf(buf, sizeof buf, "%-9s %-12s %-18s %-19s %9s %9s %8s %12s %10s %8s %8s %-14s %8s %s\n",
                    "workload", "dist", "impl", "queue", "pending", "events", "seconds", "events/s", "peak RSS",
                    "B/pend", "vs base", "best baseline", "vs simpy", "simpy peer");
      out << buf;
      header_done = true;
    }
    auto ratio = [](double x) {
      char b[32];
      if (x > 0)
        std::snprintf(b, sizeof b, "%7.2fx", x);
      else
        std::snprintf(b, sizeof b, "%8s", "-");
      return std::string(b);
    };
    std::snprintf(buf, sizeof buf, "%-9s %-12s %-18s %-19s %9llu %9llu %8.3f %12.0f %9.1fM %8.1f %s %-14s %s %s\n",
                  r.workload.c_str(), r.dist.c_str(), r.impl.c_str(), r.queue.c_str(),
                  static_cast<unsigned long long>(r.pending), static_cast<unsigned long long>(r.events), r.seconds,
                  r.events_per_sec, static_cast<double>(r.peak_rss_bytes) / (1024.0 * 1024.0), r.bytes_per_pending,
                  ratio(r.vs_best_baseline).c_str(), r.best_baseline.empty() ? "-" : r.best_baseline.c_str(),
                  ratio(r.vs_simpy).c_str(), r.simpy_peer.empty() ? "-" : r.simpy_peer.c_str());
    out << buf;
    out.flush();
  }

  // The same number of events at every size keeps a full run short; the
  // fill of the pending set is not timed.
  std::uint64_t events_for() const { return o.events.value_or(2'000'000); }

  /// The hold model through the kernel (each structure asked for), the two
  /// bare heaps and, for exponential increments, SimPy's process hold (the
  /// nearest SimPy 2 has to callback events).
  void hold(std::uint64_t pending, Dist dist, bool with_simpy) {
    const WorkloadConfig base{.pending = pending, .events = events_for(), .dist = dist, .queue = QueueKind::calendar_queue, .seed = o.seed};
    std::vector<Contender> contenders{in_child([base] { return hold_baseline_pq(base); }),
                                      in_child([base] { return hold_baseline_4ary(base); })};
    for (QueueKind q : o.queues) {
      WorkloadConfig c = base;
      c.queue = q;
      contenders.push_back(in_child([c] { return hold_kernel(c); }));
    }
    const bool simpy_here = with_simpy && dist == Dist::exponential && simpy_wanted(pending);
    if (simpy_here) contenders.push_back(simpy(pending));
    const auto measured = best_of_interleaved(contenders);

    const std::vector<Row> baselines = {row("hold", "baseline-pq", "std::priority_queue", dist, *measured[0], pending),
                                        row("hold", "baseline-4ary", "4-ary heap", dist, *measured[1], pending)};
    const Row& best = best_baseline(baselines);
    std::optional<Row> simpy_r;
    if (simpy_here && measured.back()) simpy_r = simpy_row("hold", dist, *measured.back(), pending);
    for (std::size_t k = 0; k < o.queues.size(); ++k) {
      Row r = row("hold", "drillsim", std::string(core::to_string(o.queues[k])), dist, *measured[k + 2], pending);
      r.vs_best_baseline = speedup(r, best);
      r.best_baseline = best.impl;
      if (simpy_r) {
        r.vs_simpy = speedup(r, *simpy_r);
        r.simpy_peer = "nearest";
      }
      print(r);
    }
    for (const Row& b : baselines) print(b);
    if (simpy_r) print(*simpy_r);
  }

  /// Coroutine processes looping on a delay, beside SimPy's process hold
  /// with as many processes: like for like.
  void process_vs_simpy(std::uint64_t pending, bool with_simpy) {
    const Dist dist = o.dist.value_or(Dist::exponential);
    std::vector<Contender> contenders;
    for (QueueKind q : o.queues) {
      const WorkloadConfig c{.pending = pending, .events = events_for(), .dist = dist, .queue = q, .seed = o.seed};
      contenders.push_back(in_child([c] { return process(c); }));
    }
    const bool simpy_here = with_simpy && dist == Dist::exponential && simpy_wanted(pending);
    if (simpy_here) contenders.push_back(simpy(pending));
    const auto measured = best_of_interleaved(contenders);
    std::optional<Row> simpy_r;
    if (simpy_here && measured.back()) simpy_r = simpy_row("process", dist, *measured.back(), pending);
    for (std::size_t k = 0; k < o.queues.size(); ++k) {
      Row r = row("process", "drillsim", std::string(core::to_string(o.queues[k])), dist, *measured[k], pending);
      if (simpy_r) {
        r.vs_simpy = speedup(r, *simpy_r);
        r.simpy_peer = "like-for-like";
      }
      print(r);
    }
    if (simpy_r) print(*simpy_r);
  }

  void kernel_only(const char* name, Workload w, std::uint64_t pending) {
    const Dist dist = o.dist.value_or(Dist::exponential);
    for (QueueKind q : o.queues) {
      const WorkloadConfig c{.pending = pending, .events = events_for(), .dist = dist, .queue = q, .seed = o.seed};
      const auto m = best_of_interleaved({in_child([c, w] { return w(c); })});
      print(row(name, "drillsim", std::string(core::to_string(q)), dist, *m.front(), pending));
    }
  }

  /// Messages through the comms network: one million by default (--events),
  /// 100 nodes (--pending), through each structure asked for.
  void comms() {
    const std::uint64_t messages = o.events.value_or(1'000'000);
    const auto nodes = static_cast<std::uint32_t>(o.pending.value_or(100));
    for (QueueKind q : o.queues) {
      const CommsTrafficConfig c{.messages = messages, .nodes = nodes, .seed = o.seed, .queue = q};
      const auto m = best_of_interleaved({in_child([c] {
        const CommsTrafficResult r = comms_traffic(c);
        return WorkloadResult{.events = r.messages, .pending = r.nodes, .seconds = r.seconds, .fingerprint = r.fingerprint};
      })});
      Row r = row("comms", "drillsim", std::string(core::to_string(q)), Dist::exponential, *m.front(), nodes);
      r.bytes_per_pending = 0.0;  // memory per node is not a measure of the kernel
      print(r);
    }
  }

  void run(const std::string& w) {
    const bool all = w == "all";
    if (o.simpy && o.dist && *o.dist != Dist::exponential && (w == "hold" || w == "process" || all))
      err << "drillsim bench: simpy baseline skipped: it runs with exponential increments only, not --dist "
          << to_string(*o.dist) << "\n";
    if (w == "hold" || all) {
      std::vector<std::uint64_t> sizes = {1'000, 100'000, 1'000'000};
      if (o.pending) sizes = {*o.pending};
      std::vector<Dist> dists = {Dist::exponential};
      if (o.dist)
        dists = {*o.dist};
      else if (all)
        dists.assign(std::begin(kAllDists), std::end(kAllDists));
      for (Dist d : dists)
        for (std::uint64_t n : sizes) hold(n, d, true);
      if (all && !o.pending) hold(10'000'000, Dist::exponential, false);
    }
    if (w == "phold" || all) kernel_only("phold", &phold, o.pending.value_or(100'000));
    if (w == "cancel" || all) kernel_only("cancel", &cancel, o.pending.value_or(100'000));
    if (w == "process" || all) {
      if (o.pending) {
        process_vs_simpy(*o.pending, true);
      } else {
        process_vs_simpy(1'000, true);
        if (all) process_vs_simpy(100'000, true);
        if (all) process_vs_simpy(1'000'000, false);
      }
    }
    if (w == "resource" || all) kernel_only("resource", &resource, o.pending.value_or(1'000));
    if (w == "comms" || all) comms();
  }
};

}  // namespace

double events_per_second(std::uint64_t events, double seconds) noexcept {
  return seconds > 0 ? static_cast<double>(events) / seconds : 0.0;
}

double speedup(const Row& kernel, const Row& reference) noexcept {
  return reference.events_per_sec > 0 ? kernel.events_per_sec / reference.events_per_sec : 0.0;
}

void keep_best(Measurement& best, const Measurement& run) noexcept {
  const std::uint64_t rss = std::max(best.peak_rss_bytes, run.peak_rss_bytes);
  if (events_per_second(run.result.events, run.result.seconds) >
      events_per_second(best.result.events, best.result.seconds))
    best = run;
  best.peak_rss_bytes = rss;
}

const Row& best_baseline(const std::vector<Row>& baselines) {
  if (baselines.empty()) throw std::invalid_argument("best_baseline: no baselines");
  const Row* best = &baselines.front();
  for (const Row& b : baselines)
    if (b.events_per_sec > best->events_per_sec) best = &b;
  return *best;
}

std::string format_row_json(const Row& r) {
  char buf[1024];
  std::snprintf(buf, sizeof buf,
                "{\"workload\":\"%s\",\"impl\":\"%s\",\"queue\":\"%s\",\"dist\":\"%s\",\"pending\":%llu,"
                "\"events\":%llu,\"seconds\":%.6f,\"events_per_sec\":%.1f,\"peak_rss_bytes\":%llu,"
                "\"bytes_per_pending\":%.1f,\"vs_best_baseline\":%.3f,\"best_baseline\":\"%s\","
                "\"vs_simpy\":%.3f,\"simpy_peer\":\"%s\",\"fingerprint\":\"%016llx\"}",
                r.workload.c_str(), r.impl.c_str(), r.queue.c_str(), r.dist.c_str(),
                static_cast<unsigned long long>(r.pending), static_cast<unsigned long long>(r.events), r.seconds,
                r.events_per_sec, static_cast<unsigned long long>(r.peak_rss_bytes), r.bytes_per_pending,
                r.vs_best_baseline, r.best_baseline.c_str(), r.vs_simpy, r.simpy_peer.c_str(),
                static_cast<unsigned long long>(r.fingerprint));
  return buf;
}

int run_bench(const BenchOptions& o, std::ostream& out, std::ostream& err) {
  BenchOptions opts = o;
  if ((opts.workload == "comms" || opts.workload == "all") && opts.pending && *opts.pending < 20) {
    err << "drillsim bench: the comms workload needs --pending (its node count) of at least 20\n";
    return 64;
  }
  if (opts.queues.empty()) opts.queues = {core::SimulationOptions{}.queue};
  Runner r{opts, out, err, 0, false, {}, {}};
  r.empty_rss = empty_child_rss();
  r.run(opts.workload);
  return 0;
}

}  // namespace drill::bench
