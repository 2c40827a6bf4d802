// The runtime state of a drill model, shared by its processes.
//
// Internal to models/: `DrillModel` owns one `World`, split by owner: the
// bases and stocks, the fleet, the air wing, the plan, and the logistics
// protocol (its transport and cell); each part says what may touch it. The
// naval and air processes (naval_ops.cpp, air_ops.cpp) read and change it. Every
// collection is a vector in spec order, so iteration order (and with it the
// event order) is fixed by the drill file alone. Objects are held by
// unique_ptr because processes keep references to them.
#pragma once

#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/distributions.hpp"
#include "core/metrics/collector.hpp"
#include "core/process.hpp"
#include "core/resource.hpp"
#include "core/signal.hpp"
#include "core/statistics.hpp"
#include "core/store.hpp"
#include "models/activity.hpp"
#include "models/drill_metrics.hpp"
#include "models/drill_model.hpp"
#include "models/entity_kinds.hpp"
#include "models/logistics_protocol.hpp"
#include "models/ship.hpp"
#include "models/stock.hpp"

namespace drill::models {

core::Distribution to_distribution(const scenario::DistributionSpec& spec);
core::Duration sample_duration(const core::Distribution& d, core::RandomStream& rng);

struct AirBaseRt {
  const scenario::AirBase* spec = nullptr;
  BaseId id;
  std::unique_ptr<core::Resource> launch;
  std::unique_ptr<core::Resource> recovery;
  std::unique_ptr<core::Resource> fuel_points;
  std::unique_ptr<core::Resource> crews;
  std::unique_ptr<Stock> fuel;
  std::unique_ptr<Stock> spares;
  Ship* carrier = nullptr;  // carriers: the ship the base moves with
  LatLon fixed_position;

  LatLon position() const noexcept { return carrier ? carrier->position() : fixed_position; }
};

struct PortRt {
  const scenario::Port* spec = nullptr;
  BaseId id;
  std::unique_ptr<core::Resource> berths;
  std::unique_ptr<Stock> fuel;  // null when the port has no fuel
};

struct SquadronRt;

struct Aircraft {
  std::string name;
  const scenario::AircraftType* type = nullptr;
  AirBaseRt* base = nullptr;
  SquadronRt* squadron = nullptr;
  std::uint32_t entity = 0;
  AircraftId unit;  // the aircraft in trace records
  core::RandomStream rng{0};
  double hours_to_failure = 0.0;
};

struct SquadronRt {
  const scenario::Squadron* spec = nullptr;
  std::uint32_t index = 0;  // in the air wing
  SquadronId id;            // in labels, trace records and the logistics protocol
  const scenario::AircraftType* type = nullptr;
  AirBaseRt* base = nullptr;
  std::vector<std::unique_ptr<Aircraft>> aircraft;
  std::unique_ptr<core::Store<Aircraft*>> ready;  // mission-capable and turned around
  SquadronInstruments measures;  // sorties, flight time, failures, aircraft down
  core::Distribution servicing, inspection, mttr;
  std::optional<core::Distribution> refuel;
  // Tankers: the tasks the logistics cell's orders to fly have reached the squadron for.
  std::unique_ptr<core::Signal> ordered;
  std::vector<const struct TaskRt*> ordered_tasks;
  bool is_tanker() const noexcept { return type->tanker_offload_t.has_value(); }
};

/// A request for fuel from a ship to the oilers, or a receiver waiting at a
/// replenishment rendezvous.
struct FuelRequest {
  Ship* ship = nullptr;
  core::Signal* served = nullptr;
};

/// A ship's request for fuel, as the ship and the oiler ordered to it see
/// it. One per ship, owned by the world, so an oiler holding a call never
/// outlives it. `open` from the request until the ship is served or gives
/// up; `taken` once the cell's order has reached the ship, which then meets
/// the oiler at `meet_at` (the rendezvous the order names) and waits there
/// until `give_up_at` unless the oiler is `alongside`. The oiler sails to
/// `rendezvous`, the position of the latest order it has for the call.
struct FuelCall {
  Ship* ship = nullptr;
  std::unique_ptr<core::Signal> answered;  // the order reached the ship, or an oiler came alongside
  std::unique_ptr<core::Signal> served;    // the call was closed
  std::unique_ptr<core::Signal> came;      // the ship reached the rendezvous, gave up or was served
  bool open = false;
  bool taken = false;
  bool at_rendezvous = false;  // the ship waits where the order said (or has not left its station)
  core::SimTime asked_at;
  LatLon meet_at;
  LatLon rendezvous;
  std::uint64_t order_id = 0;
  core::SimTime give_up_at = core::SimTime::max();
  bool alongside = false;
  const Ship* served_by = nullptr;
  core::SimTime served_at;
};

struct TaskRt {
  const scenario::Task* spec = nullptr;
  TaskId id;
  std::unique_ptr<core::Signal> done_signal;
  bool done = false;
  bool on_time = false;  // decided when done
  core::SimTime done_at;
  int pending_parts = 0;  // participants (ships, air tasking) still working
  int late_parts = 0;     // parts that arrived or launched after their time
  std::vector<Ship*> ships_working;      // participating ships not done with it
  bool air_working = false;              // the air tasking runs until air_end
  core::SimTime air_end;
  std::vector<std::string> late_notes;   // why parts were late, in order
  int late_sorties = 0;                  // launched a whole slot late
  LatLon location;
  // Air.
  int required_on_station = 0;
  int on_station = 0;
  std::unique_ptr<core::TimeWeighted> covered;  // min(on_station, required)
  double coverage_start_integral = 0.0;
  std::optional<double> coverage;  // set when the coverage window closes
  int sorties_planned = 0;
  TaskInstruments measures;  // sorties planned and flown, aircraft on station, coverage
  double tanker_offload_left_t = 0.0;
  core::Duration tanker_contact;  // of the tanker on station
  int tankers_on_station = 0;
  // Planned replenishment.
  std::unique_ptr<core::Store<FuelRequest>> rendezvous;
  int receivers_to_serve = 0;
  bool oiler_at_rendezvous = false;
};

/// The bases and stocks: depots, ports, air bases (with their resources
/// and stocks). Built by DrillModel; the naval and air processes take
/// berths, fuel points, crews and stock; squadrons report their base's
/// stocks (logistics_protocol.cpp).
struct Bases {
  std::vector<std::unique_ptr<Stock>> depots;
  std::vector<std::unique_ptr<PortRt>> ports;
  std::vector<std::unique_ptr<AirBaseRt>> airbases;
};

/// The fleet: every ship in spec order (its `index`), the unit each came
/// from, the oilers, and each ship's fuel call. Owned by the naval processes
/// (naval_ops.cpp); the logistics protocol hands what arrives to fuel calls
/// and oilers' order queues; the network reads ships' positions.
struct Fleet {
  std::vector<std::unique_ptr<Ship>> ships;
  std::vector<const scenario::NavalUnit*> units;  // the unit each ship came from
  std::vector<Ship*> oilers;
  std::vector<std::unique_ptr<FuelCall>> fuel_calls;  // by ship index
  std::map<std::string, std::vector<Ship*>, std::less<>> by_unit;
};

/// The air wing: squadrons and their aircraft. Owned by the air processes
/// (air_ops.cpp); the logistics protocol hands tanker orders to squadrons.
struct AirWing {
  std::vector<std::unique_ptr<SquadronRt>> squadrons;
  std::map<std::string, SquadronRt*, std::less<>> by_name;
};

/// The plan: the tasks and how they stand. Ships and air taskings report
/// their parts done (DrillModel::World::part_done); the cell reads a task's
/// participants and window to order tankers.
struct Plan {
  std::vector<std::unique_ptr<TaskRt>> tasks;
  std::map<std::string, TaskRt*, std::less<>> by_name;
};

struct DrillModel::World {
  World(core::Simulation& s, const scenario::DrillSpec& sp)
      : sim(s), spec(sp), collector(entity_kinds(), s.now()), metrics(collector) {}

  core::Simulation& sim;
  const scenario::DrillSpec& spec;
  metrics::Collector collector;
  DrillMetrics metrics;  // the drill-wide instruments and every measure's id
  // Observers of the base resources and stocks (a deque: they are referred to by address).
  std::deque<ResourceInstruments> resource_instruments;
  std::deque<StockInstruments> stock_instruments;
  ActivityListener* activities = nullptr;  // the trace, when one is kept
  std::uint32_t next_entity = 1;

  Bases bases;
  Fleet fleet;
  AirWing air;
  Plan plan;
  std::unique_ptr<LogisticsRt> logistics;  // the transport, the cell, the protocol's state (logistics_protocol.hpp)

  std::uint32_t entity() noexcept { return next_entity++; }
  void emit(metrics::EntityRef unit, Activity activity, ActivityEdge edge,
            std::optional<metrics::EntityRef> related) {
    if (activities) activities->on_activity(ActivityRecord{sim.now(), unit, activity, edge, related});
  }
  /// One participant's part of `t` is over; `ship` is null for the air
  /// tasking and for a task nobody works on.
  void part_done(TaskRt& t, bool late, const Ship* ship = nullptr);
  LatLon place_of(std::string_view name) const;
  PortRt* port_named(std::string_view name) const;
};

/// One activity of a unit, from construction to destruction: a start and an
/// end trace record (none while no listener is set). Declared in a process
/// so that leaving the scope, however it is left, ends the activity.
class ActivitySpan {
 public:
  ActivitySpan(DrillModel::World& w, metrics::EntityRef unit, Activity activity,
               std::optional<metrics::EntityRef> related = std::nullopt)
      : w_(w), unit_(unit), activity_(activity), related_(related) {
    w_.emit(unit_, activity_, ActivityEdge::start, related_);
  }
  ~ActivitySpan() { w_.emit(unit_, activity_, ActivityEdge::end, related_); }
  ActivitySpan(const ActivitySpan&) = delete;
  ActivitySpan& operator=(const ActivitySpan&) = delete;

 private:
  DrillModel::World& w_;
  metrics::EntityRef unit_;
  Activity activity_;
  std::optional<metrics::EntityRef> related_;
};

// Process entry points (naval_ops.cpp, air_ops.cpp).
void start_naval(DrillModel::World& w);
void start_air(DrillModel::World& w);

}  // namespace drill::models
