// The drill's measures as collector instruments: one descriptor per measure,
// registered once when the model is built.
//
// `DrillMetrics` holds the drill-wide instruments and the measure ids of the
// per-entity ones; `make_*` calls create the instruments of one entity (a
// squadron, a task, a ship, a base resource, a stock) and hand back
// references that the processes keep and update directly. The descriptor
// list in drill_metrics.cpp is the one place a drill measure is named, given
// its unit, help text and headline flag; every output (summary.json and
// summary.pb, metrics.prom, timeseries.csv, the printout, the replications
// aggregate) is generated from it, so adding a measure is one `describe`
// line there plus the instrument's updates.
//
// Every instrument is pushed as things change: by the processes, by ships at
// each settlement, by stocks when they order or receive, and by base
// resources and stocks through the observers below (core::ResourceObserver,
// core::ContainerObserver), which update the instruments at each grant,
// release, change of queue or level. A snapshot reads the instruments and
// nothing else. Derived rates are instruments too: the mission-capable rate
// is a time-weighted ratio, utilisation the time-weighted fraction of
// capacity in use, the sortie generation rate a counter of sorties per
// aircraft shown per day.
#pragma once

#include <array>
#include <string_view>

#include "core/metrics/collector.hpp"
#include "core/resource_observer.hpp"
#include "models/entity_kinds.hpp"

namespace drill::models {

namespace metrics = core::metrics;

/// Aircraft down for repair against aircraft held, as a time-weighted
/// ratio of mission-capable aircraft (1 with no aircraft).
struct Availability {
  metrics::TimeWeightedGauge* ratio = nullptr;
  int aircraft = 0;
  int down = 0;
  void change(core::SimTime now, int delta) noexcept {
    down += delta;
    ratio->set(now, aircraft ? 1.0 - static_cast<double>(down) / aircraft : 1.0);
  }
};

struct DrillMetrics {
  explicit DrillMetrics(metrics::Collector& c);

  // Drill-wide.
  metrics::Gauge* sorties_planned = nullptr;
  metrics::Counter* sorties_flown = nullptr;
  metrics::Counter* sorties_per_aircraft = nullptr;  // each sortie adds 1 / aircraft of the drill
  Availability mission_capable;
  metrics::Gauge* tasks = nullptr;
  metrics::Counter* tasks_on_time = nullptr;
  metrics::Counter* fuel_consumed_ships = nullptr;
  metrics::Counter* fuel_consumed_aircraft = nullptr;
  metrics::Counter* fuel_delivered_ras = nullptr;
  metrics::Counter* fuel_delivered_aar = nullptr;
  metrics::Counter* fuel_issued_bases = nullptr;
  metrics::Counter* fuel_resupplied = nullptr;
  metrics::Counter* time_below_critical = nullptr;
  metrics::TimeWeightedGauge* ships_below_critical = nullptr;

  // Measure ids of the per-entity instruments.
  metrics::MeasureId squadron_aircraft, squadron_sorties_flown, squadron_sorties_per_aircraft, flight_time, failures,
      aircraft_down, squadron_mission_capable;
  metrics::MeasureId task_sorties_planned, task_sorties_flown, task_coverage, aircraft_on_station;
  metrics::MeasureId ship_fuel, ship_fuel_capacity, ship_fuel_consumed, ship_fuel_received, ship_distance,
      ship_time_below_critical;
  metrics::MeasureId resource_capacity, resource_utilisation, resource_queue, resource_wait, resource_oldest_wait;
  metrics::MeasureId fuel_stock_level, spares_stock_level, fuel_stock_issued, spares_stock_issued,
      fuel_stock_received, spares_stock_received, stock_orders, stock_wait, stock_waiting, stock_oldest_wait;
};

struct SquadronInstruments {
  metrics::Counter* sorties = nullptr;
  metrics::Counter* sorties_per_aircraft = nullptr;  // each sortie adds 1 / aircraft
  metrics::Counter* flight_time_s = nullptr;
  metrics::Counter* failures = nullptr;
  metrics::TimeWeightedGauge* down = nullptr;  // aircraft down for repair
  Availability mission_capable;
};

struct TaskInstruments {
  metrics::Gauge* sorties_planned = nullptr;       // null unless a squadron takes part
  metrics::Counter* sorties_flown = nullptr;       // null unless a squadron takes part
  metrics::TimeWeightedGauge* on_station = nullptr;  // aircraft on station for it
  metrics::Gauge* coverage = nullptr;              // coverage tasks only
};

/// A base resource's instruments, pushed by the resource itself.
class ResourceInstruments final : public core::ResourceObserver {
 public:
  ResourceInstruments(metrics::Collector& c, const DrillMetrics& m, BaseId base, int capacity,
                      std::string_view resource_kind);
  void on_in_use(core::SimTime now, int in_use) noexcept override;
  void on_queue(core::SimTime now, std::size_t waiting, core::SimTime oldest_since) noexcept override;
  void on_granted(core::Duration waited) noexcept override;

 private:
  double capacity_;
  // in_use / capacity_ for in_use below kFractions, worked out once: the
  // same division, so the same bits, without one at every grant and release.
  static constexpr int kFractions = 8;
  std::array<double, kFractions> fraction_{};
  metrics::TimeWeightedGauge* utilisation_;
  metrics::TimeWeightedGauge* queue_;
  metrics::QuantileInstrument* waits_;
  metrics::Gauge* oldest_wait_;
};

/// A stock's instruments: level, draws and waits pushed by its container;
/// orders and deliveries by the stock (Stock::Instruments).
class StockInstruments final : public core::ContainerObserver {
 public:
  /// `spares`: amounts are counts of parts, not tonnes of fuel.
  StockInstruments(metrics::Collector& c, const DrillMetrics& m, std::string_view name, bool spares);
  void on_level(core::SimTime now, double level) noexcept override;
  void on_got(double amount, core::Duration waited) noexcept override;
  void on_get_queue(core::SimTime now, std::size_t waiting, core::SimTime oldest_since) noexcept override;

  metrics::Counter* orders = nullptr;
  metrics::Counter* received = nullptr;

 private:
  metrics::TimeWeightedGauge* level_;
  metrics::Counter* issued_;
  metrics::QuantileInstrument* waits_;
  metrics::TimeWeightedGauge* waiting_;
  metrics::Gauge* oldest_wait_;
};

/// `aircraft`: the squadron's size.
SquadronInstruments make_squadron_instruments(metrics::Collector& c, const DrillMetrics& m, SquadronId id,
                                              int aircraft);
/// `air`: a squadron takes part (sorties are planned and flown for it);
/// `coverage`: it is an air coverage task.
TaskInstruments make_task_instruments(metrics::Collector& c, const DrillMetrics& m, TaskId id, bool air,
                                      bool coverage);

}  // namespace drill::models
