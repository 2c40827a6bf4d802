// A drill brought to life: the units, bases and stocks of a `DrillSpec` as
// processes and resources on a `core::Simulation`.
//
// Construction builds every runtime object and spawns the processes (they
// start when the simulation runs). Its measures are the collector's
// instruments (drill_metrics.hpp), updated as things happen; `snapshot`
// reads them and `task_outcomes` says how each task turned out. The model
// never formats output and knows nothing of files or the CLI.
//
// What is modelled (see configs/README.md for the parameters):
// - ships carry out their tasks in order of earliest start: once a task's
//   dependencies are done they head for its location (along their route,
//   see Ship::path_to) and begin it at its earliest start; a transit goes at
//   the speed that meets its deadline (cruise at least, maximum at most);
//   they patrol at the class's patrol_speed (default 60 % of cruise) in
//   patrol_leg legs (default 6 h) and burn fuel at
//   hotel + (burn_at_max - hotel) (v/vmax)^3; after the last task they sail
//   what is left of their route, then patrol their area or hold position;
// - a port_visit task berths the ship (waiting for a free berth), bunkers
//   from the port's stock at its bunker_rate (default 200 t/h) and keeps the
//   berth for the task's stay (default 24 h);
// - every logistics decision is a message of one protocol over the drill's
//   transport (logistics_protocol.hpp; the modelled network of a `comms`
//   section, else the ideal transport, which a unit that is not a node also
//   has): a ship below critical fuel asks the logistics cell, carrying on
//   with its patrol meanwhile; the cell orders an oiler from the reports that
//   have reached it (an oiler with nothing planned breaks off its patrol);
//   the ship meets the oiler at the rendezvous the order names; with no
//   answer within the class's oiler_wait, or no oiler in the drill, it goes
//   to the nearest port with fuel (a ship on patrol then sails back if it
//   can be there before the patrol ends; if not, its part is late);
//   tankers supporting fighters fly once the cell's order, sent on the
//   fighters' request for tanker support, has reached their squadron;
// - ships and squadrons report their logistics status on the drill's
//   `reporting` schedule; with comms, ships and maritime patrol aircraft on
//   patrol send contact reports to the headquarters;
// - planned replenishment tasks bring receivers and oilers to a rendezvous;
//   each transfer takes connect time + amount / rate + disconnect time;
// - aircraft fly sorties for coverage tasks (relief timed to arrive as the
//   aircraft on station leaves at bingo fuel) and for sortie-rate tasks;
//   launch and recovery pass through the base's runway or deck; tankers on
//   station extend endurance by air-to-air refuelling within their offload;
// - turnaround takes a fuel point and fuel from the base stock, then
//   servicing and inspection; failures come after exponential flight hours
//   (mean MTBF, the hours left after a failure carrying over, several per
//   sortie possible) and each takes spares and a repair time from one crew;
// - air taskings wait for their task's dependencies like ships do;
// - base, port and depot stocks reorder on their inventory position (stock.hpp).
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "core/metrics/collector.hpp"
#include "core/simulation.hpp"
#include "models/activity.hpp"
#include "models/entity_kinds.hpp"
#include "models/geo.hpp"
#include "models/ship.hpp"
#include "models/scenario/spec.hpp"
#include "models/task_outcome.hpp"

namespace drill::models {

namespace comms {
class Network;
class MessageListener;
}  // namespace comms

class DrillModel {
 public:
  /// `spec` must outlive the model; the simulation must outlive it too.
  DrillModel(core::Simulation& sim, const scenario::DrillSpec& spec);
  ~DrillModel();
  DrillModel(const DrillModel&) = delete;
  DrillModel& operator=(const DrillModel&) = delete;

  /// Every task of the plan, in plan order, as of now.
  std::vector<TaskOutcome> task_outcomes() const;

  /// The run's collector, owned by the model: its instruments are the
  /// model's state, made when the model is built and updated by its
  /// processes, so they live and die with it. A run engine reaches them
  /// through the model to take snapshots between run slices or to reset
  /// statistics after a warm-up.
  core::metrics::Collector& collector() noexcept;
  const core::metrics::Collector& collector() const noexcept;
  /// Every instrument at `now`, the simulation's current time (between run
  /// slices): reads the collector and nothing else. Schedules nothing and
  /// changes nothing, so sampling leaves the event order and results alone.
  core::metrics::Snapshot snapshot(core::SimTime now);
  /// Brings the ships' fuel accounts up to `now` (the burn since their last
  /// change of speed; time below critical fuel), pushing it to their
  /// instruments: for the final snapshot of a run. Changes no event; it
  /// splits a burn span in two, which can round the fuel on board
  /// differently in the last bit, so a run settles only where it ends.
  void settle(core::SimTime now) noexcept;
  /// The series changed since the previous read (Collector::changes).
  /// Allocates nothing; the view lasts until the next read. The comms
  /// network's ages of information are brought up to `now` only by a read of
  /// everything (the start, the warm-up, the end); in between they change
  /// when reports arrive.
  const core::metrics::Changes& changes(core::SimTime now,
                                        core::metrics::Collector::Read what = core::metrics::Collector::Read::changed);
  /// Receives a start and an end record of every unit activity from now
  /// on (null: none). Ships: transit, on station (patrol legs), waiting for
  /// a berth, refuelling in port, replenishment at sea (both ships, each
  /// naming the other). Aircraft: waiting for the runway or deck, a fuel
  /// point or a crew; transit out (naming the task) and back (naming the
  /// base); on station; refuelling at the base; maintenance. Activities
  /// still going on when the run stops have no end record. The listener
  /// must outlive every run of the simulation made while it is set; the
  /// model's destructor records nothing.
  void set_activity_listener(ActivityListener* listener) noexcept;
  /// The drill's comms network, or null when the drill has no `comms`
  /// section (the logistics protocol then runs on the ideal transport).
  const comms::Network* network() const noexcept;
  /// Receives every message event of the network from now on (nothing
  /// without a network). Add before the run; the listener must outlive the
  /// model.
  void add_message_listener(comms::MessageListener* listener);
  std::size_t ship_count() const noexcept;
  std::size_t aircraft_count() const noexcept;

  /// A ship or an aircraft as a report lists it.
  struct UnitInfo {
    UnitId unit;
    bool aircraft = false;
    std::string name;
    std::string unit_class;  // the ship class or aircraft type
    std::string group;       // the naval unit entry a ship came from, or the squadron
    std::string base;        // an aircraft's base; empty for ships
  };
  /// Every ship (fleet order), then every aircraft (squadron order).
  std::vector<UnitInfo> units() const;
  /// A ship's position at a moment.
  struct ShipPosition {
    ShipId unit;
    LatLon position;
  };
  /// Every ship's position at `now` (Ship::position_at: along the leg under
  /// way), in fleet order, into `out` (cleared first; reused, so a recorder
  /// that samples allocates nothing once it has grown). Reads only: it
  /// schedules nothing and changes nothing, so the event order stays.
  void ship_positions(core::SimTime now, std::vector<ShipPosition>& out) const;
  /// A ship's motion at a moment (Ship::motion: what its position at any
  /// time follows from).
  struct ShipMotion {
    ShipId unit;
    Ship::Motion motion;
  };
  /// Every ship's motion now, with no trigonometry, in fleet order (as
  /// ship_positions), into `out` (cleared first). Reads only.
  void ship_motions(std::vector<ShipMotion>& out) const;

  struct World;

 private:
  std::unique_ptr<World> world_;
};

/// The ships' motions read at successive samples, with the ships whose
/// motion changed since the previous read (every ship at the first): what a
/// reader that keeps the ships' tracks needs, their positions at each sample
/// following from the motions. One read serves every such reader of a
/// boundary (the run loop's, engine::SliceBoundary::ship_motions).
class ShipMotionReads {
 public:
  /// Reads `model`'s ships' motions now (DrillModel::ship_motions).
  void read(const DrillModel& model);
  /// Every ship's motion at the latest read, in fleet order.
  std::span<const DrillModel::ShipMotion> motions() const noexcept { return now_; }
  /// Indices into motions() of the ships whose motion differs from the
  /// read before (all at the first read), in fleet order.
  std::span<const std::uint32_t> changed() const noexcept { return changed_; }

 private:
  std::vector<DrillModel::ShipMotion> now_;
  std::vector<Ship::Motion> before_;
  std::vector<std::uint32_t> changed_;
  bool read_once_ = false;
};

}  // namespace drill::models
