// The drill model's measures as collector instruments: sampling between run
// slices observes without changing the run or its final figures, the
// drill-wide instruments agree with the per-entity ones they sum up, and a
// time-weighted series sampled over the run integrates to its final mean.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/metrics/snapshot.hpp"
#include "core/simulation.hpp"
#include "io/timeseries_csv.hpp"
#include "models/drill_model.hpp"
#include "models/scenario/load_drill.hpp"
#include "tests/support/snapshot_series.hpp"

namespace drill::models {
namespace {

using core::metrics::Snapshot;

const std::filesystem::path kConfigs = std::filesystem::path(DRILL_SOURCE_DIR) / "configs";

scenario::DrillSpec load(const char* file) {
  scenario::LoadResult r = scenario::load_drill(kConfigs / file);
  if (!r.ok()) throw std::runtime_error(scenario::format(r.diagnostics));
  return std::move(*r.drill);
}

/// The index of the series named `metric` (the descriptor's name) with
/// `label` as its first label value, or the first such series if `label`
/// is empty.
std::size_t series_of(const Snapshot& s, std::string_view measure, std::string_view label = {}) {
  for (std::size_t i = 0; i < s.size(); ++i)
    if (s.descriptor(i).name == measure && (label.empty() || s.series(i).labels.at(0).value == label)) return i;
  throw std::runtime_error("no series " + std::string(measure) + " " + std::string(label));
}

struct Outcome {
  std::string fingerprint;
  std::uint64_t events = 0;
  Snapshot end;  // at the horizon, the ships settled
};

/// Runs `spec` to its horizon, in slices of `slice` with a snapshot after
/// each when `slice` is positive, in one go otherwise.
Outcome run(const scenario::DrillSpec& spec, core::Duration slice, std::vector<Snapshot>* samples = nullptr) {
  core::Simulation sim(core::SimulationOptions{.seed = spec.drill.seed, .replication = 0});
  DrillModel model(sim, spec);
  const core::SimTime horizon = core::at(spec.drill.horizon);
  if (slice > core::Duration::zero()) {
    for (core::SimTime t = sim.now() + slice; t < horizon; t += slice) {
      sim.run_until(t);
      Snapshot s = model.snapshot(sim.now());
      if (samples) samples->push_back(std::move(s));
    }
  }
  sim.run_until(horizon);
  model.settle(sim.now());
  Snapshot end = model.snapshot(sim.now());
  if (samples) samples->push_back(end);
  return Outcome{sim.fingerprint().hex(), sim.events_executed(), end};
}

TEST(CollectorWiring, SamplingBetweenRunSlicesLeavesFingerprintAndFinalFiguresAlone) {
  const scenario::DrillSpec spec = load("joint_drill.yaml");
  const Outcome straight = run(spec, core::Duration::zero());
  std::vector<Snapshot> samples;
  const Outcome sampled = run(spec, core::minutes(10), &samples);
  EXPECT_GT(samples.size(), 100u);
  EXPECT_EQ(sampled.fingerprint, straight.fingerprint);
  EXPECT_EQ(sampled.events, straight.events);
  const Snapshot& a = straight.end;
  const Snapshot& b = sampled.end;
  ASSERT_EQ(b.size(), a.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto& name = a.descriptor(i).name;
    EXPECT_EQ(b.values(i).value, a.values(i).value) << name;
    EXPECT_EQ(b.values(i).mean, a.values(i).mean) << name;
    EXPECT_EQ(b.values(i).max, a.values(i).max) << name;
    EXPECT_EQ(b.values(i).count, a.values(i).count) << name;
  }
}

/// The sum of the values of every series of `measure`.
double sum_of(const Snapshot& s, std::string_view measure) {
  double sum = 0.0;
  for (std::size_t i = 0; i < s.size(); ++i)
    if (s.descriptor(i).name == measure) sum += s.values(i).value;
  return sum;
}

TEST(CollectorWiring, DrillWideInstrumentsAgreeWithThePerEntityOnesAtTheEnd) {
  const scenario::DrillSpec spec = load("joint_drill.yaml");
  const Snapshot end = run(spec, core::hours(6)).end;
  const double sorties = drill::testing::value_of(end, "sorties_flown");
  ASSERT_GT(sorties, 0.0);
  EXPECT_EQ(sum_of(end, "squadron_sorties_flown"), sorties);
  EXPECT_EQ(sum_of(end, "task_sorties_flown"), sorties);
  EXPECT_NEAR(sum_of(end, "ship_fuel_consumed"), drill::testing::value_of(end, "fuel_consumed_ships"), 1e-9);
  EXPECT_NEAR(sum_of(end, "ship_time_below_critical_fuel"), drill::testing::value_of(end, "time_below_critical_fuel"),
              1e-9);
  // Mission-capable rates: per squadron 1 - mean down / aircraft; drill-wide
  // the aircraft-weighted mean of the squadrons'.
  double aircraft = 0.0, capable = 0.0;
  for (std::size_t i = 0; i < end.size(); ++i) {
    if (end.descriptor(i).name != "squadron_aircraft") continue;
    const std::string sq = end.series(i).labels.at(0).value;
    const double n = end.values(i).value;
    const double mc = drill::testing::series(end, "squadron_mission_capable", {sq}).mean;
    EXPECT_NEAR(mc, 1.0 - drill::testing::series(end, "aircraft_down", {sq}).mean / n, 1e-12) << sq;
    EXPECT_NEAR(drill::testing::value_of(end, "squadron_sorties_per_aircraft", {sq}),
                drill::testing::value_of(end, "squadron_sorties_flown", {sq}) / n, 1e-9)
        << sq;
    aircraft += n;
    capable += mc * n;
  }
  ASSERT_GT(aircraft, 0.0);
  EXPECT_NEAR(drill::testing::series(end, "mission_capable").mean, capable / aircraft, 1e-12);
  EXPECT_NEAR(drill::testing::value_of(end, "sorties_per_aircraft"), sorties / aircraft, 1e-9);
  // Utilisation is the time-weighted fraction in use: at most 1, and 0
  // where nothing was ever granted.
  for (std::size_t i = 0; i < end.size(); ++i) {
    if (end.descriptor(i).name != "resource_utilisation") continue;
    const auto& labels = end.series(i).labels;
    EXPECT_LE(end.values(i).mean, 1.0);
    if (drill::testing::series(end, "resource_wait", {labels[0].value, labels[1].value}).count == 0) {
      EXPECT_EQ(end.values(i).mean, 0.0);
    }
  }
}

/// Reads timeseries.csv rows of `metric` whose first label column is
/// `label`: (sim_hours, value) pairs.
std::vector<std::pair<double, double>> rows_of(const std::string& csv, const std::string& metric,
                                               const std::string& label) {
  std::vector<std::pair<double, double>> out;
  std::istringstream in(csv);
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::vector<std::string> cells;
    std::stringstream ls(line);
    for (std::string cell; std::getline(ls, cell, ',');) cells.push_back(cell);
    if (line.back() == ',') cells.emplace_back();
    if (cells.size() < 5 || cells[2] != metric || cells[3] != label) continue;
    out.emplace_back(std::stod(cells[1]), std::stod(cells.back()));
  }
  return out;
}

TEST(CollectorWiring, ShipFuelSampledHourlyIntegratesToTheFinalMean) {
  const scenario::DrillSpec spec = load("joint_drill.yaml");
  core::Simulation sim(core::SimulationOptions{.seed = spec.drill.seed, .replication = 0});
  DrillModel model(sim, spec);
  const core::SimTime horizon = core::at(spec.drill.horizon);
  std::ostringstream csv;
  io::TimeseriesCsv writer(csv, io::CalendarStart{});
  std::vector<Snapshot> samples;
  // As the run engine samples: everything first and last, changes between.
  using Read = core::metrics::Collector::Read;
  writer.add(model.changes(sim.now()));
  samples.push_back(model.snapshot(sim.now()));
  for (core::SimTime t = sim.now() + core::hours(1); t <= horizon; t += core::hours(1)) {
    sim.run_until(t);
    writer.add(model.changes(sim.now(), t == horizon ? Read::everything : Read::changed));
    samples.push_back(model.snapshot(sim.now()));
  }
  ASSERT_EQ(samples.back().time(), horizon);

  const Snapshot& end = samples.back();
  const std::size_t i = series_of(end, "ship_fuel");
  const std::string ship = end.series(i).labels.at(0).value;
  const auto level = rows_of(csv.str(), "drill_ship_fuel_tonnes", ship);
  const auto integral = rows_of(csv.str(), "drill_ship_fuel_integral_tonnes_seconds", ship);
  ASSERT_EQ(level.size(), integral.size());
  // The ship burns and takes fuel: rows at some samples, not all.
  EXPECT_GT(level.size(), 2u);
  EXPECT_LE(level.size(), samples.size());
  // The last row is the final integral; forward-filling the rows gives the
  // integral at every sample (last integral + level x time since).
  EXPECT_EQ(integral.back().second, end.values(i).integral) << ship;
  const double span_s = (end.time() - end.since()).seconds();
  EXPECT_NEAR(integral.back().second / span_s, end.values(i).mean, 1e-12 * end.values(i).mean) << ship;
  std::size_t k = 0;
  double lowest = INFINITY, highest = 0.0;
  for (const Snapshot& s : samples) {
    const double h = s.time().hours();
    while (k + 1 < level.size() && level[k + 1].first <= h) ++k;
    const double filled = integral[k].second + level[k].second * (h - level[k].first) * 3600.0;
    EXPECT_NEAR(filled, s.values(i).integral, 1e-9 * (1.0 + s.values(i).integral)) << ship << " at " << h << " h";
    lowest = std::min(lowest, level[k].second);
    highest = std::max(highest, level[k].second);
  }
  EXPECT_LT(lowest, highest) << ship;
}

}  // namespace
}  // namespace drill::models
