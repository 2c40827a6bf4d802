#include "io/replications.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <stdexcept>

#include "io/confidence.hpp"
#include "io/headline.hpp"
#include "io/json_writer.hpp"

namespace drill::io {
namespace {

using core::metrics::Snapshot;

bool same_series(const Snapshot& a, std::size_t i, const Snapshot& b) {
  if (i >= b.size() || a.descriptor(i).name != b.descriptor(i).name) return false;
  const auto& x = a.series(i).labels;
  const auto& y = b.series(i).labels;
  if (x.size() != y.size()) return false;
  for (std::size_t l = 0; l < x.size(); ++l)
    if (x[l].kind != y[l].kind || x[l].value != y[l].value) return false;
  return true;
}

std::string number(double v) {
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

/// A CSV field, quoted when it holds a comma, a quote or a line break.
std::string csv_field(std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

}  // namespace

void ReplicationSet::add(const ReplicationRun& run) {
  const Snapshot& s = run.final_snapshot;
  const bool first = !first_;
  if (!first && s.size() != first_->size())
    throw std::invalid_argument("replication " + std::to_string(run.replication) + " has other series than the first");
  if (!first && run.tasks.size() != tasks_.size())
    throw std::invalid_argument("replication " + std::to_string(run.replication) + " has other tasks than the first");
  for (std::size_t t = 0; !first && t < run.tasks.size(); ++t)
    if (run.tasks[t].name != tasks_[t].name)
      throw std::invalid_argument("replication " + std::to_string(run.replication) + " has other tasks than the first");
  if (first) {
    first_ = s;
    tallies_.resize(s.size());
    lines_ = headline_lines(s);
    line_tallies_.resize(lines_.size());
    for (const models::TaskOutcome& t : run.tasks) tasks_.push_back(TaskTally{.name = t.name});
  }
  for (std::size_t k = 0; k < s.size(); ++k) {
    if (!same_series(*first_, k, s))
      throw std::invalid_argument("replication " + std::to_string(run.replication) + " has other series than the first");
    tallies_[k].add(headline_value(s, k));
  }
  for (std::size_t l = 0; l < lines_.size(); ++l) line_tallies_[l].add(headline_value(s, lines_[l]));
  for (std::size_t t = 0; t < run.tasks.size(); ++t) {
    const models::TaskOutcome& outcome = run.tasks[t];
    TaskTally& tally = tasks_[t];
    if (outcome.on_time) {
      ++tally.on_time;
      continue;
    }
    ++(outcome.completed() ? tally.late : tally.not_done);
    const auto it = std::find_if(tally.reasons.begin(), tally.reasons.end(),
                                 [&](const auto& r) { return r.first == outcome.reason; });
    if (it != tally.reasons.end())
      ++it->second;
    else if (tally.reasons.size() < kMaxReasonsPerTask)
      tally.reasons.emplace_back(outcome.reason, 1);
    else
      ++tally.other_reasons;
  }
  for (char c : run.fingerprint) {
    fingerprint_hash_ ^= static_cast<unsigned char>(c);
    fingerprint_hash_ *= 0x100000001B3ULL;
  }
  events_ += run.events;
  rows_.push_back(Row{run.replication, run.fingerprint, run.events});
}

std::string ReplicationSet::fingerprint() const {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(fingerprint_hash_));
  return buf;
}

std::string ReplicationSet::json(const RunInfo& info) const {
  std::string out;
  write_json(info, [&](std::string_view piece) { out += piece; });
  return out;
}

void ReplicationSet::write_head(JsonWriter& j, const RunInfo& info) const {
  j.field("format", "drillsim.replications");
  j.field("format_version", 2);
  j.field("drill", info.drill_name);
  j.field("config_hash", info.config_hash);
  j.field("seed", info.seed);
  j.field("replications", static_cast<std::uint64_t>(rows_.size()));
  j.field("fingerprint", fingerprint());
  j.key("measures").begin_array();
  for (std::size_t k = 0; k < tallies_.size(); ++k) {
    const auto& d = first_->descriptor(k);
    const core::Tally& t = tallies_[k];
    j.begin_object();
    j.field("measure", d.name);
    j.field("metric", core::metrics::metric_name(d));
    j.key("labels").begin_object();
    for (const auto& l : first_->series(k).labels) j.field(l.name, l.value);
    j.end_object();
    j.field("unit", core::metrics::to_string(d.unit));
    j.field("statistic", headline_statistic(d));
    j.field("mean", t.mean());
    j.field("ci95_half_width", confidence_half_width_95(t));
    j.field("sd", t.stddev());
    j.field("min", t.min());
    j.field("max", t.max());
    j.end_object();
  }
  j.end_array();
}

std::string ReplicationSet::measures_json(const RunInfo& info) const {
  JsonWriter j;
  j.begin_object();
  write_head(j, info);
  j.end_object();
  return j.str();
}

void ReplicationSet::write_json(const RunInfo& info, const std::function<void(std::string_view)>& sink) const {
  constexpr std::size_t kPiece = 64 * 1024;
  JsonWriter j;
  j.begin_object();
  write_head(j, info);
  j.key("runs").begin_array();
  for (const Row& r : rows_) {
    j.begin_object();
    j.field("replication", r.replication);
    j.field("fingerprint", r.fingerprint);
    j.field("events", r.events);
    j.end_object();
    if (j.text_size() >= kPiece) sink(j.take_text());
  }
  j.end_array();
  j.end_object();
  sink(j.str());
}

std::string ReplicationSet::csv() const {
  std::string out = "measure,metric,labels,unit,statistic,mean,ci95_half_width,sd,min,max\n";
  for (std::size_t k = 0; k < tallies_.size(); ++k) {
    const auto& d = first_->descriptor(k);
    const core::Tally& t = tallies_[k];
    std::string labels;
    for (const auto& l : first_->series(k).labels)
      labels += (labels.empty() ? "" : ";") + l.name + "=" + l.value;
    out += csv_field(d.name) + "," + csv_field(core::metrics::metric_name(d)) + "," + csv_field(labels) + "," +
           std::string(core::metrics::to_string(d.unit)) + "," + std::string(headline_statistic(d)) + "," +
           number(t.mean()) + "," + number(confidence_half_width_95(t)) + "," + number(t.stddev()) + "," +
           number(t.min()) + "," + number(t.max()) + "\n";
  }
  return out;
}

std::string ReplicationSet::text(const RunInfo& info) const {
  std::string out;
  char line[512];
  std::snprintf(line, sizeof line, "drill %s: seed %llu, %zu replications\n", info.drill_name.c_str(),
                static_cast<unsigned long long>(info.seed), rows_.size());
  out += line;
  std::snprintf(line, sizeof line, "  %-50s %12s %12s %12s %12s\n", "measure", "mean", "95% CI +-", "min", "max");
  out += line;
  const auto row = [&](const core::metrics::Descriptor& d, const std::string& labels, const char* combined,
                       const core::Tally& t) {
    const DisplayUnit u = display_unit(d);
    std::string name = d.name;
    if (!labels.empty()) name += " " + labels;
    name += combined;
    if (!u.unit.empty()) name += ", " + std::string(u.unit);
    std::snprintf(line, sizeof line, "  %-50s %12.3f %12.3f %12.3f %12.3f\n", name.c_str(), u.scale * t.mean(),
                  u.scale * confidence_half_width_95(t), u.scale * t.min(), u.scale * t.max());
    out += line;
  };
  // Drill-wide series in snapshot order, then the labelled ones by line.
  if (first_)
    for (std::size_t k = 0; k < tallies_.size(); ++k)
      if (is_headline(*first_, k) && first_->series(k).labels.empty())
        row(first_->descriptor(k), "", "", tallies_[k]);
  for (std::size_t l = 0; l < lines_.size(); ++l) {
    const HeadlineLine& hl = lines_[l];
    row(first_->descriptor(hl.series.front()), hl.label,
        hl.combine == HeadlineLine::Combine::sum    ? " (sum)"
        : hl.combine == HeadlineLine::Combine::mean ? " (mean)"
                                                    : "",
        line_tallies_[l]);
  }
  if (!tasks_.empty()) {
    std::snprintf(line, sizeof line, "  %-50s %12s %12s %12s\n", "task", "on time", "late", "not done");
    out += line;
  }
  for (const TaskTally& t : tasks_) {
    std::snprintf(line, sizeof line, "  %-50s %12llu %12llu %12llu\n", t.name.c_str(),
                  static_cast<unsigned long long>(t.on_time), static_cast<unsigned long long>(t.late),
                  static_cast<unsigned long long>(t.not_done));
    out += line;
    // The most frequent reason; ties go to the one seen first.
    const auto most = std::max_element(t.reasons.begin(), t.reasons.end(),
                                       [](const auto& a, const auto& b) { return a.second < b.second; });
    if (most == t.reasons.end()) continue;
    const std::uint64_t not_on_time = t.late + t.not_done;
    out += "    why, " + std::to_string(most->second) + " of " + std::to_string(not_on_time) + ": " +
           (most->first.empty() ? std::string("(no reason given)") : most->first) + "\n";
    if (most->second < not_on_time)
      out += "    and " + std::to_string(not_on_time - most->second) + " for other reasons\n";
  }
  std::snprintf(line, sizeof line, "  events %llu, fingerprint %s\n", static_cast<unsigned long long>(events_),
                fingerprint().c_str());
  out += line;
  return out;
}

}  // namespace drill::io
