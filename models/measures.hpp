// The measures of one drill run, as analysts read them.
//
// Plain data filled by `DrillModel::measures()` at the end of a run (or at
// any time during one: every figure is "so far"). Units are in the field
// names; times are simulated. Results writers serialise this; the models do
// not format anything themselves.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/time.hpp"

namespace drill::models {

struct ResourceMeasure {
  std::string name;  // "<base>/<resource>", e.g. "lossie/fuel_points"
  int capacity = 0;
  double utilisation = 0.0;  // time-average fraction of capacity in use
  double mean_queue = 0.0;   // time-average number waiting
  std::uint64_t served = 0;
  double mean_wait_min = 0.0;  // waits granted so far
  double max_wait_min = 0.0;
  // Waits not granted yet (at the end of a run: censored waits).
  std::uint64_t waits_in_progress = 0;
  double longest_wait_in_progress_min = 0.0;
};

struct StockMeasure {
  std::string name;  // "<owner>/fuel" or "<owner>/spares"
  double initial = 0.0;
  double final_level = 0.0;
  double mean_level = 0.0;
  double issued = 0.0;
  double received = 0.0;  // resupply deliveries
  std::uint64_t orders = 0;
  double mean_wait_min = 0.0;  // draws met so far: how long they waited
  double max_wait_min = 0.0;
  // Draws still waiting (at the end of a run: censored waits).
  std::uint64_t waits_in_progress = 0;
  double longest_wait_in_progress_min = 0.0;
};

struct TaskMeasure {
  std::string name;
  std::string kind;
  bool completed = false;
  bool on_time = false;
  std::optional<core::SimTime> completed_at;
  core::SimTime deadline;
  std::optional<double> coverage;  // air_coverage: fraction of required aircraft-hours on station
  int sorties_planned = 0;
  int sorties_flown = 0;
  /// Why the task is not done or not on time ("argyll on patrol 'north'
  /// until D+1 06:00", "depends on 'x', not done"); empty when on time.
  std::string reason;
};

struct ShipMeasure {
  std::string name;
  double distance_nm = 0.0;
  double fuel_consumed_t = 0.0;
  double fuel_received_t = 0.0;
  double final_fuel_fraction = 0.0;
  double hours_below_critical = 0.0;
};

struct SquadronMeasure {
  std::string name;
  int aircraft = 0;
  int sorties_flown = 0;
  double flight_hours = 0.0;
  double sortie_rate_per_aircraft_day = 0.0;
  double mission_capable_rate = 0.0;
  int failures = 0;
};

struct DrillMeasures {
  core::SimTime end;
  int sorties_planned = 0;
  int sorties_flown = 0;
  double sortie_generation_rate = 0.0;  // sorties per aircraft per day
  double mission_capable_rate = 0.0;    // time-average fraction of aircraft not down for repair
  int tasks = 0;
  int tasks_on_time = 0;
  double fuel_consumed_ships_t = 0.0;
  double fuel_consumed_aircraft_t = 0.0;
  double fuel_delivered_ras_t = 0.0;    // replenishment at sea
  double fuel_delivered_aar_t = 0.0;    // air-to-air refuelling
  double fuel_issued_bases_t = 0.0;     // to aircraft and ships at bases and ports
  double fuel_resupplied_t = 0.0;       // deliveries into stocks
  double hours_below_critical = 0.0;    // summed over ships
  std::vector<SquadronMeasure> squadrons;
  std::vector<ShipMeasure> ships;
  std::vector<TaskMeasure> task_list;
  std::vector<ResourceMeasure> resources;
  std::vector<StockMeasure> stocks;
};

}  // namespace drill::models
