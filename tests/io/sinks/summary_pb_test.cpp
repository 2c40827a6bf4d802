#include <gtest/gtest.h>

#include <string>

#include "drill/v1/run_summary.pb.h"
#include "io/metric_snapshot_pb.hpp"
#include "io/summary_pb.hpp"
#include "sample_results.hpp"

namespace drill::io {
namespace {

const drill::v1::Measure* find(const drill::v1::RunSummary& s, const std::string& name, const std::string& label) {
  for (const auto& m : s.measures())
    if (m.name() == name && (label.empty() || (m.labels_size() > 0 && m.labels(0).value() == label))) return &m;
  return nullptr;
}

TEST(SummaryPb, CarriesTheManifestAndEveryMeasureFromTheDescriptors) {
  const auto run = testing::make_sample_run(core::hours(1));
  drill::v1::RunSummary s;
  ASSERT_TRUE(s.ParseFromString(summary_pb(make_run_summary(run.manifest, "sample", run.samples.back(), {}))));
  EXPECT_EQ(s.manifest().seed(), 7u);
  EXPECT_EQ(s.manifest().replication(), 2u);
  EXPECT_EQ(s.manifest().fingerprint(), "a9e49f9d14f2b091");
  EXPECT_EQ(s.manifest().calendar_start(), "2026-09-14T06:00:00Z");
  EXPECT_EQ(s.manifest().horizon_us(), 24LL * 3600 * 1'000'000);
  // The invocation and the wall clock are manifest.json's alone.
  EXPECT_EQ(s.manifest().command_line_size(), 0);
  EXPECT_EQ(s.manifest().host(), "");
  EXPECT_EQ(s.drill(), "sample");
  EXPECT_EQ(s.format_version(), 2u);
  EXPECT_EQ(s.manifest().status(), drill::v1::RUN_STATUS_COMPLETED);
  EXPECT_EQ(s.time_us(), 24LL * 3600 * 1'000'000);
  ASSERT_EQ(s.measures_size(), 7);

  const auto* sorties = find(s, "drill_sorties_flown_total", "VP-10");
  ASSERT_NE(sorties, nullptr);
  EXPECT_EQ(sorties->kind(), drill::v1::METRIC_KIND_COUNTER);
  EXPECT_EQ(sorties->measure(), "sorties_flown");
  EXPECT_EQ(sorties->help(), "Sorties flown.");
  EXPECT_EQ(sorties->labels(0).name(), "squadron");
  EXPECT_EQ(sorties->value(), 3.0);

  const auto* busy = find(s, "drill_resource_busy", "lossie");
  ASSERT_NE(busy, nullptr);
  EXPECT_EQ(busy->kind(), drill::v1::METRIC_KIND_TIME_WEIGHTED);
  EXPECT_EQ(busy->labels(1).name(), "resource");
  EXPECT_EQ(busy->labels(1).value(), "launch");
  EXPECT_DOUBLE_EQ(busy->mean(), 5.0 / 24.0);
  EXPECT_EQ(busy->integral(), 18000.0);
  EXPECT_EQ(busy->max(), 2.0);

  const auto* wait = find(s, "drill_resource_wait_seconds", "lossie");
  ASSERT_NE(wait, nullptr);
  EXPECT_EQ(wait->unit(), "seconds");
  EXPECT_EQ(wait->count(), 4u);
  EXPECT_EQ(wait->sum(), 600.0);
  EXPECT_EQ(wait->min(), 60.0);

  const auto* latency = find(s, "drill_report_latency_seconds", "fuel_state");
  ASSERT_NE(latency, nullptr);
  ASSERT_EQ(latency->quantiles_size(), 4);
  EXPECT_EQ(latency->quantiles(0).quantile(), 0.5);
  EXPECT_EQ(latency->count(), 400u);
  EXPECT_EQ(latency->quantiles(0).value(), 200.0);  // nearest rank, exact while small
  EXPECT_EQ(latency->quantiles(3).value(), 396.0);
}

TEST(SummaryPb, SameRunSameBytes) {
  const auto a = testing::make_sample_run(core::hours(1));
  const auto b = testing::make_sample_run(core::hours(5));
  EXPECT_EQ(summary_pb(make_run_summary(a.manifest, "sample", a.samples.back(), {})),
            summary_pb(make_run_summary(b.manifest, "sample", b.samples.back(), {})));
}

TEST(MetricSnapshotPb, CarriesTimesAndMeasures) {
  const auto run = testing::make_sample_run(core::hours(6));
  const auto s = to_metric_snapshot(run.samples[1], testing::kCalendarStart);
  EXPECT_EQ(s.time_us(), 6LL * 3600 * 1'000'000);
  EXPECT_EQ(s.since_us(), 0);
  EXPECT_EQ(s.time(), "2026-09-14T12:00:00Z");
  EXPECT_EQ(s.measures_size(), 7);
}

TEST(MetricSnapshotPb, WithoutACalendarStartHasNoCalendarTime) {
  const auto run = testing::make_sample_run(core::hours(6));
  const auto s = to_metric_snapshot(run.samples[1], std::nullopt);
  EXPECT_EQ(s.time_us(), 6LL * 3600 * 1'000'000);
  EXPECT_EQ(s.time(), "");
}

}  // namespace
}  // namespace drill::io
