#include "io/timeseries_csv.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>

#include "io/metrics_prom.hpp"
#include "io/csv_field.hpp"

namespace drill::io {

using core::metrics::Descriptor;
using core::metrics::EntityKind;
using core::metrics::InstrumentKind;
using core::metrics::Change;
using core::metrics::Changes;
using core::metrics::Values;

namespace {

void csv_field(std::string& out, std::string_view s) { append_csv_field(out, s); }

/// Appends prometheus_number(v) without a temporary string.
void append_number(std::string& out, double v) {
  if (std::isnan(v)) {
    out += "NaN";
  } else if (std::isinf(v)) {
    out += v > 0 ? "+Inf" : "-Inf";
  } else {
    char buf[32];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, r.ptr);
  }
}

}  // namespace

void TimeseriesCsv::prepare(const core::metrics::Catalog& catalog) {
  stems_.clear();
  first_stem_.clear();
  first_stem_.reserve(catalog.series.size());
  std::string labels;
  for (const core::metrics::SeriesInfo& info : catalog.series) {
    const Descriptor& d = catalog.descriptors[info.measure.index];
    for (const auto& l : info.labels)
      if (std::find(columns_.begin(), columns_.end(), l.kind) == columns_.end())
        throw std::logic_error("timeseries.csv: label '" + l.name + "' appeared after the header was written");
    labels.clear();
    for (EntityKind k : columns_) {
      labels += ',';
      const auto it = std::find_if(info.labels.begin(), info.labels.end(), [&](const auto& l) { return l.kind == k; });
      if (it != info.labels.end()) csv_field(labels, it->value);
    }
    labels += ',';
    first_stem_.push_back(stems_.size());
    const auto stem = [&](const std::string& metric) { stems_.push_back(metric + labels); };
    switch (d.kind) {
      case InstrumentKind::counter:
      case InstrumentKind::gauge: stem(metric_name(d)); break;
      case InstrumentKind::time_weighted:
        stem(metric_name(d));
        stem(core::metrics::integral_metric_name(d));
        break;
      case InstrumentKind::tally:
      case InstrumentKind::quantile:
        stem(metric_name(d) + "_count");
        stem(metric_name(d, "mean"));
        stem(metric_name(d, "max"));
        if (d.kind == InstrumentKind::quantile)
          for (std::string_view q : core::metrics::kReportedQuantileNames) stem(metric_name(d, q));
        break;
    }
  }
}

void TimeseriesCsv::add(const Changes& changes) {
  const core::metrics::Catalog& catalog = changes.catalog();
  if (!header_written_) {
    std::vector<bool> used(catalog.kinds.size());
    for (const Descriptor& d : catalog.descriptors)
      for (EntityKind k : d.labels) used[k.value] = true;
    for (std::size_t i = 0; i < used.size(); ++i)
      if (used[i]) columns_.push_back(catalog.kinds.kind(i));
    std::string header = "time,sim_hours,metric";
    for (EntityKind k : columns_) {
      header += ',';
      header += catalog.kinds.name(k);
    }
    header += ",value\n";
    out_ << header;
    header_written_ = true;
  }
  if (changes.changed().empty()) return;
  if (catalog_.get() != &catalog) {
    prepare(catalog);
    catalog_ = changes.shared_catalog();
  }

  if (start_) {
    char time[32];
    prefix_.assign(time, iso8601_utc(*start_, changes.time(), std::span<char, 32>(time)));
  } else {
    prefix_ = core::format(changes.time());
  }
  prefix_ += ',';
  append_number(prefix_, changes.time().hours());
  prefix_ += ',';
  buffer_.clear();
  for (const Change& c : changes.changed()) {
    const Descriptor& d = changes.descriptor(c);
    const std::string* stem = &stems_[first_stem_[c.series]];
    const auto row = [&](double value) {
      buffer_ += prefix_;
      buffer_ += *stem++;
      append_number(buffer_, value);
      buffer_ += '\n';
      ++rows_;
    };
    const Values& v = c.values;
    switch (d.kind) {
      case InstrumentKind::counter:
      case InstrumentKind::gauge: row(v.value); break;
      case InstrumentKind::time_weighted:
        row(v.value);
        row(v.integral);
        break;
      case InstrumentKind::tally:
      case InstrumentKind::quantile:
        row(static_cast<double>(v.count));
        row(v.mean);
        row(v.max);
        if (d.kind == InstrumentKind::quantile)
          for (double q : v.quantiles) row(q);
        break;
    }
  }
  out_.write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
}

}  // namespace drill::io
