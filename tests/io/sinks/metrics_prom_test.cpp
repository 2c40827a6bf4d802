#include <gtest/gtest.h>

#include <string>

#include "io/metrics_prom.hpp"
#include "models/entity_kinds.hpp"
#include "sample_results.hpp"

namespace drill::io {
namespace {

TEST(MetricsProm, WritesEveryFamilyFromTheDescriptors) {
  const auto run = testing::make_sample_run(core::hours(1));
  const std::string text = prometheus_text(run.samples.back());
  const auto has = [&](const std::string& line) { return text.find(line + "\n") != std::string::npos; };
  EXPECT_TRUE(has("# HELP drill_sorties_flown_total Sorties flown."));
  EXPECT_TRUE(has("# TYPE drill_sorties_flown_total counter"));
  EXPECT_TRUE(has("drill_sorties_flown_total{squadron=\"801 NAS\"} 7"));
  EXPECT_TRUE(has("drill_sorties_flown_total{squadron=\"VP-10\"} 3"));
  EXPECT_TRUE(has("drill_fuel_delivered_tonnes_total{unit=\"HMS \\\"Argyll\\\", F231\"} 120.5"));
  EXPECT_TRUE(has("# TYPE drill_stock_on_hand_tonnes gauge"));
  EXPECT_TRUE(has("drill_stock_on_hand_tonnes{base=\"lossie\"} 830"));
  EXPECT_TRUE(has("drill_resource_busy{base=\"lossie\",resource=\"launch\"} 0"));
  EXPECT_TRUE(has("drill_resource_busy_max{base=\"lossie\",resource=\"launch\"} 2"));
  EXPECT_TRUE(has("drill_resource_busy_integral_seconds{base=\"lossie\",resource=\"launch\"} 18000"));
  EXPECT_TRUE(has("drill_resource_busy_mean{base=\"lossie\",resource=\"launch\"} 0.20833333333333334"));
  EXPECT_TRUE(has("# TYPE drill_resource_wait_seconds summary"));
  EXPECT_TRUE(has("drill_resource_wait_seconds_sum{base=\"lossie\",resource=\"launch\"} 600"));
  EXPECT_TRUE(has("drill_resource_wait_seconds_count{base=\"lossie\",resource=\"launch\"} 4"));
  EXPECT_TRUE(has("drill_resource_wait_max_seconds{base=\"lossie\",resource=\"launch\"} 240"));
  EXPECT_TRUE(has("drill_report_latency_seconds{flow=\"fuel_state\",quantile=\"0.5\"} 200"));
  EXPECT_TRUE(has("drill_report_latency_seconds{flow=\"fuel_state\",quantile=\"0.99\"} 396"));
  EXPECT_TRUE(has("drill_report_latency_seconds_count{flow=\"fuel_state\"} 400"));
  EXPECT_TRUE(has("# TYPE drill_statistics_since_seconds gauge"));
  EXPECT_TRUE(has("drill_statistics_since_seconds 0"));
}

TEST(MetricsProm, SaysWhenTheStatisticsStart) {
  core::metrics::Collector c(models::entity_kinds());
  c.counter(c.describe({.name = "sorties", .unit = core::metrics::Unit::none, .help = "Sorties.", .labels = {},
                        .kind = core::metrics::InstrumentKind::counter}));
  c.reset(core::at(core::hours(2)));
  EXPECT_NE(prometheus_text(c.snapshot(core::at(core::hours(3)))).find("\ndrill_statistics_since_seconds 7200\n"),
            std::string::npos);
}

TEST(MetricsProm, IsDeterministic) {
  const auto a = testing::make_sample_run(core::hours(1));
  const auto b = testing::make_sample_run(core::hours(3));
  EXPECT_EQ(prometheus_text(a.samples.back()), prometheus_text(b.samples.back()));
}

TEST(MetricsProm, NumbersUseTheExpositionSpellings) {
  EXPECT_EQ(prometheus_number(0.1), "0.1");
  EXPECT_EQ(prometheus_number(1e300), "1e+300");
  EXPECT_EQ(prometheus_number(std::numeric_limits<double>::infinity()), "+Inf");
  EXPECT_EQ(prometheus_number(-std::numeric_limits<double>::infinity()), "-Inf");
  EXPECT_EQ(prometheus_number(std::numeric_limits<double>::quiet_NaN()), "NaN");
}

}  // namespace
}  // namespace drill::io
