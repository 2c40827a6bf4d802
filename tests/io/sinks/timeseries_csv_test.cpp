#include <gtest/gtest.h>

#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "io/timeseries_csv.hpp"
#include "models/entity_kinds.hpp"
#include "sample_results.hpp"

namespace drill::io {
namespace {

std::vector<std::string> lines(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

std::vector<std::string> fields(const std::string& row) {
  std::vector<std::string> f;
  std::istringstream in(row);
  for (std::string x; std::getline(in, x, ',');) f.push_back(x);
  return f;
}

/// (sim_hours, value) of every row of `metric` (with labels `labels`,
/// the label columns joined by commas).
std::vector<std::pair<double, double>> rows_of(const std::string& csv, const std::string& metric_and_labels) {
  std::vector<std::pair<double, double>> out;
  for (const auto& r : lines(csv)) {
    const auto f = fields(r);
    if (r.find("," + metric_and_labels + ",") == std::string::npos) continue;
    out.emplace_back(std::stod(f[1]), std::stod(f.back()));
  }
  return out;
}

TEST(TimeseriesCsv, HeaderHasOneColumnPerLabelKindInUse) {
  const auto rows = lines(testing::make_sample_run(core::hours(6)).timeseries_csv);
  ASSERT_FALSE(rows.empty());
  EXPECT_EQ(rows[0], "time,sim_hours,metric,unit,squadron,base,resource,flow,value");
}

TEST(TimeseriesCsv, RowsCarryCalendarTimeSimulatedHoursAndLabels) {
  const std::string csv = testing::make_sample_run(core::hours(6)).timeseries_csv;
  const auto has = [&](const std::string& line) { return csv.find(line + "\n") != std::string::npos; };
  EXPECT_TRUE(has("2026-09-14T06:00:00Z,0,drill_stock_on_hand_tonnes,,,lossie,,,1000"));
  EXPECT_TRUE(has("2026-09-14T12:00:00Z,6,drill_sorties_flown_total,,801 NAS,,,,7"));
  EXPECT_TRUE(has("2026-09-15T06:00:00Z,24,drill_fuel_delivered_tonnes_total,\"HMS \"\"Argyll\"\", F231\",,,,,120.5"));
  // A time-weighted series: the level at the row's time and its integral
  // since the start: 1 for 3 h and 2 for 1 h = 5 h = 18000 s.
  EXPECT_TRUE(has("2026-09-14T12:00:00Z,6,drill_resource_busy,,,lossie,launch,,0"));
  EXPECT_TRUE(has("2026-09-14T12:00:00Z,6,drill_resource_busy_integral_seconds,,,lossie,launch,,18000"));
  EXPECT_TRUE(has("2026-09-15T06:00:00Z,24,drill_resource_wait_seconds_count,,,lossie,launch,,4"));
  EXPECT_TRUE(has("2026-09-15T06:00:00Z,24,drill_resource_wait_mean_seconds,,,lossie,launch,,150"));
  EXPECT_TRUE(has("2026-09-15T06:00:00Z,24,drill_report_latency_p95_seconds,,,,,fuel_state,380"));
}

// The first and the last sample write every series; the ones between only
// what changed since the previous sample.
TEST(TimeseriesCsv, BetweenFirstAndLastOnlyChangedSeriesHaveRows) {
  const auto run = testing::make_sample_run(core::hours(6));
  std::map<double, std::vector<std::string>> by_hour;
  for (const auto& r : lines(run.timeseries_csv))
    if (r.rfind("time,", 0) != 0) by_hour[std::stod(fields(r)[1])].push_back(fields(r)[2]);
  // 7 series: 2 counters, 1 counter, gauge, time-weighted (2 rows), tally (3), quantile (7).
  EXPECT_EQ(by_hour[0].size(), 16u);
  EXPECT_EQ(by_hour[24].size(), 16u);
  EXPECT_EQ(by_hour.count(12), 0u);  // nothing happened in (6 h, 18 h]
  EXPECT_EQ(by_hour.count(18), 0u);
  // At 6 h everything had changed.
  EXPECT_EQ(by_hour[6].size(), 16u);

  const auto hourly = testing::make_sample_run(core::hours(1));
  const auto busy = rows_of(hourly.timeseries_csv, "drill_resource_busy,,,lossie,launch,");
  // Rows at 0 h, at the samples that follow a change (2 h, 5 h and 6 h:
  // changes at those times, sampled right after them) and at the end.
  std::vector<double> hours;
  for (const auto& [h, v] : busy) hours.push_back(h);
  EXPECT_EQ(hours, (std::vector<double>{0, 2, 5, 6, 24}));
}

// The summary's time average equals the last integral over the span, and
// forward-filling reconstructs the integral at every sample time (last
// integral + level x elapsed), for any sampling interval, including one
// that does not divide the run and does not hit the changes.
TEST(TimeseriesCsv, TimeWeightedSeriesIntegratesToTheSummaryMean) {
  for (const auto every : {core::hours(1), core::minutes(7), core::seconds(4000), core::hours(24)}) {
    const auto run = testing::make_sample_run(every);
    const auto level = rows_of(run.timeseries_csv, "drill_resource_busy,,,lossie,launch,");
    const auto integral = rows_of(run.timeseries_csv, "drill_resource_busy_integral_seconds,,,lossie,launch,");
    ASSERT_EQ(level.size(), integral.size());
    ASSERT_EQ(run.samples.back().descriptor(4).name, "resource_busy");  // measures in describe order
    const auto& final_values = run.samples.back().values(4);
    EXPECT_DOUBLE_EQ(integral.back().first, 24.0);
    EXPECT_EQ(integral.back().second, final_values.integral);
    EXPECT_EQ(integral.back().second / (24.0 * 3600.0), final_values.mean) << "sampling every " << core::format(every);
    EXPECT_NEAR(final_values.mean, 5.0 / 24.0, 1e-15);
    // Forward fill: at every sample time the last row's integral plus the
    // level times the time since that row.
    std::size_t k = 0;
    for (const auto& snap : run.samples) {
      const double h = snap.time().hours();
      while (k + 1 < level.size() && level[k + 1].first <= h) ++k;
      const double filled = integral[k].second + level[k].second * (h - level[k].first) * 3600.0;
      // Equal but for rounding: the collector sums seconds, the reader hours.
      EXPECT_NEAR(filled, snap.values(4).integral, 1e-9 * (1.0 + snap.values(4).integral))
          << "at " << h << " h, sampling every " << core::format(every);
    }
  }
}

TEST(TimeseriesCsv, AWarmUpResetWritesEverySeriesWithItsIntegralAfresh) {
  core::metrics::Collector c(models::entity_kinds());
  const auto m = c.describe({.name = "busy", .unit = core::metrics::Unit::none, .help = "Busy.", .labels = {},
                             .kind = core::metrics::InstrumentKind::time_weighted});
  const auto n = c.describe({.name = "ready", .unit = core::metrics::Unit::none, .help = "Ready.", .labels = {},
                             .kind = core::metrics::InstrumentKind::gauge});
  auto& busy = c.time_weighted(m, {}, 4.0);
  c.gauge(n).set(2.0);
  std::ostringstream out;
  TimeseriesCsv csv(out, testing::kCalendarStart);
  csv.add(c.changes(core::at(core::hours(2))));
  c.reset(core::at(core::hours(3)));
  busy.set(core::at(core::hours(4)), 1.0);
  csv.add(c.changes(core::at(core::hours(5))));  // since 3 h: 4 for 1 h, 1 for 1 h
  const auto rows = lines(out.str());
  ASSERT_EQ(rows.size(), 7u);
  EXPECT_EQ(rows[1], "2026-09-14T08:00:00Z,2,drill_busy,4");
  EXPECT_EQ(rows[2], "2026-09-14T08:00:00Z,2,drill_busy_integral_seconds,28800");
  EXPECT_EQ(rows[3], "2026-09-14T08:00:00Z,2,drill_ready,2");
  EXPECT_EQ(rows[4], "2026-09-14T11:00:00Z,5,drill_busy,1");
  EXPECT_EQ(rows[5], "2026-09-14T11:00:00Z,5,drill_busy_integral_seconds,18000");
  EXPECT_EQ(rows[6], "2026-09-14T11:00:00Z,5,drill_ready,2");  // unchanged, listed after the reset
}

// A drill without a calendar start has no date: rows carry D+ times, not
// dates counted from 1970.
TEST(TimeseriesCsv, WithoutACalendarStartTimesAreDPlusTimes) {
  core::metrics::Collector c(models::entity_kinds());
  const auto n = c.describe({.name = "ready", .unit = core::metrics::Unit::none, .help = "Ready.", .labels = {},
                             .kind = core::metrics::InstrumentKind::gauge});
  auto& ready = c.gauge(n);
  ready.set(2.0);
  std::ostringstream out;
  TimeseriesCsv csv(out, std::nullopt);
  csv.add(c.changes(core::SimTime::zero()));
  ready.set(3.0);
  csv.add(c.changes(core::at(core::hours(30) + core::minutes(15))));
  const auto rows = lines(out.str());
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[1], "D+0 00:00:00,0,drill_ready,2");
  EXPECT_EQ(rows[2], "D+1 06:15:00,30.25,drill_ready,3");
  EXPECT_EQ(out.str().find("1970"), std::string::npos);
}

}  // namespace
}  // namespace drill::io
