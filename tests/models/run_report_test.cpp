// The printout, summary.json and the replications aggregate are generated
// from the descriptors: a measure flagged headline appears in the printout
// and the aggregate, formatted by its unit, with no list of measures in io/;
// one that is not appears only in the summary; task outcomes carry their
// reasons.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/metrics/collector.hpp"
#include "io/replications.hpp"
#include "io/run_report.hpp"
#include "io/summary_pb.hpp"
#include "models/entity_kinds.hpp"

namespace drill::models {
namespace {

using core::metrics::Collector;
using core::metrics::Descriptor;
using core::metrics::Headline;
using core::metrics::InstrumentKind;
using core::metrics::Snapshot;
using core::metrics::Unit;

/// A collector with a few measures, run for two days: what a drill model
/// registers, without a drill.
struct Measured {
  Collector c{entity_kinds()};
  Snapshot at_end(double fuel_t) {
    const auto fuel = c.describe(Descriptor{"fuel_delivered", Unit::tonnes, "Fuel delivered.", {}, InstrumentKind::counter,
                                            Headline::yes});
    const auto sorties = c.describe(Descriptor{"sorties_per_aircraft", Unit::none, "Sorties per aircraft.", {},
                                               InstrumentKind::counter, Headline::per_day});
    const auto hidden = c.describe(Descriptor{"hidden_level", Unit::none, "Not a headline.", {}, InstrumentKind::gauge});
    const auto waits = c.describe(Descriptor{"resource_wait", Unit::seconds, "Waits.", {kind::base, kind::resource},
                                             InstrumentKind::quantile, Headline::yes});
    const auto coverage = c.describe(Descriptor{"task_coverage", Unit::ratio, "Coverage.", {kind::task},
                                                InstrumentKind::gauge, Headline::yes});
    c.counter(fuel).add(fuel_t);
    c.counter(sorties).add(3.0);
    c.gauge(hidden).set(7.0);
    const auto base = c.names().add<kind::base>("lossie");
    const auto crews = c.names().add<kind::resource>("maintenance_crews");
    auto& w = c.quantile(waits, {base, crews});
    w.add(1800.0);
    w.add(5400.0);
    c.gauge(coverage, {c.names().add<kind::task>("firth_cover")}).set(0.8);
    c.names().add<kind::task>("firth_patrol");
    return c.snapshot(core::at(core::days(2)));
  }
};

std::vector<TaskOutcome> outcomes() {
  TaskOutcome late{.name = "firth_cover", .kind = "air_coverage", .completed_at = core::at(core::hours(18)),
                   .deadline = core::at(core::hours(18)), .on_time = false,
                   .reason = "coverage 80.0% of the required aircraft-hours on station, below 95.0%"};
  TaskOutcome open{.name = "firth_patrol", .kind = "patrol", .completed_at = std::nullopt,
                   .deadline = core::at(core::days(1)), .on_time = false,
                   .reason = "argyll on patrol 'firth_patrol' until D+1 06:00:00"};
  return {late, open};
}

TEST(RunReport, TheTextListsHeadlineMeasuresByUnitAndTasksWithTheirReasons) {
  Measured m;
  const std::string text = io::summary_text(m.at_end(12.5), outcomes(), io::RunInfo{});
  EXPECT_NE(text.find("  fuel_delivered                 12.5 t\n"), std::string::npos) << text;
  EXPECT_NE(text.find("  sorties_per_aircraft           1.50 per day\n"), std::string::npos) << text;
  EXPECT_EQ(text.find("hidden_level"), std::string::npos) << text;
  EXPECT_NE(text.find("  resource_wait\n    lossie/maintenance_crews     mean 1.00 h, p50 0.50 h, p90 1.50 h, p95 1.50 h, "
                      "p99 1.50 h, max 1.50 h, n 2\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("    firth_cover                air_coverage     late, task_coverage 80.0%\n"
                      "      why: coverage 80.0% of the required"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("    firth_patrol               patrol           not done\n"
                      "      why: argyll on patrol 'firth_patrol' until D+1 06:00:00\n"),
            std::string::npos)
      << text;
}

TEST(RunReport, SummaryJsonCarriesEveryMeasureAndTheTaskOutcomes) {
  Measured m;
  io::RunManifest manifest;
  manifest.host = "somewhere";
  manifest.wall_seconds = 1.5;
  const std::string json = io::summary_json(io::make_run_summary(manifest, "d", m.at_end(12.5), outcomes()));
  EXPECT_NE(json.find("\"format_version\": 2"), std::string::npos) << json;
  EXPECT_NE(json.find("\"measure\": \"hidden_level\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"name\": \"drill_fuel_delivered_tonnes_total\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"reason\": \"argyll on patrol 'firth_patrol' until D+1 06:00:00\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"completed_at_us\": \"64800000000\""), std::string::npos) << json;
  // The wall clock and the host are manifest.json's, not the summary's.
  EXPECT_EQ(json.find("somewhere"), std::string::npos) << json;
  EXPECT_NE(json.find("\"wall_seconds\": 0"), std::string::npos) << json;
}

// replications.json and .csv aggregate every series; the printed table
// shows the headline ones.
TEST(RunReport, TheReplicationsAggregateHoldsEverySeriesAndPrintsTheHeadlineOnes) {
  io::ReplicationSet set;
  Measured a, b;
  set.add(io::ReplicationRun{0, "aa", 10, a.at_end(10.0)});
  set.add(io::ReplicationRun{1, "bb", 10, b.at_end(20.0)});
  const std::string csv = set.csv();
  EXPECT_NE(csv.find("fuel_delivered,drill_fuel_delivered_tonnes_total,,tonnes,value,15,"), std::string::npos) << csv;
  EXPECT_NE(csv.find(",min,max\n"), std::string::npos) << csv;
  EXPECT_NE(csv.find("sorties_per_aircraft,drill_sorties_per_aircraft_total,,,per_day,1.5,0,0,1.5,1.5\n"),
            std::string::npos)
      << csv;
  EXPECT_NE(csv.find("resource_wait,drill_resource_wait_seconds,base=lossie;resource=maintenance_crews,seconds,mean,3600,"),
            std::string::npos)
      << csv;
  EXPECT_NE(csv.find("hidden_level,drill_hidden_level,,,value,"), std::string::npos) << csv;
  const std::string json = set.json(io::RunInfo{});
  EXPECT_NE(json.find("\"labels\": {\n        \"task\": \"firth_cover\"\n      }"), std::string::npos) << json;
  EXPECT_NE(json.find("\"measure\": \"hidden_level\""), std::string::npos) << json;
  const std::string text = set.text(io::RunInfo{});
  EXPECT_NE(text.find("  fuel_delivered, t"), std::string::npos) << text;
  EXPECT_EQ(text.find("hidden_level"), std::string::npos) << text;
}

}  // namespace
}  // namespace drill::models
