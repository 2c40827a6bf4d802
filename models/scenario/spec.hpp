// DrillSpec: a whole drill as plain data, the output of `load_drill`.
//
// Mirrors the drill file section by section (see configs/README.md for every
// key, its unit and default). Quantities are in base units (quantity.hpp) and
// the unit is part of each field name. References between entities are by
// name; a spec returned by a successful `load_drill` is known good: every
// name resolves, names are unique, every `Place` carries its coordinates,
// capacities are positive, fractions lie in [0, 1], initial stocks do not
// exceed capacities, phases and task windows are ordered and task
// dependencies form no cycle. The models may rely on all of this.
#pragma once

#include <cstdint>
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "core/time.hpp"
#include "models/geo.hpp"
#include "models/scenario/distribution_spec.hpp"

namespace drill::models::scenario {

/// A position written either as the name of a geography point or inline as
/// `[lat, lon]`. `point` is empty for inline positions; `pos` is always set
/// after a successful load.
struct Place {
  std::string point;
  LatLon pos;
};

struct DrillSettings {
  std::string name;
  std::string start_label;  // calendar label of D+0 00:00 as written
  /// D+0 00:00 in UTC when `start_label` is a date and time (calendar.hpp).
  std::optional<std::chrono::sys_seconds> calendar_start{};
  core::Duration horizon;
  std::uint64_t seed = 1;
  int replications = 1;
  /// Interval of timeseries.csv's samples in a single run (unset: 1 h).
  std::optional<core::Duration> sample_every{};
  /// When the run engine resets the collector's statistics (unset: never);
  /// 0 <= warm_up < horizon.
  std::optional<core::Duration> warm_up{};
};

struct NamedPoint {
  std::string name;
  LatLon pos;
};

enum class AreaShape { polygon, circle };

struct Area {
  std::string name;
  AreaShape shape = AreaShape::circle;
  std::vector<Place> vertices;  // polygon, at least three
  Place centre;                 // circle
  double radius_nm = 0.0;       // circle
  /// Where transits to the area aim: the centre of a circle, the mean of a
  /// polygon's vertices. Set on load.
  LatLon reference;
};

struct Geography {
  std::vector<NamedPoint> points;
  std::vector<Area> areas;
};

/// A bulk stock (fuel) under a reorder-point policy: when the level falls to
/// `reorder_point_t`, `resupply_quantity_t` is ordered and arrives after
/// `lead_time`. A zero resupply quantity means the stock is never resupplied.
struct FuelStock {
  double capacity_t = 0.0;
  double initial_t = 0.0;
  double reorder_point_t = 0.0;
  double resupply_quantity_t = 0.0;
  DistributionSpec lead_time = DistributionSpec::constant(0.0, Dimension::duration);
  std::string supplied_by;  // depot name; empty: supplied from outside the drill
};

/// Spare parts (counted) under the same reorder-point policy.
struct SparesStock {
  int count = 0;
  int reorder_point = 0;
  int resupply_quantity = 0;
  DistributionSpec lead_time = DistributionSpec::constant(0.0, Dimension::duration);
};

/// Runways or a flight deck: how many launches and recoveries can proceed at
/// once and how long each occupies its slot.
struct FlightOps {
  int launch_capacity = 1;
  int recovery_capacity = 1;
  core::Duration launch_slot;
  core::Duration recovery_slot;
};

struct FuelPoints {
  int count = 1;
  double transfer_rate_tph = 0.0;
};

enum class AirBaseKind { airfield, carrier };

struct AirBase {
  std::string name;
  AirBaseKind kind = AirBaseKind::airfield;
  Place position;    // airfield only
  std::string ship;  // carrier only: the naval unit carrying the base
  FlightOps flight_ops;
  FuelPoints fuel_points;
  int maintenance_crews = 1;
  SparesStock spares;
  FuelStock fuel;
};

struct Port {
  std::string name;
  Place position;
  int berths = 1;
  double bunker_rate_tph = 200.0;  // alongside refuelling from the port's stock
  std::optional<FuelStock> fuel;  // a port without fuel cannot refuel ships
};

struct Bases {
  std::vector<AirBase> airfields;
  std::vector<AirBase> carriers;
  std::vector<Port> ports;
};

/// What makes a ship class an oiler: fuel carried as cargo for others.
struct OilerSpec {
  double cargo_fuel_t = 0.0;
  double transfer_rate_tph = 0.0;
  core::Duration connect_time;
  core::Duration disconnect_time;
  std::optional<double> answer_speed_kn;  // sailing to a ship that asked for fuel; default max speed
};

struct ShipClass {
  std::string name;
  double max_speed_kn = 0.0;
  double cruise_speed_kn = 0.0;
  double fuel_capacity_t = 0.0;
  double burn_at_max_tph = 0.0;
  double hotel_tph = 0.0;
  double critical_fuel_fraction = 0.2;
  /// On patrol, the level below which the ship asks for fuel and patrols on
  /// until the oiler's order comes (a planner's topping-off level); unset:
  /// the critical level.
  std::optional<double> replenish_fraction{};
  /// Below critical fuel, how long the ship waits for an oiler to answer
  /// before it sails to the nearest port with fuel.
  core::Duration oiler_wait = core::hours(12);
  double replenish_at() const noexcept { return replenish_fraction.value_or(critical_fuel_fraction); }
  double patrol_speed_fraction = 0.6;        // of cruise speed
  core::Duration patrol_leg = core::hours(6);  // fuel is checked between legs
  std::optional<OilerSpec> oiler;

  /// burn(v) = hotel + (burn_at_max - hotel) * (v / vmax)^3, tonnes per hour.
  double burn_tph(double speed_kn) const {
    const double r = max_speed_kn > 0 ? speed_kn / max_speed_kn : 0.0;
    return hotel_tph + (burn_at_max_tph - hotel_tph) * r * r * r;
  }
  /// Distance on the fuel above the critical reserve, from full tanks.
  double range_nm(double speed_kn) const {
    const double burn = burn_tph(speed_kn);
    return burn > 0 ? fuel_capacity_t * (1.0 - critical_fuel_fraction) / burn * speed_kn : 0.0;
  }
};

struct PortVisit {
  std::string port;
  core::SimTime arrive;
  core::Duration stay;
};

/// One or `count` identical ships; instances are named `name-1` .. `name-N`
/// when count > 1.
struct NavalUnit {
  std::string name;
  std::string ship_class;
  int count = 1;
  Place start;
  std::vector<Place> route;
  std::string patrol_area;
  std::vector<PortVisit> port_visits;
  std::string home_port;
  double initial_fuel_fraction = 1.0;
};

struct Naval {
  std::vector<ShipClass> classes;
  std::vector<NavalUnit> units;
};

/// Ground time between sorties. Without `refuel` the time follows from the
/// fuel needed and the base's fuel point transfer rate.
struct Turnaround {
  std::optional<DistributionSpec> refuel;
  DistributionSpec servicing = DistributionSpec::constant(0.0, Dimension::duration);
  DistributionSpec inspection = DistributionSpec::constant(0.0, Dimension::duration);
};

struct AircraftType {
  std::string name;
  double cruise_speed_kn = 0.0;
  double fuel_capacity_t = 0.0;
  double burn_tph = 0.0;  // per flight hour
  double bingo_fraction = 0.25;
  Turnaround turnaround;
  core::Duration mtbf;  // in flight hours; zero: never fails
  DistributionSpec mttr = DistributionSpec::constant(0.0, Dimension::duration);
  int spares_per_repair = 1;
  /// Bingo covers the return leg's fuel plus this fraction (0.1: 10 %).
  double return_reserve_fraction = 0.1;
  std::optional<double> tanker_offload_t;  // set for tankers
  /// Tankers: join, contact and transfer time a receiver spends with it.
  core::Duration tanker_contact_time = core::minutes(15);
};

struct Squadron {
  std::string name;
  std::string type;
  std::string base;
  int count = 1;
};

struct Air {
  std::vector<AircraftType> types;
  std::vector<Squadron> squadrons;
};

struct Depot {
  std::string name;
  Place position;
  FuelStock fuel;
};

struct Logistics {
  std::vector<Depot> depots;
};

enum class LinkKind { satellite, radio_los, hf, ideal };  // ideal: no delay, unlimited bandwidth, no loss
enum class DropPolicy { drop_newest, drop_lowest_priority };
enum class RelayPolicy { forward_without_delivering, avoid_foreign_relays };

/// A comms endpoint: a naval unit, a squadron, a base, a port, a depot, or a
/// standalone headquarters at a geography point.
struct CommsNode {
  std::string name;
  std::string host;  // entity name; empty for a standalone node
  Place position;    // standalone nodes only
  std::string nation;  // the node's own, else the section's default; set on load
  std::vector<std::string> groups;
  double antenna_height_ft = 60.0;
  bool headquarters = false;  // age of information is measured here; units report here
};

/// A window in which a link is down: [from, until).
struct CommsOutage {
  core::SimTime from;
  core::SimTime until;
};

struct CommsLink {
  std::string name;
  LinkKind kind = LinkKind::satellite;
  std::vector<std::string> nodes;  // members: `nodes`, or `from` and `to`
  bool from_to = false;            // written with `from` and `to`
  core::Duration latency;          // the minimum delay, > 0
  double bandwidth_bps = 0.0;
  double loss_fraction = 0.0;
  double range_nm = 0.0;  // radio_los only; 0 = the radio horizon of the two antennas
  std::vector<CommsOutage> outages;
  core::Duration mtbf;  // random outages; zero: none
  core::Duration mttr;
  core::Duration setup_time;  // hf only
  std::optional<std::int64_t> overhead_bytes;  // default: the kind's
  int buffer_messages = 64;
  DropPolicy drop_policy = DropPolicy::drop_lowest_priority;
};

/// What units send on their own: logistics status on a schedule and when
/// fuel falls through a threshold, contact reports while on patrol.
struct CommsReporting {
  core::Duration report_every = core::hours(6);  // zero: no scheduled status reports
  std::vector<double> fuel_thresholds;           // fractions; a report on falling through each
  double contacts_per_hour = 0.0;                // per unit on a patrol task
  std::vector<std::string> contacts_releasable_to;  // allied nations besides the reporter's own
};

struct Comms {
  std::string nation;          // default nation of the nodes
  std::string logistics_cell;  // the node of the logistics cell
  RelayPolicy relay_policy = RelayPolicy::forward_without_delivering;
  core::Duration ack_timeout = core::seconds(30);
  int retransmissions = 3;
  CommsReporting reporting;
  std::vector<CommsNode> nodes;
  std::vector<CommsLink> links;
  bool simulated() const noexcept { return !nodes.empty(); }
};

struct Phase {
  std::string name;
  core::SimTime start;
  core::SimTime end;
};

enum class TaskKind { transit, patrol, air_coverage, maritime_patrol, replenishment, port_visit };

std::string_view to_string(TaskKind k);

/// `on_station` aircraft continuously present from `from` until `until`.
struct Coverage {
  int on_station = 1;
  core::SimTime from;
  core::SimTime until;
};

struct Task {
  std::string name;
  std::string phase;
  TaskKind kind = TaskKind::transit;
  std::vector<std::string> participants;  // naval units or squadrons
  /// Default to the phase's start and end.
  core::SimTime earliest_start;
  core::SimTime deadline;
  std::vector<std::string> depends_on;
  std::string location;  // a point, area, port, airfield or depot; may be empty
  LatLon location_pos;   // set on load when `location` is given
  std::optional<Coverage> coverage;
  std::optional<double> sorties_per_day;
  core::Duration stay = core::hours(24);  // port_visit: alongside from arrival
};

struct Plan {
  std::vector<Phase> phases;
  std::vector<Task> tasks;
};

struct DrillSpec {
  DrillSettings drill;
  Geography geography;
  Bases bases;
  Naval naval;
  Air air;
  Logistics logistics;
  Comms comms;
  Plan plan;
};

}  // namespace drill::models::scenario
