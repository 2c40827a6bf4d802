#include "io/metric_snapshot_pb.hpp"

#include <string>

namespace drill::io {

using core::metrics::InstrumentKind;
using core::metrics::kReportedQuantiles;

namespace {
drill::v1::MetricKind metric_kind_proto(InstrumentKind k) {
  switch (k) {
    case InstrumentKind::counter: return drill::v1::METRIC_KIND_COUNTER;
    case InstrumentKind::gauge: return drill::v1::METRIC_KIND_GAUGE;
    case InstrumentKind::time_weighted: return drill::v1::METRIC_KIND_TIME_WEIGHTED;
    case InstrumentKind::tally: return drill::v1::METRIC_KIND_TALLY;
    case InstrumentKind::quantile: return drill::v1::METRIC_KIND_QUANTILE;
  }
  return drill::v1::METRIC_KIND_UNSPECIFIED;
}
}  // namespace

void append_measures(const core::metrics::Snapshot& snap, google::protobuf::RepeatedPtrField<drill::v1::Measure>& out) {
  out.Reserve(out.size() + static_cast<int>(snap.size()));
  for (std::size_t i = 0; i < snap.size(); ++i) {
    const auto& d = snap.descriptor(i);
    const auto& v = snap.values(i);
    drill::v1::Measure& m = *out.Add();
    m.set_name(metric_name(d));
    m.set_measure(d.name);
    m.set_unit(std::string(to_string(d.unit)));
    m.set_help(d.help);
    m.set_kind(metric_kind_proto(d.kind));
    for (const auto& l : snap.series(i).labels) {
      auto& label = *m.add_labels();
      label.set_name(l.name);
      label.set_value(l.value);
    }
    m.set_value(v.value);
    switch (d.kind) {
      case InstrumentKind::counter:
      case InstrumentKind::gauge: break;
      case InstrumentKind::time_weighted:
        m.set_mean(v.mean);
        m.set_max(v.max);
        m.set_integral(v.integral);
        break;
      case InstrumentKind::quantile:
        for (std::size_t q = 0; q < kReportedQuantiles.size(); ++q) {
          auto& qv = *m.add_quantiles();
          qv.set_quantile(kReportedQuantiles[q]);
          qv.set_value(v.quantiles[q]);
        }
        [[fallthrough]];
      case InstrumentKind::tally:
        m.set_count(v.count);
        m.set_sum(v.sum);
        m.set_mean(v.mean);
        m.set_stddev(v.stddev);
        m.set_min(v.min);
        m.set_max(v.max);
        break;
    }
  }
}

drill::v1::MetricSnapshot to_metric_snapshot(const core::metrics::Snapshot& snap,
                                             std::optional<CalendarStart> calendar_start) {
  drill::v1::MetricSnapshot s;
  s.set_time_us(snap.time().ticks());
  s.set_since_us(snap.since().ticks());
  if (calendar_start) s.set_time(iso8601_utc(*calendar_start, snap.time()));
  append_measures(snap, *s.mutable_measures());
  return s;
}

}  // namespace drill::io
