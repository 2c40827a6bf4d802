#include "io/headline.hpp"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <map>
#include <utility>

#include "models/entity_kinds.hpp"

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

DisplayUnit display_unit(std::string_view unit, std::string_view statistic) noexcept {
  Descriptor d;
  for (const Unit u : {Unit::ratio, Unit::seconds, Unit::tonnes, Unit::bytes, Unit::meters})
    if (core::metrics::to_string(u) == unit) d.unit = u;
  if (statistic == "per_day") d.headline = Headline::per_day;  // headline_statistic's name
  return display_unit(d);
}

std::string format_figure(double value, const DisplayUnit& u, int digits) {
  char text[48];
  std::snprintf(text, sizeof text, "%.*g", digits, value * u.scale);
  std::string out = text;
  if (!u.unit.empty()) out += (u.unit == "%" ? "" : " ") + std::string(u.unit);
  return out;
}

std::string label_text(const core::metrics::SeriesInfo& series) {
  std::string out;
  for (const auto& l : series.labels) out += (out.empty() ? "" : "/") + l.value;
  return out;
}

bool crosses_entities(const Descriptor& d) noexcept {
  // A base and its resource name one thing (lossie/launch), not two.
  const bool base_resource =
      d.labels.size() == 2 && d.labels[0] == models::kind::base && d.labels[1] == models::kind::resource;
  return d.labels.size() >= 2 && !base_resource;
}

std::vector<HeadlineLine> headline_lines(const core::metrics::Snapshot& s) {
  std::vector<HeadlineLine> lines;
  // (measure, first label's value) -> its line, for grouped measures.
  std::map<std::pair<std::uint32_t, std::string>, std::size_t> groups;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (!is_headline(s, i)) continue;
    const core::metrics::SeriesInfo& series = s.series(i);
    if (series.labels.empty()) continue;
    const Descriptor& d = s.descriptor(i);
    const bool mergeable = d.kind != InstrumentKind::tally && d.kind != InstrumentKind::quantile;
    if (!crosses_entities(d) || !mergeable) {
      lines.push_back(HeadlineLine{{i}, HeadlineLine::Combine::one, label_text(series)});
      continue;
    }
    const auto [it, added] = groups.try_emplace({series.measure.index, series.labels[0].value}, lines.size());
    if (added)
      lines.push_back(HeadlineLine{{}, d.kind == InstrumentKind::counter ? HeadlineLine::Combine::sum
                                                                          : HeadlineLine::Combine::mean,
                                   series.labels[0].value});
    lines[it->second].series.push_back(i);
  }
  return lines;
}

double headline_value(const core::metrics::Snapshot& s, const HeadlineLine& line) noexcept {
  double total = 0.0;
  for (std::size_t i : line.series) total += headline_value(s, i);
  return line.combine == HeadlineLine::Combine::mean && !line.series.empty()
             ? total / static_cast<double>(line.series.size())
             : total;
}

}  // namespace drill::io
