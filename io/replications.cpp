#include "io/replications.hpp"

#include <cstdio>

#include "io/confidence.hpp"
#include "io/json_writer.hpp"

namespace drill::io {
namespace {

struct Measure {
  const char* key;
  const char* label;
  double scale;  // for the text table only (fractions shown as %)
  double (*get)(const models::DrillMeasures&);
};

constexpr std::array<Measure, kHeadlineMeasures> kMeasures = {{
    {"sorties_flown", "sorties flown", 1.0, [](const models::DrillMeasures& m) { return double(m.sorties_flown); }},
    {"sortie_generation_rate_per_aircraft_day", "sortie generation rate", 1.0,
     [](const models::DrillMeasures& m) { return m.sortie_generation_rate; }},
    {"mission_capable_rate", "mission-capable rate %", 100.0,
     [](const models::DrillMeasures& m) { return m.mission_capable_rate; }},
    {"tasks_on_time", "tasks on time", 1.0, [](const models::DrillMeasures& m) { return double(m.tasks_on_time); }},
    {"fuel_consumed_ships_t", "fuel consumed, ships t", 1.0,
     [](const models::DrillMeasures& m) { return m.fuel_consumed_ships_t; }},
    {"fuel_consumed_aircraft_t", "fuel consumed, aircraft t", 1.0,
     [](const models::DrillMeasures& m) { return m.fuel_consumed_aircraft_t; }},
    {"fuel_delivered_ras_t", "fuel delivered at sea t", 1.0,
     [](const models::DrillMeasures& m) { return m.fuel_delivered_ras_t; }},
    {"fuel_delivered_aar_t", "fuel delivered in air t", 1.0,
     [](const models::DrillMeasures& m) { return m.fuel_delivered_aar_t; }},
    {"hours_below_critical_fuel", "ship-hours below critical", 1.0,
     [](const models::DrillMeasures& m) { return m.hours_below_critical; }},
}};

}  // namespace

void ReplicationSet::add(const ReplicationRun& run) {
  if (rows_.empty()) end_ = run.measures.end;
  Row row{run.replication, run.fingerprint, run.events, {}};
  for (std::size_t i = 0; i < kMeasures.size(); ++i) {
    row.values[i] = kMeasures[i].get(run.measures);
    tallies_[i].add(row.values[i]);
  }
  for (char c : run.fingerprint) {
    fingerprint_hash_ ^= static_cast<unsigned char>(c);
    fingerprint_hash_ *= 0x100000001B3ULL;
  }
  events_ += run.events;
  rows_.push_back(std::move(row));
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

void ReplicationSet::write_json(const RunInfo& info, const std::function<void(std::string_view)>& sink) const {
  constexpr std::size_t kPiece = 64 * 1024;
  JsonWriter j;
  j.begin_object();
  j.field("format", "drillsim.replications");
  j.field("format_version", 1);
  j.field("drill", info.drill_name);
  j.field("config_hash", info.config_hash);
  j.field("seed", info.seed);
  j.field("replications", static_cast<std::uint64_t>(rows_.size()));
  j.field("fingerprint", fingerprint());
  j.key("measures").begin_object();
  for (std::size_t i = 0; i < kMeasures.size(); ++i) {
    const core::Tally& t = tallies_[i];
    j.key(kMeasures[i].key).begin_object();
    j.field("mean", t.mean());
    j.field("ci95_half_width", confidence_half_width_95(t));
    j.field("sd", t.stddev());
    j.field("min", t.min());
    j.field("max", t.max());
    j.end_object();
  }
  j.end_object();
  j.key("runs").begin_array();
  for (const Row& r : rows_) {
    j.begin_object();
    j.field("replication", r.replication);
    j.field("fingerprint", r.fingerprint);
    j.field("events", r.events);
    for (std::size_t i = 0; i < kMeasures.size(); ++i) j.field(kMeasures[i].key, r.values[i]);
    j.end_object();
    if (j.text_size() >= kPiece) sink(j.take_text());
  }
  j.end_array();
  j.end_object();
  sink(j.str());
}

std::string ReplicationSet::text(const RunInfo& info) const {
  std::string out;
  char line[256];
  std::snprintf(line, sizeof line, "drill %s: seed %llu, %zu replications\n", info.drill_name.c_str(),
                static_cast<unsigned long long>(info.seed), rows_.size());
  out += line;
  std::snprintf(line, sizeof line, "  %-28s %12s %12s %12s %12s\n", "measure", "mean", "95% CI +-", "min", "max");
  out += line;
  for (std::size_t i = 0; i < kMeasures.size(); ++i) {
    const core::Tally& t = tallies_[i];
    const double s = kMeasures[i].scale;
    std::snprintf(line, sizeof line, "  %-28s %12.3f %12.3f %12.3f %12.3f\n", kMeasures[i].label, s * t.mean(),
                  s * confidence_half_width_95(t), s * t.min(), s * t.max());
    out += line;
  }
  std::snprintf(line, sizeof line, "  events %llu, fingerprint %s\n", static_cast<unsigned long long>(events_),
                fingerprint().c_str());
  out += line;
  return out;
}

}  // namespace drill::io
