#include "core/metrics/descriptor.hpp"

#include <algorithm>
#include <stdexcept>

namespace drill::core::metrics {

std::string_view to_string(InstrumentKind kind) noexcept {
  switch (kind) {
    case InstrumentKind::counter: return "counter";
    case InstrumentKind::gauge: return "gauge";
    case InstrumentKind::time_weighted: return "time_weighted";
    case InstrumentKind::tally: return "tally";
    case InstrumentKind::quantile: return "quantile";
  }
  return "unknown";
}

std::string_view to_string(Unit unit) noexcept {
  switch (unit) {
    case Unit::none: return "";
    case Unit::ratio: return "ratio";
    case Unit::seconds: return "seconds";
    case Unit::tonnes: return "tonnes";
    case Unit::bytes: return "bytes";
    case Unit::meters: return "meters";
  }
  return "";
}

namespace {
std::string join(std::string_view a, std::string_view b) {
  std::string s(a);
  if (!b.empty()) {
    s += '_';
    s += b;
  }
  return s;
}
}  // namespace

std::string metric_name(const Descriptor& d) {
  std::string s = join(std::string(kMetricPrefix) + d.name, to_string(d.unit));
  if (d.kind == InstrumentKind::counter) s += "_total";
  return s;
}

std::string metric_name(const Descriptor& d, std::string_view statistic) {
  return join(join(std::string(kMetricPrefix) + d.name, statistic), to_string(d.unit));
}

std::string integral_metric_name(const Descriptor& d) { return join(metric_name(d, "integral"), "seconds"); }

std::vector<std::string> exported_names(const Descriptor& d) {
  std::vector<std::string> names{metric_name(d)};
  switch (d.kind) {
    case InstrumentKind::counter:
    case InstrumentKind::gauge: break;
    case InstrumentKind::time_weighted:
      names.push_back(metric_name(d, "mean"));
      names.push_back(metric_name(d, "max"));
      names.push_back(integral_metric_name(d));
      break;
    case InstrumentKind::quantile:
      for (std::string_view q : kReportedQuantileNames) names.push_back(metric_name(d, q));
      [[fallthrough]];
    case InstrumentKind::tally:
      names.push_back(metric_name(d) + "_sum");
      names.push_back(metric_name(d) + "_count");
      for (std::string_view s : {"mean", "min", "max", "stddev"}) names.push_back(metric_name(d, s));
      break;
  }
  return names;
}

void validate(const Descriptor& d, const KindTable& kinds) {
  const auto fail = [&](const std::string& why) {
    throw std::invalid_argument("measure '" + d.name + "': " + why);
  };
  if (d.name.empty()) fail("needs a name");
  if (!(d.name.front() >= 'a' && d.name.front() <= 'z')) fail("name must start with a lower-case letter");
  for (char c : d.name)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'))
      fail("name must be snake_case (a-z, 0-9, _)");
  if (d.name.back() == '_' || d.name.find("__") != std::string::npos) fail("name has a stray underscore");
  if (d.name.ends_with("_total")) fail("name must not end in _total (counters get it when exported)");
  if (d.help.empty()) fail("needs a help text");
  if (d.help.find('\n') != std::string::npos) fail("help text must be one line");
  if (d.labels.size() > kMaxLabels) fail("at most " + std::to_string(kMaxLabels) + " labels");
  for (std::size_t i = 0; i < d.labels.size(); ++i) {
    if (!kinds.contains(d.labels[i]))
      fail("label " + std::to_string(i + 1) + " is kind number " + std::to_string(d.labels[i].value) +
           ", which the collector's kinds do not have");
    if (std::count(d.labels.begin(), d.labels.end(), d.labels[i]) > 1)
      fail("label '" + kinds.name(d.labels[i]) + "' appears twice");
  }
  if (d.headline == Headline::per_day && d.kind != InstrumentKind::counter) fail("only a counter is shown per day");
}

}  // namespace drill::core::metrics
