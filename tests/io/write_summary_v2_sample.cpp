// Writes the summary.json (format version 2) of a made-up two-day run that
// has one entity of every kind a version 1 summary listed (a task of each
// shape, a squadron, a ship, a base resource, a stock) with known values:
// the same run as tests/io/data/summary_v1_sample.json, which
// summary_v1_to_v2_test.py converts by io/summary_v1_to_v2.json and compares
// with this file. The measures carry the drill's names, units, kinds and
// labels (models/drill_metrics.cpp); the test checks those names against a
// real run's summary.
//
//   write_summary_v2_sample OUT_FILE
#include <cstdio>
#include <fstream>
#include <iostream>

#include "core/metrics/collector.hpp"
#include "io/summary_pb.hpp"
#include "models/entity_kinds.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: write_summary_v2_sample OUT_FILE\n";
    return 64;
  }
  using namespace drill;
  using core::at;
  using core::days;
  using core::hours;
  using core::metrics::Collector;
  using core::metrics::Descriptor;
  using core::metrics::EntityKind;
  using core::metrics::InstrumentKind;
  using core::metrics::Unit;
  namespace E = models::kind;
  using K = InstrumentKind;

  Collector c(models::entity_kinds());
  const auto describe = [&](const char* name, Unit unit, std::vector<EntityKind> labels, InstrumentKind kind) {
    return c.describe(Descriptor{name, unit, "Sample.", std::move(labels), kind});
  };
  auto& names = c.names();
  const auto cap = names.add<E::task>("cap");
  const auto squadron = names.add<E::squadron>("801 NAS");
  const auto ship = names.add<E::unit>("argyll");
  const auto base = names.add<E::base>("lossie");
  const auto launch = names.add<E::resource>("launch");
  const auto stock = names.add<E::stock>("lossie/fuel");
  const core::SimTime d1 = at(days(1));

  c.gauge(describe("sorties_planned", Unit::none, {}, K::gauge)).set(10);
  c.counter(describe("sorties_flown", Unit::none, {}, K::counter)).add(8);
  c.counter(describe("sorties_per_aircraft", Unit::none, {}, K::counter)).add(4);
  c.time_weighted(describe("mission_capable", Unit::ratio, {}, K::time_weighted), {}, 1.0).set(d1, 0.5);
  c.gauge(describe("tasks", Unit::none, {}, K::gauge)).set(2);
  c.counter(describe("tasks_on_time", Unit::none, {}, K::counter)).add(1);
  c.counter(describe("fuel_consumed_ships", Unit::tonnes, {}, K::counter)).add(100.5);
  c.counter(describe("fuel_consumed_aircraft", Unit::tonnes, {}, K::counter)).add(20.25);
  c.counter(describe("fuel_delivered_ras", Unit::tonnes, {}, K::counter)).add(30);
  c.counter(describe("fuel_delivered_aar", Unit::tonnes, {}, K::counter)).add(4.5);
  c.counter(describe("fuel_issued_bases", Unit::tonnes, {}, K::counter)).add(12);
  c.counter(describe("fuel_resupplied", Unit::tonnes, {}, K::counter)).add(0);
  c.counter(describe("time_below_critical_fuel", Unit::seconds, {}, K::counter)).add(5400);

  c.gauge(describe("squadron_aircraft", Unit::none, {E::squadron}, K::gauge), {squadron}).set(4);
  c.counter(describe("squadron_sorties_flown", Unit::none, {E::squadron}, K::counter), {squadron}).add(8);
  c.counter(describe("squadron_sorties_per_aircraft", Unit::none, {E::squadron}, K::counter), {squadron}).add(2);
  c.counter(describe("flight_time", Unit::seconds, {E::squadron}, K::counter), {squadron}).add(36000);
  c.counter(describe("aircraft_failures", Unit::none, {E::squadron}, K::counter), {squadron}).add(1);
  c.time_weighted(describe("squadron_mission_capable", Unit::ratio, {E::squadron}, K::time_weighted), {squadron}, 1.0)
      .set(d1, 0.5);

  c.gauge(describe("task_sorties_planned", Unit::none, {E::task}, K::gauge), {cap}).set(6);
  c.counter(describe("task_sorties_flown", Unit::none, {E::task}, K::counter), {cap}).add(5);
  c.gauge(describe("task_coverage", Unit::ratio, {E::task}, K::gauge), {cap}).set(0.8);

  c.time_weighted(describe("ship_fuel", Unit::tonnes, {E::unit}, K::time_weighted), {ship}, 400.0).set(d1, 250.0);
  c.gauge(describe("ship_fuel_capacity", Unit::tonnes, {E::unit}, K::gauge), {ship}).set(500);
  c.counter(describe("ship_fuel_consumed", Unit::tonnes, {E::unit}, K::counter), {ship}).add(100.5);
  c.counter(describe("ship_fuel_received", Unit::tonnes, {E::unit}, K::counter), {ship}).add(30);
  c.counter(describe("ship_distance", Unit::meters, {E::unit}, K::counter), {ship}).add(300 * 1852);
  c.counter(describe("ship_time_below_critical_fuel", Unit::seconds, {E::unit}, K::counter), {ship}).add(5400);

  c.gauge(describe("resource_capacity", Unit::none, {E::base, E::resource}, K::gauge), {base, launch}).set(2);
  c.time_weighted(describe("resource_utilisation", Unit::ratio, {E::base, E::resource}, K::time_weighted),
                  {base, launch}, 0.5);
  c.time_weighted(describe("resource_queue", Unit::none, {E::base, E::resource}, K::time_weighted), {base, launch},
                  0.0)
      .set(d1, 1.0);
  auto& wait = c.quantile(describe("resource_wait", Unit::seconds, {E::base, E::resource}, K::quantile), {base, launch});
  wait.add(60);
  wait.add(180);
  c.gauge(describe("resource_oldest_wait_start", Unit::seconds, {E::base, E::resource}, K::gauge), {base, launch})
      .set(2 * 86400 - 90 * 60);

  c.time_weighted(describe("fuel_stock_level", Unit::tonnes, {E::stock}, K::time_weighted), {stock}, 1000.0)
      .set(d1, 500.0);
  c.counter(describe("fuel_stock_issued", Unit::tonnes, {E::stock}, K::counter), {stock}).add(500);
  c.counter(describe("fuel_stock_received", Unit::tonnes, {E::stock}, K::counter), {stock}).add(0);
  c.counter(describe("stock_orders", Unit::none, {E::stock}, K::counter), {stock}).add(1);
  c.quantile(describe("stock_wait", Unit::seconds, {E::stock}, K::quantile), {stock}).add(120);
  c.time_weighted(describe("stock_waiting", Unit::none, {E::stock}, K::time_weighted), {stock}, 0.0);
  c.gauge(describe("stock_oldest_wait_start", Unit::seconds, {E::stock}, K::gauge), {stock}).set(0);

  io::RunManifest m;
  m.config_sha256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
  m.seed = 42;
  m.replication = 3;
  m.fingerprint = 0x0123456789abcdefULL;
  m.events = 1234;
  m.horizon = at(days(2));
  const std::vector<models::TaskOutcome> tasks = {
      {.name = "cap", .kind = "air_coverage", .completed_at = d1, .deadline = d1, .on_time = false,
       .reason = "coverage 80.0% of the required aircraft-hours on station, below 95.0%"},
      {.name = "transit", .kind = "transit", .completed_at = std::nullopt, .deadline = at(days(2)), .on_time = false,
       .reason = "argyll still on passage at D+2 00:00:00"},
  };
  std::ofstream out(argv[1], std::ios::binary);
  out << io::summary_json(io::make_run_summary(m, "mapping sample", c.snapshot(at(days(2))), tasks));
  return out ? 0 : 1;
}
