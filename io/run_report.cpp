#include "io/run_report.hpp"

#include <cstdio>

#include "core/metrics/entity.hpp"
#include "io/headline.hpp"
#include "models/entity_kinds.hpp"

namespace drill::io {

namespace {
using core::metrics::InstrumentKind;

/// The headline figure of series `i`; for tallies the mean, the maximum and
/// the count, and for quantiles (waits, message latency) the reported
/// percentiles too.
std::string shown(const core::metrics::Snapshot& s, std::size_t i) {
  const auto& d = s.descriptor(i);
  std::string text = format_headline(d, headline_value(s, i));
  if (d.kind == InstrumentKind::tally || d.kind == InstrumentKind::quantile) {
    const core::metrics::Values& v = s.values(i);
    text = "mean " + text;
    if (d.kind == InstrumentKind::quantile)
      for (std::size_t q = 0; q < v.quantiles.size(); ++q)
        text += ", " + std::string(core::metrics::kReportedQuantileNames[q]) + " " + format_headline(d, v.quantiles[q]);
    text += ", max " + format_headline(d, v.max) + ", n " + std::to_string(v.count);
  }
  return text;
}

/// A printout line: one series as `shown`, or a group's sum or mean.
std::string shown(const core::metrics::Snapshot& s, const HeadlineLine& line) {
  if (line.combine == HeadlineLine::Combine::one) return shown(s, line.series.front());
  const std::string n = std::to_string(line.series.size());
  const std::string value = format_headline(s.descriptor(line.series.front()), headline_value(s, line));
  return line.combine == HeadlineLine::Combine::sum ? value + ", sum of " + n + " series"
                                                    : value + ", mean of " + n + " series";
}

bool labelled_by_task(const core::metrics::SeriesInfo& series, const std::string& task) {
  return series.labels.size() == 1 && series.labels[0].kind == models::kind::task && series.labels[0].value == task;
}

}  // namespace

std::string summary_text(const core::metrics::Snapshot& s, const std::vector<models::TaskOutcome>& tasks,
                         const RunInfo& info) {
  std::string out;
  char line[512];
  auto add = [&](const char* fmt, auto... args) {
    std::snprintf(line, sizeof line, fmt, args...);
    out += line;
  };
  add("drill %s: seed %llu, replication %llu, ran to %s\n", info.drill_name.c_str(),
      static_cast<unsigned long long>(info.seed), static_cast<unsigned long long>(info.replication),
      core::format(s.time()).c_str());
  if (s.since() > core::SimTime::zero())
    add("  statistics from %s (warm-up)\n", core::format(s.since()).c_str());
  for (std::size_t i = 0; i < s.size(); ++i)
    if (is_headline(s, i) && s.series(i).labels.empty())
      add("  %-30s %s\n", s.descriptor(i).name.c_str(), shown(s, i).c_str());

  if (!tasks.empty()) out += "  tasks\n";
  for (const auto& t : tasks) {
    add("    %-26s %-16s %s", t.name.c_str(), t.kind.c_str(),
        t.on_time ? "on time" : (t.completed() ? "late" : "not done"));
    for (std::size_t i = 0; i < s.size(); ++i)
      if (is_headline(s, i) && labelled_by_task(s.series(i), t.name))
        add(", %s %s", s.descriptor(i).name.c_str(), shown(s, i).c_str());
    out += "\n";
    if (!t.reason.empty()) out += "      why: " + t.reason + "\n";
  }

  // Every other headline measure with labels: its name once, then its
  // lines (a series each; measures with several label kinds, a line per
  // value of the first).
  const core::metrics::MeasureId none{~0u};
  core::metrics::MeasureId previous = none;
  for (const HeadlineLine& line : headline_lines(s)) {
    const std::size_t i = line.series.front();
    const auto& series = s.series(i);
    if (series.labels.size() == 1 && series.labels[0].kind == models::kind::task) continue;
    if (series.measure != previous) add("  %s\n", s.descriptor(i).name.c_str());
    previous = series.measure;
    add("    %-28s %s\n", line.label.c_str(), shown(s, line).c_str());
  }
  add("  events %llu, fingerprint %s\n", static_cast<unsigned long long>(info.events), info.fingerprint.c_str());
  return out;
}

}  // namespace drill::io
