// Measures over simulated time as one long-form CSV table (timeseries.csv),
// readable by pandas, duckdb and a spreadsheet without glue:
//
//   time,sim_hours,metric,<label columns>,value
//   2026-09-14T06:00:00Z,0,drill_sorties_flown_total,lossie,,0
//
// `time` is ISO 8601 UTC counted from the drill's calendar start; a drill
// without one has no calendar date, and `time` is then the D+ time
// (`D+1 06:00:00`, as core::format writes it), never a 1970 date. `sim_hours`
// is the simulated hours since D+0 00:00. `metric` carries the unit
// Prometheus-style (`_tonnes`, `_seconds`, `_ratio`, `_total` for counters).
// The label columns are the entity kinds any measure uses, in the order of
// the collector's kind table (the drill's: unit, squadron, base, resource,
// ...), each named after its kind and empty where a measure has no such label.
//
// Changed-only rows (a format decision: the cost of sampling follows what
// happened, not samples x series). Each `add` writes the rows of the series
// in a collector `Changes` read: the run engine reads everything at the
// first sample, at a warm-up reset and at the end, and only the series
// updated since the previous sample in between. A series without a row at
// a sample time holds its previous row's values: a reader forward-fills
// (pandas: `df.pivot(index="sim_hours", columns=["metric"] + label columns,
// values="value").ffill()`, README). Rows per series, from the descriptors:
//   counter        NAME_UNIT_total: the total since the statistics start
//   gauge          NAME_UNIT: the value
//   time_weighted  NAME_UNIT: the level at the row's time, and
//                  NAME_integral_UNIT_seconds: its integral since the
//                  statistics start. Between a row at t0 and the series'
//                  next row the level did not change, so the integral at any
//                  sample time t in between is exactly integral + level x
//                  (t - t0); the mean over [a, b] is the difference of the
//                  integrals over b - a.
//   tally          NAME_UNIT_count, NAME_mean_UNIT, NAME_max_UNIT (so far)
//   quantile       as tally, plus NAME_p50_UNIT, _p90, _p95, _p99
// Numbers are shortest round-trip decimals. Label values are quoted (RFC
// 4180) when they hold a comma, a quote or a line break.
//
// Cost per add: the rows of the listed series only; the metric-and-labels
// part of each row is formatted once per set of series, numbers with
// std::to_chars into one reused buffer (no allocation in steady state).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "core/metrics/changes.hpp"
#include "io/utc_time.hpp"

namespace drill::io {

class TimeseriesCsv {
 public:
  /// Without a calendar start, `time` holds D+ times.
  TimeseriesCsv(std::ostream& out, std::optional<CalendarStart> calendar_start)
      : out_(out), start_(calendar_start) {}

  /// Appends the rows of the series `changes` lists; the first call writes
  /// the header, whose label columns are then fixed. Reads come in time
  /// order. Throws std::logic_error if a later read has a label kind with
  /// no column.
  void add(const core::metrics::Changes& changes);
  std::uint64_t rows() const noexcept { return rows_; }

 private:
  /// Formats every row's `metric,<label columns>,` once per set of series.
  void prepare(const core::metrics::Catalog& catalog);

  std::ostream& out_;
  std::optional<CalendarStart> start_;
  std::vector<core::metrics::EntityKind> columns_;
  bool header_written_ = false;
  std::shared_ptr<const core::metrics::Catalog> catalog_;  // the one stems_ were made for
  std::vector<std::string> stems_;        // one per row, series by series
  std::vector<std::size_t> first_stem_;  // series i's rows start at stems_[first_stem_[i]]
  std::string prefix_;                   // `time,sim_hours,` of the current read
  std::string buffer_;                   // one read's rows
  std::uint64_t rows_ = 0;
};

}  // namespace drill::io
