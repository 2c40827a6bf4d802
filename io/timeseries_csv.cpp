#include "io/timeseries_csv.hpp"

#include <algorithm>
#include <array>
#include <stdexcept>
#include <string>
#include <string_view>

#include "io/metrics_prom.hpp"

namespace drill::io {

using core::metrics::Descriptor;
using core::metrics::EntityKind;
using core::metrics::InstrumentKind;
using core::metrics::Snapshot;
using core::metrics::Values;

namespace {

void csv_field(std::string& out, std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) {
    out += s;
    return;
  }
  out += '"';
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

}  // namespace

void TimeseriesCsv::add(const Snapshot& snap) {
  if (!previous_) {
    std::array<bool, core::metrics::kEntityKindCount> used{};
    for (const Descriptor& d : snap.descriptors())
      for (EntityKind k : d.labels) used[static_cast<std::size_t>(k)] = true;
    for (EntityKind k : core::metrics::kAllEntityKinds)
      if (used[static_cast<std::size_t>(k)]) columns_.push_back(k);
    std::string header = "time,sim_hours,metric";
    for (EntityKind k : columns_) {
      header += ',';
      header += core::metrics::to_string(k);
    }
    header += ",value\n";
    out_ << header;
  }
  // Interval start for time averages: the previous row's time, or the
  // statistics start if there was a reset since (or no previous row).
  const bool continues = previous_ && previous_->same_series(snap) && previous_->since() == snap.since() &&
                         previous_->time() >= snap.since();
  const double t1 = snap.time().seconds();
  const double t0 = continues ? previous_->time().seconds() : snap.since().seconds();

  const std::string prefix = iso8601_utc(start_, snap.time()) + ',' + prometheus_number(snap.time().hours()) + ',';
  std::string line;
  for (std::size_t i = 0; i < snap.size(); ++i) {
    const Descriptor& d = snap.descriptor(i);
    const auto& info = snap.series(i);
    std::string labels;
    for (EntityKind k : columns_) {
      labels += ',';
      const auto it = std::find_if(info.labels.begin(), info.labels.end(), [&](const auto& l) { return l.kind == k; });
      if (it != info.labels.end()) csv_field(labels, it->value);
    }
    for (const auto& l : info.labels)
      if (std::find(columns_.begin(), columns_.end(), l.kind) == columns_.end())
        throw std::logic_error("timeseries.csv: label '" + std::string(core::metrics::to_string(l.kind)) +
                               "' appeared after the header was written");
    const auto row = [&](const std::string& metric, double value) {
      line.clear();
      line += prefix;
      line += metric;
      line += labels;
      line += ',';
      line += prometheus_number(value);
      line += '\n';
      out_ << line;
      ++rows_;
    };
    const Values& v = snap.values(i);
    switch (d.kind) {
      case InstrumentKind::counter:
      case InstrumentKind::gauge: row(metric_name(d), v.value); break;
      case InstrumentKind::time_weighted: {
        double mean = v.value;
        if (t1 > t0) {
          const double before = continues ? previous_->values(i).integral : 0.0;
          mean = (v.integral - before) / (t1 - t0);
        }
        row(metric_name(d), mean);
        break;
      }
      case InstrumentKind::tally:
      case InstrumentKind::quantile:
        row(metric_name(d) + "_count", static_cast<double>(v.count));
        row(metric_name(d, "mean"), v.mean);
        row(metric_name(d, "max"), v.max);
        if (d.kind == InstrumentKind::quantile)
          for (std::size_t q = 0; q < v.quantiles.size(); ++q)
            row(metric_name(d, core::metrics::kReportedQuantileNames[q]), v.quantiles[q]);
        break;
    }
  }
  previous_ = snap;
}

}  // namespace drill::io
