// Measures over simulated time as one long-form CSV table (timeseries.csv),
// readable by pandas, duckdb and a spreadsheet without glue:
//
//   time,sim_hours,metric,<label columns>,value
//   2026-09-14T06:00:00Z,0,drill_sorties_flown_total,lossie,,0
//
// `time` is ISO 8601 UTC counted from the drill's calendar start, `sim_hours`
// the simulated hours since D+0 00:00. `metric` carries the unit
// Prometheus-style (`_tonnes`, `_seconds`, `_ratio`, `_total` for counters).
// The label columns are the entity kinds any measure uses, in EntityKind
// order (unit, squadron, base, resource, ...), each named after its kind and
// empty where a measure has no such label. Rows per series and snapshot,
// generated from the descriptors:
//   counter        NAME_UNIT_total: the total since the statistics start
//   gauge          NAME_UNIT: the value
//   time_weighted  NAME_UNIT: the time average over the interval since the
//                  previous row (or since the statistics start, after a
//                  reset or when instruments were added in between), so summing
//                  value x interval over the rows gives the integral, and the
//                  run's mean is that sum over the span
//   tally          NAME_UNIT_count, NAME_mean_UNIT, NAME_max_UNIT (so far)
//   quantile       as tally, plus NAME_p50_UNIT, _p90, _p95, _p99
// Numbers are shortest round-trip decimals. Label values are quoted (RFC
// 4180) when they hold a comma, a quote or a line break.
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "core/metrics/snapshot.hpp"
#include "io/utc_time.hpp"

namespace drill::io {

class TimeseriesCsv {
 public:
  TimeseriesCsv(std::ostream& out, CalendarStart calendar_start) : out_(out), start_(calendar_start) {}

  /// Appends a snapshot's rows; the first call writes the header, whose label
  /// columns are then fixed. Snapshots come in time order. Throws
  /// std::logic_error if a later snapshot has a label kind with no column.
  void add(const core::metrics::Snapshot& snapshot);
  std::uint64_t rows() const noexcept { return rows_; }

 private:
  /// Formats every row's `metric,<label columns>,` once per set of series.
  void prepare(const core::metrics::Snapshot& snapshot);

  std::ostream& out_;
  CalendarStart start_;
  std::vector<core::metrics::EntityKind> columns_;
  std::optional<core::metrics::Snapshot> previous_;
  std::vector<std::string> stems_;        // one per row, series by series
  std::vector<std::size_t> first_stem_;  // series i's rows start at stems_[first_stem_[i]]
  std::string buffer_;                   // one snapshot's rows
  std::uint64_t rows_ = 0;
};

}  // namespace drill::io
