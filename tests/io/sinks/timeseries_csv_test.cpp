#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "io/timeseries_csv.hpp"
#include "sample_results.hpp"

namespace drill::io {
namespace {

std::vector<std::string> lines(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

std::string write(const testing::SampleRun& run) {
  std::ostringstream out;
  TimeseriesCsv csv(out, testing::kCalendarStart);
  for (const auto& s : run.samples) csv.add(s);
  return out.str();
}

TEST(TimeseriesCsv, HeaderHasOneColumnPerLabelKindInUse) {
  const auto rows = lines(write(testing::make_sample_run(core::hours(6))));
  ASSERT_FALSE(rows.empty());
  EXPECT_EQ(rows[0], "time,sim_hours,metric,unit,squadron,base,resource,flow,value");
}

TEST(TimeseriesCsv, RowsCarryCalendarTimeSimulatedHoursAndLabels) {
  const std::string csv = write(testing::make_sample_run(core::hours(6)));
  const auto has = [&](const std::string& line) { return csv.find(line + "\n") != std::string::npos; };
  EXPECT_TRUE(has("2026-09-14T06:00:00Z,0,drill_stock_on_hand_tonnes,,,lossie,,,1000"));
  EXPECT_TRUE(has("2026-09-14T12:00:00Z,6,drill_sorties_flown_total,,801 NAS,,,,7"));
  EXPECT_TRUE(has("2026-09-15T06:00:00Z,24,drill_fuel_delivered_tonnes_total,\"HMS \"\"Argyll\"\", F231\",,,,,120.5"));
  // Time average over the 6 h before each row: 0-6 h: (3 + 2) / 6.
  EXPECT_TRUE(has("2026-09-14T12:00:00Z,6,drill_resource_busy,,,lossie,launch,,0.8333333333333334"));
  EXPECT_TRUE(has("2026-09-15T06:00:00Z,24,drill_resource_wait_seconds_count,,,lossie,launch,,4"));
  EXPECT_TRUE(has("2026-09-15T06:00:00Z,24,drill_resource_wait_mean_seconds,,,lossie,launch,,150"));
  EXPECT_TRUE(has("2026-09-15T06:00:00Z,24,drill_report_latency_p95_seconds,,,,,fuel_state,380"));
}

// The summary's time average equals the series integrated over the run
// (sum of value x interval, over the span), for any sampling interval,
// including one that does not divide the run and does not hit the changes.
TEST(TimeseriesCsv, TimeWeightedSeriesIntegratesToTheSummaryMean) {
  for (const auto every : {core::hours(1), core::minutes(7), core::seconds(4000), core::hours(24)}) {
    const auto run = testing::make_sample_run(every);
    const auto rows = lines(write(run));
    double area = 0.0;
    double last_hours = 0.0;
    for (const auto& r : rows) {
      if (r.find(",drill_resource_busy,") == std::string::npos) continue;
      std::vector<std::string> f;
      std::istringstream in(r);
      for (std::string x; std::getline(in, x, ',');) f.push_back(x);
      const double h = std::stod(f[1]);
      area += std::stod(f.back()) * (h - last_hours);
      last_hours = h;
    }
    const auto& final_values = run.samples.back().values(4);  // resource_busy (measures in describe order)
    ASSERT_EQ(run.samples.back().descriptor(4).name, "resource_busy");
    EXPECT_DOUBLE_EQ(last_hours, 24.0);
    EXPECT_NEAR(area / 24.0, final_values.mean, 1e-12) << "sampling every " << core::format(every);
    EXPECT_NEAR(final_values.mean, 5.0 / 24.0, 1e-15);
  }
}

TEST(TimeseriesCsv, AWarmUpResetStartsTheAverageAfresh) {
  core::metrics::Collector c;
  const auto m = c.describe({.name = "busy", .unit = core::metrics::Unit::none, .help = "Busy.", .labels = {},
                             .kind = core::metrics::InstrumentKind::time_weighted});
  auto& busy = c.time_weighted(m, {}, 4.0);
  std::ostringstream out;
  TimeseriesCsv csv(out, testing::kCalendarStart);
  csv.add(c.snapshot(core::at(core::hours(2))));
  c.reset(core::at(core::hours(3)));
  busy.set(core::at(core::hours(4)), 1.0);
  csv.add(c.snapshot(core::at(core::hours(5))));  // covers 3-5 h only: (4 + 1) / 2
  const auto rows = lines(out.str());
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[1], "2026-09-14T08:00:00Z,2,drill_busy,4");
  EXPECT_EQ(rows[2], "2026-09-14T11:00:00Z,5,drill_busy,2.5");
}

}  // namespace
}  // namespace drill::io
