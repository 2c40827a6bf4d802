#include "models/drill_model.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "models/entity_kinds.hpp"
#include "models/logistics_protocol.hpp"
#include "models/world.hpp"

namespace drill::models {

using core::Distribution;
using scenario::DistributionKind;
using scenario::DistributionSpec;

Distribution to_distribution(const DistributionSpec& s) {
  switch (s.kind) {
    case DistributionKind::constant:
      return Distribution::constant(s.param("value"));
    case DistributionKind::exponential:
      return Distribution::exponential(s.param("mean"));
    case DistributionKind::uniform:
      return Distribution::uniform(s.param("min"), s.param("max"));
    case DistributionKind::triangular:
      return Distribution::triangular(s.param("min"), s.param("mode"), s.param("max"));
    case DistributionKind::normal:
      return Distribution::normal(s.param("mean"), s.param("sd"));
    case DistributionKind::lognormal:
      return Distribution::lognormal(s.param("mean"), s.param("sd"));
    case DistributionKind::weibull:
      return Distribution::weibull(s.param("shape"), s.param("scale"));
  }
  return Distribution::constant(0.0);
}

core::Duration sample_duration(const Distribution& d, core::RandomStream& rng) {
  // Durations cannot be negative, whatever tail a normal has.
  return core::seconds_f(std::max(0.0, d.sample(rng)));
}

namespace {

StockPolicy fuel_policy(const scenario::FuelStock& f) {
  return StockPolicy{f.capacity_t, f.initial_t, f.reorder_point_t, f.resupply_quantity_t, to_distribution(f.lead_time)};
}

StockPolicy spares_policy(const scenario::SparesStock& s) {
  // Unbounded shelf space: capacity is what could ever be held.
  const double cap = static_cast<double>(s.count) + static_cast<double>(s.resupply_quantity) * 4.0 + 1.0;
  return StockPolicy{cap, static_cast<double>(s.count), static_cast<double>(s.reorder_point),
                     static_cast<double>(s.resupply_quantity), to_distribution(s.lead_time)};
}

// A coverage task is met when at least this fraction of the required
// aircraft-hours were on station.
constexpr double kCoverageMet = 0.95;

}  // namespace

void DrillModel::World::part_done(TaskRt& t, bool late, const Ship* ship) {
  if (late) ++t.late_parts;
  if (ship) std::erase(t.ships_working, ship);
  if (--t.pending_parts > 0 || t.done) return;
  t.done = true;
  t.done_at = sim.now();
  // A coverage task's window has closed by now (its air tasking is a part).
  t.on_time = t.covered ? t.coverage && *t.coverage >= kCoverageMet
                        : t.late_parts == 0 && t.done_at <= t.spec->deadline;
  if (t.on_time) metrics.tasks_on_time->add();
  t.done_signal->notify_all();
}

LatLon DrillModel::World::place_of(std::string_view name) const {
  for (const auto& a : spec.geography.areas)
    if (a.name == name) return a.reference;
  for (const auto& p : spec.geography.points)
    if (p.name == name) return p.pos;
  for (const auto& p : spec.bases.ports)
    if (p.name == name) return p.position.pos;
  return {};
}

PortRt* DrillModel::World::port_named(std::string_view name) const {
  for (const auto& p : bases.ports)
    if (p->spec->name == name) return p.get();
  return nullptr;
}

DrillModel::DrillModel(core::Simulation& sim, const scenario::DrillSpec& spec)
    : world_(std::make_unique<World>(sim, spec)) {
  World& w = *world_;
  using core::Resource;
  using core::ResourceOptions;
  // Every base resource is observed by its instruments (measure_resource),
  // which keep its statistics: the resource need not keep them twice.
  auto observed = [](int capacity) { return ResourceOptions{.capacity = capacity, .own_statistics = false}; };
  metrics::Collector& c = w.collector;
  // Instruments are made in spec order, so every output lists them so.
  auto measure_stock = [&](Stock& stock, bool spares) {
    StockInstruments& in = w.stock_instruments.emplace_back(c, w.metrics, stock.name(), spares);
    stock.attach(Stock::Instruments{
        .orders = in.orders, .received = in.received, .resupplied = spares ? nullptr : w.metrics.fuel_resupplied});
    stock.observe(&in);
  };
  auto measure_resource = [&](BaseId base, Resource& r, std::string_view kind) {
    r.set_observer(&w.resource_instruments.emplace_back(c, w.metrics, base, r.capacity(), kind));
  };

  for (const auto& d : spec.logistics.depots) {
    w.bases.depots.push_back(std::make_unique<Stock>(sim, d.name + "/fuel", fuel_policy(d.fuel), w.entity()));
    measure_stock(*w.bases.depots.back(), false);
  }
  auto depot_named = [&](std::string_view name) -> Stock* {
    for (std::size_t i = 0; i < spec.logistics.depots.size(); ++i)
      if (spec.logistics.depots[i].name == name) return w.bases.depots[i].get();
    return nullptr;
  };

  for (const auto& p : spec.bases.ports) {
    auto rt = std::make_unique<PortRt>();
    rt->spec = &p;
    rt->berths = std::make_unique<Resource>(sim, p.name + "/berths", observed(p.berths));
    const auto base = c.names().add<kind::base>(p.name);
    rt->id = base;
    measure_resource(base, *rt->berths, "berths");
    if (p.fuel) {
      rt->fuel = std::make_unique<Stock>(sim, p.name + "/fuel", fuel_policy(*p.fuel), w.entity());
      rt->fuel->set_supplier(depot_named(p.fuel->supplied_by));
      measure_stock(*rt->fuel, false);
    }
    w.bases.ports.push_back(std::move(rt));
  }

  // Ships before air bases: a carrier's base moves with its ship.
  for (const auto& u : spec.naval.units) {
    const scenario::ShipClass* cls = nullptr;
    for (const auto& c : spec.naval.classes)
      if (c.name == u.ship_class) cls = &c;
    for (int i = 1; i <= u.count; ++i) {
      std::string name = u.count > 1 ? u.name + "-" + std::to_string(i) : u.name;
      auto ship = std::make_unique<Ship>(name, *cls, u.start.pos, u.initial_fuel_fraction, w.entity());
      const ShipId id{c.names().add<kind::unit>(name)};
      ship->unit = id;
      c.gauge(w.metrics.ship_fuel_capacity, {id}).set(cls->fuel_capacity_t);
      ship->attach(sim.now(),
                   Ship::Instruments{.fuel = &c.time_weighted(w.metrics.ship_fuel, {id}, ship->fuel_t()),
                                     .consumed = &c.counter(w.metrics.ship_fuel_consumed, {id}),
                                     .received = &c.counter(w.metrics.ship_fuel_received, {id}),
                                     .distance_m = &c.counter(w.metrics.ship_distance, {id}),
                                     .time_below_critical_s = &c.counter(w.metrics.ship_time_below_critical, {id}),
                                     .ships_below_critical = w.metrics.ships_below_critical,
                                     .fleet_consumed = w.metrics.fuel_consumed_ships,
                                     .fleet_time_below_critical_s = w.metrics.time_below_critical});
      if (cls->oiler) {
        ship->cargo_t = cls->oiler->cargo_fuel_t;
        w.fleet.oilers.push_back(ship.get());
      }
      ship->index = static_cast<std::uint32_t>(w.fleet.ships.size());
      w.fleet.by_unit[u.name].push_back(ship.get());
      w.fleet.ships.push_back(std::move(ship));
      w.fleet.units.push_back(&u);
    }
  }

  auto add_base = [&](const scenario::AirBase& b) {
    auto rt = std::make_unique<AirBaseRt>();
    rt->spec = &b;
    const auto& ops = b.flight_ops;
    rt->launch = std::make_unique<Resource>(sim, b.name + "/launch", observed(ops.launch_capacity));
    rt->recovery =
        std::make_unique<Resource>(sim, b.name + "/recovery", observed(ops.recovery_capacity));
    rt->fuel_points =
        std::make_unique<Resource>(sim, b.name + "/fuel_points", observed(b.fuel_points.count));
    rt->crews = std::make_unique<Resource>(sim, b.name + "/maintenance_crews",
                                           observed(b.maintenance_crews));
    rt->fuel = std::make_unique<Stock>(sim, b.name + "/fuel", fuel_policy(b.fuel), w.entity());
    rt->fuel->set_supplier(depot_named(b.fuel.supplied_by));
    rt->spares = std::make_unique<Stock>(sim, b.name + "/spares", spares_policy(b.spares), w.entity());
    const auto base = c.names().add<kind::base>(b.name);
    rt->id = base;
    measure_resource(base, *rt->launch, "launch");
    measure_resource(base, *rt->recovery, "recovery");
    measure_resource(base, *rt->fuel_points, "fuel_points");
    measure_resource(base, *rt->crews, "maintenance_crews");
    measure_stock(*rt->fuel, false);
    measure_stock(*rt->spares, true);
    if (b.kind == scenario::AirBaseKind::carrier) {
      auto it = w.fleet.by_unit.find(b.ship);
      if (it != w.fleet.by_unit.end() && !it->second.empty()) rt->carrier = it->second.front();
    } else {
      rt->fixed_position = b.position.pos;
    }
    w.bases.airbases.push_back(std::move(rt));
  };
  for (const auto& b : spec.bases.airfields) add_base(b);
  for (const auto& b : spec.bases.carriers) add_base(b);

  for (const auto& sq : spec.air.squadrons) {
    auto rt = std::make_unique<SquadronRt>();
    rt->spec = &sq;
    for (const auto& t : spec.air.types)
      if (t.name == sq.type) rt->type = &t;
    for (const auto& b : w.bases.airbases)
      if (b->spec->name == sq.base) rt->base = b.get();
    rt->ready = std::make_unique<core::Store<Aircraft*>>(sim, sq.name + "/ready");
    rt->id = c.names().add<kind::squadron>(sq.name);
    rt->measures = make_squadron_instruments(c, w.metrics, rt->id, sq.count);
    w.metrics.mission_capable.aircraft += sq.count;
    rt->servicing = to_distribution(rt->type->turnaround.servicing);
    rt->inspection = to_distribution(rt->type->turnaround.inspection);
    rt->mttr = to_distribution(rt->type->mttr);
    if (rt->type->turnaround.refuel) rt->refuel = to_distribution(*rt->type->turnaround.refuel);
    const double mtbf_h = rt->type->mtbf.hours();
    for (int i = 1; i <= sq.count; ++i) {
      auto ac = std::make_unique<Aircraft>();
      ac->name = sq.name + "-" + std::to_string(i);
      ac->type = rt->type;
      ac->base = rt->base;
      ac->squadron = rt.get();
      ac->entity = w.entity();
      // A ship named like an aircraft ("x-1") would share its trace name.
      ac->unit = AircraftId{c.names().intern<kind::unit>(ac->name)};
      ac->rng = sim.stream("aircraft/" + ac->name);
      ac->hours_to_failure = mtbf_h > 0 ? Distribution::exponential(mtbf_h).sample(ac->rng) : INFINITY;
      rt->ready->try_put(ac.get());
      rt->aircraft.push_back(std::move(ac));
    }
    rt->index = static_cast<std::uint32_t>(w.air.squadrons.size());
    rt->ordered = std::make_unique<core::Signal>(sim);
    w.air.by_name[sq.name] = rt.get();
    w.air.squadrons.push_back(std::move(rt));
  }

  for (const auto& ship : w.fleet.ships) {
    auto call = std::make_unique<FuelCall>();
    call->ship = ship.get();
    call->answered = std::make_unique<core::Signal>(sim);
    call->served = std::make_unique<core::Signal>(sim);
    call->came = std::make_unique<core::Signal>(sim);
    w.fleet.fuel_calls.push_back(std::move(call));
  }
  for (const auto& t : spec.plan.tasks) {
    auto rt = std::make_unique<TaskRt>();
    rt->spec = &t;
    rt->done_signal = std::make_unique<core::Signal>(sim);
    rt->location = t.location_pos;
    rt->id = c.names().add<kind::task>(t.name);
    const bool air = std::any_of(t.participants.begin(), t.participants.end(), [&](const std::string& p) {
      return w.air.by_name.find(p) != w.air.by_name.end();
    });
    rt->measures = make_task_instruments(c, w.metrics, rt->id, air, air && t.coverage.has_value());
    w.plan.by_name[t.name] = rt.get();
    w.plan.tasks.push_back(std::move(rt));
  }

  w.metrics.tasks->set(static_cast<double>(w.plan.tasks.size()));
  start_logistics(w);
  start_naval(w);
  start_air(w);
  // A task nobody works on is done at its earliest start.
  for (auto& t : w.plan.tasks)
    if (t->pending_parts == 0) {
      t->pending_parts = 1;
      TaskRt* task = t.get();
      sim.schedule_at(std::max(sim.now(), t->spec->earliest_start), [&w, task] { w.part_done(*task, false); });
    }
}

DrillModel::~DrillModel() {
  // Frames hold leases and waits on the world's components: end them first,
  // without tracing the activities they cut short.
  world_->activities = nullptr;
  world_->logistics->transport->set_activity_listener(nullptr);
  world_->sim.kill_processes();
}

core::metrics::Collector& DrillModel::collector() noexcept { return world_->collector; }
const core::metrics::Collector& DrillModel::collector() const noexcept { return world_->collector; }

void DrillModel::set_activity_listener(ActivityListener* listener) noexcept {
  world_->activities = listener;
  world_->logistics->transport->set_activity_listener(listener);  // link_down spans
}

const comms::Network* DrillModel::network() const noexcept {
  return world_->logistics->transport->network();
}

void DrillModel::add_message_listener(comms::MessageListener* listener) {
  if (NetworkTransport* n = world_->logistics->network) n->network_mut().add_listener(listener);
}

core::metrics::Snapshot DrillModel::snapshot(core::SimTime now) {
  if (NetworkTransport* n = world_->logistics->network) n->network_mut().publish(now);
  return world_->collector.snapshot(now);
}

void DrillModel::settle(core::SimTime now) noexcept {
  for (auto& ship : world_->fleet.ships) ship->settle(now);
}

const core::metrics::Changes& DrillModel::changes(core::SimTime now, core::metrics::Collector::Read what) {
  if (NetworkTransport* n = world_->logistics->network) {
    // Ages of information grow between reports: brought up to date at full
    // reads only, so a minute's sample does not rewrite every one of them.
    if (what == core::metrics::Collector::Read::everything)
      n->network_mut().publish(now);
    else
      n->network_mut().publish_links(now);
  }
  return world_->collector.changes(now, what);
}

std::size_t DrillModel::ship_count() const noexcept { return world_->fleet.ships.size(); }

std::size_t DrillModel::aircraft_count() const noexcept {
  std::size_t n = 0;
  for (const auto& s : world_->air.squadrons) n += s->aircraft.size();
  return n;
}

std::vector<DrillModel::UnitInfo> DrillModel::units() const {
  const World& w = *world_;
  std::vector<UnitInfo> out;
  for (std::size_t i = 0; i < w.fleet.ships.size(); ++i) {
    const Ship& s = *w.fleet.ships[i];
    out.push_back(UnitInfo{s.unit, false, s.name(), s.ship_class().name, w.fleet.units[i]->name, {}});
  }
  for (const auto& sq : w.air.squadrons)
    for (const auto& ac : sq->aircraft)
      out.push_back(UnitInfo{ac->unit, true, ac->name, ac->type->name, sq->spec->name, sq->spec->base});
  return out;
}

void DrillModel::ship_positions(core::SimTime now, std::vector<ShipPosition>& out) const {
  out.clear();
  for (const auto& s : world_->fleet.ships) out.push_back(ShipPosition{s->unit, s->position_at(now)});
}

void DrillModel::ship_motions(std::vector<ShipMotion>& out) const {
  out.clear();
  for (const auto& s : world_->fleet.ships) out.push_back(ShipMotion{s->unit, s->motion()});
}

void ShipMotionReads::read(const DrillModel& model) {
  model.ship_motions(now_);
  changed_.clear();
  if (before_.size() != now_.size()) before_.resize(now_.size());
  for (std::size_t i = 0; i < now_.size(); ++i) {
    if (read_once_ && now_[i].motion == before_[i]) continue;
    before_[i] = now_[i].motion;
    changed_.push_back(static_cast<std::uint32_t>(i));
  }
  read_once_ = true;
}

namespace {

using scenario::TaskKind;

std::string join(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : "; ") + p;
  return out;
}

std::string percent(double f) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f%%", 100.0 * f);
  return buf;
}

/// Why `t` is not done, or not on time, in words; parts joined by "; ".
std::string reason_for(const DrillModel::World& w, const TaskRt& t) {
  std::vector<std::string> why;
  if (!t.done) {
    for (const auto& dep : t.spec->depends_on)
      if (!w.plan.by_name.find(dep)->second->done) why.push_back("depends on '" + dep + "', not done");
    if (!why.empty()) return join(why);
    if (t.spec->kind == TaskKind::replenishment && !t.oiler_at_rendezvous) why.push_back("no oiler reached the rendezvous");
    for (const Ship* s : t.ships_working) {
      // (A run stopped at its start finds a ship doing nothing yet.)
      if (s->current_task == &t)
        why.push_back(s->name() + (s->doing.empty() ? " is on it" : " " + s->doing));
      else
        why.push_back(s->name() + " has not begun it" + (s->doing.empty() ? "" : ": " + s->doing));
    }
    if (t.air_working) why.push_back("the air tasking runs until " + core::format(t.air_end));
    if (why.empty()) why.push_back("not begun when the run ended (earliest start " + core::format(t.spec->earliest_start) + ")");
    return join(why);
  }
  if (t.coverage && *t.coverage < kCoverageMet)
    why.push_back("coverage " + percent(*t.coverage) + " of the required aircraft-hours on station, below " +
                  percent(kCoverageMet));
  // Many ships may be late for one task: the first few say enough.
  constexpr std::size_t kNotes = 3;
  for (std::size_t i = 0; i < std::min(kNotes, t.late_notes.size()); ++i) why.push_back(t.late_notes[i]);
  if (t.late_notes.size() > kNotes) why.push_back("and " + std::to_string(t.late_notes.size() - kNotes) + " more late");
  if (t.late_sorties > 0) why.push_back(std::to_string(t.late_sorties) + " sortie(s) launched a slot or more late");
  if (t.done_at > t.spec->deadline)
    why.push_back("finished at " + core::format(t.done_at) + ", after the deadline " + core::format(t.spec->deadline));
  return join(why);
}

}  // namespace

std::vector<TaskOutcome> DrillModel::task_outcomes() const {
  const World& w = *world_;
  std::vector<TaskOutcome> out;
  out.reserve(w.plan.tasks.size());
  for (const auto& t : w.plan.tasks) {
    TaskOutcome o;
    o.name = t->spec->name;
    o.kind = std::string(scenario::to_string(t->spec->kind));
    o.on_time = t->done && t->on_time;
    if (t->done) o.completed_at = t->done_at;
    o.deadline = t->spec->deadline;
    if (!o.on_time) o.reason = reason_for(w, *t);
    out.push_back(std::move(o));
  }
  return out;
}

}  // namespace drill::models
