// The final values of every measure in the Prometheus text exposition format
// (version 0.0.4), as node-exporter's textfile collector and
// `promtool check metrics` accept it (metrics.prom).
//
// Generated from a snapshot's descriptors, one metric family per line group:
//   counter        NAME_UNIT_total                       counter
//   gauge          NAME_UNIT                             gauge
//   time_weighted  NAME_UNIT (level at the end), NAME_mean_UNIT, NAME_max_UNIT,
//                  NAME_integral_UNIT_seconds            gauges
//   tally          NAME_UNIT                             summary (_sum, _count)
//                  NAME_min_UNIT, NAME_max_UNIT, NAME_stddev_UNIT  gauges
//   quantile       as tally, the summary with quantile="0.5|0.9|0.95|0.99"
// Labels are the entity names (unit="...", base="..."); measures with no
// instrument are left out. First, drill_statistics_since_seconds (gauge):
// the simulated time from D+0 at which the statistics start (0, or the
// warm-up). Deterministic: same snapshot, same bytes.
#pragma once

#include <string>
#include <string_view>

#include "core/metrics/snapshot.hpp"

namespace drill::io {

inline constexpr std::string_view kStatisticsSinceName = "drill_statistics_since_seconds";

std::string prometheus_text(const core::metrics::Snapshot& snapshot);

/// A number as the exposition format writes it: shortest round-trip decimal,
/// `NaN`, `+Inf`, `-Inf`.
std::string prometheus_number(double v);

}  // namespace drill::io
