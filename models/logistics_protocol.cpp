#include "models/logistics_protocol.hpp"

#include <algorithm>
#include <array>

#include "models/drill_network.hpp"
#include "models/entity_kinds.hpp"
#include "models/ideal_transport.hpp"
#include "models/logistics_cell.hpp"
#include "models/world.hpp"

namespace drill::models {

using core::Duration;
using core::Process;
using core::SimTime;
using World = DrillModel::World;

LogisticsRt::LogisticsRt() = default;
LogisticsRt::~LogisticsRt() = default;

double fuel_now(const Ship& ship, SimTime now) { return ship.fuel_at(now); }

namespace {

/// What an order means to a ship that has it: the oiler tasked queues it
/// (or moves the rendezvous of the order it holds), the ship supported
/// learns that an oiler is coming, where and until when.
void order_reaches(World& w, const drill::v1::Order& o, Ship& ship) {
  LogisticsRt& rt = *w.logistics;
  Ship* receiver = rt.ship(ShipId{o.supported_unit()});
  if (!receiver) return;
  FuelCall& call = *w.fleet.fuel_calls[receiver->index];
  ShipLogistics& sl = rt.ships[ship.index];
  if (ship.unit == ShipId{o.tasked_unit()} && sl.orders) {
    call.rendezvous = LatLon{o.latitude_deg(), o.longitude_deg()};
    if (call.order_id != o.order_id()) {
      call.order_id = o.order_id();
      sl.free_for_calls = false;
      sl.orders->try_put(OilerOrder{&call, o.order_id(), SimTime::from_ticks(o.start_us())});
    }
  }
  if (&ship == receiver && call.open && !call.taken) {
    call.taken = true;
    call.meet_at = LatLon{o.latitude_deg(), o.longitude_deg()};
    call.give_up_at = SimTime::from_ticks(o.end_us());
    call.answered->notify_all();
  }
}

/// A tanker squadron has the cell's order to fly for a task.
void tanker_order_reaches(World& w, const drill::v1::Order& o, SquadronRt& sq) {
  for (const auto& t : w.plan.tasks)
    if (t->id.index() == o.task()) {
      if (std::find(sq.ordered_tasks.begin(), sq.ordered_tasks.end(), t.get()) != sq.ordered_tasks.end()) return;
      sq.ordered_tasks.push_back(t.get());
      sq.ordered->notify_all();
      return;
    }
}

/// Hands what reaches a party to it: reports and requests to the cell,
/// orders to the ships and squadrons they name.
class ProtocolRecipient final : public Recipient {
 public:
  explicit ProtocolRecipient(World& w) : w_(w) {}
  void receive(Party at, const drill::v1::Message& m) override {
    LogisticsRt& rt = *w_.logistics;
    const SimTime made = SimTime::from_ticks(m.envelope().created_us());
    switch (at.kind()) {
      case Party::Kind::cell:
        if (m.has_logistics_status()) rt.cell->on_status(m.logistics_status(), made);
        if (m.has_support_request()) rt.cell->on_request(m.support_request(), made);
        break;
      case Party::Kind::ship: {
        if (!m.has_order() || m.order().kind() != drill::v1::ORDER_KIND_REPLENISH) break;
        Ship* found = rt.ship(at.ship_id());
        if (!found) break;
        Ship& ship = *found;
        if (ship.unit == ShipId{m.order().tasked_unit()} || ship.unit == ShipId{m.order().supported_unit()})
          order_reaches(w_, m.order(), ship);
        break;
      }
      case Party::Kind::squadron: {
        if (!m.has_order() || m.order().kind() != drill::v1::ORDER_KIND_TASK) break;
        SquadronRt* found = nullptr;
        for (const auto& s : w_.air.squadrons)
          if (s->id == at.squadron_id()) found = s.get();
        if (!found) break;
        SquadronRt& sq = *found;
        if (m.order().has_tasked_squadron() && sq.id.index() == m.order().tasked_squadron())
          tanker_order_reaches(w_, m.order(), sq);
        break;
      }
    }
  }

 private:
  World& w_;
};

constexpr std::array<Party, 1> kToCell{Party::cell()};

Duration report_every(const World& w) { return w.spec.comms.reporting.report_every; }

drill::v1::Readiness readiness_of(const Ship& ship, const ShipLogistics& sl, double fuel_t) {
  if (ship.is_oiler())
    return sl.free_for_calls ? drill::v1::READINESS_FULLY_CAPABLE : drill::v1::READINESS_PARTIALLY_CAPABLE;
  return fuel_t / ship.ship_class().fuel_capacity_t >= ship.ship_class().critical_fuel_fraction
             ? drill::v1::READINESS_FULLY_CAPABLE
             : drill::v1::READINESS_PARTIALLY_CAPABLE;
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
  s.set_squadron(sq.id.index());
  const double down = sq.measures.down ? sq.measures.down->current() : 0.0;  // the squadron's own count
  const auto count = static_cast<double>(sq.aircraft.size());
  s.set_readiness(down <= 0.0     ? drill::v1::READINESS_FULLY_CAPABLE
                  : down >= count ? drill::v1::READINESS_NOT_CAPABLE
                                  : drill::v1::READINESS_PARTIALLY_CAPABLE);
  const AirBaseRt& base = *sq.base;
  const auto add_stock = [&](const Stock& stock) {
    drill::v1::StockLevel& level = *s.add_stocks();
    if (const auto id = w.collector.names().find<kind::stock>(stock.name())) level.set_stock(id->index());
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

Process squadron_status_reports(World& w, const SquadronRt& sq, Duration every) {
  Transport& t = *w.logistics->transport;
  const Party from = Party::squadron(sq.id);
  for (;;) {
    drill::v1::Message& m = t.compose(from, comms::Flow::logistics_status);
    fill_squadron_status(w, sq, *m.mutable_logistics_status());
    t.send(from, kToCell, m, Delivery{drill::v1::PRIORITY_ROUTINE, false, every, true});
    co_await w.sim.delay(every);
  }
}

// Fighters ask for tanker support this long before the first tanker must
// launch, so that an order over a working network is in time.
constexpr Duration kTankerRequestLead = core::hours(1);

}  // namespace

void send_status(World& w, Ship& ship) {
  LogisticsRt& rt = *w.logistics;
  const Party from = Party::ship(ship.unit);
  drill::v1::Message& m = rt.transport->compose(from, comms::Flow::logistics_status);
  drill::v1::LogisticsStatus& s = *m.mutable_logistics_status();
  const double fuel = fuel_now(ship, w.sim.now());
  s.set_unit(ship.unit.index());
  s.set_fuel_tonnes(fuel);
  s.set_fuel_fraction(fuel / ship.ship_class().fuel_capacity_t);
  s.set_readiness(readiness_of(ship, rt.ships[ship.index], fuel));
  const LatLon at = ship.position_at(w.sim.now());
  s.set_latitude_deg(at.lat_deg);
  s.set_longitude_deg(at.lon_deg);
  rt.transport->send(from, kToCell, m, Delivery{drill::v1::PRIORITY_ROUTINE, false, report_every(w), true});
}

void report_fuel_crossings(World& w, Ship& ship) {
  const auto& thresholds = w.spec.comms.reporting.fuel_thresholds;
  if (thresholds.empty()) return;
  ShipLogistics& sl = w.logistics->ships[ship.index];
  const double fraction = fuel_now(ship, w.sim.now()) / ship.ship_class().fuel_capacity_t;
  const auto below = static_cast<std::size_t>(
      std::count_if(thresholds.begin(), thresholds.end(), [&](double t) { return fraction < t; }));
  const bool crossed = below > sl.next_threshold;
  sl.next_threshold = below;  // refuelling above a threshold arms it again
  if (crossed) send_status(w, ship);
}

void request_fuel(World& w, Ship& ship) {
  Transport& t = *w.logistics->transport;
  const Party from = Party::ship(ship.unit);
  drill::v1::Message& m = t.compose(from, comms::Flow::support_request);
  drill::v1::SupportRequest& r = *m.mutable_support_request();
  r.set_requester_unit(ship.unit.index());
  r.set_kind(drill::v1::SUPPORT_KIND_REPLENISHMENT);
  r.set_quantity(ship.ship_class().fuel_capacity_t - fuel_now(ship, w.sim.now()));
  r.set_latitude_deg(ship.position().lat_deg);
  r.set_longitude_deg(ship.position().lon_deg);
  r.set_needed_by_us(w.sim.now().ticks());
  t.send(from, kToCell, m, Delivery{drill::v1::PRIORITY_IMMEDIATE, true, Duration::zero(), false});
}

void send_order(World& w, const drill::v1::Order& o, Ship& oiler, Ship& receiver) {
  Transport& t = *w.logistics->transport;
  drill::v1::Message& m = t.compose(Party::cell(), comms::Flow::order);
  *m.mutable_order() = o;
  const std::array<Party, 2> to{Party::ship(oiler.unit), Party::ship(receiver.unit)};
  t.send(Party::cell(), to, m, Delivery{drill::v1::PRIORITY_IMMEDIATE, true, Duration::zero(), false});
}

void send_tanker_order(World& w, const drill::v1::Order& o, SquadronRt& tankers) {
  Transport& t = *w.logistics->transport;
  drill::v1::Message& m = t.compose(Party::cell(), comms::Flow::order);
  *m.mutable_order() = o;
  const std::array<Party, 1> to{Party::squadron(tankers.id)};
  t.send(Party::cell(), to, m, Delivery{drill::v1::PRIORITY_IMMEDIATE, true, Duration::zero(), false});
}

Process await_tanker_order(World& w, TaskRt& task, SquadronRt& tankers) {
  (void)w;
  while (std::find(tankers.ordered_tasks.begin(), tankers.ordered_tasks.end(), &task) == tankers.ordered_tasks.end())
    co_await tankers.ordered->wait();
}

Process request_tankers(World& w, TaskRt& task, SquadronRt& fighters, SquadronRt& tankers) {
  const auto& cov = *task.spec->coverage;
  const double transit_h = distance_nm(tankers.base->position(), task.location) / tankers.type->cruise_speed_kn;
  const SimTime when =
      cov.from - core::hours_f(transit_h) - tankers.base->spec->flight_ops.launch_slot - kTankerRequestLead;
  if (when > w.sim.now()) co_await w.sim.delay(when - w.sim.now());
  Transport& t = *w.logistics->transport;
  const Party from = Party::squadron(fighters.id);
  drill::v1::Message& m = t.compose(from, comms::Flow::support_request);
  drill::v1::SupportRequest& r = *m.mutable_support_request();
  r.set_requester_squadron(fighters.id.index());
  r.set_kind(drill::v1::SUPPORT_KIND_TANKER_SUPPORT);
  r.set_latitude_deg(task.location.lat_deg);
  r.set_longitude_deg(task.location.lon_deg);
  r.set_needed_by_us(cov.from.ticks());
  r.set_task(task.id.index());
  t.send(from, kToCell, m, Delivery{drill::v1::PRIORITY_IMMEDIATE, true, Duration::zero(), false});
}

void start_logistics(World& w) {
  w.logistics = std::make_unique<LogisticsRt>();
  LogisticsRt& rt = *w.logistics;
  rt.recipient = std::make_unique<ProtocolRecipient>(w);
  if (w.spec.comms.simulated()) {
    auto net = build_network(w, *rt.recipient);
    rt.network = net.get();
    rt.transport = std::move(net);
  } else {
    rt.transport = std::make_unique<IdealTransport>(w.sim, *rt.recipient);
  }
  rt.cell = std::make_unique<LogisticsCell>(w);
  rt.ships.resize(w.fleet.ships.size());
  for (const auto& ship : w.fleet.ships) {
    if (rt.ship_by_id.size() <= ship->unit.index()) rt.ship_by_id.resize(ship->unit.index() + 1, nullptr);
    rt.ship_by_id[ship->unit.index()] = ship.get();
    if (ship->is_oiler())
      rt.ships[ship->index].orders = std::make_unique<core::Store<OilerOrder>>(w.sim, ship->name() + "/orders");
  }
  const Duration every = report_every(w);
  if (every > Duration::zero()) {
    for (const auto& ship : w.fleet.ships) w.sim.spawn(status_reports(w, *ship, every), ship->entity());
    for (const auto& sq : w.air.squadrons)
      if (!sq->aircraft.empty()) w.sim.spawn(squadron_status_reports(w, *sq, every), w.entity());
  }
  if (rt.network) start_contact_reports(w, *rt.network);
}

}  // namespace drill::models
