// Snapshots as drill.v1 protobuf messages: each series becomes a
// `drill.v1.Measure` generated from its descriptor (exported name, measure
// name, unit, help, kind, labels) and its values. summary_pb and, later, the
// live server's snapshot feed build on these.
#pragma once

#include <optional>

#include "core/metrics/snapshot.hpp"
#include "drill/v1/metrics.pb.h"
#include "io/utc_time.hpp"

namespace drill::io {

/// Appends one Measure per series of `snapshot`, in the snapshot's order.
void append_measures(const core::metrics::Snapshot& snapshot,
                     google::protobuf::RepeatedPtrField<drill::v1::Measure>& out);

/// `time` is ISO 8601 UTC from `calendar_start`; empty without one (the
/// drill has no calendar date: `time_us` alone says when).
drill::v1::MetricSnapshot to_metric_snapshot(const core::metrics::Snapshot& snapshot,
                                             std::optional<CalendarStart> calendar_start);

}  // namespace drill::io
