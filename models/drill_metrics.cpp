#include "models/drill_metrics.hpp"

namespace drill::models {

using metrics::Descriptor;
using metrics::EntityKind;
using metrics::Headline;
using metrics::InstrumentKind;
using metrics::Unit;

DrillMetrics::DrillMetrics(metrics::Collector& c) {
  auto describe = [&c](std::string_view name, Unit unit, std::string_view help,
                       std::initializer_list<EntityKind> labels, InstrumentKind kind,
                       Headline headline = Headline::no) { return c.describe(name, unit, help, labels, kind, headline); };
  using K = InstrumentKind;
  namespace E = kind;
  using H = Headline;
  // The order here is the order of every output.
  const auto planned = describe("sorties_planned", Unit::none, "Sorties the air taskings have planned so far.", {},
                                K::gauge, H::yes);
  const auto flown = describe("sorties_flown", Unit::none, "Sorties flown and recovered by every squadron.", {},
                              K::counter, H::yes);
  const auto per_aircraft = describe(
      "sorties_per_aircraft", Unit::none,
      "Sorties flown and recovered per aircraft of the drill; per day of the statistics span, the sortie generation rate.",
      {}, K::counter, H::per_day);
  const auto capable = describe("mission_capable", Unit::ratio,
                                "Fraction of the drill's aircraft not down for repair; its mean is the mission-capable rate.",
                                {}, K::time_weighted, H::yes);
  const auto task_count = describe("tasks", Unit::none, "Tasks in the drill plan.", {}, K::gauge, H::yes);
  const auto on_time = describe("tasks_on_time", Unit::none,
                                "Tasks done on time (coverage tasks: with at least 95 % coverage), counted when done.",
                                {}, K::counter, H::yes);
  const auto ships_fuel = describe("fuel_consumed_ships", Unit::tonnes,
                                   "Fuel burnt by ships, as of their last change of speed or fuelling (and the run's end).",
                                   {}, K::counter, H::yes);
  const auto aircraft_fuel = describe("fuel_consumed_aircraft", Unit::tonnes,
                                      "Fuel burnt by aircraft on recovered sorties.", {}, K::counter, H::yes);
  const auto ras = describe("fuel_delivered_ras", Unit::tonnes, "Fuel transferred by oilers in replenishment at sea.",
                            {}, K::counter, H::yes);
  const auto aar = describe("fuel_delivered_aar", Unit::tonnes, "Fuel passed by tankers in air-to-air refuelling.", {},
                            K::counter, H::yes);
  const auto issued = describe("fuel_issued_bases", Unit::tonnes,
                               "Fuel issued to aircraft at air bases and to ships in port.", {}, K::counter, H::yes);
  const auto resupplied = describe("fuel_resupplied", Unit::tonnes, "Fuel delivered into base, port and depot stocks.",
                                   {}, K::counter, H::yes);
  const auto below_time = describe(
      "time_below_critical_fuel", Unit::seconds,
      "Ship-time spent below critical fuel, summed over ships, as of their last settlement (and the run's end).", {},
      K::counter, H::yes);
  const auto below = describe("ships_below_critical_fuel", Unit::none,
                              "Ships below their critical fuel level, as of their last change of speed or fuelling.",
                              {}, K::time_weighted);

  squadron_aircraft = describe("squadron_aircraft", Unit::none, "Aircraft of the squadron.", {E::squadron}, K::gauge);
  squadron_sorties_flown = describe("squadron_sorties_flown", Unit::none, "Sorties flown and recovered, per squadron.",
                                    {E::squadron}, K::counter);
  squadron_sorties_per_aircraft =
      describe("squadron_sorties_per_aircraft", Unit::none,
               "Sorties flown and recovered per aircraft of the squadron; per day, its sortie generation rate.",
               {E::squadron}, K::counter);
  flight_time = describe("flight_time", Unit::seconds, "Time airborne on recovered sorties, per squadron.",
                         {E::squadron}, K::counter);
  failures = describe("aircraft_failures", Unit::none, "Aircraft failures in flight, per squadron.", {E::squadron},
                      K::counter);
  aircraft_down = describe("aircraft_down", Unit::none, "Aircraft of the squadron down for repair.", {E::squadron},
                           K::time_weighted);
  squadron_mission_capable = describe("squadron_mission_capable", Unit::ratio,
                                      "Fraction of the squadron's aircraft not down for repair.", {E::squadron},
                                      K::time_weighted);

  task_sorties_planned = describe("task_sorties_planned", Unit::none, "Sorties planned for the task so far.",
                                  {E::task}, K::gauge, H::yes);
  task_sorties_flown = describe("task_sorties_flown", Unit::none, "Sorties flown and recovered for the task.",
                                {E::task}, K::counter, H::yes);
  task_coverage = describe("task_coverage", Unit::ratio,
                           "Fraction of the required aircraft-hours on station in the coverage window, set when it closes.",
                           {E::task}, K::gauge, H::yes);
  aircraft_on_station = describe("aircraft_on_station", Unit::none,
                                 "Aircraft on station for the task that count for its coverage.", {E::task},
                                 K::time_weighted);

  ship_fuel = describe("ship_fuel", Unit::tonnes,
                       "Fuel on board, as of the ship's last change of speed or fuelling.", {E::unit},
                       K::time_weighted);
  ship_fuel_capacity = describe("ship_fuel_capacity", Unit::tonnes, "The ship's fuel capacity.", {E::unit}, K::gauge);
  ship_fuel_consumed = describe("ship_fuel_consumed", Unit::tonnes,
                                "Fuel burnt by the ship, as of its last change of speed or fuelling.", {E::unit},
                                K::counter);
  ship_fuel_received = describe("ship_fuel_received", Unit::tonnes, "Fuel the ship took on, at sea or in port.",
                                {E::unit}, K::counter);
  ship_distance = describe("ship_distance", Unit::meters, "Distance the ship sailed.", {E::unit}, K::counter);
  ship_time_below_critical = describe("ship_time_below_critical_fuel", Unit::seconds,
                                      "Time the ship spent below its critical fuel level, as of its last settlement.",
                                      {E::unit}, K::counter);

  resource_capacity = describe("resource_capacity", Unit::none, "Units of the resource.", {E::base, E::resource},
                               K::gauge);
  resource_utilisation = describe("resource_utilisation", Unit::ratio,
                                  "Fraction of the resource's capacity in use; its mean is the utilisation.",
                                  {E::base, E::resource}, K::time_weighted, H::yes);
  resource_queue = describe("resource_queue", Unit::none, "Requests waiting for the resource.", {E::base, E::resource},
                            K::time_weighted);
  resource_wait = describe("resource_wait", Unit::seconds, "Waits for the resource, counted when granted.",
                           {E::base, E::resource}, K::quantile, H::yes);
  resource_oldest_wait = describe(
      "resource_oldest_wait_start", Unit::seconds,
      "When the longest wait still in progress began, in seconds since D+0; meaningful while the queue is not empty.",
      {E::base, E::resource}, K::gauge);

  fuel_stock_level = describe("fuel_stock_level", Unit::tonnes, "Fuel on hand in the stock.", {E::stock},
                              K::time_weighted);
  spares_stock_level = describe("spares_stock_level", Unit::none, "Spare parts on hand in the stock.", {E::stock},
                                K::time_weighted);
  fuel_stock_issued = describe("fuel_stock_issued", Unit::tonnes, "Fuel drawn from the stock.", {E::stock},
                               K::counter);
  spares_stock_issued = describe("spares_stock_issued", Unit::none, "Spare parts drawn from the stock.", {E::stock},
                                 K::counter);
  fuel_stock_received = describe("fuel_stock_received", Unit::tonnes, "Fuel resupply delivered into the stock.",
                                 {E::stock}, K::counter);
  spares_stock_received = describe("spares_stock_received", Unit::none,
                                   "Spare parts resupply delivered into the stock.", {E::stock}, K::counter);
  stock_orders = describe("stock_orders", Unit::none, "Resupply orders the stock placed.", {E::stock}, K::counter);
  stock_wait = describe("stock_wait", Unit::seconds, "Waits of draws from the stock, counted when met.", {E::stock},
                        K::quantile);
  stock_waiting = describe("stock_waiting", Unit::none, "Draws waiting for the stock.", {E::stock}, K::time_weighted);
  stock_oldest_wait = describe(
      "stock_oldest_wait_start", Unit::seconds,
      "When the longest draw still waiting began, in seconds since D+0; meaningful while draws wait.", {E::stock},
      K::gauge);

  sorties_planned = &c.gauge(planned);
  sorties_flown = &c.counter(flown);
  sorties_per_aircraft = &c.counter(per_aircraft);
  mission_capable.ratio = &c.time_weighted(capable, {}, 1.0);
  tasks = &c.gauge(task_count);
  tasks_on_time = &c.counter(on_time);
  fuel_consumed_ships = &c.counter(ships_fuel);
  fuel_consumed_aircraft = &c.counter(aircraft_fuel);
  fuel_delivered_ras = &c.counter(ras);
  fuel_delivered_aar = &c.counter(aar);
  fuel_issued_bases = &c.counter(issued);
  fuel_resupplied = &c.counter(resupplied);
  time_below_critical = &c.counter(below_time);
  ships_below_critical = &c.time_weighted(below);
}

SquadronInstruments make_squadron_instruments(metrics::Collector& c, const DrillMetrics& m, SquadronId id,
                                              int aircraft) {
  c.gauge(m.squadron_aircraft, {id}).set(aircraft);
  return SquadronInstruments{.sorties = &c.counter(m.squadron_sorties_flown, {id}),
                             .sorties_per_aircraft = &c.counter(m.squadron_sorties_per_aircraft, {id}),
                             .flight_time_s = &c.counter(m.flight_time, {id}),
                             .failures = &c.counter(m.failures, {id}),
                             .down = &c.time_weighted(m.aircraft_down, {id}),
                             .mission_capable = Availability{
                                 .ratio = &c.time_weighted(m.squadron_mission_capable, {id}, 1.0), .aircraft = aircraft}};
}

TaskInstruments make_task_instruments(metrics::Collector& c, const DrillMetrics& m, TaskId id, bool air,
                                      bool coverage) {
  TaskInstruments t;
  if (air) {
    t.sorties_planned = &c.gauge(m.task_sorties_planned, {id});
    t.sorties_flown = &c.counter(m.task_sorties_flown, {id});
  }
  if (coverage) t.coverage = &c.gauge(m.task_coverage, {id});
  t.on_station = &c.time_weighted(m.aircraft_on_station, {id});
  return t;
}

ResourceInstruments::ResourceInstruments(metrics::Collector& c, const DrillMetrics& m, BaseId base,
                                         int capacity, std::string_view resource_kind)
    : capacity_(capacity) {
  for (int i = 0; i < kFractions; ++i) fraction_[static_cast<std::size_t>(i)] = i / capacity_;
  const ResourceId resource = c.names().intern<kind::resource>(resource_kind);
  c.gauge(m.resource_capacity, {base, resource}).set(capacity);
  utilisation_ = &c.time_weighted(m.resource_utilisation, {base, resource});
  queue_ = &c.time_weighted(m.resource_queue, {base, resource});
  waits_ = &c.quantile(m.resource_wait, {base, resource});
  oldest_wait_ = &c.gauge(m.resource_oldest_wait, {base, resource});
}

void ResourceInstruments::on_in_use(core::SimTime now, int in_use) noexcept {
  utilisation_->set(now, static_cast<unsigned>(in_use) < static_cast<unsigned>(kFractions)
                             ? fraction_[static_cast<std::size_t>(in_use)]
                             : in_use / capacity_);
}

void ResourceInstruments::on_queue(core::SimTime now, std::size_t waiting, core::SimTime oldest_since) noexcept {
  queue_->set(now, static_cast<double>(waiting));
  oldest_wait_->set(waiting ? oldest_since.seconds() : 0.0);
}

void ResourceInstruments::on_granted(core::Duration waited) noexcept { waits_->add(waited.seconds()); }

StockInstruments::StockInstruments(metrics::Collector& c, const DrillMetrics& m, std::string_view name, bool spares) {
  const StockId id = c.names().add<kind::stock>(name);
  level_ = &c.time_weighted(spares ? m.spares_stock_level : m.fuel_stock_level, {id});
  issued_ = &c.counter(spares ? m.spares_stock_issued : m.fuel_stock_issued, {id});
  received = &c.counter(spares ? m.spares_stock_received : m.fuel_stock_received, {id});
  orders = &c.counter(m.stock_orders, {id});
  waits_ = &c.quantile(m.stock_wait, {id});
  waiting_ = &c.time_weighted(m.stock_waiting, {id});
  oldest_wait_ = &c.gauge(m.stock_oldest_wait, {id});
}

void StockInstruments::on_level(core::SimTime now, double level) noexcept { level_->set(now, level); }

void StockInstruments::on_got(double amount, core::Duration waited) noexcept {
  issued_->add(amount);
  if (amount >= 0.0) waits_->add(waited.seconds());  // an undone get takes back no wait
}

void StockInstruments::on_get_queue(core::SimTime now, std::size_t waiting, core::SimTime oldest_since) noexcept {
  waiting_->set(now, static_cast<double>(waiting));
  oldest_wait_->set(waiting ? oldest_since.seconds() : 0.0);
}

}  // namespace drill::models
