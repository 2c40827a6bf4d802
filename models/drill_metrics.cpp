#include "models/drill_metrics.hpp"

namespace drill::models {

using metrics::Descriptor;
using metrics::EntityKind;
using metrics::InstrumentKind;
using metrics::Unit;

DrillMetrics::DrillMetrics(metrics::Collector& c) {
  auto describe = [&c](std::string name, Unit unit, std::string help, std::vector<EntityKind> labels,
                       InstrumentKind kind) {
    return c.describe(Descriptor{std::move(name), unit, std::move(help), std::move(labels), kind});
  };
  using K = InstrumentKind;
  using E = EntityKind;
  // The order here is the order of every output.
  const auto planned = describe("sorties_planned", Unit::none, "Sorties the air taskings have planned so far.", {},
                                K::gauge);
  sorties_flown = describe("sorties_flown", Unit::none, "Sorties flown and recovered, per squadron.", {E::squadron},
                           K::counter);
  flight_time = describe("flight_time", Unit::seconds, "Time airborne on recovered sorties, per squadron.",
                         {E::squadron}, K::counter);
  failures = describe("aircraft_failures", Unit::none, "Aircraft failures in flight, per squadron.", {E::squadron},
                      K::counter);
  aircraft_down = describe("aircraft_down", Unit::none, "Aircraft of the squadron down for repair.", {E::squadron},
                           K::time_weighted);
  task_sorties_flown = describe("task_sorties_flown", Unit::none, "Sorties flown and recovered for the task.",
                                {E::task}, K::counter);
  aircraft_on_station = describe("aircraft_on_station", Unit::none,
                                 "Aircraft on station for the task that count for its coverage.", {E::task},
                                 K::time_weighted);
  const auto aircraft_fuel = describe("fuel_consumed_aircraft", Unit::tonnes, "Fuel burnt by aircraft on recovered sorties.",
                                      {}, K::counter);
  const auto ras = describe("fuel_delivered_ras", Unit::tonnes, "Fuel transferred by oilers in replenishment at sea.", {},
                            K::counter);
  const auto aar = describe("fuel_delivered_aar", Unit::tonnes, "Fuel passed by tankers in air-to-air refuelling.", {},
                            K::counter);
  const auto issued = describe("fuel_issued_bases", Unit::tonnes,
                               "Fuel issued to aircraft at air bases and to ships in port.", {}, K::counter);
  ship_fuel = describe("ship_fuel", Unit::tonnes,
                       "Fuel on board, as of the ship's last change of speed or fuelling.", {E::unit},
                       K::time_weighted);
  ship_fuel_consumed = describe("ship_fuel_consumed", Unit::tonnes,
                                "Fuel burnt by the ship, as of its last change of speed or fuelling.", {E::unit},
                                K::counter);
  ship_fuel_received = describe("ship_fuel_received", Unit::tonnes, "Fuel the ship took on, at sea or in port.",
                                {E::unit}, K::counter);
  const auto below = describe("ships_below_critical_fuel", Unit::none,
                              "Ships below their critical fuel level, as of their last change of speed or fuelling.",
                              {}, K::time_weighted);
  resource_utilisation = describe("resource_utilisation", Unit::ratio,
                                  "Time-average fraction of the resource's capacity in use.", {E::base, E::resource},
                                  K::gauge);
  resource_mean_queue = describe("resource_mean_queue", Unit::none, "Time-average number waiting for the resource.",
                                 {E::base, E::resource}, K::gauge);
  resource_wait = describe("resource_wait", Unit::seconds, "Waits for the resource, counted when granted.",
                           {E::base, E::resource}, K::quantile);
  fuel_stock_level = describe("fuel_stock_level", Unit::tonnes, "Fuel on hand in the stock.", {E::stock}, K::gauge);
  spares_stock_level = describe("spares_stock_level", Unit::none, "Spare parts on hand in the stock.", {E::stock},
                                K::gauge);
  stock_orders = describe("stock_orders", Unit::none, "Resupply orders the stock placed.", {E::stock}, K::counter);
  stock_wait = describe("stock_wait", Unit::seconds, "Waits of draws from the stock, counted when met.", {E::stock},
                        K::quantile);

  sorties_planned = &c.gauge(planned);
  fuel_consumed_aircraft = &c.counter(aircraft_fuel);
  fuel_delivered_ras = &c.counter(ras);
  fuel_delivered_aar = &c.counter(aar);
  fuel_issued_bases = &c.counter(issued);
  ships_below_critical = &c.time_weighted(below);
}

SquadronInstruments make_squadron_instruments(metrics::Collector& c, const DrillMetrics& m, metrics::SquadronId id) {
  return SquadronInstruments{.sorties = &c.counter(m.sorties_flown, {id}),
                             .flight_time_s = &c.counter(m.flight_time, {id}),
                             .failures = &c.counter(m.failures, {id}),
                             .down = &c.time_weighted(m.aircraft_down, {id})};
}

TaskInstruments make_task_instruments(metrics::Collector& c, const DrillMetrics& m, metrics::TaskId id) {
  return TaskInstruments{.sorties_flown = &c.counter(m.task_sorties_flown, {id}),
                         .on_station = &c.time_weighted(m.aircraft_on_station, {id})};
}

ResourceInstruments make_resource_instruments(metrics::Collector& c, const DrillMetrics& m, metrics::BaseId base,
                                              const core::Resource& r, std::string_view resource_kind) {
  const metrics::ResourceId kind = c.names().intern<EntityKind::resource>(resource_kind);
  return ResourceInstruments{.resource = &r,
                             .utilisation = &c.gauge(m.resource_utilisation, {base, kind}),
                             .mean_queue = &c.gauge(m.resource_mean_queue, {base, kind}),
                             .waits = &c.quantile(m.resource_wait, {base, kind})};
}

StockInstruments make_stock_instruments(metrics::Collector& c, const DrillMetrics& m, const core::Container& container,
                                        std::string_view name, bool spares) {
  const metrics::StockId id = c.names().add<EntityKind::stock>(name);
  return StockInstruments{.container = &container,
                          .level = &c.gauge(spares ? m.spares_stock_level : m.fuel_stock_level, {id}),
                          .orders = &c.counter(m.stock_orders, {id}),
                          .waits = &c.quantile(m.stock_wait, {id})};
}

void refresh(const std::vector<ResourceInstruments>& resources, const std::vector<StockInstruments>& stocks) noexcept {
  for (const auto& r : resources) {
    r.utilisation->set(r.resource->utilisation());
    r.mean_queue->set(r.resource->mean_queue_length());
  }
  for (const auto& s : stocks) s.level->set(s.container->level());
}

}  // namespace drill::models
