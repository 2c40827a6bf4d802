// A sweep's runs: each point's drill built once, a ticket run to the
// outcome a sweep keeps, the same ticket giving the same outcome, common
// random numbers across points, and a point's description for another
// process.
#include <gtest/gtest.h>

#include <cstdio>
#include <functional>
#include <future>
#include <stdexcept>

#include "core/metrics/collector.hpp"
#include "io/headline.hpp"
#include "models/entity_kinds.hpp"
#include "sweep/series_keys.hpp"
#include "sweep/sweep_db.hpp"
#include "sweep/sweep_runs.hpp"
#include "sweep_test_files.hpp"

namespace drill::sweep {
namespace {

using testing::SweepFolder;
namespace ms = models::scenario;

struct Loaded {
  SweepFile sweep;
  std::string drill;
};

Loaded load(const SweepFolder& f, const std::string& text) {
  const SweepLoad l = f.load(text);
  if (!l.sweep) throw std::runtime_error(ms::format(l.diagnostics));
  std::vector<ms::Diagnostic> d;
  const auto drill = read_drill(*l.sweep, d);
  if (!drill) throw std::runtime_error(ms::format(d));
  return {*l.sweep, *drill};
}

/// Outcomes equal in everything a sweep stores (not the wall time).
void expect_same(const RunOutcome& a, const RunOutcome& b) {
  EXPECT_EQ(a.fingerprint, b.fingerprint);
  EXPECT_EQ(a.events, b.events);
  EXPECT_EQ(a.series, b.series);
  EXPECT_EQ(a.values, b.values);
  ASSERT_EQ(a.samples.size(), b.samples.size());
  for (std::size_t i = 0; i < a.samples.size(); ++i) {
    EXPECT_EQ(a.samples[i].series, b.samples[i].series);
    EXPECT_EQ(a.samples[i].time_s, b.samples[i].time_s);
    EXPECT_EQ(a.samples[i].value, b.samples[i].value);
  }
  EXPECT_EQ(a.summary_json, b.summary_json);
}

const char* kTwoPoints =
    "drill: small.yaml\n"
    "set: {\"naval.classes[name=type23].critical_fuel\": 35%}\n"
    "parameters:\n"
    "  - path: air.squadrons[name=ii_sqn].count\n"
    "    values: [4, 2]\n"
    "replications: 2\n";

TEST(SweepRuns, TheSameTicketTwiceGivesTheSameOutcomeOnAnyThread) {
  SweepFolder f;
  const Loaded l = load(f, kTwoPoints);
  SweepRuns runs(l.sweep, l.drill);
  for (const PointPlan& p : l.sweep.points) runs.add_point(p);
  ASSERT_EQ(runs.points(), 2u);
  runs.prepare(PointId{0});
  runs.prepare(PointId{1});
  const RunTicket t{PointId{1}, 1};
  const RunOutcome a = runs.run(t);
  auto other = std::async(std::launch::async, [&] { return runs.run(t); });
  auto third = std::async(std::launch::async, [&] { return runs.run(RunTicket{PointId{0}, 0}); });
  const RunOutcome b = other.get();
  third.get();
  EXPECT_EQ(a.ticket, t);
  EXPECT_TRUE(a.completed);
  EXPECT_GT(a.events, 0u);
  expect_same(a, b);
  EXPECT_FALSE(a.summary_json);
  EXPECT_TRUE(a.samples.empty());
  EXPECT_GT(a.wall_seconds, 0.0);
  // Every series of the final snapshot, by key, with its headline value.
  ASSERT_EQ(a.series.size(), a.values.size());
  const auto i = a.find("sorties_flown");
  ASSERT_TRUE(i);
  EXPECT_EQ(a.series[*i].unit, "");
  EXPECT_EQ(a.series[*i].statistic, "value");
  const auto fuel = a.find("ship_fuel{unit=argyll}");
  ASSERT_TRUE(fuel);
  EXPECT_EQ(a.series[*fuel].unit, "tonnes");
  // Another replication draws other numbers.
  EXPECT_NE(runs.run(RunTicket{PointId{1}, 0}).fingerprint, a.fingerprint);
}

TEST(SweepRuns, RunsWithTheSameSeriesShareOneListOfKeysEqualToTheSnapshots) {
  SweepFolder f;
  const Loaded l = load(f, kTwoPoints);
  SweepRuns runs(l.sweep, l.drill);
  for (const PointPlan& p : l.sweep.points) runs.add_point(p);
  runs.prepare(PointId{0});
  runs.prepare(PointId{1});
  const RunOutcome a = runs.run({PointId{0}, 0});
  const RunOutcome b = runs.run({PointId{0}, 1});
  const RunOutcome c = runs.run({PointId{1}, 0});
  EXPECT_TRUE(a.series.shares(b.series));
  // These two points have the same series: one list, not a copy a point
  // (a grid of thousands of points kept thousands of copies).
  EXPECT_TRUE(a.series.shares(c.series));
  // The shared keys are the snapshot's, as series_key makes them.
  SweepRuns fresh(l.sweep, l.drill);
  fresh.add_point(l.sweep.points[0]);
  fresh.prepare(PointId{0});
  const RunOutcome d = fresh.run({PointId{0}, 1});
  EXPECT_FALSE(d.series.shares(b.series));
  EXPECT_EQ(d.series, b.series);
}

// A point whose series differ from the point run before it (two ships
// instead of one) gets a list of its own, the keys its snapshot has.
TEST(SweepRuns, APointWithOtherSeriesGetsItsOwnList) {
  SweepFolder f;
  const Loaded l = load(f,
                        "drill: small.yaml\n"
                        "parameters:\n"
                        "  - path: naval.units[name=argyll].count\n"
                        "    values: [1, 2, 1]\n"
                        "replications: 1\n");
  SweepRuns runs(l.sweep, l.drill);
  for (const PointPlan& p : l.sweep.points) runs.add_point(p);
  for (std::uint32_t p = 0; p < 3; ++p) runs.prepare(PointId{p});
  const RunOutcome a = runs.run({PointId{0}, 0});
  const RunOutcome b = runs.run({PointId{1}, 0});
  const RunOutcome c = runs.run({PointId{2}, 0});
  EXPECT_GT(b.series.size(), a.series.size());
  EXPECT_FALSE(a.series.shares(b.series));
  EXPECT_EQ(a.series, c.series);
  SweepRuns fresh(l.sweep, l.drill);
  for (const PointPlan& p : l.sweep.points) fresh.add_point(p);
  fresh.prepare(PointId{1});
  EXPECT_EQ(fresh.run({PointId{1}, 0}).series, b.series);
}

// By default the worker makes the text sweep.db stores of a run's values,
// so the thread that stores the runs need not; told not to, it leaves the
// text to that thread, and the run is otherwise the same.
TEST(SweepRuns, ARunCarriesItsValuesAsSweepDbStoresThemUnlessToldNotTo) {
  SweepFolder f;
  const Loaded l = load(f, kTwoPoints);
  SweepRuns runs(l.sweep, l.drill);
  runs.add_point(l.sweep.points[0]);
  runs.prepare(PointId{0});
  const RunOutcome a = runs.run({PointId{0}, 0});
  ASSERT_FALSE(a.values.empty());
  EXPECT_EQ(a.value_array, value_array(a.values));
  runs.write_value_arrays(false);
  const RunOutcome b = runs.run({PointId{0}, 0});
  EXPECT_TRUE(b.value_array.empty());
  EXPECT_EQ(b.values, a.values);
  EXPECT_EQ(b.fingerprint, a.fingerprint);
}

// has_key compares without allocating what series_key makes: true for a
// series' own key only, false for any other key or one piece changed.
TEST(SeriesKeys, HasKeyIsTrueExactlyForTheKeySeriesKeyMakes) {
  namespace cm = core::metrics;
  cm::Collector c(models::entity_kinds());
  const auto argyll = c.names().add<models::kind::unit>("argyll");
  const auto lossie = c.names().add<models::kind::base>("lossie");
  const auto launch = c.names().add<models::kind::resource>("launch");
  const auto fuel = c.describe({.name = "fuel_delivered", .unit = cm::Unit::tonnes, .help = "Fuel.",
                                .labels = {models::kind::unit}, .kind = cm::InstrumentKind::counter});
  const auto busy = c.describe({.name = "resource_busy", .unit = cm::Unit::none, .help = "Busy.",
                                .labels = {models::kind::base, models::kind::resource},
                                .kind = cm::InstrumentKind::time_weighted});
  const auto events = c.describe({.name = "events", .unit = cm::Unit::none, .help = "Events.", .labels = {},
                                  .kind = cm::InstrumentKind::counter});
  c.counter(fuel, {argyll}).add(3.0);
  c.time_weighted(busy, {lossie, launch}).set(core::SimTime::zero(), 1.0);
  c.counter(events, {}).add();
  const cm::Snapshot snap = c.snapshot(core::at(core::hours(1)));
  ASSERT_EQ(snap.size(), 3u);
  for (std::size_t i = 0; i < snap.size(); ++i) {
    const SeriesKey own = series_key(snap, i);
    EXPECT_TRUE(has_key(snap, i, own)) << own.text();
    for (std::size_t j = 0; j < snap.size(); ++j)
      if (j != i) {
        EXPECT_FALSE(has_key(snap, j, own)) << own.text();
      }
    const std::vector<std::function<void(SeriesKey&)>> changes = {
        [](SeriesKey& k) { k.measure += "x"; },
        [](SeriesKey& k) { k.labels += k.labels.empty() ? "unit=argyll" : ",x=y"; },
        [](SeriesKey& k) { k.labels = k.labels.empty() ? "=" : k.labels.substr(0, k.labels.size() - 1); },
        [](SeriesKey& k) { k.unit += "x"; },
        [](SeriesKey& k) { k.statistic += "x"; },
    };
    for (const auto& change : changes) {
      SeriesKey changed = own;
      change(changed);
      EXPECT_FALSE(has_key(snap, i, changed)) << changed.text() << " against " << own.text();
    }
  }
}

TEST(SweepRuns, AnAdoptedDrillRunsAsThePreparedOne) {
  SweepFolder f;
  const Loaded l = load(f, kTwoPoints);
  std::vector<std::shared_ptr<const engine::DrillSource>> drills;
  ASSERT_TRUE(validate_points(l.sweep, l.drill, &drills).empty());
  ASSERT_EQ(drills.size(), 2u);
  ASSERT_TRUE(drills[0] && drills[1]);
  SweepRuns adopted(l.sweep, l.drill);
  SweepRuns prepared(l.sweep, l.drill);
  for (const PointPlan& p : l.sweep.points) {
    adopted.add_point(p);
    prepared.add_point(p);
  }
  adopted.adopt(PointId{1}, drills[1]);
  adopted.prepare(PointId{1});  // nothing more to build
  prepared.prepare(PointId{1});
  expect_same(adopted.run({PointId{1}, 1}), prepared.run({PointId{1}, 1}));
  EXPECT_EQ(adopted.seed({PointId{1}, 0}), prepared.seed({PointId{1}, 0}));
  EXPECT_THROW(adopted.adopt(PointId{5}, drills[0]), std::out_of_range);
}

TEST(SweepRuns, CommonRandomNumbersGiveEqualRunsToPointsThatDifferInNothing) {
  SweepFolder f;
  // Two points that set the same value: the same drill, the same streams.
  const Loaded l = load(f,
                        "drill: small.yaml\n"
                        "points:\n"
                        "  - {drill.seed: 8}\n"
                        "  - {drill.seed: 8}\n"
                        "replications: 2\n");
  SweepRuns runs(l.sweep, l.drill);
  for (const PointPlan& p : l.sweep.points) runs.add_point(p);
  runs.prepare(PointId{0});
  runs.prepare(PointId{1});
  EXPECT_EQ(runs.seed({PointId{0}, 0}), 8u);  // the drill's own seed (as set)
  EXPECT_EQ(runs.seed({PointId{1}, 0}), 8u);
  expect_same(runs.run({PointId{0}, 1}), runs.run({PointId{1}, 1}));

  // Without common random numbers each point has streams of its own.
  Loaded own = l;
  own.sweep.common_random_numbers = false;
  SweepRuns apart(own.sweep, own.drill);
  for (const PointPlan& p : own.sweep.points) apart.add_point(p);
  apart.prepare(PointId{0});
  apart.prepare(PointId{1});
  EXPECT_NE(apart.seed({PointId{0}, 0}), apart.seed({PointId{1}, 0}));
  EXPECT_LT(apart.seed({PointId{1}, 0}), std::uint64_t{1} << 53);
  EXPECT_NE(apart.run({PointId{0}, 1}).fingerprint, apart.run({PointId{1}, 1}).fingerprint);
}

TEST(SweepRuns, TheSweepSeedReplacesTheDrillsAndChangesTheRuns) {
  SweepFolder f;
  const Loaded l = load(f, std::string(kTwoPoints) + "seed: 12345\n");
  SweepRuns runs(l.sweep, l.drill);
  runs.add_point(l.sweep.points[0]);
  runs.prepare(PointId{0});
  EXPECT_EQ(runs.seed({PointId{0}, 0}), 12345u);

  const Loaded plain = load(f, kTwoPoints);
  SweepRuns other(plain.sweep, plain.drill);
  other.add_point(plain.sweep.points[0]);
  other.prepare(PointId{0});
  EXPECT_NE(runs.run({PointId{0}, 0}).fingerprint, other.run({PointId{0}, 0}).fingerprint);
}

TEST(SweepRuns, WatchedSeriesAreSampledAtTheirIntervalsWithoutChangingTheRun) {
  SweepFolder f;
  const Loaded plain = load(f, kTwoPoints);
  const Loaded watched = load(f, std::string(kTwoPoints) +
                                     "warm_up: {series: \"ship_fuel{unit=argyll}\", sample_every: 1h}\n"
                                     "time_series: {series: [sorties_flown], sample_every: 3h}\n");
  SweepRuns a(plain.sweep, plain.drill), b(watched.sweep, watched.drill);
  a.add_point(plain.sweep.points[0]);
  b.add_point(watched.sweep.points[0]);
  a.prepare(PointId{0});
  b.prepare(PointId{0});
  const RunOutcome x = a.run({PointId{0}, 0});
  const RunOutcome y = b.run({PointId{0}, 0});
  EXPECT_EQ(x.fingerprint, y.fingerprint);
  EXPECT_EQ(x.values, y.values);
  const std::size_t fuel = *y.find("ship_fuel{unit=argyll}");
  const std::size_t sorties = *y.find("sorties_flown");
  std::vector<double> fuel_times, sortie_times;
  for (const Sample& s : y.samples) {
    ASSERT_TRUE(s.series == fuel || s.series == sorties);
    (s.series == fuel ? fuel_times : sortie_times).push_back(s.time_s);
  }
  // D+0 to the 1 d horizon: every hour, every three hours.
  ASSERT_EQ(fuel_times.size(), 25u);
  ASSERT_EQ(sortie_times.size(), 9u);
  for (std::size_t i = 0; i < fuel_times.size(); ++i) EXPECT_EQ(fuel_times[i], 3600.0 * static_cast<double>(i));
  for (std::size_t i = 0; i < sortie_times.size(); ++i) EXPECT_EQ(sortie_times[i], 3 * 3600.0 * static_cast<double>(i));
  // The last sample of a series is its final value (fuel settled at the end).
  double last_sorties = -1;
  for (const Sample& s : y.samples)
    if (s.series == sorties) last_sorties = s.value;
  EXPECT_EQ(last_sorties, y.values[sorties]);
  EXPECT_LT(y.samples.back().value, y.samples.front().value);
}

TEST(SweepRuns, ASummaryOnlyWhenAsked) {
  SweepFolder f;
  const Loaded l = load(f, kTwoPoints);
  SweepRuns runs(l.sweep, l.drill);
  runs.add_point(l.sweep.points[1]);
  runs.prepare(PointId{0});
  runs.keep_summaries(true);
  const RunOutcome o = runs.run({PointId{0}, 1});
  ASSERT_TRUE(o.summary_json);
  EXPECT_NE(o.summary_json->find("\"replication\": 1"), std::string::npos) << *o.summary_json;
  EXPECT_NE(o.summary_json->find("air.squadrons[name=ii_sqn].count"), std::string::npos);
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(o.fingerprint));
  EXPECT_NE(o.summary_json->find(std::string("\"fingerprint\": \"") + hex + "\""), std::string::npos);
  // Deterministic: the same run, the same text.
  EXPECT_EQ(runs.run({PointId{0}, 1}).summary_json, o.summary_json);
}

TEST(SweepRuns, ALearnedPointRunsAsTheOneItWasDescribedFrom) {
  SweepFolder f;
  const Loaded l = load(f, kTwoPoints);
  SweepRuns rank0(l.sweep, l.drill), rank1(l.sweep, l.drill);
  for (const PointPlan& p : l.sweep.points) rank0.add_point(p);
  const std::string text = rank0.describe(PointId{1});
  EXPECT_EQ(text, "naval.classes[name=type23].critical_fuel=35%\nair.squadrons[name=ii_sqn].count=2\n");
  rank1.learn(PointId{1}, text);  // point 0 never learned
  rank0.prepare(PointId{1});
  rank1.prepare(PointId{1});
  expect_same(rank0.run({PointId{1}, 1}), rank1.run({PointId{1}, 1}));
  EXPECT_THROW(rank1.prepare(PointId{0}), std::out_of_range);
  EXPECT_THROW(rank1.learn(PointId{1}, "drill.seed=6\n"), std::runtime_error);  // built already
  rank1.learn(PointId{1}, text);                                                     // the same: fine
  EXPECT_THROW(rank1.learn(PointId{2}, "no equals sign\n"), std::runtime_error);
}

// An MPI worker offers the grid's drills it loaded while rank 0 validated;
// a point learned with the offered plan's description takes the offered
// drill as it is (offered here the other point's drill, so that taking it
// shows), one learned with another description is loaded from that.
TEST(SweepRuns, AnOfferedDrillIsTakenOnlyByTheDescriptionItWasOfferedFor) {
  SweepFolder f;
  const Loaded l = load(f, kTwoPoints);
  std::vector<std::shared_ptr<const engine::DrillSource>> drills;
  ASSERT_TRUE(validate_points(l.sweep, l.drill, &drills).empty());
  SweepRuns rank0(l.sweep, l.drill), rank1(l.sweep, l.drill);
  for (const PointPlan& p : l.sweep.points) rank0.add_point(p);
  rank0.prepare(PointId{0});
  rank0.prepare(PointId{1});
  const RunOutcome four = rank0.run({PointId{0}, 1});
  const RunOutcome two = rank0.run({PointId{1}, 1});
  ASSERT_NE(four.fingerprint, two.fingerprint);

  rank1.offer(PointId{0}, l.sweep.points[0], drills[1]);
  rank1.learn(PointId{0}, rank0.describe(PointId{0}));
  rank1.prepare(PointId{0});  // nothing to load: it has the offered drill
  EXPECT_EQ(rank1.run({PointId{0}, 1}).fingerprint, two.fingerprint);

  rank1.offer(PointId{1}, l.sweep.points[0], drills[0]);
  rank1.learn(PointId{1}, rank0.describe(PointId{1}));  // not the offered plan's
  rank1.prepare(PointId{1});
  expect_same(rank1.run({PointId{1}, 1}), two);
}

TEST(SweepRuns, AnInvalidPointOrOneNotPreparedThrows) {
  SweepFolder f;
  const Loaded l = load(f, kTwoPoints);
  SweepRuns runs(l.sweep, l.drill);
  runs.add_point(l.sweep.points[0]);
  EXPECT_THROW(runs.run({PointId{0}, 0}), std::logic_error);
  PointPlan bad = l.sweep.points[0];
  std::string error;
  bad.overrides.push_back(*ms::parse_override("drill.horizon=-1h", error, "test: "));
  const PointId id = runs.add_point(bad);
  EXPECT_EQ(id, PointId{1});
  try {
    runs.prepare(id);
    FAIL() << "an invalid point was built";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("drill.horizon"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace drill::sweep
