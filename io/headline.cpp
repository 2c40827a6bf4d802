#include "io/headline.hpp"

#include <cmath>
#include <cstdio>

namespace drill::io {

using core::metrics::Descriptor;
using core::metrics::Headline;
using core::metrics::InstrumentKind;
using core::metrics::Unit;

bool is_headline(const core::metrics::Snapshot& s, std::size_t i) noexcept {
  return s.descriptor(i).headline != Headline::no;
}

double headline_value(const core::metrics::Snapshot& s, std::size_t i) noexcept {
  const Descriptor& d = s.descriptor(i);
  const core::metrics::Values& v = s.values(i);
  if (d.headline == Headline::per_day) {
    const double days = (s.time() - s.since()).hours() / 24.0;
    return days > 0 ? v.value / days : 0.0;
  }
  switch (d.kind) {
    case InstrumentKind::counter:
    case InstrumentKind::gauge: return v.value;
    case InstrumentKind::time_weighted:
    case InstrumentKind::tally:
    case InstrumentKind::quantile: return v.mean;
  }
  return v.value;
}

std::string_view headline_statistic(const Descriptor& d) noexcept {
  if (d.headline == Headline::per_day) return "per_day";
  return d.kind == InstrumentKind::counter || d.kind == InstrumentKind::gauge ? "value" : "mean";
}

std::string format_headline(const Descriptor& d, double value) {
  char buf[64];
  if (d.headline == Headline::per_day) {
    std::snprintf(buf, sizeof buf, "%.2f per day", value);
    return buf;
  }
  switch (d.unit) {
    case Unit::seconds: std::snprintf(buf, sizeof buf, "%.2f h", value / 3600.0); break;
    case Unit::ratio: std::snprintf(buf, sizeof buf, "%.1f%%", 100.0 * value); break;
    case Unit::tonnes: std::snprintf(buf, sizeof buf, "%.1f t", value); break;
    case Unit::bytes: std::snprintf(buf, sizeof buf, "%.0f B", value); break;
    case Unit::meters: std::snprintf(buf, sizeof buf, "%.1f nm", value / 1852.0); break;
    case Unit::none:
      if (value == std::floor(value) && std::fabs(value) < 1e15)
        std::snprintf(buf, sizeof buf, "%.0f", value);
      else
        std::snprintf(buf, sizeof buf, "%.2f", value);
      break;
  }
  return buf;
}

DisplayUnit display_unit(const Descriptor& d) noexcept {
  if (d.headline == Headline::per_day) return {1.0, "per day"};
  switch (d.unit) {
    case Unit::seconds: return {1.0 / 3600.0, "h"};
    case Unit::ratio: return {100.0, "%"};
    case Unit::tonnes: return {1.0, "t"};
    case Unit::bytes: return {1.0, "B"};
    case Unit::meters: return {1.0 / 1852.0, "nm"};
    case Unit::none: break;
  }
  return {1.0, ""};
}

std::string label_text(const core::metrics::SeriesInfo& series) {
  std::string out;
  for (const auto& l : series.labels) out += (out.empty() ? "" : "/") + l.value;
  return out;
}

}  // namespace drill::io
