#include "io/run_report.hpp"

#include <cstdio>

#include "io/json_writer.hpp"

namespace drill::io {

namespace {

constexpr int kFormatVersion = 1;

void write_measures(JsonWriter& j, const models::DrillMeasures& m) {
  j.field("end", core::format(m.end));
  j.field("end_hours", m.end.hours());
  j.key("totals").begin_object();
  j.field("sorties_planned", m.sorties_planned);
  j.field("sorties_flown", m.sorties_flown);
  j.field("sortie_generation_rate_per_aircraft_day", m.sortie_generation_rate);
  j.field("mission_capable_rate", m.mission_capable_rate);
  j.field("tasks", m.tasks);
  j.field("tasks_on_time", m.tasks_on_time);
  j.field("fuel_consumed_ships_t", m.fuel_consumed_ships_t);
  j.field("fuel_consumed_aircraft_t", m.fuel_consumed_aircraft_t);
  j.field("fuel_delivered_ras_t", m.fuel_delivered_ras_t);
  j.field("fuel_delivered_aar_t", m.fuel_delivered_aar_t);
  j.field("fuel_issued_bases_t", m.fuel_issued_bases_t);
  j.field("fuel_resupplied_t", m.fuel_resupplied_t);
  j.field("hours_below_critical_fuel", m.hours_below_critical);
  j.end_object();

  j.key("tasks").begin_array();
  for (const auto& t : m.task_list) {
    j.begin_object();
    j.field("name", t.name);
    j.field("kind", t.kind);
    j.field("completed", t.completed);
    j.field("on_time", t.on_time);
    j.key("completed_at");
    if (t.completed_at)
      j.value(core::format(*t.completed_at));
    else
      j.null();
    j.field("deadline", core::format(t.deadline));
    j.key("coverage");
    if (t.coverage)
      j.value(*t.coverage);
    else
      j.null();
    j.field("sorties_planned", t.sorties_planned);
    j.field("sorties_flown", t.sorties_flown);
    j.field("reason", t.reason);
    j.end_object();
  }
  j.end_array();

  j.key("squadrons").begin_array();
  for (const auto& s : m.squadrons) {
    j.begin_object();
    j.field("name", s.name);
    j.field("aircraft", s.aircraft);
    j.field("sorties_flown", s.sorties_flown);
    j.field("flight_hours", s.flight_hours);
    j.field("sortie_rate_per_aircraft_day", s.sortie_rate_per_aircraft_day);
    j.field("mission_capable_rate", s.mission_capable_rate);
    j.field("failures", s.failures);
    j.end_object();
  }
  j.end_array();

  j.key("ships").begin_array();
  for (const auto& s : m.ships) {
    j.begin_object();
    j.field("name", s.name);
    j.field("distance_nm", s.distance_nm);
    j.field("fuel_consumed_t", s.fuel_consumed_t);
    j.field("fuel_received_t", s.fuel_received_t);
    j.field("final_fuel_fraction", s.final_fuel_fraction);
    j.field("hours_below_critical_fuel", s.hours_below_critical);
    j.end_object();
  }
  j.end_array();

  j.key("resources").begin_array();
  for (const auto& r : m.resources) {
    j.begin_object();
    j.field("name", r.name);
    j.field("capacity", r.capacity);
    j.field("utilisation", r.utilisation);
    j.field("mean_queue", r.mean_queue);
    j.field("served", r.served);
    j.field("mean_wait_min", r.mean_wait_min);
    j.field("max_wait_min", r.max_wait_min);
    j.field("waits_in_progress", r.waits_in_progress);
    j.field("longest_wait_in_progress_min", r.longest_wait_in_progress_min);
    j.end_object();
  }
  j.end_array();

  j.key("stocks").begin_array();
  for (const auto& s : m.stocks) {
    j.begin_object();
    j.field("name", s.name);
    j.field("initial", s.initial);
    j.field("final", s.final_level);
    j.field("mean_level", s.mean_level);
    j.field("issued", s.issued);
    j.field("received", s.received);
    j.field("orders", s.orders);
    j.field("mean_wait_min", s.mean_wait_min);
    j.field("max_wait_min", s.max_wait_min);
    j.field("waits_in_progress", s.waits_in_progress);
    j.field("longest_wait_in_progress_min", s.longest_wait_in_progress_min);
    j.end_object();
  }
  j.end_array();
}

}  // namespace

std::string summary_json(const models::DrillMeasures& m, const RunInfo& info) {
  JsonWriter j;
  j.begin_object();
  j.field("format", "drillsim.summary");
  j.field("format_version", kFormatVersion);
  j.field("drill", info.drill_name);
  j.field("config_hash", info.config_hash);
  j.field("seed", info.seed);
  j.field("replication", info.replication);
  j.field("fingerprint", info.fingerprint);
  j.field("events", info.events);
  write_measures(j, m);
  j.end_object();
  return j.str();
}

std::string summary_text(const models::DrillMeasures& m, const RunInfo& info) {
  std::string out;
  char line[256];
  auto add = [&](const char* fmt, auto... args) {
    std::snprintf(line, sizeof line, fmt, args...);
    out += line;
  };
  add("drill %s: seed %llu, replication %llu, ran to %s\n", info.drill_name.c_str(),
      static_cast<unsigned long long>(info.seed), static_cast<unsigned long long>(info.replication),
      core::format(m.end).c_str());
  add("  sorties flown / planned      %d / %d\n", m.sorties_flown, m.sorties_planned);
  add("  sortie generation rate       %.2f per aircraft per day\n", m.sortie_generation_rate);
  add("  mission-capable rate         %.1f%%\n", 100.0 * m.mission_capable_rate);
  add("  tasks on time                %d of %d\n", m.tasks_on_time, m.tasks);
  for (const auto& t : m.task_list) {
    add("    %-26s %-16s %s", t.name.c_str(), t.kind.c_str(),
        t.on_time ? "on time" : (t.completed ? "late" : "not done"));
    if (t.coverage) add(", coverage %.1f%%", 100.0 * *t.coverage);
    if (t.sorties_planned || t.sorties_flown) add(", sorties %d/%d", t.sorties_flown, t.sorties_planned);
    out += "\n";
    if (!t.reason.empty()) out += "      why: " + t.reason + "\n";
  }
  add("  fuel consumed                ships %.1f t, aircraft %.1f t\n", m.fuel_consumed_ships_t,
      m.fuel_consumed_aircraft_t);
  add("  fuel delivered               at sea %.1f t, in the air %.1f t, at bases %.1f t, resupply %.1f t\n",
      m.fuel_delivered_ras_t, m.fuel_delivered_aar_t, m.fuel_issued_bases_t, m.fuel_resupplied_t);
  add("  time below critical fuel     %.1f ship-hours\n", m.hours_below_critical);
  add("  base resources               utilisation  mean wait   max wait\n");
  for (const auto& r : m.resources)
    add("    %-30s %6.1f%% %8.1f min %7.1f min\n", r.name.c_str(), 100.0 * r.utilisation, r.mean_wait_min,
        r.max_wait_min);
  // Waits not granted by the end: shown only when there are some.
  bool header = false;
  auto in_progress = [&](const std::string& name, std::uint64_t n, double longest_min) {
    if (n == 0) return;
    if (!header) add("  waits still in progress      waiting  longest\n");
    header = true;
    add("    %-30s %6llu %8.1f h\n", name.c_str(), static_cast<unsigned long long>(n), longest_min / 60.0);
  };
  for (const auto& r : m.resources) in_progress(r.name, r.waits_in_progress, r.longest_wait_in_progress_min);
  for (const auto& s : m.stocks) in_progress(s.name, s.waits_in_progress, s.longest_wait_in_progress_min);
  add("  events %llu, fingerprint %s\n", static_cast<unsigned long long>(info.events), info.fingerprint.c_str());
  return out;
}

}  // namespace drill::io
