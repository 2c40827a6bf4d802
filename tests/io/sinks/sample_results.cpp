#include "sample_results.hpp"

#include <sstream>

#include "io/timeseries_csv.hpp"
#include "models/entity_kinds.hpp"

namespace drill::io::testing {

using namespace drill::core;
using namespace drill::core::metrics;
using models::Activity;
using models::ActivityEdge;

SampleRun make_sample_run(Duration sample_every) {
  SampleRun run;
  run.collector = std::make_unique<Collector>(models::entity_kinds());
  Collector& c = *run.collector;
  NameTable& names = c.names();
  const models::SquadronId s801 = names.add<models::kind::squadron>("801 NAS");
  const models::SquadronId vp10 = names.add<models::kind::squadron>("VP-10");
  const models::UnitId argyll = names.add<models::kind::unit>("HMS \"Argyll\", F231");
  const models::UnitId tanker = names.add<models::kind::unit>("Tide Spring");
  const models::BaseId lossie = names.add<models::kind::base>("lossie");
  const models::ResourceId launch = names.intern<models::kind::resource>("launch");
  const models::FlowId fuel_state = names.add<models::kind::flow>("fuel_state");

  const MeasureId sorties = c.describe({.name = "sorties_flown", .unit = Unit::none, .help = "Sorties flown.",
                                        .labels = {models::kind::squadron}, .kind = InstrumentKind::counter});
  const MeasureId delivered = c.describe({.name = "fuel_delivered", .unit = Unit::tonnes,
                                          .help = "Fuel delivered at sea to a unit.",
                                          .labels = {models::kind::unit}, .kind = InstrumentKind::counter});
  const MeasureId stock = c.describe({.name = "stock_on_hand", .unit = Unit::tonnes, .help = "Fuel in a base's stock.",
                                      .labels = {models::kind::base}, .kind = InstrumentKind::gauge});
  const MeasureId busy = c.describe({.name = "resource_busy", .unit = Unit::none, .help = "Units of a resource in use.",
                                     .labels = {models::kind::base, models::kind::resource},
                                     .kind = InstrumentKind::time_weighted});
  const MeasureId wait = c.describe({.name = "resource_wait", .unit = Unit::seconds,
                                     .help = "Time from request to grant of a resource.",
                                     .labels = {models::kind::base, models::kind::resource}, .kind = InstrumentKind::tally});
  const MeasureId latency = c.describe({.name = "report_latency", .unit = Unit::seconds,
                                        .help = "Time from creation to delivery of a report.",
                                        .labels = {models::kind::flow}, .kind = InstrumentKind::quantile});

  Counter& sorties_801 = c.counter(sorties, {s801});
  Counter& sorties_vp10 = c.counter(sorties, {vp10});
  Counter& delivered_argyll = c.counter(delivered, {argyll});
  Gauge& stock_lossie = c.gauge(stock, {lossie});
  TimeWeightedGauge& busy_launch = c.time_weighted(busy, {lossie, launch});
  TallyInstrument& wait_launch = c.tally(wait, {lossie, launch});
  QuantileInstrument& latency_fuel = c.quantile(latency, {fuel_state});

  // Updates in time order, interleaved with samples.
  const SimTime end = at(hours(24));
  std::ostringstream csv_text;
  TimeseriesCsv csv(csv_text, kCalendarStart);
  const auto sample = [&](SimTime t, Collector::Read what) {
    run.samples.push_back(c.snapshot(t));
    csv.add(c.changes(t, what));
  };
  const auto sample_until = [&](SimTime t, SimTime& next) {
    while (next <= t && next < end) {
      sample(next, Collector::Read::changed);  // the first read lists everything
      next += sample_every;
    }
  };
  SimTime next = SimTime::zero();

  stock_lossie.set(1000.0);
  sample_until(at(hours(2)) - microseconds(1), next);
  busy_launch.set(at(hours(2)), 1.0);
  wait_launch.add(60.0);
  run.activities.push_back({at(hours(2)), argyll, Activity::transit, ActivityEdge::start, std::nullopt});
  sample_until(at(hours(5)) - microseconds(1), next);
  busy_launch.set(at(hours(5)), 2.0);
  wait_launch.add(120.0);
  wait_launch.add(180.0);
  for (int i = 0; i < 7; ++i) sorties_801.add();
  run.activities.push_back({at(hours(5)), argyll, Activity::transit, ActivityEdge::end, std::nullopt});
  run.activities.push_back(
      {at(hours(5)), argyll, Activity::replenishment_at_sea, ActivityEdge::start, EntityRef(tanker)});
  sample_until(at(hours(6)) - microseconds(1), next);
  busy_launch.set(at(hours(6)), 0.0);
  wait_launch.add(240.0);
  for (int i = 0; i < 3; ++i) sorties_vp10.add();
  delivered_argyll.add(100.0);
  delivered_argyll.add(20.5);
  stock_lossie.set(830.0);
  run.activities.push_back(
      {at(hours(6)), argyll, Activity::replenishment_at_sea, ActivityEdge::end, EntityRef(tanker)});
  for (int i = 1; i <= 400; ++i) latency_fuel.add(i);
  sample_until(end, next);
  sample(end, Collector::Read::everything);
  run.timeseries_csv = csv_text.str();

  run.manifest = SummaryManifest{.tool_version = "0.1.0",
                                 .git_revision = "0123456789ab",
                                 .command_line = {"drillsim", "run", "configs/small.yaml", "--out", "out/small"},
                                 .config_path = "configs/small.yaml",
                                 .config_sha256 = std::string(64, 'a'),
                                 .seed = 7,
                                 .replication = 2,
                                 .fingerprint = 0xa9e49f9d14f2b091ULL,
                                 .events = 126,
                                 .horizon = end,
                                 .calendar_start = kCalendarStart,
                                 .wall_seconds = 0.25,
                                 .host = "testhost",
                                 .status = SummaryManifest::Status::completed};
  return run;
}

}  // namespace drill::io::testing
