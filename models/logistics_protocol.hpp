// The logistics protocol: the one way units and the logistics cell share
// what they know and decide, whatever the drill. Every logistics decision is
// a message over the drill's transport (transport.hpp):
// - status reports (fuel, readiness, position; a squadron: readiness and its
//   base's stocks) from every ship and squadron to the cell, every
//   `reporting.report_every` and, for ships, when their fuel falls through
//   one of `reporting.fuel_thresholds`; an oiler also reports whenever it is
//   back in its service loop with no order in hand (free);
// - a ship's request for fuel, the fighters' request for tanker support;
// - the cell's orders to an oiler (copied to the ship it supports) and to a
//   tanker squadron; acknowledgements where the network does them.
// The cell decides from what has arrived (logistics_cell.hpp); a unit acts
// on the orders that have reached it. Nothing here reads another unit's
// true state.
//
// A drill without a `comms` section runs the same protocol on the ideal
// transport with the `reporting` defaults: a status every 6 h, no fuel
// thresholds (configs/README.md). With one, the network carries it
// (network_transport.hpp; a unit that hosts no node has ideal delivery to
// and from the cell).
//
// Owns: the transport, the cell, the per-ship protocol state (ShipLogistics)
// and the order counter. Touches: ships' FuelCalls and oilers' order
// queues (to hand over what arrived), squadrons' received tanker orders.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "core/process.hpp"
#include "core/store.hpp"
#include "models/drill_model.hpp"
#include "models/entity_kinds.hpp"
#include "models/network_transport.hpp"
#include "models/transport.hpp"

namespace drill::models {

class Ship;
struct FuelCall;
struct TaskRt;
struct SquadronRt;
class LogisticsCell;

/// An order to an oiler as it holds it: the call it answers and the
/// rendezvous, which later reports of the receiver may move.
struct OilerOrder {
  FuelCall* call = nullptr;
  std::uint64_t order_id = 0;
  core::SimTime issued;
};

/// The protocol state of one ship.
struct ShipLogistics {
  std::size_t next_threshold = 0;  // the first fuel threshold not yet reported
  // Oilers: the orders received and not yet taken, and whether the oiler is
  // free to answer a call (in its service loop with no order in hand).
  std::unique_ptr<core::Store<OilerOrder>> orders;
  bool free_for_calls = false;
};

struct LogisticsRt {
  LogisticsRt();
  ~LogisticsRt();
  std::unique_ptr<Recipient> recipient;
  std::unique_ptr<Transport> transport;
  NetworkTransport* network = nullptr;  // the transport when it is the modelled network
  std::unique_ptr<LogisticsCell> cell;
  std::vector<ShipLogistics> ships;      // by fleet index
  std::vector<Ship*> ship_by_id;         // by ShipId index (units' numbering: null at an aircraft's)
  std::uint64_t next_order_id = 1;

  /// The ship of `id`, or null when no ship has it (a message's field read
  /// as a ship's id may name none).
  Ship* ship(ShipId id) const noexcept { return id.index() < ship_by_id.size() ? ship_by_id[id.index()] : nullptr; }
};

/// Builds the transport (the network of the drill's `comms` section, or the
/// ideal one), the cell, and spawns the units' reporting. Call after ships,
/// bases, squadrons and tasks exist.
void start_logistics(DrillModel::World& w);

/// Sends `ship`'s logistics status (fuel, readiness, position) to the cell.
void send_status(DrillModel::World& w, Ship& ship);
/// Sends a status if the ship's fuel has fallen through a reporting threshold
/// since its last such report. Settles nothing.
void report_fuel_crossings(DrillModel::World& w, Ship& ship);
/// Sends `ship`'s request for fuel to the cell.
void request_fuel(DrillModel::World& w, Ship& ship);
/// The cell's order to an oiler, sent to it and to the ship it supports.
void send_order(DrillModel::World& w, const drill::v1::Order& order, Ship& oiler, Ship& receiver);
/// The cell's order to a tanker squadron to fly for a task.
void send_tanker_order(DrillModel::World& w, const drill::v1::Order& order, SquadronRt& tankers);

/// Waits until the cell's order for `tankers` to fly `task` has reached them.
core::Process await_tanker_order(DrillModel::World& w, TaskRt& task, SquadronRt& tankers);
/// The fighters' request for tanker support on `task`, sent an hour before
/// the first tanker has to launch to be on station as the coverage window
/// opens.
core::Process request_tankers(DrillModel::World& w, TaskRt& task, SquadronRt& fighters, SquadronRt& tankers);

/// The fuel of `ship` at `now` without settling it (the model's state stays
/// as it is): what the ship itself reports.
double fuel_now(const Ship& ship, core::SimTime now);

}  // namespace drill::models
