#include "io/run_report.hpp"

#include <cstdio>

#include "core/metrics/entity.hpp"
#include "io/headline.hpp"

namespace drill::io {

namespace {

using core::metrics::EntityKind;
using core::metrics::InstrumentKind;

/// The headline figure of series `i`, with the maximum for waits and tallies.
std::string shown(const core::metrics::Snapshot& s, std::size_t i) {
  const auto& d = s.descriptor(i);
  std::string text = format_headline(d, headline_value(s, i));
  if (d.kind == InstrumentKind::tally || d.kind == InstrumentKind::quantile)
    text = "mean " + text + ", max " + format_headline(d, s.values(i).max) + ", n " +
           std::to_string(s.values(i).count);
  return text;
}

bool labelled_by_task(const core::metrics::SeriesInfo& series, const std::string& task) {
  return series.labels.size() == 1 && series.labels[0].kind == EntityKind::task && series.labels[0].value == task;
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

  // Every other headline measure with labels: its name once, then its series.
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto& series = s.series(i);
    if (!is_headline(s, i) || series.labels.empty() ||
        (series.labels.size() == 1 && series.labels[0].kind == EntityKind::task))
      continue;
    if (i == 0 || s.series(i - 1).measure != series.measure) add("  %s\n", s.descriptor(i).name.c_str());
    add("    %-28s %s\n", label_text(series).c_str(), shown(s, i).c_str());
  }
  add("  events %llu, fingerprint %s\n", static_cast<unsigned long long>(info.events), info.fingerprint.c_str());
  return out;
}

}  // namespace drill::io
