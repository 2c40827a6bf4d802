// The drill's measures as collector instruments: one descriptor per measure,
// registered once when the model is built.
//
// `DrillMetrics` holds the measure ids; `make_*` calls create the instruments
// of one entity (a squadron, a task, a ship, a base resource, a stock) and
// hand back references that the processes keep and update directly. The
// descriptor list in drill_metrics.cpp is the one place a drill measure is
// named, given its unit and help text; every output generated from the
// collector's descriptors follows it.
//
// Most instruments are pushed by the processes as things happen. Base
// resources and stocks keep their statistics in core::Resource and
// core::Container (which have no observer hook); their utilisation, mean
// queue and stock levels are gauges refreshed from those statistics by
// `refresh`, which DrillModel::snapshot calls before every snapshot.
#pragma once

#include <vector>

#include "core/container.hpp"
#include "core/metrics/collector.hpp"
#include "core/resource.hpp"

namespace drill::models {

namespace metrics = core::metrics;

struct DrillMetrics {
  explicit DrillMetrics(metrics::Collector& c);

  // Drill-wide.
  metrics::Gauge* sorties_planned = nullptr;
  metrics::Counter* fuel_consumed_aircraft = nullptr;
  metrics::Counter* fuel_delivered_ras = nullptr;
  metrics::Counter* fuel_delivered_aar = nullptr;
  metrics::Counter* fuel_issued_bases = nullptr;
  metrics::TimeWeightedGauge* ships_below_critical = nullptr;

  // Measure ids of the per-entity instruments.
  metrics::MeasureId sorties_flown, flight_time, failures, aircraft_down;
  metrics::MeasureId task_sorties_flown, aircraft_on_station;
  metrics::MeasureId ship_fuel, ship_fuel_consumed, ship_fuel_received;
  metrics::MeasureId resource_utilisation, resource_mean_queue, resource_wait;
  metrics::MeasureId fuel_stock_level, spares_stock_level, stock_orders, stock_wait;
};

struct SquadronInstruments {
  metrics::Counter* sorties = nullptr;
  metrics::Counter* flight_time_s = nullptr;
  metrics::Counter* failures = nullptr;
  metrics::TimeWeightedGauge* down = nullptr;  // aircraft down for repair
};

struct TaskInstruments {
  metrics::Counter* sorties_flown = nullptr;
  metrics::TimeWeightedGauge* on_station = nullptr;  // aircraft on station for it
};

/// A base resource's instruments: the wait quantile is pushed by the
/// processes around each acquire; the gauges are refreshed from `resource`.
struct ResourceInstruments {
  const core::Resource* resource = nullptr;
  metrics::Gauge* utilisation = nullptr;
  metrics::Gauge* mean_queue = nullptr;
  metrics::QuantileInstrument* waits = nullptr;
};

/// A stock's instruments: level refreshed from its container, orders pushed
/// by the stock's review, waits pushed by the processes around each draw.
struct StockInstruments {
  const core::Container* container = nullptr;
  metrics::Gauge* level = nullptr;
  metrics::Counter* orders = nullptr;
  metrics::QuantileInstrument* waits = nullptr;
};

SquadronInstruments make_squadron_instruments(metrics::Collector& c, const DrillMetrics& m, metrics::SquadronId id);
TaskInstruments make_task_instruments(metrics::Collector& c, const DrillMetrics& m, metrics::TaskId id);
ResourceInstruments make_resource_instruments(metrics::Collector& c, const DrillMetrics& m, metrics::BaseId base,
                                              const core::Resource& r, std::string_view resource_kind);
/// `spares`: the level is a count of parts, not tonnes of fuel.
StockInstruments make_stock_instruments(metrics::Collector& c, const DrillMetrics& m, const core::Container& container,
                                        std::string_view name, bool spares);

/// Sets the pulled gauges from the resources' and containers' statistics
/// at the simulation's current time.
void refresh(const std::vector<ResourceInstruments>& resources, const std::vector<StockInstruments>& stocks) noexcept;

}  // namespace drill::models
