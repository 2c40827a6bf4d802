// The printouts of `drillsim run`: a single run's text and the table of a set
// of replications. A headline measure with several label kinds (a comms
// counter per flow and node, an age of information per headquarters and
// source) shows a line per value of its first label; a quantile shows its
// percentiles; the replications table says per task how many replications
// were late or not done and why, most often.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/metrics/collector.hpp"
#include "io/replications.hpp"
#include "io/run_report.hpp"
#include "models/entity_kinds.hpp"

namespace drill::io {
namespace {

using core::metrics::Collector;
using core::metrics::Descriptor;
using core::metrics::Headline;
using core::metrics::InstrumentKind;
using core::metrics::Snapshot;
using core::metrics::Unit;

/// Measures shaped as the comms network's, flagged headline: two flows over
/// two nodes, a latency per flow, ages at one headquarters from two sources.
Snapshot comms_snapshot(double extra_delivered) {
  Collector c(models::entity_kinds());
  const auto delivered = c.describe(Descriptor{"messages_delivered", Unit::none, "Copies delivered.",
                                               {models::kind::flow, models::kind::node}, InstrumentKind::counter,
                                               Headline::yes});
  const auto ratio = c.describe(Descriptor{"message_delivery", Unit::ratio, "Delivered over sent.", {models::kind::flow},
                                           InstrumentKind::gauge, Headline::yes});
  const auto latency = c.describe(Descriptor{"message_latency", Unit::seconds, "Latency.", {models::kind::flow},
                                             InstrumentKind::quantile, Headline::yes});
  const auto age = c.describe(Descriptor{"age_of_information_mean", Unit::seconds, "Age.",
                                         {models::kind::node, models::kind::unit}, InstrumentKind::gauge, Headline::yes});
  auto& names = c.names();
  const auto status = names.add<models::kind::flow>("logistics_status");
  const auto orders = names.add<models::kind::flow>("order");
  const auto hq = names.add<models::kind::node>("hq");
  const auto argyll = names.add<models::kind::node>("argyll");
  c.counter(delivered, {status, hq}).add(10.0 + extra_delivered);
  c.counter(delivered, {status, argyll}).add(5.0);
  c.counter(delivered, {orders, hq}).add(2.0);
  c.counter(delivered, {orders, argyll}).add(1.0);
  c.gauge(ratio, {status}).set(0.75);
  c.gauge(ratio, {orders}).set(1.0);
  auto& l = c.quantile(latency, {status});
  for (int s = 1; s <= 100; ++s) l.add(36.0 * s);  // 0.01 h .. 1 h
  (void)c.quantile(latency, {orders});
  c.gauge(age, {hq, names.add<models::kind::unit>("argyll")}).set(1800.0);
  c.gauge(age, {hq, names.add<models::kind::unit>("tide_spring")}).set(5400.0);
  return c.snapshot(core::at(core::days(1)));
}

TEST(Printout, CommsHeadlineMeasuresShowALinePerFlowAndLatencyPercentiles) {
  const std::string text = summary_text(comms_snapshot(0.0), {}, RunInfo{});
  EXPECT_NE(text.find("  messages_delivered\n"
                      "    logistics_status             15, sum of 2 series\n"
                      "    order                        3, sum of 2 series\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("  message_delivery\n    logistics_status             75.0%\n    order                        100.0%\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("    logistics_status             mean 0.51 h, p50 0.50 h, p90 0.90 h, p95 0.95 h, p99 0.99 h, "
                      "max 1.00 h, n 100\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("  age_of_information_mean\n    hq                           1.00 h, mean of 2 series\n"),
            std::string::npos)
      << text;
}

TEST(Printout, TheReplicationsTableGroupsSeriesLikeTheSingleRun) {
  ReplicationSet set;
  set.add(ReplicationRun{0, "aa", 1, comms_snapshot(0.0)});
  set.add(ReplicationRun{1, "bb", 1, comms_snapshot(2.0)});
  const std::string text = set.text(RunInfo{});
  EXPECT_NE(text.find("  messages_delivered logistics_status (sum)                16.000"), std::string::npos) << text;
  EXPECT_NE(text.find("  age_of_information_mean hq (mean), h                      1.000"), std::string::npos) << text;
  EXPECT_EQ(text.find("logistics_status/hq"), std::string::npos) << text;
  // The CSV keeps every series.
  EXPECT_NE(set.csv().find("flow=logistics_status;node=hq"), std::string::npos) << set.csv();
}

models::TaskOutcome outcome(const char* name, bool done, bool on_time, const char* reason) {
  return models::TaskOutcome{.name = name,
                             .kind = "patrol",
                             .completed_at = done ? std::optional(core::at(core::hours(20))) : std::nullopt,
                             .deadline = core::at(core::hours(18)),
                             .on_time = on_time,
                             .reason = reason};
}

TEST(Printout, TheReplicationsTableCountsLateAndNotDoneTasksAndTheirCommonestReason) {
  ReplicationSet set;
  const std::vector<std::vector<models::TaskOutcome>> runs = {
      {outcome("north", true, true, ""), outcome("south", true, false, "argyll reached 'south' at D+0 20:00:00")},
      {outcome("north", true, true, ""), outcome("south", false, false, "depends on 'north', not done")},
      {outcome("north", true, true, ""), outcome("south", true, false, "argyll reached 'south' at D+0 20:00:00")},
  };
  for (std::size_t r = 0; r < runs.size(); ++r)
    set.add(ReplicationRun{r, "aa", 1, comms_snapshot(0.0), runs[r]});
  const std::string text = set.text(RunInfo{});
  EXPECT_NE(text.find("  task                                                    on time         late     not done\n"
                      "  north                                                         3            0            0\n"
                      "  south                                                         0            2            1\n"
                      "    why, 2 of 3: argyll reached 'south' at D+0 20:00:00\n"
                      "    and 1 for other reasons\n"),
            std::string::npos)
      << text;
  EXPECT_THROW(set.add(ReplicationRun{3, "aa", 1, comms_snapshot(0.0), {outcome("west", true, true, "")}}),
               std::invalid_argument);
}

TEST(Printout, ATaskKeepsABoundedNumberOfDistinctReasons) {
  ReplicationSet set;
  for (std::size_t r = 0; r < kMaxReasonsPerTask + 10; ++r) {
    const std::string reason = r % 2 ? "the same reason" : "reason " + std::to_string(r);
    set.add(ReplicationRun{r, "aa", 1, comms_snapshot(0.0), {outcome("south", false, false, reason.c_str())}});
  }
  const std::string text = set.text(RunInfo{});
  EXPECT_NE(text.find("    why, 21 of 42: the same reason\n    and 21 for other reasons\n"), std::string::npos) << text;
}

}  // namespace
}  // namespace drill::io
