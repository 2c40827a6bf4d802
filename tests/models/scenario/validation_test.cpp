// Each kind of validation error, with its position, key path and hint.
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>

#include <gtest/gtest.h>

#include "models/scenario/load_drill.hpp"
#include "models/scenario/yaml_reader.hpp"

namespace drill::models::scenario {
namespace {

const std::filesystem::path kData = std::filesystem::path(DRILL_SOURCE_DIR) / "tests/models/data";

// A valid drill to which each test appends or in which it replaces a line.
// Line numbers below are 1-based positions in this text.
constexpr std::string_view kBase = R"(drill: {name: t, horizon: 2d}
geography:
  points:
    - {name: home, lat: 57.7, lon: -3.3}
    - {name: sea, lat: 58.0, lon: -2.0}
  areas:
    - {name: box, centre: sea, radius: 20 nm}
bases:
  airfields:
    - name: lossie
      position: home
      runway: {launch_slot: 2min, recovery_slot: 3min}
      fuel_points: {count: 2, transfer_rate: 40 t/h}
      maintenance_crews: 2
      spares: {count: 4}
      fuel: {capacity: 500 t}
naval:
  classes:
    - {name: t23, max_speed: 28 kn, cruise_speed: 15 kn, fuel_capacity: 450 t, burn_at_max: 8 t/h, hotel: 0.5 t/h}
    - name: tide
      max_speed: 18 kn
      cruise_speed: 14 kn
      fuel_capacity: 1800 t
      burn_at_max: 6 t/h
      hotel: 0.8 t/h
      oiler: {cargo_fuel: 19000 t, transfer_rate: 350 t/h, connect_time: 25min, disconnect_time: 15min}
  units:
    - {name: argyll, class: t23, start: home}
    - {name: tidespring, class: tide, start: home}
air:
  types:
    - {name: FA18, cruise_speed: 480 kn, fuel_capacity: 6.5 t, fuel_burn: 3.2 t/h}
  squadrons:
    - {name: vfa_1, type: FA18, base: lossie, count: 4}
)";

struct Case {
  std::string text;
  LoadResult r;
};

Case load(std::string_view extra) {
  std::string text = std::string(kBase) + std::string(extra);
  LoadResult r = load_drill_from_string(text, "drill.yaml");
  return Case{std::move(text), std::move(r)};
}

Case load_file(const char* name) {
  std::ifstream in(kData / name);
  std::stringstream text;
  text << in.rdbuf();
  return Case{text.str(), load_drill(kData / name)};
}

// The 1-based column where `needle` first appears on 1-based `line`, so the
// expectations say "at the value 'F18' on line 35" rather than a bare number.
int column_of(const std::string& text, int line, std::string_view needle) {
  std::istringstream in(text);
  std::string l;
  for (int i = 0; i < line && std::getline(in, l); ++i) {
  }
  const std::size_t at = l.find(needle);
  return at == std::string::npos ? -1 : static_cast<int>(at) + 1;
}

const Diagnostic* find(const LoadResult& r, std::string_view path) {
  for (const Diagnostic& d : r.diagnostics) {
    if (d.path == path) return &d;
  }
  return nullptr;
}

// Expects a diagnostic at key `path`, on `line_` at the column where `needle`
// starts, whose message and hint contain the given parts.
#define EXPECT_DIAG(c, path, line_, needle, message_part, hint_part)                               \
  do {                                                                                             \
    const Diagnostic* d_ = find((c).r, path);                                                      \
    ASSERT_NE(d_, nullptr) << "no diagnostic at " << path << "\n" << format((c).r.diagnostics);    \
    EXPECT_EQ(d_->line, line_) << format(*d_);                                                     \
    EXPECT_EQ(d_->column, column_of((c).text, line_, needle)) << format(*d_);                      \
    EXPECT_NE(d_->message.find(message_part), std::string::npos) << format(*d_);                \
    EXPECT_NE(d_->hint.find(hint_part), std::string::npos) << format(*d_);                      \
  } while (false)

TEST(Validation, BaseDrillIsValid) {
  const Case c = load("");
  EXPECT_TRUE(c.r.ok()) << format(c.r.diagnostics);
}

// Lines of the appended text start at 35.

/// kBase with its first line (the drill section) replaced.
Case load_with_drill(std::string_view drill_line) {
  std::string text = std::string(drill_line) + std::string(kBase.substr(kBase.find('\n')));
  LoadResult r = load_drill_from_string(text, "drill.yaml");
  return Case{std::move(text), std::move(r)};
}

TEST(Validation, SamplingIntervalAndWarmUpAreDurationsInTheDrillSection) {
  const Case ok = load_with_drill("drill: {name: t, horizon: 2d, sample_every: 15min, warm_up: 12h}");
  ASSERT_TRUE(ok.r.ok()) << format(ok.r.diagnostics);
  EXPECT_EQ(ok.r.drill->drill.sample_every, core::minutes(15));
  EXPECT_EQ(ok.r.drill->drill.warm_up, core::hours(12));
  const Case none = load("");
  EXPECT_FALSE(none.r.drill->drill.sample_every);
  EXPECT_FALSE(none.r.drill->drill.warm_up);

  const Case late = load_with_drill("drill: {name: t, horizon: 2d, warm_up: 3d}");
  EXPECT_DIAG(late, "drill.warm_up", 1, "3d", "the warm-up must end before the horizon", "shorter than 'horizon' (2d");
  const Case negative = load_with_drill("drill: {name: t, horizon: 2d, warm_up: -1h}");
  EXPECT_DIAG(negative, "drill.warm_up", 1, "-1h", "must not be negative", "");
  const Case zero = load_with_drill("drill: {name: t, horizon: 2d, sample_every: 0s}");
  EXPECT_DIAG(zero, "drill.sample_every", 1, "0s", "must be positive", "");
}

TEST(Validation, UnknownKeyIsReportedAtTheKeyWithDidYouMean) {
  const Case c = load("logistics:\n  depots:\n    - {name: d, position: home, fuel: {capacty: 10 t}}\n");
  EXPECT_DIAG(c, "logistics.depots[0].fuel.capacty", 37, "capacty", "unknown key 'capacty'", "did you mean 'capacity'?");
  EXPECT_DIAG(c, "logistics.depots[0].fuel", 37, "{capacty", "missing required key 'capacity'", "");
}

TEST(Validation, UnknownTopLevelSectionIsReported) {
  const Case c = load("plans: {}\n");
  EXPECT_DIAG(c, "plans", 35, "plans", "unknown key 'plans'", "did you mean 'plan'?");
}

TEST(Validation, WrongTypeIsReported) {
  const Case c = load("plan:\n  phases: {name: p}\n");
  EXPECT_DIAG(c, "plan.phases", 36, "{name", "expected a list", "");
}

TEST(Validation, MissingUnitNamesTheExpectedUnits) {
  const Case c = load("logistics:\n  depots:\n    - {name: d, position: home, fuel: {capacity: 10}}\n");
  EXPECT_DIAG(c, "logistics.depots[0].fuel.capacity", 37, "10", "missing unit in mass '10'", "t, kg");
}

TEST(Validation, RangesAreChecked) {
  const Case c = load(
      "logistics:\n  depots:\n"
      "    - {name: d, position: home, fuel: {capacity: 10 t, initial: 12 t, reorder_point: -1 t}}\n");
  EXPECT_DIAG(c, "logistics.depots[0].fuel.initial", 37, "12 t", "initial stock exceeds the capacity", "10 t");
  EXPECT_DIAG(c, "logistics.depots[0].fuel.reorder_point", 37, "-1 t", "must not be negative", "");
}

TEST(Validation, UnknownReferenceSuggestsTheClosestName) {
  const Case c = load("    - {name: vfa_2, type: F18, base: lossie, count: 4}\n");
  EXPECT_DIAG(c, "air.squadrons[1].type", 35, "F18", "unknown aircraft type 'F18'", "did you mean 'FA18'?");
  EXPECT_EQ(format(*find(c.r, "air.squadrons[1].type")),
            "drill.yaml:35:27: error: air.squadrons[1].type: unknown aircraft type 'F18'\n"
            "  hint: did you mean 'FA18'?");
}

TEST(Validation, DuplicateNamesPointAtTheFirstDefinition) {
  const Case c = load("    - {name: vfa_1, type: FA18, base: lossie, count: 2}\n");
  EXPECT_DIAG(c, "air.squadrons[1].name", 35, "vfa_1", "duplicate unit or squadron name 'vfa_1'", "line 34");
}

TEST(Validation, DuplicateKeysAreReported) {
  const Case c = load("plan:\n  phases: []\n  phases: []\n");
  EXPECT_DIAG(c, "plan.phases", 37, "phases", "duplicate key 'phases'", "");
}

TEST(Validation, UnknownPointInAPlaceIsReported) {
  const Case c = load("logistics:\n  depots:\n    - {name: d, position: hme, fuel: {capacity: 10 t}}\n");
  EXPECT_DIAG(c, "logistics.depots[0].position", 37, "hme", "unknown point 'hme'", "did you mean 'home'?");
}

TEST(Validation, DistributionErrorsCarryTheirKeyPath) {
  const Case c = load(
      "logistics:\n  depots:\n"
      "    - {name: d, position: home, fuel: {capacity: 10 t, resupply_quantity: 5 t,"
      " lead_time: \"triangular(min: 2h, mode: 1h, max: 3h)\"}}\n");
  EXPECT_DIAG(c, "logistics.depots[0].fuel.lead_time", 37, "\"triangular", "triangular mode must lie in [min, max]",
              "triangular(min: .., mode: .., max: ..)");
}

TEST(Validation, ResupplyWithoutLeadTimeIsReported) {
  const Case c = load("logistics:\n  depots:\n    - {name: d, position: home, fuel: {capacity: 10 t, resupply_quantity: 5 t}}\n");
  EXPECT_DIAG(c, "logistics.depots[0].fuel", 37, "{capacity", "missing required key 'lead_time'", "");
}

TEST(Validation, TaskRulesAreChecked) {
  const Case c = load(
      "plan:\n  tasks:\n"
      "    - {name: ras, kind: replenishment, participants: [argyll], location: sea}\n"
      "    - {name: cap, kind: air_coverage, participants: [vfa_1], location: box}\n"
      "    - {name: go, kind: trasit, participants: [argyll], location: sea}\n");
  EXPECT_DIAG(c, "plan.tasks[0].participants", 37, "[argyll]", "needs an oiler", "");
  EXPECT_DIAG(c, "plan.tasks[1]", 38, "{name", "needs a 'coverage' requirement", "on_station");
  EXPECT_DIAG(c, "plan.tasks[2].kind", 39, "trasit", "unknown kind 'trasit'", "did you mean 'transit'?");
}

TEST(Validation, WindowsOutsideThePhaseOrHorizonAreReported) {
  const Case c = load(
      "plan:\n  phases:\n    - {name: p1, start: D+0 00:00, end: D+3 00:00}\n  tasks:\n"
      "    - {name: t1, kind: patrol, participants: [argyll], location: box, earliest_start: D+1 12:00,"
      " deadline: D+1 06:00}\n");
  EXPECT_DIAG(c, "plan.phases[0].end", 37, "D+3", "after the drill horizon", "extend drill.horizon");
  EXPECT_DIAG(c, "plan.tasks[0].deadline", 39, "D+1 06:00", "task window is empty", "");
}

TEST(Validation, CoverageOutsideTheTaskWindowIsReported) {
  const Case c = load(
      "plan:\n  tasks:\n"
      "    - {name: cap, kind: air_coverage, participants: [vfa_1], location: box, deadline: D+1 00:00,\n"
      "       coverage: {on_station: 2, from: D+0 18:00, until: D+1 06:00}}\n");
  EXPECT_DIAG(c, "plan.tasks[0].coverage", 38, "{on_station", "lies outside the task window", "");
}

TEST(Validation, SelfDependencyIsReported) {
  const Case c = load("plan:\n  tasks:\n    - {name: a, kind: patrol, participants: [argyll], location: box, depends_on: [a]}\n");
  EXPECT_DIAG(c, "plan.tasks[0].depends_on[0]", 37, "a]}", "depends on itself", "");
}

TEST(Validation, DependencyCycleIsNamedInFull) {
  const Case c = load_file("dependency_cycle.yaml");
  EXPECT_EQ(c.r.status, LoadStatus::invalid);
  ASSERT_EQ(c.r.diagnostics.size(), 1u) << format(c.r.diagnostics);
  EXPECT_EQ(c.r.diagnostics[0].message, "task dependency cycle: a -> c -> b -> a (each waits for the next)");
  EXPECT_DIAG(c, "plan.tasks[1].depends_on[0]", 14, "a]}", "cycle", "remove one");
}

TEST(Validation, ReportsEveryErrorOfAFileAtOnceInFileOrder) {
  const Case c = load_file("many_errors.yaml");
  EXPECT_EQ(c.r.status, LoadStatus::invalid);
  EXPECT_FALSE(c.r.drill);
  ASSERT_EQ(c.r.diagnostics.size(), 8u) << format(c.r.diagnostics);
  for (std::size_t i = 1; i < c.r.diagnostics.size(); ++i) {
    EXPECT_LE(c.r.diagnostics[i - 1].line, c.r.diagnostics[i].line);
  }
  EXPECT_DIAG(c, "bases.airfields[0].fuel.initial", 18, "800 t", "initial stock exceeds the capacity", "500 t");
  EXPECT_DIAG(c, "naval.classes[0]", 21, "name", "missing required key 'fuel_capacity'", "");
  EXPECT_DIAG(c, "naval.classes[0].max_speed", 22, "28", "missing unit in speed '28'", "kn, km/h");
  EXPECT_DIAG(c, "naval.classes[0].fuel_capcity", 24, "fuel_capcity", "unknown key", "did you mean 'fuel_capacity'?");
  EXPECT_DIAG(c, "air.types[0].bingo", 35, "1.25", "outside [0, 1]", "");
  EXPECT_DIAG(c, "air.squadrons[0].type", 37, "F18", "unknown aircraft type 'F18'", "did you mean 'FA18'?");
  EXPECT_DIAG(c, "air.squadrons[1].base", 38, "lossy", "unknown air base 'lossy'", "did you mean 'lossie'?");
  EXPECT_DIAG(c, "air.squadrons[1].count", 38, "0}", "'0' is outside [1, 10000]", "count is a whole number from 1 to 10000");
}

TEST(Validation, ShipThatCannotReachTheTaskBeforeItsDeadlineIsReported) {
  const Case c = load_file("infeasible_plan.yaml");
  EXPECT_EQ(c.r.status, LoadStatus::invalid);
  EXPECT_DIAG(c, "plan.tasks[0].deadline", 32, "D+2", "deadline D+2 00:00:00 cannot be met: 'sprinter' starts 3014 nm",
              "move the deadline to D+4 11:38:00 or later");
}

TEST(Validation, RouteLegBeyondRangeWithoutRefuellingIsReported) {
  const Case c = load_file("infeasible_plan.yaml");
  EXPECT_DIAG(c, "naval.units[1].route[0]", 24, "azores", "fuel plan cannot balance: 'wanderer' reaches 'azores'",
              "add a replenishment task for 'wanderer'");
}

TEST(Validation, AircraftBeyondRadiusOfActionWithoutTankerIsReported) {
  const Case c = load_file("infeasible_plan.yaml");
  EXPECT_DIAG(c, "plan.tasks[1].location", 36, "far_station", "'sqn_ii' cannot reach 'far_station' and return", "tanker");
}

TEST(Validation, CoverageLargerThanTheSquadronsIsReported) {
  const Case c = load_file("infeasible_plan.yaml");
  EXPECT_DIAG(c, "plan.tasks[1].coverage.on_station", 37, "3,", "needs 3 aircraft on station", "");
  std::size_t errors = 0;
  for (const Diagnostic& d : c.r.diagnostics) errors += d.severity == Severity::error;
  EXPECT_EQ(errors, 4u) << format(c.r.diagnostics);
  // Besides, neither frigate has an oiler or a port with fuel to turn to.
  EXPECT_DIAG(c, "naval.units[0]", 23, "{name: sprinter", "'sprinter' has nowhere to get fuel", "add an oiler");
}

TEST(Validation, CommsLinksMustJoinKnownNodes) {
  const Case c = load(
      "comms:\n  nodes:\n    - {name: hq, position: home}\n    - {name: ship_radio, host: argyl}\n  links:\n"
      "    - {name: l1, kind: satelite, from: hq, to: ship_radio, latency: 250ms, bandwidth: 64 kbit/s}\n"
      "    - {name: l2, kind: hf, from: hq, to: shipradio, latency: 1s, bandwidth: 2400 bit/s, range: 30 nm}\n");
  EXPECT_DIAG(c, "comms.nodes[1].host", 38, "argyl", "unknown unit, squadron or base 'argyl'", "did you mean 'argyll'?");
  EXPECT_DIAG(c, "comms.links[0].kind", 40, "satelite", "unknown kind 'satelite'", "did you mean 'satellite'?");
  EXPECT_DIAG(c, "comms.links[1].to", 41, "shipradio", "unknown comms node 'shipradio'", "did you mean 'ship_radio'?");
  EXPECT_DIAG(c, "comms.links[1].range", 41, "30 nm", "only radio_los links have a range", "");
}

TEST(Validation, CommsSectionMapsEveryKeyOntoTheSpec) {
  const Case c = load(
      "comms:\n"
      "  nation: GBR\n"
      "  logistics_cell: hq\n"
      "  relay_policy: avoid_foreign_relays\n"
      "  ack_timeout: 45s\n"
      "  retransmissions: 2\n"
      "  reporting: {report_every: 4h, fuel_thresholds: [60%, 0.4], contacts_per_hour: 3, contacts_releasable_to: [NOR]}\n"
      "  nodes:\n"
      "    - {name: hq, position: home, headquarters: true, groups: [logistics]}\n"
      "    - {name: ship, host: argyll, nation: NOR, antenna_height: 100 ft}\n"
      "    - {name: oiler, host: tidespring}\n"
      "  links:\n"
      "    - name: sat\n"
      "      kind: satellite\n"
      "      nodes: [hq, ship, oiler]\n"
      "      latency: 250ms\n"
      "      bandwidth: 64 kbit/s\n"
      "      outages: [{from: D+1 00:00, until: D+1 06:00}]\n"
      "      random_outages: {mtbf: 2d, mttr: 2h}\n"
      "      buffer: 16\n"
      "      drop_policy: drop_newest\n"
      "      overhead: 80\n"
      "    - {name: los, kind: radio_los, from: ship, to: oiler, latency: 5ms, bandwidth: 9600 bit/s, loss: 10%}\n"
      "    - {name: hf, kind: hf, from: hq, to: ship, latency: 1s, bandwidth: 2400 bit/s, setup_time: 5s}\n");
  ASSERT_TRUE(c.r.ok()) << format(c.r.diagnostics);
  EXPECT_TRUE(c.r.diagnostics.empty()) << format(c.r.diagnostics);
  const Comms& comms = c.r.drill->comms;
  EXPECT_EQ(comms.logistics_cell, "hq");
  EXPECT_EQ(comms.relay_policy, RelayPolicy::avoid_foreign_relays);
  EXPECT_EQ(comms.ack_timeout, core::seconds(45));
  EXPECT_EQ(comms.retransmissions, 2);
  EXPECT_EQ(comms.reporting.report_every, core::hours(4));
  EXPECT_EQ(comms.reporting.fuel_thresholds, (std::vector<double>{0.6, 0.4}));
  EXPECT_DOUBLE_EQ(comms.reporting.contacts_per_hour, 3.0);
  EXPECT_EQ(comms.reporting.contacts_releasable_to, std::vector<std::string>{"NOR"});
  ASSERT_EQ(comms.nodes.size(), 3u);
  EXPECT_EQ(comms.nodes[0].nation, "GBR");
  EXPECT_TRUE(comms.nodes[0].headquarters);
  EXPECT_EQ(comms.nodes[0].groups, std::vector<std::string>{"logistics"});
  EXPECT_EQ(comms.nodes[1].nation, "NOR");
  EXPECT_NEAR(comms.nodes[1].antenna_height_ft, 100.0, 1e-9);
  EXPECT_FALSE(comms.nodes[2].headquarters);
  ASSERT_EQ(comms.links.size(), 3u);
  const CommsLink& sat = comms.links[0];
  EXPECT_EQ(sat.nodes, (std::vector<std::string>{"hq", "ship", "oiler"}));
  EXPECT_EQ(sat.latency, core::milliseconds(250));
  ASSERT_EQ(sat.outages.size(), 1u);
  EXPECT_EQ(sat.outages[0].from, core::at(core::hours(24)));
  EXPECT_EQ(sat.outages[0].until, core::at(core::hours(30)));
  EXPECT_EQ(sat.mtbf, core::hours(48));
  EXPECT_EQ(sat.mttr, core::hours(2));
  EXPECT_EQ(sat.buffer_messages, 16);
  EXPECT_EQ(sat.drop_policy, DropPolicy::drop_newest);
  EXPECT_EQ(sat.overhead_bytes, std::optional<std::int64_t>{80});
  EXPECT_EQ(comms.links[1].nodes, (std::vector<std::string>{"ship", "oiler"}));
  EXPECT_DOUBLE_EQ(comms.links[1].loss_fraction, 0.1);
  EXPECT_EQ(comms.links[2].setup_time, core::seconds(5));
}

TEST(Validation, CommsKeysAreCheckedWhereTheyAreWritten) {
  const Case c = load(
      "comms:\n"
      "  logistics_cell: hqq\n"
      "  reporting: {fuel_thresholds: [120%]}\n"
      "  nodes:\n"
      "    - {name: hq, position: home, nation: GBR, headquarters: yes}\n"
      "    - {name: ship, host: argyll}\n"
      "  links:\n"
      "    - {name: a, kind: satellite, nodes: [hq, ship], latency: 0s, bandwidth: 64 kbit/s, drop_policy: drop_oldest}\n"
      "    - {name: b, kind: radio_los, nodes: [hq, ship, hq], latency: 5ms, bandwidth: 9600 bit/s, loss: 100%}\n"
      "    - {name: c, kind: satellite, from: hq, to: ship, latency: 1s, bandwidth: 2400 bit/s, setup_time: 5s,\n"
      "       outages: [{from: D+1 00:00, until: D+0 06:00}], random_outages: {mtbf: 2d}}\n");
  EXPECT_FALSE(c.r.ok());
  EXPECT_DIAG(c, "comms.logistics_cell", 36, "hqq", "unknown comms node 'hqq'", "did you mean 'hq'?");
  EXPECT_DIAG(c, "comms.reporting.fuel_thresholds[0]", 37, "120%", "above 0 and below 1", "");
  EXPECT_DIAG(c, "comms.nodes[0].headquarters", 39, "yes", "expected true or false", "");
  EXPECT_DIAG(c, "comms.nodes[1]", 40, "{name: ship", "missing required key 'nation'", "comms.nation");
  EXPECT_DIAG(c, "comms.links[0].latency", 42, "0s", "latency must be greater than zero", "250ms");
  EXPECT_DIAG(c, "comms.links[0].drop_policy", 42, "drop_oldest", "unknown drop_policy 'drop_oldest'", "drop_newest");
  EXPECT_DIAG(c, "comms.links[1].nodes", 43, "[hq, ship, hq]", "a radio_los link joins exactly two nodes", "");
  EXPECT_DIAG(c, "comms.links[1].nodes[2]", 43, "hq]", "a link must join different nodes", "");
  EXPECT_DIAG(c, "comms.links[1].loss", 43, "100%", "loss must be below 1", "");
  EXPECT_DIAG(c, "comms.links[2].setup_time", 44, "5s", "only hf links have a set-up time", "");
  EXPECT_DIAG(c, "comms.links[2].outages[0].until", 45, "D+0 06:00", "an outage ends after it starts", "");
  EXPECT_DIAG(c, "comms.links[2].random_outages", 45, "{mtbf", "missing required key 'mttr'", "");
}

TEST(Validation, AnIdealLinkTakesNoKeyOfARealLinksDelayCapacityOrFailures) {
  const Case c = load(
      "comms:\n"
      "  logistics_cell: hq\n"
      "  nodes:\n"
      "    - {name: hq, position: home, nation: GBR, headquarters: true}\n"
      "    - {name: ship, host: argyll, nation: GBR}\n"
      "  links:\n"
      "    - {name: a, kind: ideal, nodes: [hq, ship]}\n"
      "    - {name: b, kind: ideal, from: hq, to: ship, latency: 5ms, loss: 1%}\n");
  EXPECT_FALSE(c.r.ok());
  EXPECT_DIAG(c, "comms.links[1].latency", 42, "5ms", "an ideal link has no 'latency'", "give the link a real kind");
  EXPECT_DIAG(c, "comms.links[1].loss", 42, "1%", "an ideal link has no 'loss'", "");
  EXPECT_EQ(c.r.diagnostics.size(), 2u) << format(c.r.diagnostics);
}

TEST(Validation, CommsHasAtMostSixtyFourNations) {
  std::string extra = "comms:\n  logistics_cell: n0\n  nodes:\n";
  for (int i = 0; i < 65; ++i)
    extra += "    - {name: n" + std::to_string(i) + ", position: home, nation: X" + std::to_string(i) + "}\n";
  const Case c = load(extra);
  EXPECT_DIAG(c, "comms.nodes[64]", 102, "{name: n64", "more than 64 nations", "");
  std::size_t errors = 0;
  for (const Diagnostic& d : c.r.diagnostics) errors += d.severity == Severity::error;
  EXPECT_EQ(errors, 1u) << format(c.r.diagnostics);
}

TEST(Validation, ReplenishmentTaskLetsALongRouteBalance) {
  std::string text(kBase);
  const std::string unit = "{name: argyll, class: t23, start: home}";
  text.replace(text.find(unit), unit.size(), "{name: argyll, class: t23, start: home, route: [[-30.0, 60.0]]}");
  const LoadResult without = load_drill_from_string(text, "drill.yaml");
  ASSERT_EQ(without.diagnostics.size(), 1u) << format(without.diagnostics);
  EXPECT_EQ(without.diagnostics[0].path, "naval.units[0].route[0]");
  const LoadResult with = load_drill_from_string(
      text + "plan:\n  tasks:\n"
             "    - {name: ras, kind: replenishment, participants: [tidespring, argyll], location: sea}\n",
      "drill.yaml");
  EXPECT_TRUE(with.ok()) << format(with.diagnostics);
}

// Whole-number keys: each has a documented range (integer_limits.hpp), and a
// value outside it is an error at the value, never a silently wrapped int.
Case load_replacing(std::string_view from, std::string_view to) {
  std::string text(kBase);
  const std::size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  LoadResult r = load_drill_from_string(text, "drill.yaml");
  return Case{std::move(text), std::move(r)};
}

TEST(Validation, WholeNumbersBeyondIntAreRefusedWithTheirRange) {
  struct Row {
    std::string_view from, to, path, value, range;
    int line;
  };
  const Row rows[] = {
      {"horizon: 2d}", "horizon: 2d, replications: 4294967296}", "drill.replications", "4294967296",
       "[1, 1000000]", 1},
      {"horizon: 2d}", "horizon: 2d, replications: 9000000000000000}", "drill.replications", "9000000000000000",
       "[1, 1000000]", 1},
      {"horizon: 2d}", "horizon: 2d, seed: 9007199254740992}", "drill.seed", "9007199254740992",
       "[0, 9007199254740991]", 1},
      {"horizon: 2d}", "horizon: 2d, seed: 99999999999999999999}", "drill.seed", "99999999999999999999",
       "[0, 9007199254740991]", 1},
      {"horizon: 2d}", "horizon: 2d, seed: -1}", "drill.seed", "-1", "[0, 9007199254740991]", 1},
      {"maintenance_crews: 2", "maintenance_crews: 4294967296", "bases.airfields[0].maintenance_crews", "4294967296",
       "[1, 10000]", 14},
      {"launch_slot: 2min", "launch_capacity: 4294967296, launch_slot: 2min", "bases.airfields[0].runway.launch_capacity",
       "4294967296", "[1, 10000]", 12},
      {"base: lossie, count: 4}", "base: lossie, count: 4294967297}", "air.squadrons[0].count", "4294967297",
       "[1, 10000]", 34},
      {"spares: {count: 4}", "spares: {count: 9000000000000000}", "bases.airfields[0].spares.count",
       "9000000000000000", "[0, 1000000000]", 15},
      {"spares: {count: 4}", "spares: {count: 4, resupply_quantity: 4294967296.0, lead_time: 1d}",
       "bases.airfields[0].spares.resupply_quantity", "4294967296.0", "[0, 1000000000]", 15},
      {"fuel_points: {count: 2,", "fuel_points: {count: 0,", "bases.airfields[0].fuel_points.count", "0",
       "[1, 10000]", 13},
  };
  for (const Row& row : rows) {
    const Case c = load_replacing(row.from, row.to);
    EXPECT_FALSE(c.r.ok()) << row.to;
    EXPECT_DIAG(c, std::string(row.path), row.line, row.value, "'" + std::string(row.value) + "' is outside " +
                                                                std::string(row.range), "whole number from");
  }
}

TEST(Validation, WholeNumbersAtTheEdgesOfTheirRangeAreAccepted) {
  EXPECT_TRUE(load_replacing("horizon: 2d}", "horizon: 2d, seed: 9007199254740991, replications: 1000000}").r.ok());
  EXPECT_TRUE(load_replacing("horizon: 2d}", "horizon: 2d, seed: 0, replications: 1000.0}").r.ok());
  const Case c = load_replacing("horizon: 2d}", "horizon: 2d, replications: 2.5}");
  EXPECT_DIAG(c, "drill.replications", 1, "2.5", "expected a whole number, got '2.5'", "[1, 1000000]");
}

TEST(Validation, WholeNumberParserIsExactAndSaturates) {
  EXPECT_EQ(parse_whole_number("9007199254740993"), 9007199254740993);
  EXPECT_EQ(parse_whole_number("-12"), -12);
  EXPECT_EQ(parse_whole_number("1000.0"), 1000);
  EXPECT_EQ(parse_whole_number("99999999999999999999"), std::numeric_limits<std::int64_t>::max());
  EXPECT_EQ(parse_whole_number("-99999999999999999999"), -std::numeric_limits<std::int64_t>::max());
  EXPECT_EQ(parse_whole_number("99999999999999999999.0"), std::numeric_limits<std::int64_t>::max());
  EXPECT_FALSE(parse_whole_number("1.5"));
  EXPECT_FALSE(parse_whole_number("ten"));
  EXPECT_FALSE(parse_whole_number(""));
}

}  // namespace
}  // namespace drill::models::scenario
