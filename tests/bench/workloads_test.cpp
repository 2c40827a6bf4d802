#include "bench/workloads.hpp"

#include <gtest/gtest.h>

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

TEST(HoldWorkload, BaselineAndKernelExecuteTheSameNumberOfEvents) {
  const WorkloadResult kernel = hold_kernel(tiny());
  const WorkloadResult pq = hold_baseline_pq(tiny());
  EXPECT_EQ(kernel.events, pq.events);
  EXPECT_EQ(kernel.pending, pq.pending);
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

TEST(Measure, ChildReportsItsResultAndMemory) {
  const Measurement m = measure_in_child([] { return hold_kernel(tiny()); });
  EXPECT_EQ(m.result.events, 3000u);
  EXPECT_GT(m.peak_rss_bytes, 0u);
}

TEST(Runner, JsonLineHasTheRequiredFields) {
  Row r;
  r.workload = "hold";
  r.impl = "drillsim";
  const std::string line = format_row_json(r);
  for (const char* field : {"\"workload\"", "\"impl\"", "\"pending\"", "\"events\"", "\"seconds\"",
                            "\"events_per_sec\"", "\"peak_rss_bytes\""})
    EXPECT_NE(line.find(field), std::string::npos) << field;
}

}  // namespace
}  // namespace drill::bench
