#include "io/metrics_prom.hpp"

#include <charconv>
#include <cmath>
#include <cstddef>
#include <string_view>

namespace drill::io {

using core::metrics::Descriptor;
using core::metrics::InstrumentKind;
using core::metrics::kReportedQuantiles;
using core::metrics::SeriesInfo;
using core::metrics::Snapshot;
using core::metrics::Values;

std::string prometheus_number(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  char buf[32];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

namespace {

void escape_into(std::string& out, std::string_view s, bool quote) {
  for (char c : s) {
    if (c == '\\') out += "\\\\";
    else if (c == '\n') out += "\\n";
    else if (quote && c == '"') out += "\\\"";
    else out += c;
  }
}

class Writer {
 public:
  explicit Writer(std::string& out) : out_(out) {}

  void family(const std::string& name, std::string_view type, std::string_view help) {
    out_ += "# HELP " + name + ' ';
    escape_into(out_, help, false);
    out_ += "\n# TYPE " + name + ' ';
    out_ += type;
    out_ += '\n';
  }
  void sample(const std::string& name, const SeriesInfo& s, double v, const char* quantile = nullptr) {
    out_ += name;
    if (!s.labels.empty() || quantile) {
      out_ += '{';
      bool first = true;
      for (const auto& l : s.labels) {
        if (!first) out_ += ',';
        first = false;
        out_ += l.name;
        out_ += "=\"";
        escape_into(out_, l.value, true);
        out_ += '"';
      }
      if (quantile) {
        if (!first) out_ += ',';
        out_ += "quantile=\"";
        out_ += quantile;
        out_ += '"';
      }
      out_ += '}';
    }
    out_ += ' ';
    out_ += prometheus_number(v);
    out_ += '\n';
  }

 private:
  std::string& out_;
};

}  // namespace

std::string prometheus_text(const Snapshot& snap) {
  std::string out;
  Writer w(out);
  w.family(std::string(kStatisticsSinceName), "gauge",
           "Simulated seconds from D+0 at which the statistics start: 0, or the warm-up.");
  w.sample(std::string(kStatisticsSinceName), SeriesInfo{}, snap.since().seconds());
  std::size_t i = 0;
  const auto& descriptors = snap.descriptors();
  for (std::size_t m = 0; m < descriptors.size(); ++m) {
    // The series of measure m are contiguous (snapshots order them by measure).
    const std::size_t first = i;
    while (i < snap.size() && snap.series(i).measure.index == m) ++i;
    if (first == i) continue;
    const Descriptor& d = descriptors[m];
    // One family: HELP and TYPE, then `value(series)` for every series.
    const auto each = [&](const std::string& name, std::string_view type, const std::string& help, auto value) {
      w.family(name, type, help);
      for (std::size_t k = first; k < i; ++k) w.sample(name, snap.series(k), value(snap.values(k)));
    };
    switch (d.kind) {
      case InstrumentKind::counter:
        each(metric_name(d), "counter", d.help, [](const Values& v) { return v.value; });
        break;
      case InstrumentKind::gauge:
        each(metric_name(d), "gauge", d.help, [](const Values& v) { return v.value; });
        break;
      case InstrumentKind::time_weighted:
        each(metric_name(d), "gauge", d.help, [](const Values& v) { return v.value; });
        each(metric_name(d, "mean"), "gauge", "Time average of: " + d.help, [](const Values& v) { return v.mean; });
        each(metric_name(d, "max"), "gauge", "Maximum of: " + d.help, [](const Values& v) { return v.max; });
        each(integral_metric_name(d), "gauge", "Integral over simulated time (unit-seconds) of: " + d.help,
             [](const Values& v) { return v.integral; });
        break;
      case InstrumentKind::tally:
      case InstrumentKind::quantile: {
        const std::string name = metric_name(d);
        w.family(name, "summary", d.help);
        for (std::size_t k = first; k < i; ++k) {
          const Values& v = snap.values(k);
          if (d.kind == InstrumentKind::quantile) {
            for (std::size_t q = 0; q < kReportedQuantiles.size(); ++q)
              w.sample(name, snap.series(k), v.quantiles[q], prometheus_number(kReportedQuantiles[q]).c_str());
          }
          w.sample(name + "_sum", snap.series(k), v.sum);
          w.sample(name + "_count", snap.series(k), static_cast<double>(v.count));
        }
        each(metric_name(d, "min"), "gauge", "Minimum of: " + d.help, [](const Values& v) { return v.min; });
        each(metric_name(d, "max"), "gauge", "Maximum of: " + d.help, [](const Values& v) { return v.max; });
        each(metric_name(d, "stddev"), "gauge", "Sample standard deviation of: " + d.help,
             [](const Values& v) { return v.stddev; });
        break;
      }
    }
  }
  return out;
}

}  // namespace drill::io
