// A small, fully known result set shared by the sink tests and by the program
// that writes files for the independent readers (promtool, Python): a
// collector with one measure of every kind, updated at known times, a run
// manifest and an activity trace.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "core/metrics/collector.hpp"
#include "io/summary_pb.hpp"
#include "io/utc_time.hpp"
#include "models/activity.hpp"

namespace drill::io::testing {

// 2026-09-14T06:00:00Z
inline constexpr CalendarStart kCalendarStart =
    std::chrono::sys_days(std::chrono::year(2026) / 9 / 14) + std::chrono::hours(6);

/// A run of 24 simulated hours: the collector, the snapshots taken every
/// `sample_every` (from 0 to 24 h inclusive), timeseries.csv written from
/// the collector's change reads at the same times (every series at 0 h and
/// 24 h, what changed in between, as the run engine does) and the activity
/// records.
struct SampleRun {
  std::unique_ptr<core::metrics::Collector> collector;
  std::vector<core::metrics::Snapshot> samples;
  std::string timeseries_csv;
  std::vector<models::ActivityRecord> activities;
  SummaryManifest manifest;
};

/// Values (checked by the tests and read_results.py):
///   sorties_flown{squadron="801 NAS"} 7, {squadron="VP-10"} 3      counter
///   fuel_delivered_tonnes{unit="HMS \"Argyll\", F231"} 120.5           counter
///   stock_on_hand_tonnes{base="lossie"} 830                          gauge
///   resource_busy{base="lossie",resource="launch"}: 0 for 0-2 h, 1 for 2-5 h,
///     2 for 5-6 h, 0 for 6-24 h: mean 5/24, max 2, integral 18000  time-weighted
///   resource_wait_seconds{base="lossie",resource="launch"}: 60, 120, 180, 240  tally
///   report_latency_seconds{flow="fuel_state"}: 1, 2, ..., 400 (exact)  quantile
SampleRun make_sample_run(core::Duration sample_every);

}  // namespace drill::io::testing
