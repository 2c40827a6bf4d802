#include "io/replications.hpp"

#include <cstdio>
#include <functional>

#include "core/statistics.hpp"
#include "io/json_writer.hpp"

namespace drill::io {
namespace {

struct Measure {
  const char* key;
  const char* label;
  double scale;  // for the text table only (fractions shown as %)
  std::function<double(const models::DrillMeasures&)> get;
};

const std::vector<Measure>& headline_measures() {
  static const std::vector<Measure> kMeasures = {
      {"sorties_flown", "sorties flown", 1.0, [](const auto& m) { return double(m.sorties_flown); }},
      {"sortie_generation_rate_per_aircraft_day", "sortie generation rate", 1.0,
       [](const auto& m) { return m.sortie_generation_rate; }},
      {"mission_capable_rate", "mission-capable rate %", 100.0, [](const auto& m) { return m.mission_capable_rate; }},
      {"tasks_on_time", "tasks on time", 1.0, [](const auto& m) { return double(m.tasks_on_time); }},
      {"fuel_consumed_ships_t", "fuel consumed, ships t", 1.0, [](const auto& m) { return m.fuel_consumed_ships_t; }},
      {"fuel_consumed_aircraft_t", "fuel consumed, aircraft t", 1.0,
       [](const auto& m) { return m.fuel_consumed_aircraft_t; }},
      {"fuel_delivered_ras_t", "fuel delivered at sea t", 1.0, [](const auto& m) { return m.fuel_delivered_ras_t; }},
      {"fuel_delivered_aar_t", "fuel delivered in air t", 1.0, [](const auto& m) { return m.fuel_delivered_aar_t; }},
      {"hours_below_critical_fuel", "ship-hours below critical", 1.0,
       [](const auto& m) { return m.hours_below_critical; }},
  };
  return kMeasures;
}

core::Tally tally(const std::vector<ReplicationRun>& runs, const Measure& m) {
  core::Tally t;
  for (const auto& r : runs) t.add(m.get(r.measures));
  return t;
}

}  // namespace

std::string combined_fingerprint(const std::vector<ReplicationRun>& runs) {
  std::uint64_t h = 0xCBF29CE484222325ULL;
  for (const auto& r : runs)
    for (char c : r.fingerprint) {
      h ^= static_cast<unsigned char>(c);
      h *= 0x100000001B3ULL;
    }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

std::string replications_json(const std::vector<ReplicationRun>& runs, const RunInfo& info) {
  JsonWriter j;
  j.begin_object();
  j.field("format", "drillsim.replications");
  j.field("format_version", 1);
  j.field("drill", info.drill_name);
  j.field("config_hash", info.config_hash);
  j.field("seed", info.seed);
  j.field("replications", static_cast<std::uint64_t>(runs.size()));
  j.key("measures").begin_object();
  for (const Measure& m : headline_measures()) {
    const core::Tally t = tally(runs, m);
    j.key(m.key).begin_object();
    j.field("mean", t.mean());
    j.field("ci95_half_width", core::ci95_half_width(t));
    j.field("sd", t.stddev());
    j.field("min", t.min());
    j.field("max", t.max());
    j.end_object();
  }
  j.end_object();
  j.key("runs").begin_array();
  for (const auto& r : runs) {
    j.begin_object();
    j.field("replication", r.replication);
    j.field("fingerprint", r.fingerprint);
    j.field("events", r.events);
    for (const Measure& m : headline_measures()) j.field(m.key, m.get(r.measures));
    j.end_object();
  }
  j.end_array();
  j.end_object();
  return j.str();
}

std::string replications_text(const std::vector<ReplicationRun>& runs, const RunInfo& info) {
  std::string out;
  char line[256];
  std::snprintf(line, sizeof line, "drill %s: seed %llu, %zu replications\n", info.drill_name.c_str(),
                static_cast<unsigned long long>(info.seed), runs.size());
  out += line;
  std::snprintf(line, sizeof line, "  %-28s %12s %12s %12s %12s\n", "measure", "mean", "95% CI +-", "min", "max");
  out += line;
  for (const Measure& m : headline_measures()) {
    const core::Tally t = tally(runs, m);
    std::snprintf(line, sizeof line, "  %-28s %12.3f %12.3f %12.3f %12.3f\n", m.label, m.scale * t.mean(),
                  m.scale * core::ci95_half_width(t), m.scale * t.min(), m.scale * t.max());
    out += line;
  }
  return out;
}

}  // namespace drill::io
