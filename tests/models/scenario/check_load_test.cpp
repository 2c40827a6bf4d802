// Drills that are valid key by key but would never finish are refused with
// the key and the estimate (check_load.hpp); the bundled drills pass.
#include <gtest/gtest.h>

#include <string>

#include "models/scenario/check_load.hpp"
#include "models/scenario/load_drill.hpp"

namespace drill::models::scenario {
namespace {

const std::string kComms = R"(drill: {name: dense, horizon: 1d}
geography:
  points:
    - {name: a, lat: 57.0, lon: -2.0}
naval:
  classes:
    - {name: frigate, max_speed: 28 kn, cruise_speed: 16 kn, fuel_capacity: 400 t, burn_at_max: 8 t/h, hotel: 0.4 t/h}
  units:
    - {name: f1, class: frigate, start: a}
comms:
  logistics_cell: hq
  reporting: {REPORTING}
  nodes:
    - {name: hq, nation: gbr, position: a, headquarters: true}
    - {name: f1, nation: gbr, host: f1}
  links:
    - {name: sat, kind: satellite, nodes: [hq, f1], latency: 250ms, bandwidth: 64 kbit/s LINK}
)";

std::string drill_with(const std::string& reporting, const std::string& link = "") {
  std::string y = kComms;
  y.replace(y.find("REPORTING"), 9, reporting);
  y.replace(y.find("LINK"), 4, link);
  return y;
}

void expect_refused(const LoadResult& r, const std::string& path) {
  EXPECT_EQ(r.status, LoadStatus::invalid);
  bool found = false;
  for (const Diagnostic& d : r.diagnostics)
    if (d.path == path && d.message.find("million events in one replication") != std::string::npos) found = true;
  EXPECT_TRUE(found) << path << "\n" << format(r.diagnostics);
}

TEST(CheckLoad, ContactReportsABillionTimesAnHourAreRefusedWithTheEstimate) {
  expect_refused(load_drill_from_string(drill_with("report_every: 6h, contacts_per_hour: 1000000000"), "x.yaml"),
                 "comms.reporting.contacts_per_hour");
}

TEST(CheckLoad, StatusEveryMicrosecondIsRefused) {
  expect_refused(load_drill_from_string(drill_with("report_every: 1us"), "x.yaml"), "comms.reporting.report_every");
  expect_refused(load_drill_from_string(drill_with("report_every: 1ms"), "x.yaml"), "comms.reporting.report_every");
}

TEST(CheckLoad, OutagesEveryMicrosecondAreRefused) {
  expect_refused(
      load_drill_from_string(drill_with("report_every: 6h", ", random_outages: {mtbf: 1us, mttr: 1us}"), "x.yaml"),
      "comms.links[0].random_outages");
}

TEST(CheckLoad, SamplingEveryMicrosecondIsRefused) {
  expect_refused(load_drill_from_string("drill: {name: x, horizon: 1d, sample_every: 1us}\n", "x.yaml"),
                 "drill.sample_every");
}

TEST(CheckLoad, OrdinaryRatesPass) {
  const LoadResult r = load_drill_from_string(drill_with("report_every: 2h, contacts_per_hour: 4"), "x.yaml");
  EXPECT_TRUE(r.ok()) << format(r.diagnostics);
}

}  // namespace
}  // namespace drill::models::scenario
