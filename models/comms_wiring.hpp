// The drill's comms: the `comms::Network` a drill's `comms` section
// describes, the nodes its units send from, and the traffic they send on
// their own (logistics status, contact reports).
//
// Built only when the drill has a `comms` section; without one the world's
// `comms` is null and units share information at once (an ideal network).
// A node hosted by a naval unit moves with the unit's first ship (along its
// legs, Ship::position_at) and carries the traffic of every ship of the
// unit; one hosted by a squadron stays with its base. A ship or squadron
// that hosts no node is off the network: what it sends reaches the
// logistics cell at once and without loss, the cell's orders reach it at
// once, and what the cell knows of it is its true state (an ideal link for
// that unit alone).
//
// Messages are composed in the network's arena; every unit's message names
// units by their run-wide unit id (`metrics::UnitId::index()`).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <vector>

#include "core/process.hpp"
#include "core/signal.hpp"
#include "core/store.hpp"
#include "models/comms/network.hpp"
#include "models/drill_model.hpp"
#include "models/geo.hpp"

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

/// What the comms side knows of one ship.
struct ShipComms {
  Ship* ship = nullptr;
  std::optional<comms::NodeId> node;  // null: off the network
  std::size_t next_threshold = 0;     // the first fuel threshold not yet reported
  // Oilers: the orders received and not yet taken, and whether the oiler is
  // free to answer a call (in its service loop with no order in hand).
  std::unique_ptr<core::Store<OilerOrder>> orders;
  bool free_for_calls = false;
};

/// Tankers of a coverage task with fighters: ordered by the logistics cell
/// on the fighters' request.
struct TankerTasking {
  std::unique_ptr<core::Signal> ordered_signal;
  bool ordered = false;
};

struct CommsRt {
  CommsRt();
  ~CommsRt();
  std::unique_ptr<comms::Network> network;
  comms::NodeId cell_node;
  std::vector<comms::NodeId> headquarters;  // in declaration order
  std::vector<ShipComms> ships;              // in world ship order
  std::map<std::uint32_t, std::size_t> ship_by_unit;  // unit id index -> index in `ships`
  std::vector<std::unique_ptr<comms::MessageReceiver>> receivers;
  std::unique_ptr<LogisticsCell> cell;
  std::map<std::uint32_t, std::optional<comms::NodeId>> squadron_node;  // by first aircraft's unit index
  std::map<std::uint64_t, TankerTasking> tankers;  // by (task id index, tanker squadron's first unit)
  std::uint64_t next_order_id = 1;

  ShipComms& of(const Ship& ship);
  ShipComms* by_unit(std::uint32_t unit) noexcept;
};

/// Builds the network, the cell and the nodes' receivers, and spawns the
/// units' reporting. Call after ships, bases and squadrons exist.
void start_comms(DrillModel::World& w);

/// Sends `ship`'s logistics status (fuel, readiness, position) to the
/// logistics cell and its nation's headquarters.
void send_status(DrillModel::World& w, Ship& ship);
/// Sends a status if the ship's fuel has fallen through a reporting threshold
/// since its last such report. Settles nothing.
void report_fuel_crossings(DrillModel::World& w, Ship& ship);
/// Sends `ship`'s request for fuel to the logistics cell.
void request_fuel(DrillModel::World& w, Ship& ship);

/// Sends an order from the logistics cell to the oiler it tasks and the
/// ship it supports.
void send_order_message(DrillModel::World& w, const drill::v1::Order& order);

/// Waits until the logistics cell's order for the tankers of `task` has
/// reached their squadron.
core::Process await_tanker_order(DrillModel::World& w, TaskRt& task, SquadronRt& tankers);
/// The fighters' request for tanker support on `task`, sent an hour before
/// the first tanker has to launch to be on station as the coverage window
/// opens.
core::Process request_tankers(DrillModel::World& w, TaskRt& task, SquadronRt& fighters, SquadronRt& tankers);
/// Sends the cell's order to fly to the tanker squadron first unit `tanker`
/// (an ORDER_KIND_TASK order naming the task).
void send_tanker_order(DrillModel::World& w, const drill::v1::Order& order);

/// The fuel of `ship` at `now` without settling it (the model's state stays
/// as it is).
double fuel_now(const Ship& ship, core::SimTime now);

}  // namespace drill::models
