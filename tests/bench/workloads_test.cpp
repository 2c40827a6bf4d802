#include "bench/workloads.hpp"

#include <gtest/gtest.h>

#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "bench/comms_workload.hpp"
#include "bench/measure.hpp"
#include "bench/runner.hpp"

namespace drill::bench {
namespace {

using core::QueueKind;

WorkloadConfig tiny(Dist d = Dist::exponential, QueueKind q = QueueKind::calendar_queue) {
  return WorkloadConfig{.pending = 200, .events = 3000, .dist = d, .queue = q, .seed = 9};
}

TEST(HoldWorkload, KeepsThePendingCountConstantAndRunsTheRequestedEvents) {
  for (Dist d : kAllDists) {
    const WorkloadResult r = hold_kernel(tiny(d));
    EXPECT_EQ(r.events, 3000u) << to_string(d);
    EXPECT_EQ(r.pending, 200u) << to_string(d);
  }
}

// The baselines are only a yardstick if they run the kernel's model: the same
// events, at the same times, of the same chains, in the same order. The
// fingerprint folds all of that, for the warm-up and the timed part.
TEST(HoldWorkload, BaselinesExecuteExactlyTheKernelsEvents) {
  for (Dist d : kAllDists) {
    const WorkloadResult kernel = hold_kernel(tiny(d));
    const WorkloadResult pq = hold_baseline_pq(tiny(d));
    const WorkloadResult quad = hold_baseline_4ary(tiny(d));
    EXPECT_EQ(pq.fingerprint, kernel.fingerprint) << to_string(d);
    EXPECT_EQ(quad.fingerprint, kernel.fingerprint) << to_string(d);
    EXPECT_EQ(pq.events, kernel.events) << to_string(d);
    EXPECT_EQ(quad.pending, kernel.pending) << to_string(d);
  }
}

TEST(HoldWorkload, FingerprintSeesTheSeedAndTheEventCount) {
  WorkloadConfig other_seed = tiny();
  other_seed.seed = 10;
  EXPECT_NE(hold_kernel(other_seed).fingerprint, hold_kernel(tiny()).fingerprint);
  WorkloadConfig one_more = tiny();
  one_more.events += 1;
  EXPECT_NE(hold_baseline_4ary(one_more).fingerprint, hold_baseline_4ary(tiny()).fingerprint);
}

TEST(HoldWorkload, FingerprintDoesNotDependOnTheQueue) {
  const std::uint64_t reference = hold_kernel(tiny(Dist::mixed, QueueKind::binary_heap)).fingerprint;
  for (QueueKind q : core::kAllQueueKinds) EXPECT_EQ(hold_kernel(tiny(Dist::mixed, q)).fingerprint, reference);
}

TEST(OtherWorkloads, RunTheirEventsAndKeepWorkPending) {
  const WorkloadConfig c = tiny();
  const WorkloadResult p = phold(c);
  EXPECT_EQ(p.events, c.events);
  EXPECT_EQ(p.pending, c.pending);
  const WorkloadResult k = cancel(c);
  EXPECT_EQ(k.events, c.events);
  EXPECT_EQ(k.pending, c.pending);  // one acknowledgement and one timer per connection
  const WorkloadResult pr = process(c);
  EXPECT_EQ(pr.events, c.events);
  EXPECT_EQ(pr.pending, c.pending);  // every process waits on a delay
  const WorkloadResult rs = resource(c);
  EXPECT_GE(rs.events, c.events);
  EXPECT_GT(rs.pending, 0u);
}

TEST(OtherWorkloads, FingerprintsDoNotDependOnTheQueue) {
  const WorkloadConfig ref = tiny(Dist::bimodal, QueueKind::binary_heap);
  for (QueueKind q : core::kAllQueueKinds) {
    const WorkloadConfig c = tiny(Dist::bimodal, q);
    EXPECT_EQ(phold(c).fingerprint, phold(ref).fingerprint) << core::to_string(q);
    EXPECT_EQ(cancel(c).fingerprint, cancel(ref).fingerprint) << core::to_string(q);
    EXPECT_EQ(process(c).fingerprint, process(ref).fingerprint) << core::to_string(q);
  }
}

TEST(Measure, ChildReportsTheResultOfTheWorkItRan) {
  const WorkloadResult here = hold_kernel(tiny());
  const Measurement m = measure_in_child([] { return hold_kernel(tiny()); });
  EXPECT_EQ(m.result.events, here.events);
  EXPECT_EQ(m.result.fingerprint, here.fingerprint);
}

TEST(Measure, PeakRssIsTheChildsOwnAndGrowsWithWhatItHolds) {
  // 64 MiB touched in the child must show in its peak, and must not leak
  // into the next child's.
  const Measurement big = measure_in_child([] {
    std::vector<char> block(64u << 20, 1);
    WorkloadResult r;
    r.events = static_cast<std::uint64_t>(block[12345]);
    return r;
  });
  const std::uint64_t empty = empty_child_rss();
  EXPECT_GE(big.peak_rss_bytes, empty + (60u << 20));
}

Row rated(const char* impl, std::uint64_t events, double seconds) {
  Row r;
  r.impl = impl;
  r.events = events;
  r.seconds = seconds;
  r.events_per_sec = events_per_second(events, seconds);
  return r;
}

TEST(Ratios, EventRateAndSpeedupAreRatesNotTimes) {
  EXPECT_DOUBLE_EQ(events_per_second(3'000'000, 1.5), 2'000'000.0);
  EXPECT_DOUBLE_EQ(events_per_second(10, 0.0), 0.0);
  // The kernel ran 2 M events in 0.5 s, the baseline 300 k in 0.3 s: 4 M/s
  // against 1 M/s, although their timed parts ran different event counts.
  const Row kernel = rated("drillsim", 2'000'000, 0.5);
  const Row base = rated("baseline-pq", 300'000, 0.3);
  EXPECT_DOUBLE_EQ(speedup(kernel, base), 4.0);
  EXPECT_DOUBLE_EQ(speedup(base, kernel), 0.25);
  EXPECT_DOUBLE_EQ(speedup(kernel, rated("nothing", 0, 0.0)), 0.0);
}

TEST(Ratios, TheKernelIsComparedWithTheFastestBaseline) {
  const std::vector<Row> baselines = {rated("baseline-pq", 1'000'000, 0.25), rated("baseline-4ary", 1'000'000, 0.2)};
  const Row& best = best_baseline(baselines);
  EXPECT_EQ(best.impl, "baseline-4ary");
  EXPECT_DOUBLE_EQ(speedup(rated("drillsim", 1'000'000, 0.1), best), 2.0);
  const std::vector<Row> reversed = {baselines[1], baselines[0]};
  EXPECT_EQ(best_baseline(reversed).impl, "baseline-4ary");
  EXPECT_THROW(best_baseline({}), std::invalid_argument);
}

Measurement run(double seconds, std::uint64_t rss) {
  Measurement m;
  m.result.events = 1000;
  m.result.seconds = seconds;
  m.peak_rss_bytes = rss;
  return m;
}

TEST(Repeats, KeepTheFastestRunAndTheLargestPeakRss) {
  Measurement best = run(0.5, 100);
  keep_best(best, run(0.25, 80));  // faster, smaller
  EXPECT_DOUBLE_EQ(best.result.seconds, 0.25);
  EXPECT_EQ(best.peak_rss_bytes, 100u);
  keep_best(best, run(1.0, 300));  // slower, larger
  EXPECT_DOUBLE_EQ(best.result.seconds, 0.25);
  EXPECT_EQ(best.peak_rss_bytes, 300u);
}

// Every message has settled when the run ends: each copy was delivered once
// or met a loss, a full buffer or its time to live on the way.
TEST(CommsWorkload, SettlesEveryCopyAndIsDeterministic) {
  const CommsTrafficConfig c{.messages = 3000, .nodes = 20, .seed = 4};
  const CommsTrafficResult a = comms_traffic(c);
  EXPECT_EQ(a.messages, 3000u);
  EXPECT_EQ(a.nodes, 20u);
  EXPECT_GE(a.copies_sent, a.messages);
  EXPECT_EQ(a.unsettled, 0u);
  EXPECT_LE(a.delivered, a.copies_sent);
  EXPECT_GE(a.delivered + a.lost + a.dropped + a.expired, a.copies_sent);
  EXPECT_GT(a.delivered, a.copies_sent / 2);
  EXPECT_GT(a.serialized_bytes, 20 * a.messages);
  EXPECT_GT(a.events, a.messages);

  const CommsTrafficResult b = comms_traffic(c);
  EXPECT_EQ(b.fingerprint, a.fingerprint);
  EXPECT_EQ(b.delivered, a.delivered);
  CommsTrafficConfig other = c;
  other.seed = 5;
  EXPECT_NE(comms_traffic(other).fingerprint, a.fingerprint);
  other = c;
  other.queue = QueueKind::binary_heap;
  EXPECT_EQ(comms_traffic(other).fingerprint, a.fingerprint);
}

TEST(CommsWorkload, RefusesTooFewNodesAndNoRate) {
  EXPECT_THROW(comms_traffic({.messages = 10, .nodes = 19}), std::invalid_argument);
  EXPECT_THROW(comms_traffic({.messages = 10, .nodes = 20, .rate = 0.0}), std::invalid_argument);
}

TEST(Runner, CommsRowCountsMessagesAndRefusesFewerThanTwentyNodes) {
  std::ostringstream out, err;
  BenchOptions o;
  o.workload = "comms";
  o.events = 2000;
  o.pending = 20;
  o.repeat = 1;
  o.json = true;
  ASSERT_EQ(run_bench(o, out, err), 0) << err.str();
  const std::string line = out.str();
  EXPECT_NE(line.find("\"workload\":\"comms\""), std::string::npos) << line;
  EXPECT_NE(line.find("\"pending\":20,\"events\":2000,"), std::string::npos) << line;
  o.pending = 19;
  std::ostringstream out2, err2;
  EXPECT_EQ(run_bench(o, out2, err2), 64);
  EXPECT_NE(err2.str().find("at least 20"), std::string::npos);
  EXPECT_TRUE(out2.str().empty());
}

TEST(Runner, JsonLineCarriesEveryValue) {
  Row r;
  r.workload = "hold";
  r.impl = "drillsim";
  r.queue = "calendar-queue";
  r.dist = "pareto";
  r.pending = 100000;
  r.events = 2000000;
  r.seconds = 0.125;
  r.events_per_sec = 16000000.0;
  r.peak_rss_bytes = 7340032;
  r.bytes_per_pending = 63.5;
  r.vs_best_baseline = 1.875;
  r.best_baseline = "baseline-4ary";
  r.vs_simpy = 31.25;
  r.simpy_peer = "nearest";
  r.fingerprint = 0x0123456789abcdefULL;
  EXPECT_EQ(format_row_json(r),
            "{\"workload\":\"hold\",\"impl\":\"drillsim\",\"queue\":\"calendar-queue\",\"dist\":\"pareto\","
            "\"pending\":100000,\"events\":2000000,\"seconds\":0.125000,\"events_per_sec\":16000000.0,"
            "\"peak_rss_bytes\":7340032,\"bytes_per_pending\":63.5,\"vs_best_baseline\":1.875,"
            "\"best_baseline\":\"baseline-4ary\",\"vs_simpy\":31.250,\"simpy_peer\":\"nearest\","
            "\"fingerprint\":\"0123456789abcdef\"}");
}

}  // namespace
}  // namespace drill::bench
