#include "models/comms_wiring.hpp"

#include <algorithm>
#include <functional>
#include <string>

#include "core/distributions.hpp"
#include "models/logistics_cell.hpp"
#include "models/world.hpp"

namespace drill::models {

using core::Duration;
using core::Process;
using core::SimTime;
using World = DrillModel::World;

CommsRt::CommsRt() = default;
CommsRt::~CommsRt() = default;

ShipComms& CommsRt::of(const Ship& ship) { return ships[ship_by_unit.at(ship.unit.index())]; }

ShipComms* CommsRt::by_unit(std::uint32_t unit) noexcept {
  auto it = ship_by_unit.find(unit);
  return it == ship_by_unit.end() ? nullptr : &ships[it->second];
}

double fuel_now(const Ship& ship, SimTime now) {
  Ship copy = ship;  // settle a copy: reporting must not change the model
  copy.detach();
  copy.settle(now);
  return copy.fuel_t();
}

namespace {

comms::NetworkSpec network_spec(World& w) {
  const scenario::Comms& c = w.spec.comms;
  comms::NetworkSpec ns;
  for (const scenario::CommsNode& n : c.nodes) {
    comms::NodeSpec node;
    node.name = n.name;
    node.nation = n.nation;
    node.groups = n.groups;
    node.antenna_height_ft = n.antenna_height_ft;
    node.track_age = n.headquarters;
    node.position = n.position.pos;
    if (!n.host.empty()) {
      if (auto it = w.ships_by_unit.find(n.host); it != w.ships_by_unit.end() && !it->second.empty()) {
        const Ship* ship = it->second.front();
        node.host = [ship](SimTime now) { return ship->position_at(now); };
        node.motion_until = [ship](SimTime t) { return ship->motion_holds_until(t); };
      } else if (auto sq = w.squadron_by_name.find(n.host); sq != w.squadron_by_name.end()) {
        const AirBaseRt* base = sq->second->base;
        node.host = [base](SimTime) { return base->position(); };
      } else {
        for (const auto& b : w.airbases)
          if (b->spec->name == n.host) {
            const AirBaseRt* base = b.get();
            node.host = [base](SimTime) { return base->position(); };
          }
        for (const auto& p : w.ports)
          if (p->spec->name == n.host) node.position = p->spec->position.pos;
        for (const auto& d : w.spec.logistics.depots)
          if (d.name == n.host) node.position = d.position.pos;
      }
    }
    ns.nodes.push_back(std::move(node));
  }
  for (const scenario::CommsLink& l : c.links) {
    comms::LinkSpec link;
    link.name = l.name;
    switch (l.kind) {
      case scenario::LinkKind::satellite: link.kind = comms::LinkKind::satellite; break;
      case scenario::LinkKind::radio_los: link.kind = comms::LinkKind::line_of_sight; break;
      case scenario::LinkKind::hf: link.kind = comms::LinkKind::hf; break;
    }
    link.nodes = l.nodes;
    link.delay = l.latency;
    link.bandwidth_bps = l.bandwidth_bps;
    link.overhead_bytes = l.overhead_bytes.value_or(-1);
    link.loss_probability = l.loss_fraction;
    for (const scenario::CommsOutage& o : l.outages) link.outages.push_back(comms::OutageWindow{o.from, o.until});
    link.random_outages = comms::RandomOutages{l.mtbf, l.mttr};
    link.setup_time = l.setup_time;
    link.buffer_messages = static_cast<std::uint32_t>(l.buffer_messages);
    link.drop_policy = l.drop_policy == scenario::DropPolicy::drop_newest ? comms::DropPolicy::drop_newest
                                                                          : comms::DropPolicy::drop_lowest_priority;
    link.range_nm = l.range_nm;
    ns.links.push_back(std::move(link));
  }
  ns.relay_policy = c.relay_policy == scenario::RelayPolicy::avoid_foreign_relays
                        ? comms::RelayPolicy::avoid_foreign_relays
                        : comms::RelayPolicy::forward_without_delivering;
  ns.ack_timeout = c.ack_timeout;
  ns.max_retransmissions = static_cast<std::uint32_t>(c.retransmissions);
  return ns;
}

/// The nations a unit's logistics traffic is releasable to: its own and the
/// logistics cell's.
void release_to_cell(CommsRt& rt, comms::NodeId from, drill::v1::Envelope& env) {
  const auto own = rt.network->nation_of(from);
  const auto cell = rt.network->nation_of(rt.cell_node);
  env.add_releasable_nations(own.index());
  if (cell != own) env.add_releasable_nations(cell.index());
}

/// A logistics status from `from`: to the logistics cell and the
/// headquarters of its nation, routine, living one reporting period
/// (`every`; forever when there is no schedule), releasable to the cell.
void address_status(CommsRt& rt, comms::NodeId from, Duration every, drill::v1::Envelope& env) {
  env.add_destination_nodes(rt.cell_node.index());
  const auto nation = rt.network->nation_of(from);
  for (comms::NodeId hq : rt.headquarters)
    if (hq != rt.cell_node && rt.network->nation_of(hq) == nation) env.add_destination_nodes(hq.index());
  env.set_priority(drill::v1::PRIORITY_ROUTINE);
  if (every > Duration::zero()) env.set_time_to_live_us(every.ticks());
  release_to_cell(rt, from, env);
}

/// What an order means to one ship that has it: the oiler tasked queues it
/// (or moves the rendezvous of the order it holds), the ship supported
/// learns that an oiler is coming.
void order_reaches(World& w, const drill::v1::Order& o, Ship& ship) {
  CommsRt& rt = *w.comms;
  ShipComms& sc = rt.of(ship);
  ShipComms* receiver = rt.by_unit(o.supported_unit());
  if (!receiver) return;
  FuelCall& call = *w.fuel_calls.at(receiver->ship->entity());
  if (ship.unit.index() == o.tasked_unit() && sc.orders) {
    call.rendezvous = LatLon{o.latitude_deg(), o.longitude_deg()};
    if (call.order_id != o.order_id()) {
      call.order_id = o.order_id();
      sc.free_for_calls = false;
      sc.orders->try_put(OilerOrder{&call, o.order_id(), SimTime::from_ticks(o.start_us())});
    }
  }
  if (ship.unit.index() == o.supported_unit() && call.open && !call.taken) {
    call.taken = true;
    call.give_up_at = SimTime::from_ticks(o.end_us());
    call.answered->notify_all();
  }
}

// Fighters ask for tanker support this long before the first tanker must
// launch, so that an order over a working network is in time.
constexpr Duration kTankerRequestLead = core::hours(1);

std::uint64_t tanker_key(std::uint32_t task, std::uint32_t unit) { return (std::uint64_t{task} << 32) | unit; }

TankerTasking& tanker_tasking(World& w, std::uint32_t task, std::uint32_t unit) {
  auto [it, fresh] = w.comms->tankers.try_emplace(tanker_key(task, unit));
  if (fresh) it->second.ordered_signal = std::make_unique<core::Signal>(w.sim);
  return it->second;
}

/// A tanker squadron has the cell's order to fly for a task.
void tanker_order_reaches(World& w, const drill::v1::Order& o) {
  TankerTasking& tt = tanker_tasking(w, o.task(), o.tasked_unit());
  if (tt.ordered) return;
  tt.ordered = true;
  tt.ordered_signal->notify_all();
}

/// Receives what reaches one node and hands it to the cell or to the ships
/// the node carries.
class NodeReceiver final : public comms::MessageReceiver {
 public:
  NodeReceiver(World& w, comms::NodeId node) : w_(w), node_(node) {}
  void receive(comms::NodeId at, const drill::v1::Message& m) override {
    CommsRt& rt = *w_.comms;
    const SimTime made = SimTime::from_ticks(m.envelope().created_us());
    const bool cell = at == rt.cell_node;
    if (m.has_logistics_status() && cell) rt.cell->on_status(m.logistics_status(), made);
    if (m.has_support_request() && cell) rt.cell->on_request(m.support_request(), made);
    if (m.has_order() && m.order().kind() == drill::v1::ORDER_KIND_TASK) {
      auto sq = rt.squadron_node.find(m.order().tasked_unit());
      if (sq != rt.squadron_node.end() && sq->second == node_) tanker_order_reaches(w_, m.order());
    } else if (m.has_order()) {
      for (std::uint32_t unit : {m.order().tasked_unit(), m.order().supported_unit()}) {
        ShipComms* sc = rt.by_unit(unit);
        if (sc && sc->node == node_) order_reaches(w_, m.order(), *sc->ship);
      }
    }
  }

 private:
  World& w_;
  comms::NodeId node_;
};

/// Whether `sc` sends over the network (not off it, nor at the cell's own node).
bool on_network(const CommsRt& rt, const ShipComms& sc) { return sc.node && *sc.node != rt.cell_node; }

drill::v1::Readiness readiness_of(const Ship& ship, const ShipComms& sc, double fuel_t) {
  if (ship.is_oiler())
    return sc.free_for_calls ? drill::v1::READINESS_FULLY_CAPABLE : drill::v1::READINESS_PARTIALLY_CAPABLE;
  return fuel_t / ship.ship_class().fuel_capacity_t >= ship.ship_class().critical_fuel_fraction
             ? drill::v1::READINESS_FULLY_CAPABLE
             : drill::v1::READINESS_PARTIALLY_CAPABLE;
}

void fill_status(World& w, Ship& ship, const ShipComms& sc, drill::v1::LogisticsStatus& s) {
  const double fuel = fuel_now(ship, w.sim.now());
  s.set_unit(ship.unit.index());
  s.set_fuel_tonnes(fuel);
  s.set_fuel_fraction(fuel / ship.ship_class().fuel_capacity_t);
  s.set_readiness(readiness_of(ship, sc, fuel));
  const LatLon at = ship.position_at(w.sim.now());
  s.set_latitude_deg(at.lat_deg);
  s.set_longitude_deg(at.lon_deg);
}

Process status_reports(World& w, Ship& ship, Duration every) {
  for (;;) {
    send_status(w, ship);
    co_await w.sim.delay(every);
  }
}

/// A squadron's logistics status: the readiness of its aircraft (all up,
/// some down for repair, all down) and its base's stocks, with the base's
/// fuel as the status's fuel and the base's position.
void fill_squadron_status(World& w, const SquadronRt& sq, drill::v1::LogisticsStatus& s) {
  s.set_unit(sq.aircraft.front()->unit.index());
  const double down = sq.measures.down ? sq.measures.down->current() : 0.0;  // the model's own count
  const auto count = static_cast<double>(sq.aircraft.size());
  s.set_readiness(down <= 0.0     ? drill::v1::READINESS_FULLY_CAPABLE
                  : down >= count ? drill::v1::READINESS_NOT_CAPABLE
                                  : drill::v1::READINESS_PARTIALLY_CAPABLE);
  const AirBaseRt& base = *sq.base;
  const auto add_stock = [&](const Stock& stock) {
    drill::v1::StockLevel& level = *s.add_stocks();
    if (const auto id = w.collector.names().find<core::metrics::EntityKind::stock>(stock.name())) level.set_stock(id->index());
    level.set_quantity(stock.level());
  };
  if (base.fuel) {
    s.set_fuel_tonnes(base.fuel->level());
    if (base.fuel->policy().capacity > 0) s.set_fuel_fraction(base.fuel->level() / base.fuel->policy().capacity);
    add_stock(*base.fuel);
  }
  if (base.spares) add_stock(*base.spares);
  const LatLon at = base.position();
  s.set_latitude_deg(at.lat_deg);
  s.set_longitude_deg(at.lon_deg);
}

/// A squadron that hosts a node reports its status on schedule, like ships,
/// to the logistics cell and its nation's headquarters.
Process squadron_status_reports(World& w, const SquadronRt& sq, comms::NodeId from, Duration every) {
  CommsRt& rt = *w.comms;
  for (;;) {
    if (from == rt.cell_node) {
      drill::v1::LogisticsStatus s;
      fill_squadron_status(w, sq, s);
      rt.cell->on_status(s, w.sim.now());
    } else {
      drill::v1::Message& m = rt.network->compose(comms::Flow::logistics_status);
      fill_squadron_status(w, sq, *m.mutable_logistics_status());
      address_status(rt, from, every, *m.mutable_envelope());
      rt.network->send(from, m);
    }
    co_await w.sim.delay(every);
  }
}

bool on_patrol(const Ship& ship) {
  const auto* task = static_cast<const TaskRt*>(ship.current_task);
  return task && (task->spec->kind == scenario::TaskKind::patrol || task->spec->kind == scenario::TaskKind::maritime_patrol);
}

/// A contact report from `from` to every headquarters, releasable to the
/// reporter's nation and the drill's `contacts_releasable_to`.
void send_contact(World& w, comms::NodeId from, std::uint32_t reporter, std::uint64_t track, LatLon where,
                  drill::v1::ContactClass cls) {
  CommsRt& rt = *w.comms;
  drill::v1::Message& m = rt.network->compose(comms::Flow::contact_report);
  drill::v1::ContactReport& c = *m.mutable_contact_report();
  c.set_reporter_unit(reporter);
  c.set_track_number(track);
  c.set_classification(cls);
  c.set_latitude_deg(where.lat_deg);
  c.set_longitude_deg(where.lon_deg);
  c.set_observed_us(w.sim.now().ticks());
  drill::v1::Envelope& env = *m.mutable_envelope();
  for (comms::NodeId hq : rt.headquarters) env.add_destination_nodes(hq.index());
  env.set_priority(drill::v1::PRIORITY_PRIORITY);
  env.add_releasable_nations(rt.network->nation_of(from).index());
  for (const std::string& n : w.spec.comms.reporting.contacts_releasable_to) {
    try {
      const auto id = rt.network->nation(n);
      if (id != rt.network->nation_of(from)) env.add_releasable_nations(id.index());
    } catch (const std::out_of_range&) {
      // A nation with no node in the drill receives nothing anyway.
    }
  }
  rt.network->send(from, m);
}

/// Contact reports at `per_hour` (a Poisson stream) while `active()` holds.
Process contact_reports(World& w, comms::NodeId from, std::uint32_t reporter, std::string name, double per_hour,
                        std::function<bool()> active, std::function<LatLon()> where,
                        drill::v1::ContactClass cls) {
  core::RandomStream rng = w.sim.stream("comms.contacts." + name);
  const core::Distribution gap = core::Distribution::exponential(3600.0 / per_hour);
  std::uint64_t track = 0;
  for (;;) {
    co_await w.sim.delay(core::seconds_f(gap.sample(rng)));
    if (active()) send_contact(w, from, reporter, ++track, where(), cls);
  }
}

}  // namespace

void send_status(World& w, Ship& ship) {
  CommsRt& rt = *w.comms;
  ShipComms& sc = rt.of(ship);
  if (!on_network(rt, sc)) {
    drill::v1::LogisticsStatus s;
    fill_status(w, ship, sc, s);
    rt.cell->on_status(s, w.sim.now());
    return;
  }
  drill::v1::Message& m = rt.network->compose(comms::Flow::logistics_status);
  fill_status(w, ship, sc, *m.mutable_logistics_status());
  address_status(rt, *sc.node, w.spec.comms.reporting.report_every, *m.mutable_envelope());
  rt.network->send(*sc.node, m);
}

void report_fuel_crossings(World& w, Ship& ship) {
  const auto& thresholds = w.spec.comms.reporting.fuel_thresholds;
  if (thresholds.empty()) return;
  ShipComms& sc = w.comms->of(ship);
  const double fraction = fuel_now(ship, w.sim.now()) / ship.ship_class().fuel_capacity_t;
  const auto below = static_cast<std::size_t>(
      std::count_if(thresholds.begin(), thresholds.end(), [&](double t) { return fraction < t; }));
  const bool crossed = below > sc.next_threshold;
  sc.next_threshold = below;  // refuelling above a threshold arms it again
  if (crossed) send_status(w, ship);
}

void request_fuel(World& w, Ship& ship) {
  CommsRt& rt = *w.comms;
  ShipComms& sc = rt.of(ship);
  drill::v1::SupportRequest local;
  drill::v1::Message* m = on_network(rt, sc) ? &rt.network->compose(comms::Flow::support_request) : nullptr;
  drill::v1::SupportRequest& r = m ? *m->mutable_support_request() : local;
  r.set_requester_unit(ship.unit.index());
  r.set_kind(drill::v1::SUPPORT_KIND_REPLENISHMENT);
  r.set_quantity(ship.ship_class().fuel_capacity_t - fuel_now(ship, w.sim.now()));
  r.set_latitude_deg(ship.position().lat_deg);
  r.set_longitude_deg(ship.position().lon_deg);
  r.set_needed_by_us(w.sim.now().ticks());
  if (!m) {
    rt.cell->on_request(r, w.sim.now());
    return;
  }
  drill::v1::Envelope& env = *m->mutable_envelope();
  env.add_destination_nodes(rt.cell_node.index());
  env.set_priority(drill::v1::PRIORITY_IMMEDIATE);
  env.set_acknowledge(true);
  release_to_cell(rt, *sc.node, env);
  rt.network->send(*sc.node, *m);
}

void send_order_message(World& w, const drill::v1::Order& o) {
  CommsRt& rt = *w.comms;
  ShipComms* oiler = rt.by_unit(o.tasked_unit());
  ShipComms* receiver = rt.by_unit(o.supported_unit());
  if (!oiler || !receiver) return;
  drill::v1::Message* m = nullptr;
  for (ShipComms* sc : {oiler, receiver}) {
    if (!on_network(rt, *sc)) continue;
    if (!m) {
      m = &rt.network->compose(comms::Flow::order);
      *m->mutable_order() = o;
      drill::v1::Envelope& env = *m->mutable_envelope();
      env.set_priority(drill::v1::PRIORITY_IMMEDIATE);
      env.set_acknowledge(true);
      env.add_releasable_nations(rt.network->nation_of(rt.cell_node).index());
    }
    drill::v1::Envelope& env = *m->mutable_envelope();
    env.add_destination_nodes(sc->node->index());
    const auto nation = rt.network->nation_of(*sc->node).index();
    if (std::find(env.releasable_nations().begin(), env.releasable_nations().end(), nation) ==
        env.releasable_nations().end())
      env.add_releasable_nations(nation);
  }
  if (m) rt.network->send(rt.cell_node, *m);
  // Ships off the network, or at the cell's own node, have the order at once.
  for (ShipComms* sc : {oiler, receiver})
    if (!on_network(rt, *sc)) order_reaches(w, o, *sc->ship);
}

void send_tanker_order(World& w, const drill::v1::Order& o) {
  CommsRt& rt = *w.comms;
  auto sq = rt.squadron_node.find(o.tasked_unit());
  if (sq == rt.squadron_node.end()) return;
  if (!sq->second || *sq->second == rt.cell_node) {
    tanker_order_reaches(w, o);
    return;
  }
  drill::v1::Message& m = rt.network->compose(comms::Flow::order);
  *m.mutable_order() = o;
  drill::v1::Envelope& env = *m.mutable_envelope();
  env.add_destination_nodes(sq->second->index());
  env.set_priority(drill::v1::PRIORITY_IMMEDIATE);
  env.set_acknowledge(true);
  env.add_releasable_nations(rt.network->nation_of(rt.cell_node).index());
  if (rt.network->nation_of(*sq->second) != rt.network->nation_of(rt.cell_node))
    env.add_releasable_nations(rt.network->nation_of(*sq->second).index());
  rt.network->send(rt.cell_node, m);
}

Process await_tanker_order(World& w, TaskRt& task, SquadronRt& tankers) {
  TankerTasking& tt = tanker_tasking(w, task.id.index(), tankers.aircraft.front()->unit.index());
  while (!tt.ordered) co_await tt.ordered_signal->wait();
}

Process request_tankers(World& w, TaskRt& task, SquadronRt& fighters, SquadronRt& tankers) {
  const auto& cov = *task.spec->coverage;
  const double transit_h = distance_nm(tankers.base->position(), task.location) / tankers.type->cruise_speed_kn;
  const SimTime when =
      cov.from - core::hours_f(transit_h) - tankers.base->spec->flight_ops.launch_slot - kTankerRequestLead;
  if (when > w.sim.now()) co_await w.sim.delay(when - w.sim.now());
  CommsRt& rt = *w.comms;
  const std::uint32_t requester = fighters.aircraft.front()->unit.index();
  const std::optional<comms::NodeId> node = rt.squadron_node.at(requester);
  drill::v1::SupportRequest local;
  const bool over_network = node && *node != rt.cell_node;
  drill::v1::Message* m = over_network ? &rt.network->compose(comms::Flow::support_request) : nullptr;
  drill::v1::SupportRequest& r = m ? *m->mutable_support_request() : local;
  r.set_requester_unit(requester);
  r.set_kind(drill::v1::SUPPORT_KIND_TANKER_SUPPORT);
  r.set_latitude_deg(task.location.lat_deg);
  r.set_longitude_deg(task.location.lon_deg);
  r.set_needed_by_us(cov.from.ticks());
  r.set_task(task.id.index());
  if (!m) {
    rt.cell->on_request(r, w.sim.now());
    co_return;
  }
  drill::v1::Envelope& env = *m->mutable_envelope();
  env.add_destination_nodes(rt.cell_node.index());
  env.set_priority(drill::v1::PRIORITY_IMMEDIATE);
  env.set_acknowledge(true);
  release_to_cell(rt, *node, env);
  rt.network->send(*node, *m);
}

void start_comms(World& w) {
  const scenario::Comms& spec = w.spec.comms;
  w.comms = std::make_unique<CommsRt>();
  CommsRt& rt = *w.comms;
  rt.network = std::make_unique<comms::Network>(w.sim, w.collector, network_spec(w));
  rt.cell_node = rt.network->node(spec.logistics_cell);
  // A node hosted by a ship hears of each change of its host's motion.
  for (const scenario::CommsNode& n : spec.nodes)
    if (auto it = w.ships_by_unit.find(n.host); !n.host.empty() && it != w.ships_by_unit.end() && !it->second.empty())
      it->second.front()->on_motion_change([net = rt.network.get(), id = rt.network->node(n.name)] { net->host_moved(id); });
  rt.cell = std::make_unique<LogisticsCell>(w);
  for (const scenario::CommsNode& n : spec.nodes) {
    const comms::NodeId id = rt.network->node(n.name);
    if (n.headquarters) rt.headquarters.push_back(id);
    rt.receivers.push_back(std::make_unique<NodeReceiver>(w, id));
    rt.network->set_receiver(id, rt.receivers.back().get());
  }
  for (std::size_t i = 0; i < w.ships.size(); ++i) {
    Ship& ship = *w.ships[i];
    ShipComms sc;
    sc.ship = &ship;
    for (const scenario::CommsNode& n : spec.nodes)
      if (n.host == w.ship_units[i]->name) {
        sc.node = rt.network->node(n.name);
        break;
      }
    if (ship.is_oiler()) sc.orders = std::make_unique<core::Store<OilerOrder>>(w.sim, ship.name() + "/orders");
    rt.ship_by_unit[ship.unit.index()] = rt.ships.size();
    rt.ships.push_back(std::move(sc));
  }
  for (const auto& sq : w.squadrons) {
    if (sq->aircraft.empty()) continue;
    std::optional<comms::NodeId> node;
    for (const scenario::CommsNode& n : spec.nodes)
      if (n.host == sq->spec->name) {
        node = rt.network->node(n.name);
        break;
      }
    rt.squadron_node[sq->aircraft.front()->unit.index()] = node;
  }
  const Duration every = spec.reporting.report_every;
  for (ShipComms& sc : rt.ships)
    if (sc.node && every > Duration::zero()) w.sim.spawn(status_reports(w, *sc.ship, every), sc.ship->entity());
  if (every > Duration::zero())
    for (const auto& sq : w.squadrons)
      if (sq->aircraft.size() > 0)
        if (const auto& node = rt.squadron_node[sq->aircraft.front()->unit.index()])
          w.sim.spawn(squadron_status_reports(w, *sq, *node, every), w.entity());
  const double per_hour = spec.reporting.contacts_per_hour;
  if (per_hour <= 0) return;
  for (ShipComms& sc : rt.ships) {
    if (!sc.node) continue;
    Ship* ship = sc.ship;
    w.sim.spawn(contact_reports(
                    w, *sc.node, ship->unit.index(), ship->name(), per_hour, [ship] { return on_patrol(*ship); },
                    [ship, &w] { return ship->position_at(w.sim.now()); }, drill::v1::CONTACT_CLASS_SURFACE),
                ship->entity());
  }
  // Maritime patrol aircraft: a squadron that hosts a node reports while any
  // of its aircraft is on station for a maritime patrol task it flies.
  for (const scenario::CommsNode& n : spec.nodes) {
    auto sq = w.squadron_by_name.find(n.host);
    if (sq == w.squadron_by_name.end() || sq->second->aircraft.empty()) continue;
    std::vector<const TaskRt*> patrols;
    for (const auto& t : w.tasks)
      if (t->spec->kind == scenario::TaskKind::maritime_patrol &&
          std::find(t->spec->participants.begin(), t->spec->participants.end(), n.host) != t->spec->participants.end())
        patrols.push_back(t.get());
    if (patrols.empty()) continue;
    const Aircraft& first = *sq->second->aircraft.front();
    w.sim.spawn(contact_reports(
                    w, rt.network->node(n.name), first.unit.index(), n.name, per_hour,
                    [patrols] {
                      return std::any_of(patrols.begin(), patrols.end(), [](const TaskRt* t) { return t->on_station > 0; });
                    },
                    [patrols] { return patrols.front()->location; }, drill::v1::CONTACT_CLASS_SUBSURFACE),
                w.entity());
  }
}

}  // namespace drill::models
