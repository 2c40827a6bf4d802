// Naval processes: each ship's script (route, tasks, patrol), the oilers'
// service of the logistics cell's orders, and replenishment at sea.
// Owns the fleet's state (World::fleet); takes berths and port stocks
// (World::bases); reports its parts of tasks (World::plan); talks to the
// cell only through the logistics protocol (logistics_protocol.hpp).
#include <algorithm>
#include <limits>
#include <optional>
#include <string>

#include "models/world.hpp"

namespace drill::models {

using core::Duration;
using core::Process;
using core::SimTime;
using scenario::TaskKind;
using World = DrillModel::World;

namespace {


double path_length_nm(LatLon from, const std::vector<LatLon>& path) {
  double total = 0.0;
  for (const LatLon& p : path) {
    total += distance_nm(from, p);
    from = p;
  }
  return total;
}

/// Sails `ship` through `path` at `speed_kn` (clamped to the class's range).
Process sail(World& w, Ship& ship, std::vector<LatLon> path, double speed_kn) {
  const auto& cls = ship.ship_class();
  const double v = std::clamp(speed_kn, 1.0, cls.max_speed_kn);
  std::optional<ActivitySpan> transit;
  if (path_length_nm(ship.position(), path) >= 1e-6) transit.emplace(w, ship.unit, Activity::transit);
  for (const LatLon& dest : path) {
    const double d = distance_nm(ship.position(), dest);
    if (d < 1e-6) continue;
    ship.set_burn(w.sim.now(), cls.burn_tph(v));
    const Duration leg = core::hours_f(d / v);
    ship.begin_leg(dest, w.sim.now(), w.sim.now() + leg);
    co_await w.sim.delay(leg);
    ship.set_position(dest, d);
    ship.set_burn(w.sim.now(), cls.hotel_tph);
  }
}

/// Runs `sub` as a child process of the ship and waits for it: how one
/// script calls another (`co_await child(w, ship, patrol(...))`).
core::Simulation::JoinAwaiter child(World& w, Ship& ship, Process sub) {
  return w.sim.join(w.sim.spawn(std::move(sub), ship.entity()));
}

/// Straight to `dest`, leaving the route alone (errands: fuel, service runs).
core::Simulation::JoinAwaiter go(World& w, Ship& ship, LatLon dest, double speed_kn) {
  return child(w, ship, sail(w, ship, {dest}, speed_kn));
}

/// To a task's location along the unit's route.
core::Simulation::JoinAwaiter go_along_route(World& w, Ship& ship, LatLon dest, double speed_kn) {
  return child(w, ship, sail(w, ship, ship.path_to(dest), speed_kn));
}

/// One replenishment: connect, pump, disconnect. Both ships hold position.
Process transfer(World& w, Ship& oiler, Ship& receiver) {
  const auto& o = *oiler.ship_class().oiler;
  const ActivitySpan giving(w, oiler.unit, Activity::replenishment_at_sea, receiver.unit);
  const ActivitySpan taking(w, receiver.unit, Activity::replenishment_at_sea, oiler.unit);
  co_await w.sim.delay(o.connect_time);
  receiver.settle(w.sim.now());
  const double amount = std::min(receiver.space_t(), oiler.cargo_t);
  if (amount > 0 && o.transfer_rate_tph > 0) co_await w.sim.delay(core::hours_f(amount / o.transfer_rate_tph));
  const double got = receiver.receive(w.sim.now(), amount);
  oiler.cargo_t -= got;
  w.metrics.fuel_delivered_ras->add(got);
  co_await w.sim.delay(o.disconnect_time);
}

/// A ship alongside in a port: takes a berth, bunkers what the port has.
Process bunker_in_port(World& w, Ship& ship, PortRt& port, SimTime stay_until) {
  ship.doing = "waiting for a berth at '" + port.spec->name + "'";
  std::optional<ActivitySpan> waiting;
  waiting.emplace(w, ship.unit, Activity::waiting_for_resource, port.id);
  auto berth = co_await port.berths->acquire();
  waiting.reset();
  ship.doing = "alongside '" + port.spec->name + "'";
  if (stay_until > w.sim.now()) ship.doing += " until " + core::format(stay_until);
  if (port.fuel) {
    ship.settle(w.sim.now());
    const double want = ship.is_oiler() ? ship.space_t() + (ship.ship_class().oiler->cargo_fuel_t - ship.cargo_t)
                                        : ship.space_t();
    const double got = port.fuel->take_available(want);
    if (got > 0) {
      const ActivitySpan refuelling(w, ship.unit, Activity::refuelling, port.id);
      co_await w.sim.delay(core::hours_f(got / port.spec->bunker_rate_tph));
    }
    double left = got;
    left -= ship.receive(w.sim.now(), left);
    if (ship.is_oiler()) ship.cargo_t += left;
    w.metrics.fuel_issued_bases->add(got);
  }
  if (stay_until > w.sim.now()) co_await w.sim.delay(stay_until - w.sim.now());
}

PortRt* nearest_port_with_fuel(World& w, LatLon from) {
  PortRt* best = nullptr;
  double best_d = std::numeric_limits<double>::infinity();
  for (auto& p : w.bases.ports) {
    if (!p->fuel) continue;
    const double d = distance_nm(from, p->spec->position.pos);
    if (d < best_d) {
      best_d = d;
      best = p.get();
    }
  }
  return best;
}

// How near the rendezvous an oiler must find the receiver to close and
// replenish it: in sight from the bridge.
constexpr double kSightNm = 10.0;
/// A ship this close to its patrol point (or a rendezvous) is there.
constexpr double kOnStationNm = 1.0;

/// Sends the ship's request for fuel to the logistics cell, once per need.
void ask_for_fuel(World& w, Ship& ship) {
  FuelCall& call = *w.fleet.fuel_calls[ship.index];
  if (call.open) return;
  call.open = true;
  call.taken = false;
  call.alongside = false;
  call.at_rendezvous = true;  // where it asked from, until an order sends it elsewhere
  call.give_up_at = SimTime::max();
  call.asked_at = w.sim.now();
  request_fuel(w, ship);
}

/// When a ship that asked for fuel stops waiting for an answer: its class's
/// oiler_wait after asking, if a port has fuel to go to instead.
SimTime answer_due(const Ship& ship, const FuelCall& call, const PortRt* port) {
  return port ? call.asked_at + ship.ship_class().oiler_wait : SimTime::max();
}

/// The ship has the cell's order: it sails to the rendezvous the order names
/// (if it is not there) and waits there for the oiler until the order's
/// time is up, or for good while the oiler is alongside or there is no port.
/// The call is closed when served; otherwise it is still open on return.
Process meet_oiler(World& w, Ship& ship, const PortRt* port) {
  FuelCall& call = *w.fleet.fuel_calls[ship.index];
  if (!call.alongside && distance_nm(ship.position(), call.meet_at) > kOnStationNm) {
    call.at_rendezvous = false;
    ship.doing = "sailing below critical fuel to the rendezvous ordered";
    co_await go(w, ship, call.meet_at, ship.ship_class().cruise_speed_kn);
    call.at_rendezvous = true;
    call.came->notify_all();
  }
  ship.doing = "waiting below critical fuel for the oiler ordered to it";
  while (call.open && (call.alongside || !port || w.sim.now() < call.give_up_at))
    co_await call.served->wait_for(call.alongside || !port ? Duration::max() : call.give_up_at - w.sim.now());
}

/// To the nearest port with fuel and bunkers there; tells the cell its fuel after.
Process fuel_in_port(World& w, Ship& ship, PortRt& port) {
  ship.doing = "sailing below critical fuel to '" + port.spec->name + "' for fuel";
  co_await go(w, ship, port.spec->position.pos, ship.ship_class().cruise_speed_kn);
  co_await child(w, ship, bunker_in_port(w, ship, port, w.sim.now()));
  send_status(w, ship);
}

/// A ship below critical fuel with no task to carry on with (between tasks,
/// or its patrol over) gets fuel. With oilers in the drill it asks the
/// logistics cell (if it has not yet) and waits where it is for the answer;
/// with the cell's order it meets the oiler where the order says. If no
/// answer comes within its class's oiler_wait, or the oiler has not come
/// when the order said, and a port has fuel, it gives up and goes to the
/// nearest such port. Without oilers it goes to that port at once.
Process seek_fuel(World& w, Ship& ship) {
  PortRt* port = nearest_port_with_fuel(w, ship.position());
  if (!w.fleet.oilers.empty() && !ship.is_oiler()) {
    FuelCall& call = *w.fleet.fuel_calls[ship.index];
    ask_for_fuel(w, ship);
    if (!call.taken && !call.alongside) {
      ship.doing = "waiting below critical fuel for an answer to its request";
      const SimTime due = answer_due(ship, call, port);
      if (w.sim.now() < due) co_await call.answered->wait_for(due == SimTime::max() ? Duration::max() : due - w.sim.now());
    }
    if (call.open && (call.taken || call.alongside)) co_await child(w, ship, meet_oiler(w, ship, port));
    if (!call.open) co_return;  // replenished
    call.open = false;  // given up: an oiler that comes later finds nobody waiting
    call.came->notify_all();
  }
  if (port) co_await child(w, ship, fuel_in_port(w, ship, *port));
}

Process check_fuel(World& w, Ship& ship) {
  ship.settle(w.sim.now());
  report_fuel_crossings(w, ship);
  if (ship.below_critical() || w.fleet.fuel_calls[ship.index]->open) co_await child(w, ship, seek_fuel(w, ship));
}

/// Between patrol legs (the fuel settled and checked by the caller), below
/// critical or with a request open: fuel is asked for; the
/// ship carries on with its patrol until the cell's order reaches it (or an
/// oiler comes alongside), then meets the oiler where the order says. It
/// gives up waiting and goes to a port as `seek_fuel` does. Says in `went`
/// where it went for fuel, if it left its station.
Process fuel_on_patrol(World& w, Ship& ship, std::string* went) {
  FuelCall& call = *w.fleet.fuel_calls[ship.index];
  const bool oilers = !w.fleet.oilers.empty() && !ship.is_oiler();
  if (!ship.wants_fuel() && !call.open) co_return;
  PortRt* port = nearest_port_with_fuel(w, ship.position());
  if (oilers) {
    ask_for_fuel(w, ship);
    const bool answered = call.taken || call.alongside;
    // Carries on with the patrol until the answer comes, or while above
    // critical fuel (it asked early, at its replenish_at level).
    if (!answered && (!ship.below_critical() || w.sim.now() < answer_due(ship, call, port))) co_return;
    if (answered) {
      if (!call.alongside && distance_nm(ship.position(), call.meet_at) > kOnStationNm) *went = "to meet an oiler";
      co_await child(w, ship, meet_oiler(w, ship, port));
      if (!call.open) co_return;  // replenished
    }
    call.open = false;  // given up
    call.came->notify_all();
  }
  if (!port) co_return;
  *went = "for fuel at '" + port->spec->name + "'";
  co_await child(w, ship, fuel_in_port(w, ship, *port));
}

/// Patrols around `where` until `until`, refuelling when needed; `what`
/// names the patrol for the ship's `doing` ("on patrol 'north'"). While its
/// request for fuel waits for an answer a patrol leg ends early when the
/// answer comes. A ship that left its station for fuel sails back if it can
/// be there before `until`; either way `task` (if any) notes the trip, and
/// `late` is set when the ship could not be back on station before the end.
Process patrol(World& w, Ship& ship, LatLon where, SimTime until, std::string what, TaskRt* task = nullptr,
               bool* late = nullptr) {
  const auto& cls = ship.ship_class();
  co_await go(w, ship, where, cls.cruise_speed_kn);
  const double v = cls.cruise_speed_kn * cls.patrol_speed_fraction;
  FuelCall& call = *w.fleet.fuel_calls[ship.index];
  // Fuel between legs, and the way back to the station after a trip for it.
  auto refuel = [&]() -> Process {
    const SimTime left = w.sim.now();
    std::string went;
    co_await child(w, ship, fuel_on_patrol(w, ship, &went));
    const double back_nm = distance_nm(ship.position(), where);
    if (went.empty() || back_nm <= kOnStationNm) co_return;
    std::string note = ship.name() + " left its patrol at " + core::format(left) + " " + went;
    if (w.sim.now() + core::hours_f(back_nm / cls.cruise_speed_kn) < until) {
      ship.doing = "sailing back to its patrol after taking fuel";
      co_await go(w, ship, where, cls.cruise_speed_kn);
      note += ", back on station at " + core::format(w.sim.now());
    } else {
      note += " and could not be back on station before the patrol's end " + core::format(until);
      if (late) *late = true;
    }
    if (task) task->late_notes.push_back(std::move(note));
  };
  while (w.sim.now() < until) {
    if (call.open && (call.taken || call.alongside)) {  // the answer came between legs
      co_await child(w, ship, refuel());
      if (distance_nm(ship.position(), where) > kOnStationNm) break;  // cannot be back in time
      continue;
    }
    const bool waiting = call.open && !call.taken && !call.alongside;
    ship.doing = what + " until " + core::format(until);
    if (waiting) ship.doing += ", waiting for an answer to its request for fuel";
    ship.set_burn(w.sim.now(), cls.burn_tph(v));
    Duration leg = std::min(cls.patrol_leg, until - w.sim.now());
    const SimTime leg_start = w.sim.now();
    {
      const ActivitySpan on_station(w, ship.unit, Activity::on_station);
      if (waiting) {
        const SimTime due = answer_due(ship, call, nearest_port_with_fuel(w, ship.position()));
        if (due > w.sim.now()) leg = std::min(leg, due - w.sim.now());
        co_await call.answered->wait_for(leg);
      } else {
        co_await w.sim.delay(leg);
      }
    }
    ship.set_position(ship.position(), v * (w.sim.now() - leg_start).hours());  // track length flown in the area
    ship.set_burn(w.sim.now(), cls.hotel_tph);
    // The patrol ends on time; fuel after the last leg is the next step's business.
    if (w.sim.now() < until) {
      ship.settle(w.sim.now());
      report_fuel_crossings(w, ship);
      if (!ship.wants_fuel() && !call.open) continue;  // nothing to do: no process for it
      co_await child(w, ship, refuel());
      if (distance_nm(ship.position(), where) > kOnStationNm) break;  // cannot be back in time
    }
  }
}

/// The first oiler among a task's participants, if any.
Ship* rendezvous_oiler(World& w, const TaskRt& t) {
  for (const auto& p : t.spec->participants) {
    auto it = w.fleet.by_unit.find(p);
    if (it == w.fleet.by_unit.end()) continue;
    for (Ship* s : it->second)
      if (s->is_oiler()) return s;
  }
  return nullptr;
}

struct AgendaItem {
  SimTime earliest;
  TaskRt* task = nullptr;                         // a plan task, or
  const scenario::PortVisit* visit = nullptr;     // a scheduled port visit
  std::size_t order = 0;                          // declaration order breaks ties
};

/// Notes why `ship`'s part of `t` is late when it began after the deadline.
void note_if_late(World& w, Ship& ship, TaskRt& t, bool late) {
  if (late)
    t.late_notes.push_back(ship.name() + " reached '" + t.spec->location + "' at " + core::format(w.sim.now()) +
                           ", after the deadline");
}

/// Does one task's part for `ship`; returns whether it was late.
Process do_task(World& w, Ship& ship, TaskRt& t, bool* late) {
  const auto& spec = *t.spec;
  const auto& cls = ship.ship_class();
  switch (spec.kind) {
    case TaskKind::transit: {
      std::vector<LatLon> path = ship.path_to(t.location);
      const double d = path_length_nm(ship.position(), path);
      const double hours_left = (spec.deadline - w.sim.now()).hours();
      const double needed = hours_left > 0 ? d / hours_left : cls.max_speed_kn;
      ship.doing = "in transit to '" + spec.location + "', due " + core::format(spec.deadline);
      co_await child(w, ship, sail(w, ship, std::move(path), std::max(cls.cruise_speed_kn, needed)));
      *late = w.sim.now() > spec.deadline;
      note_if_late(w, ship, t, *late);
      break;
    }
    case TaskKind::port_visit: {
      PortRt* port = w.port_named(spec.location);
      ship.doing = "sailing to '" + spec.location + "'";
      co_await go_along_route(w, ship, t.location, cls.cruise_speed_kn);
      *late = w.sim.now() > spec.deadline;
      note_if_late(w, ship, t, *late);
      if (port) co_await child(w, ship, bunker_in_port(w, ship, *port, w.sim.now() + spec.stay));
      break;
    }
    case TaskKind::replenishment: {
      // Without a location the receivers come to the (first) oiler.
      LatLon where = t.location;
      if (spec.location.empty()) {
        const Ship* oiler = rendezvous_oiler(w, t);
        where = oiler ? oiler->position() : ship.position();
      }
      ship.doing = "sailing to the rendezvous";
      co_await go_along_route(w, ship, where, cls.cruise_speed_kn);
      *late = w.sim.now() > spec.deadline;
      note_if_late(w, ship, t, *late);
      if (ship.is_oiler()) {
        t.oiler_at_rendezvous = true;
        while (t.receivers_to_serve > 0) {
          ship.doing = "at the rendezvous, " + std::to_string(t.receivers_to_serve) + " receiver(s) to come";
          --t.receivers_to_serve;
          auto req = co_await t.rendezvous->get();
          co_await child(w, ship, transfer(w, ship, *req->ship));
          req->served->notify_all();
        }
      } else {
        core::Signal served(w.sim);
        ship.doing = "waiting at the rendezvous for the oiler";
        co_await t.rendezvous->put(FuelRequest{&ship, &served});
        co_await served.wait();
      }
      break;
    }
    case TaskKind::patrol:
    case TaskKind::air_coverage:
    case TaskKind::maritime_patrol: {
      ship.doing = "sailing to '" + spec.location + "'";
      co_await go_along_route(w, ship, t.location, cls.cruise_speed_kn);
      *late = w.sim.now() > spec.deadline;
      note_if_late(w, ship, t, *late);
      bool away = false;
      co_await child(w, ship, patrol(w, ship, t.location, spec.deadline, "on patrol '" + spec.name + "'", &t, &away));
      *late = *late || away;
      break;
    }
  }
}

// An oiler re-aims at its rendezvous, which later reports may move, at
// least this often.
constexpr Duration kReaim = core::hours(1);

/// Sails to the rendezvous of an order from the logistics cell, re-aiming as
/// the order is updated, and replenishes the ship if it waits there (or
/// waits for it while the ship, which has the order, is on its way); bunkers
/// in port first when the cargo is spent.
Process answer_order(World& w, Ship& oiler, OilerOrder order) {
  const auto& cls = oiler.ship_class();
  FuelCall& call = *order.call;
  if (call.served_by == &oiler && call.served_at >= order.issued) co_return;  // served it since
  oiler.doing = "answering the order to replenish " + call.ship->name();
  if (oiler.cargo_t <= 0.0) {
    if (PortRt* port = nearest_port_with_fuel(w, oiler.position())) {
      co_await go(w, oiler, port->spec->position.pos, cls.cruise_speed_kn);
      co_await child(w, oiler, bunker_in_port(w, oiler, *port, w.sim.now()));
    }
  }
  const double v = cls.oiler->answer_speed_kn.value_or(cls.max_speed_kn);
  for (;;) {
    const double d = distance_nm(oiler.position(), call.rendezvous);
    if (d < 1e-6) break;
    const double leg_nm = std::min(d, v * kReaim.hours());
    const LatLon next = leg_nm >= d ? call.rendezvous : intermediate_point(oiler.position(), call.rendezvous, leg_nm / d);
    co_await go(w, oiler, next, v);
  }
  // A receiver sailing to the rendezvous the order named is waited for
  // until it comes or gives up.
  while (call.open && !call.alongside && !call.at_rendezvous) {
    oiler.doing = "at the rendezvous, waiting for " + call.ship->name();
    co_await call.came->wait();
  }
  // The receiver is there if it still waits for fuel within sight, whether
  // or not the order has reached it yet, and no other oiler is alongside.
  if (call.open && !call.alongside && call.at_rendezvous &&
      distance_nm(oiler.position(), call.ship->position()) <= kSightNm) {
    call.alongside = true;
    call.answered->notify_all();
    co_await go(w, oiler, call.ship->position(), v);
    co_await child(w, oiler, transfer(w, oiler, *call.ship));
    call.alongside = false;
    call.open = false;
    call.served_by = &oiler;
    call.served_at = w.sim.now();
    call.served->notify_all();
    call.came->notify_all();  // another oiler waiting at the rendezvous stops waiting
    send_status(w, *call.ship);
  }
}

/// An oiler's cargo is the fuel it burns: below its replenish_at level (the
/// critical level unless set) it fills its own tanks from the cargo, a
/// transfer between its own tanks that takes no time and delivers nothing
/// to another ship.
void bunker_from_cargo(World& w, Ship& oiler) {
  oiler.settle(w.sim.now());
  if (!oiler.wants_fuel() || oiler.cargo_t <= 0.0) return;
  oiler.cargo_t -= oiler.receive(w.sim.now(), std::min(oiler.space_t(), oiler.cargo_t));
  report_fuel_crossings(w, oiler);
}

/// An oiler with nothing planned answers the logistics cell's orders for the
/// rest of the drill, in the order they reached it. With a patrol area it
/// patrols there until the horizon, and an order interrupts the patrol leg
/// in progress (the track flown so far counts); after answering it sails
/// back and resumes the patrol. It reports itself free to the cell whenever
/// it is back in its service loop with nothing in hand.
Process oiler_service(World& w, Ship& oiler, const scenario::NavalUnit& unit) {
  const auto& cls = oiler.ship_class();
  ShipLogistics& sc = w.logistics->ships[oiler.index];
  const SimTime horizon = core::at(w.spec.drill.horizon);
  const bool patrols = !unit.patrol_area.empty();
  const LatLon area = patrols ? w.place_of(unit.patrol_area) : LatLon{};
  const double v = cls.cruise_speed_kn * cls.patrol_speed_fraction;
  bool announce = true;
  for (;;) {
    bunker_from_cargo(w, oiler);
    oiler.doing = patrols ? "patrolling its area '" + unit.patrol_area + "', answering orders" : "answering orders";
    std::optional<OilerOrder> order;
    if (patrols && w.sim.now() < horizon) {
      co_await go(w, oiler, area, cls.cruise_speed_kn);
      sc.free_for_calls = sc.orders->size() == 0;
      if (announce) send_status(w, oiler);
      announce = false;
      const SimTime leg_start = w.sim.now();
      oiler.set_burn(leg_start, cls.burn_tph(v));
      order = co_await sc.orders->get_within(std::min(cls.patrol_leg, horizon - leg_start));
      oiler.set_position(oiler.position(), v * (w.sim.now() - leg_start).hours());
      oiler.set_burn(w.sim.now(), cls.hotel_tph);
      if (!order) {
        if (w.sim.now() < horizon) co_await child(w, oiler, check_fuel(w, oiler));
        continue;
      }
    } else {
      sc.free_for_calls = sc.orders->size() == 0;
      if (announce) send_status(w, oiler);
      announce = false;
      order = co_await sc.orders->get();
    }
    sc.free_for_calls = false;
    co_await child(w, oiler, answer_order(w, oiler, *order));
    announce = true;
  }
}

Process ship_script(World& w, Ship& ship, const scenario::NavalUnit& unit, std::vector<AgendaItem> agenda) {
  const auto& cls = ship.ship_class();
  ship.set_burn(w.sim.now(), cls.hotel_tph);
  for (const AgendaItem& item : agenda) {
    const std::string name = item.task ? "'" + item.task->spec->name + "'" : "its port visit";
    if (item.task)
      for (const auto& dep : item.task->spec->depends_on) {
        TaskRt& d = *w.plan.by_name.find(dep)->second;
        ship.doing = "waiting for '" + dep + "' to finish before " + name;
        while (!d.done) co_await d.done_signal->wait();
      }
    // Leave for the next task's location in time to be there at its earliest
    // start, not before (a transit chooses its own speed: left to the task).
    if (item.task && item.task->spec->kind != TaskKind::transit && !item.task->spec->location.empty()) {
      const double nm = path_length_nm(ship.position(), ship.preview_path_to(item.task->location));
      const SimTime leave_at = item.earliest - core::hours_f(nm / cls.cruise_speed_kn);
      ship.doing = "waiting to leave for " + name + " at " + core::format(leave_at);
      if (w.sim.now() < leave_at) co_await w.sim.delay(leave_at - w.sim.now());
      ship.doing = "sailing to '" + item.task->spec->location + "' for " + name;
      co_await go_along_route(w, ship, item.task->location, cls.cruise_speed_kn);
    }
    ship.doing = "waiting to begin " + name + " at " + core::format(item.earliest);
    if (w.sim.now() < item.earliest) co_await w.sim.delay(item.earliest - w.sim.now());
    if (item.task) {
      bool late = false;
      ship.current_task = item.task;
      co_await child(w, ship, do_task(w, ship, *item.task, &late));
      ship.current_task = nullptr;
      if (!late && w.sim.now() > item.task->spec->deadline)
        item.task->late_notes.push_back(ship.name() + " finished its part at " + core::format(w.sim.now()) +
                                        " (last: " + ship.doing + ")");
      w.part_done(*item.task, late, &ship);
    } else if (PortRt* port = w.port_named(item.visit->port)) {
      ship.doing = "sailing to '" + port->spec->name + "' for its port visit";
      co_await go(w, ship, port->spec->position.pos, cls.cruise_speed_kn);
      co_await child(w, ship, bunker_in_port(w, ship, *port, item.visit->arrive + item.visit->stay));
    }
    co_await child(w, ship, check_fuel(w, ship));
  }
  // Nothing planned any more: finish the route, then patrol the unit's
  // area or hold position.
  ship.doing = "sailing the rest of its route";
  co_await child(w, ship, sail(w, ship, ship.remaining_route(), cls.cruise_speed_kn));
  ship.finish_route();
  ship.doing = "holding position, nothing planned";
  const SimTime horizon = core::at(w.spec.drill.horizon);
  if (!unit.patrol_area.empty() && !ship.is_oiler()) {
    co_await child(w, ship, patrol(w, ship, w.place_of(unit.patrol_area), horizon,
                                   "patrolling its area '" + unit.patrol_area + "'"));
  }
  if (ship.is_oiler()) {
    co_await child(w, ship, oiler_service(w, ship, unit));
  }
}

bool participates(const scenario::Task& t, const std::string& unit) {
  return std::find(t.participants.begin(), t.participants.end(), unit) != t.participants.end();
}

}  // namespace

void start_naval(World& w) {
  for (std::size_t i = 0; i < w.fleet.ships.size(); ++i) {
    Ship& ship = *w.fleet.ships[i];
    const scenario::NavalUnit& unit = *w.fleet.units[i];
    std::vector<AgendaItem> agenda;
    for (std::size_t k = 0; k < w.plan.tasks.size(); ++k) {
      TaskRt& t = *w.plan.tasks[k];
      if (!participates(*t.spec, unit.name)) continue;
      ++t.pending_parts;
      t.ships_working.push_back(&ship);
      if (t.spec->kind == TaskKind::replenishment) {
        if (!t.rendezvous) t.rendezvous = std::make_unique<core::Store<FuelRequest>>(w.sim, t.spec->name + "/ras");
        if (!ship.is_oiler()) ++t.receivers_to_serve;
      }
      agenda.push_back(AgendaItem{t.spec->earliest_start, &t, nullptr, k});
    }
    for (const auto& v : unit.port_visits) agenda.push_back(AgendaItem{v.arrive, nullptr, &v, w.plan.tasks.size()});
    std::stable_sort(agenda.begin(), agenda.end(), [](const AgendaItem& a, const AgendaItem& b) {
      return a.earliest < b.earliest || (a.earliest == b.earliest && a.order < b.order);
    });
    std::vector<LatLon> route;
    for (const auto& p : unit.route) route.push_back(p.pos);
    ship.set_route(std::move(route));
    w.sim.spawn(ship_script(w, ship, unit, std::move(agenda)), ship.entity());
  }
}

}  // namespace drill::models
