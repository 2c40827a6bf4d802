// The plan of `drillsim bench` and its output; see runner.hpp.
#include "bench/runner.hpp"

#include <algorithm>
#include <cstdio>
#include <functional>
#include <stdexcept>

#include "bench/measure.hpp"
#include "core/simulation.hpp"

namespace drill::bench {
namespace {

using core::QueueKind;
using Workload = WorkloadResult (*)(const WorkloadConfig&);

constexpr std::uint64_t kSimpyMaxEvents = 300'000;  // SimPy runs about 0.3 M events/s

struct Runner {
  const BenchOptions& o;
  std::ostream& out;
  std::ostream& err;
  std::uint64_t empty_rss = 0;
  bool header_done = false;
  std::string simpy_missing;

  Measurement best_of(const std::function<WorkloadResult()>& fn) { return best_of_interleaved({fn}).front(); }

  /// The fastest of `repeat` runs of each function, taking turns (A B A B
  /// ...), so that a machine whose speed drifts during the measurement
  /// affects every contender alike and the ratios between them stay fair.
  std::vector<Measurement> best_of_interleaved(const std::vector<std::function<WorkloadResult()>>& fns) {
    std::vector<Measurement> best(fns.size());
    for (int i = 0; i < std::max(1, o.repeat); ++i) {
      for (std::size_t f = 0; f < fns.size(); ++f) {
        Measurement m = measure_in_child(fns[f]);
        Measurement& b = best[f];
        if (i == 0 || m.result.seconds < b.result.seconds) {
          const std::uint64_t rss = i == 0 ? m.peak_rss_bytes : std::min(b.peak_rss_bytes, m.peak_rss_bytes);
          b = m;
          b.peak_rss_bytes = rss;
        }
      }
    }
    return best;
  }

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
    r.events_per_sec = m.result.seconds > 0 ? static_cast<double>(m.result.events) / m.result.seconds : 0.0;
    r.peak_rss_bytes = m.peak_rss_bytes;
    if (pending > 0 && m.peak_rss_bytes > empty_rss)
      r.bytes_per_pending = static_cast<double>(m.peak_rss_bytes - empty_rss) / static_cast<double>(pending);
    r.fingerprint = m.result.fingerprint;
    return r;
  }

  void print(const Row& r) {
    if (o.json) {
      out << format_row_json(r) << "\n";
      out.flush();
      return;
    }
    char buf[512];
    if (!header_done) {
      std::snprintf(buf, sizeof buf, "%-9s %-12s %-12s %-16s %9s %9s %8s %12s %10s %8s %8s %8s\n", "workload", "dist",
                    "impl", "queue", "pending", "events", "seconds", "events/s", "peak RSS", "B/pend", "vs pq",
                    "vs simpy");
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
    std::snprintf(buf, sizeof buf, "%-9s %-12s %-12s %-16s %9llu %9llu %8.3f %12.0f %9.1fM %8.1f %s %s\n",
                  r.workload.c_str(), r.dist.c_str(), r.impl.c_str(), r.queue.c_str(),
                  static_cast<unsigned long long>(r.pending), static_cast<unsigned long long>(r.events), r.seconds,
                  r.events_per_sec, static_cast<double>(r.peak_rss_bytes) / (1024.0 * 1024.0), r.bytes_per_pending,
                  ratio(r.vs_baseline_pq).c_str(), ratio(r.vs_simpy).c_str());
    out << buf;
    out.flush();
  }

  // The same number of events at every size keeps a full run short; the
  // fill of the pending set is not timed.
  std::uint64_t events_for() const { return o.events.value_or(2'000'000); }

  void hold(std::uint64_t pending, Dist dist, bool with_simpy) {
    const std::uint64_t events = events_for();
    WorkloadConfig base{.pending = pending, .events = events, .dist = dist, .queue = QueueKind::calendar_queue, .seed = o.seed};
    std::vector<std::function<WorkloadResult()>> contenders{[base] { return hold_baseline_pq(base); }};
    for (QueueKind q : o.queues) {
      WorkloadConfig c = base;
      c.queue = q;
      contenders.push_back([c] { return hold_kernel(c); });
    }
    const std::vector<Measurement> measured = best_of_interleaved(contenders);
    const Measurement& pq = measured.front();
    Row pq_row = row("hold", "baseline-pq", "std::priority_queue", dist, pq, pending);
    std::optional<Measurement> simpy;
    if (with_simpy && o.simpy && dist == Dist::exponential) {
      std::string why;
      const std::uint64_t simpy_events = std::min(events, kSimpyMaxEvents);
      simpy = measure_simpy(pending, simpy_events, o.seed, why);
      if (!simpy && simpy_missing.empty()) {
        simpy_missing = why;
        err << "drillsim bench: simpy baseline skipped: " << why << "\n";
      }
    }
    std::vector<Row> kernel_rows;
    for (std::size_t k = 0; k < o.queues.size(); ++k) {
      const QueueKind q = o.queues[k];
      const Measurement& m = measured[k + 1];
      Row r = row("hold", "drillsim", std::string(core::to_string(q)), dist, m, pending);
      r.vs_baseline_pq = r.events_per_sec / pq_row.events_per_sec;
      if (simpy && simpy->result.seconds > 0)
        r.vs_simpy = r.events_per_sec / (static_cast<double>(simpy->result.events) / simpy->result.seconds);
      kernel_rows.push_back(r);
    }
    for (const Row& r : kernel_rows) print(r);
    print(pq_row);
    if (simpy) print(row("hold", "simpy", "SimPy 2.3.1", dist, *simpy, pending));
  }

  void kernel_only(const char* name, Workload w, std::uint64_t pending) {
    const Dist dist = o.dist.value_or(Dist::exponential);
    for (QueueKind q : o.queues) {
      WorkloadConfig c{.pending = pending, .events = events_for(), .dist = dist, .queue = q, .seed = o.seed};
      const Measurement m = best_of([c, w] { return w(c); });
      print(row(name, "drillsim", std::string(core::to_string(q)), dist, m, pending));
    }
  }

  void run(const std::string& w) {
    const bool all = w == "all";
    if (w == "hold" || all) {
      std::vector<std::uint64_t> sizes = {1'000, 100'000, 1'000'000};
      if (o.pending) sizes = {*o.pending};
      std::vector<Dist> dists = {Dist::exponential};
      if (o.dist)
        dists = {*o.dist};
      else if (all)
        dists.assign(std::begin(kAllDists), std::end(kAllDists));
      for (Dist d : dists)
        for (std::uint64_t n : sizes) hold(n, d, n <= 100'000);
      if (all && !o.pending) hold(10'000'000, Dist::exponential, false);
    }
    if (w == "phold" || all) kernel_only("phold", &phold, o.pending.value_or(100'000));
    if (w == "cancel" || all) kernel_only("cancel", &cancel, o.pending.value_or(100'000));
    if (w == "process" || all) {
      kernel_only("process", &process, o.pending.value_or(1'000));
      if (all && !o.pending) kernel_only("process", &process, 1'000'000);
    }
    if (w == "resource" || all) kernel_only("resource", &resource, o.pending.value_or(1'000));
  }
};

}  // namespace

std::string format_row_json(const Row& r) {
  char buf[1024];
  std::snprintf(buf, sizeof buf,
                "{\"workload\":\"%s\",\"impl\":\"%s\",\"queue\":\"%s\",\"dist\":\"%s\",\"pending\":%llu,"
                "\"events\":%llu,\"seconds\":%.6f,\"events_per_sec\":%.1f,\"peak_rss_bytes\":%llu,"
                "\"bytes_per_pending\":%.1f,\"vs_baseline_pq\":%.3f,\"vs_simpy\":%.3f,\"fingerprint\":\"%016llx\"}",
                r.workload.c_str(), r.impl.c_str(), r.queue.c_str(), r.dist.c_str(),
                static_cast<unsigned long long>(r.pending), static_cast<unsigned long long>(r.events), r.seconds,
                r.events_per_sec, static_cast<unsigned long long>(r.peak_rss_bytes), r.bytes_per_pending,
                r.vs_baseline_pq, r.vs_simpy, static_cast<unsigned long long>(r.fingerprint));
  return buf;
}

int run_bench(const BenchOptions& o, std::ostream& out, std::ostream& err) {
  BenchOptions opts = o;
  if (opts.queues.empty()) opts.queues = {core::SimulationOptions{}.queue};
  Runner r{opts, out, err, 0, false, {}};
  r.empty_rss = empty_child_rss();
  r.run(opts.workload);
  return 0;
}

}  // namespace drill::bench
