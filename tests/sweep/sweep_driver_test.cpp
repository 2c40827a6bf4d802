// The sweep driver against a fake Runs whose measure is known by hand:
// sequential replications stop where the rule says, the database and the
// aggregate do not depend on the number of workers, a search finds the
// answer a hand calculation gives, MSER-5 finds a known transient, and a
// sweep stopped part way and resumed equals one never stopped.
#include "sweep/sweep_driver.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "sweep/aggregate_csv.hpp"
#include "sweep/local_executor.hpp"

namespace drill::sweep {
namespace {

namespace fs = std::filesystem;
constexpr const char* kCount = "naval.units[name=tidespring].count";

/// Point `p` with parameter value v: measure `m` is `base(v)` plus
/// +spread on even replications and -spread on odd ones; `w` is the
/// warm-up series: 50 for the first 20 hourly samples, then 10.
class FakeRuns final : public Runs {
 public:
  explicit FakeRuns(double spread, double (*base)(std::int64_t)) : spread_(spread), base_(base) {}
  void add(PointId id, const PointPlan& plan) {
    std::lock_guard lock(mutex_);
    values_[id.value] = plan.parameters.empty() ? 0 : std::stoll(plan.parameters.front().second);
  }
  void prepare(PointId) override {}
  RunOutcome run(const RunTicket& t) const override {
    std::int64_t v = 0;
    {
      std::lock_guard lock(mutex_);
      v = values_.at(t.point.value);
    }
    RunOutcome o;
    o.ticket = t;
    o.fingerprint = t.point.value * 1000003ull + t.replication;
    o.events = 100 + t.replication;
    o.series = {SeriesKey{"m", "", "s", "value"}, SeriesKey{"w", "ship=a", "t", "mean"}};
    o.values = {base_(v) + (t.replication % 2 == 0 ? spread_ : -spread_), 1.5};
    for (std::uint32_t k = 0; k < 100; ++k) o.samples.push_back(Sample{1, k * 3600.0, k < 20 ? 50.0 : 10.0});
    o.wall_seconds = 0.001;
    return o;
  }
  std::string describe(PointId) const override { return {}; }
  void learn(PointId, std::string_view) override {}

 private:
  double spread_;
  double (*base_)(std::int64_t);
  mutable std::mutex mutex_;
  std::map<std::uint32_t, std::int64_t> values_;
};

double flat(std::int64_t v) { return 100.0 + static_cast<double>(v); }
double falling(std::int64_t v) { return 100.0 - 30.0 * static_cast<double>(v); }

SweepFile grid_sweep(std::uint64_t min, std::uint64_t max, std::optional<double> rhw) {
  SweepFile s;
  s.name = "test";
  s.parameters.push_back(Parameter{kCount, {"0", "1", "2"}, 3});
  for (const char* v : {"0", "1", "2"}) s.points.push_back(PointPlan{{}, {{kCount, v}}});
  s.replications.min = min;
  s.replications.max = max;
  s.replications.relative_half_width = rhw;
  if (rhw) s.replications.measures.push_back(SeriesChoice{"m", 9});
  return s;
}

/// A search for the smallest count in [0, 6] whose `m` is below `target`,
/// `replications` runs a probe.
SweepFile search_sweep(std::uint64_t replications, double target) {
  SweepFile s;
  s.name = "search";
  s.replications = Replications{replications, replications};
  s.search = Search{kCount, 0, 6, Search::Find::smallest, SeriesChoice{"m", 5}, Search::Bound::below, target};
  return s;
}

class SweepDriverTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("drillsim-driver-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  /// Runs `sweep` on `jobs` workers into a new database `name`.
  SweepReport run(const SweepFile& sweep, FakeRuns& runs, unsigned jobs, const std::string& name,
                  Replay replay = {}, std::uint64_t stop_after = 0) {
    // A small window: a stop after some runs leaves later tickets unrun
    // (with the default one, 128 tickets a worker, the fake runs of these
    // sweeps would all be done before the stop is seen).
    LocalExecutor executor(runs, jobs, 8);
    SweepDb db = SweepDb::create(dir_ / name);
    engine::StopFlag stop;
    DriverHooks hooks;
    hooks.add_point = [&](PointId id, const PointPlan& plan) { runs.add(id, plan); };
    hooks.seed_of = [](const RunTicket&) { return std::uint64_t{7}; };
    hooks.on_run = [&](const RunOutcome&, std::uint64_t consumed) {
      if (stop_after && consumed == stop_after) stop.request();
    };
    hooks.note = [&](const std::string& line) { notes_.push_back(line); };
    hooks.stop_after_runs = cut_after_;
    return run_sweep(sweep, executor, db, hooks, std::move(replay), &stop);
  }
  std::vector<RunOutcome> stored(const std::string& name) { return SweepDb::open(dir_ / name).runs(); }
  /// The database's aggregate rows, as aggregate.csv and the printout read them.
  std::vector<AggregateRow> aggregate(const std::string& name) {
    std::vector<AggregateRow> rows;
    SweepDb::open(dir_ / name).read_aggregate([&](const AggregateRow& row) { rows.push_back(row); });
    return rows;
  }
  std::string csv(const std::string& name) { return aggregate_csv(SweepDb::open(dir_ / name)); }
  /// The two databases hold the same runs, in the same order, with the same values.
  void expect_same_runs(const std::string& a, const std::string& b) {
    const std::vector<RunOutcome> x = stored(a), y = stored(b);
    ASSERT_EQ(x.size(), y.size());
    for (std::size_t i = 0; i < x.size(); ++i) {
      EXPECT_EQ(x[i].ticket, y[i].ticket);
      EXPECT_EQ(x[i].values, y[i].values);
    }
  }

  fs::path dir_;
  std::vector<std::string> notes_;
  std::uint64_t cut_after_ = 0;
};

std::vector<std::uint64_t> runs_per_point(const std::vector<AggregateRow>& rows) {
  std::vector<std::uint64_t> n;
  for (const AggregateRow& row : rows)
    if (row.series.measure == "m") n.push_back(row.summary.n);
  return n;
}

TEST_F(SweepDriverTest, FixedReplicationsRunEveryPointInOrder) {
  FakeRuns runs(2.0, flat);
  const SweepReport r = run(grid_sweep(4, 4, std::nullopt), runs, 2, "fixed.db");
  EXPECT_EQ(r.runs, 12u);
  EXPECT_FALSE(r.stopped);
  const std::vector<AggregateRow> rows = aggregate("fixed.db");
  EXPECT_EQ(runs_per_point(rows), (std::vector<std::uint64_t>{4, 4, 4}));
  ASSERT_EQ(rows.size(), 6u);  // 3 points x 2 series
  EXPECT_DOUBLE_EQ(rows[2].summary.mean, 101.0);
  EXPECT_EQ(rows[2].label, std::string(kCount) + "=1");
  ASSERT_EQ(rows[2].parameters.size(), 1u);
  EXPECT_EQ(rows[2].parameters[0], (std::pair<std::string, std::string>{kCount, "1"}));
  const std::vector<RunOutcome> db = stored("fixed.db");
  ASSERT_EQ(db.size(), 12u);
  for (std::size_t i = 0; i < db.size(); ++i) {
    EXPECT_EQ(db[i].ticket.point.value, i / 4);
    EXPECT_EQ(db[i].ticket.replication, i % 4);
  }
}

// Values alternate base+10, base-10 (base about 100), target 5 %: by hand,
// the half-width t(n-1) sd / sqrt(n) first falls below 5 % of the mean at
// n = 19 (n = 17: 5.29 > 4.97; n = 18: 5.12 > 5.0; n = 19: 4.95 <= 4.97).
// Without spread every point stops at min.
TEST_F(SweepDriverTest, SequentialReplicationsStopWhereTheRuleSays) {
  FakeRuns spread(10.0, flat);
  const SweepReport r = run(grid_sweep(5, 50, 0.05), spread, 2, "spread.db");
  EXPECT_EQ(runs_per_point(aggregate("spread.db")), (std::vector<std::uint64_t>{19, 19, 19}));
  EXPECT_EQ(r.runs, 57u);
  EXPECT_EQ(stored("spread.db").size(), 57u);

  FakeRuns constant(0.0, flat);
  run(grid_sweep(5, 50, 0.05), constant, 2, "constant.db");
  EXPECT_EQ(runs_per_point(aggregate("constant.db")), (std::vector<std::uint64_t>{5, 5, 5}));

  FakeRuns capped(10.0, flat);
  run(grid_sweep(5, 12, 0.05), capped, 2, "capped.db");
  EXPECT_EQ(runs_per_point(aggregate("capped.db")), (std::vector<std::uint64_t>{12, 12, 12}));
}

TEST_F(SweepDriverTest, DatabaseAndAggregateAreTheSameForOneAndThreeWorkers) {
  FakeRuns a(10.0, flat), b(10.0, flat);
  run(grid_sweep(5, 50, 0.05), a, 1, "one.db");
  const SweepReport three = run(grid_sweep(5, 50, 0.05), b, 3, "three.db");
  EXPECT_EQ(csv("one.db"), csv("three.db"));
  expect_same_runs("one.db", "three.db");
  EXPECT_GE(three.ran, three.runs);  // speculative runs are dropped, not stored
}

TEST_F(SweepDriverTest, OneRunAPointHasNoSpreadAndNoInterval) {
  FakeRuns runs(10.0, flat);
  run(grid_sweep(1, 1, std::nullopt), runs, 2, "one.db");
  const std::vector<AggregateRow> rows = aggregate("one.db");
  ASSERT_EQ(rows.size(), 6u);  // 3 points, 2 series
  for (const AggregateRow& row : rows) {
    EXPECT_EQ(row.summary.n, 1u);
    EXPECT_FALSE(std::isnan(row.summary.mean));
    EXPECT_TRUE(std::isnan(row.summary.sd) && std::isnan(row.summary.ci_low) && std::isnan(row.summary.ci_high));
  }
  // Point 0, series m: 100 + 10 (replication 0); sd and the interval empty.
  EXPECT_NE(csv("one.db").find(",0,m,m,,s,value,1,110,,,,110,110\n"), std::string::npos) << csv("one.db");
  // NULL in sweep.db, for its readers.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open_v2((dir_ / "one.db").c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* q = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db,
                               "SELECT count(*), count(mean), count(sd), count(ci_low), count(ci_high) FROM aggregate",
                               -1, &q, nullptr),
            SQLITE_OK);
  ASSERT_EQ(sqlite3_step(q), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int(q, 0), 6);
  EXPECT_EQ(sqlite3_column_int(q, 1), 6);
  for (int c = 2; c < 5; ++c) EXPECT_EQ(sqlite3_column_int(q, c), 0) << c;
  sqlite3_finalize(q);
  sqlite3_close(db);
}

/// design_points' origin column of database `path`, by point.
std::vector<std::string> origins(const fs::path& path) {
  sqlite3* db = nullptr;
  std::vector<std::string> out;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* q = nullptr;
    if (sqlite3_prepare_v2(db, "SELECT origin FROM design_points ORDER BY point_id", -1, &q, nullptr) == SQLITE_OK)
      while (sqlite3_step(q) == SQLITE_ROW) out.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(q, 0)));
    sqlite3_finalize(q);
  }
  sqlite3_close(db);
  return out;
}

TEST_F(SweepDriverTest, EachPointIsStoredWithItsOrigin) {
  FakeRuns grid_runs(1.0, flat), listed_runs(1.0, flat), search_runs(1.0, falling);
  run(grid_sweep(2, 2, std::nullopt), grid_runs, 1, "grid.db");
  EXPECT_EQ(origins(dir_ / "grid.db"), (std::vector<std::string>{"grid", "grid", "grid"}));
  // A listed sweep has parameters too (the paths its points set): once
  // taken for a grid.
  SweepFile listed = grid_sweep(2, 2, std::nullopt);
  listed.listed = true;
  run(listed, listed_runs, 1, "listed.db");
  EXPECT_EQ(origins(dir_ / "listed.db"), (std::vector<std::string>{"points", "points", "points"}));
  run(search_sweep(2, 35.0), search_runs, 1, "search.db");
  const std::vector<std::string> probes = origins(dir_ / "search.db");
  ASSERT_FALSE(probes.empty());
  for (const std::string& o : probes) EXPECT_EQ(o, "search");
}

TEST_F(SweepDriverTest, AProbeOfOneRunNeverMeetsTheTarget) {
  // The sweep file refuses such a search; the driver does not take one
  // run's value for a 95 % bound either.
  FakeRuns runs(1.0, falling);
  const SweepReport r = run(search_sweep(1, 1000.0), runs, 2, "search.db");
  ASSERT_EQ(r.probes.size(), 1u);
  EXPECT_FALSE(r.probes.front().meets);
  EXPECT_FALSE(r.answer.has_value());
}

// m = 100 - 30 v (+-1): 100, 70, 40, 10, -20, ... The smallest v in [0, 6]
// whose 95 % upper bound is below 35 is 3 (v = 2: 40 +- about 1.2).
TEST_F(SweepDriverTest, SearchFindsTheAnswerKnownByHand) {
  SweepFile s = search_sweep(4, 35.0);
  FakeRuns runs(1.0, falling);
  const SweepReport r = run(s, runs, 2, "search.db");
  ASSERT_TRUE(r.answer.has_value());
  EXPECT_EQ(*r.answer, 3);
  // The first probe is the end that must meet it for any value to.
  ASSERT_FALSE(r.probes.empty());
  EXPECT_EQ(r.probes.front().value, 6);
  EXPECT_TRUE(r.probes.front().meets);
  for (const ProbeRow& p : r.probes) EXPECT_EQ(p.meets, p.value >= 3) << p.value;
  EXPECT_EQ(r.runs, 4 * r.probes.size());

  s.search->target = -500;  // nothing meets it
  FakeRuns none(1.0, falling);
  const SweepReport n = run(s, none, 2, "none.db");
  EXPECT_FALSE(n.answer.has_value());
  EXPECT_EQ(n.probes.size(), 1u);
}

TEST_F(SweepDriverTest, WarmUpFindsTheKnownTransientOfThePointsMeanSeries) {
  SweepFile s = grid_sweep(3, 3, std::nullopt);
  s.warm_up = WarmUp{SeriesChoice{"w{ship=a}", 4}, core::hours(1)};
  FakeRuns runs(1.0, flat);
  run(s, runs, 2, "warm.db");
  ASSERT_EQ(notes_.size(), 3u);
  // 20 samples of 50 then 10: MSER-5 cuts 4 batches of 5 hourly samples.
  EXPECT_NE(notes_[0].find(": 20 h (MSER-5: 4 of 20 batches"), std::string::npos) << notes_[0];
}

TEST_F(SweepDriverTest, AStoppedSweepResumedEqualsOneNeverStopped) {
  for (const bool search : {false, true}) {
    SweepFile s = grid_sweep(5, 50, 0.05);
    if (search) {
      s.points.clear();
      s.parameters.clear();
      s.search = Search{kCount, 0, 6, Search::Find::smallest, SeriesChoice{"m", 5}, Search::Bound::below, 35.0};
    }
    s.warm_up = WarmUp{SeriesChoice{"w{ship=a}", 4}, core::hours(1)};
    const std::string tag = search ? "search-" : "grid-";
    FakeRuns a(10.0, search ? falling : flat), b(10.0, search ? falling : flat), c(10.0, search ? falling : flat);
    const SweepReport whole = run(s, a, 2, tag + "whole.db");
    const SweepReport part = run(s, b, 2, tag + "part.db", {}, 23);
    EXPECT_TRUE(part.stopped);
    EXPECT_GE(part.runs, 23u);
    EXPECT_LT(part.runs, whole.runs);
    // Replayed as the command does: read from the stopped sweep's database
    // one run at a time.
    const SweepDb part_db = SweepDb::open(dir_ / (tag + "part.db"));
    StoredRuns reader(part_db);
    const SweepReport resumed = run(s, c, 2, tag + "resumed.db", [&reader] { return reader.next(); });
    EXPECT_FALSE(resumed.stopped);
    EXPECT_EQ(resumed.replayed, part.runs);
    EXPECT_EQ(resumed.runs, whole.runs);
    EXPECT_EQ(csv(tag + "resumed.db"), csv(tag + "whole.db"));
    EXPECT_EQ(resumed.answer, whole.answer);
    const std::vector<RunOutcome> x = stored(tag + "whole.db"), y = stored(tag + "resumed.db");
    ASSERT_EQ(x.size(), y.size());
    for (std::size_t i = 0; i < x.size(); ++i) {
      EXPECT_EQ(x[i].ticket, y[i].ticket);
      EXPECT_EQ(x[i].values, y[i].values);
      EXPECT_EQ(x[i].samples.size(), y[i].samples.size());
    }
  }
}

TEST_F(SweepDriverTest, StopAfterRunsStoresExactlyThatManyAndResumesToTheWhole) {
  const SweepFile s = grid_sweep(5, 50, 0.05);
  FakeRuns a(10.0, flat), b(10.0, flat), c(10.0, flat);
  run(s, a, 3, "whole.db");
  cut_after_ = 23;
  const SweepReport part = run(s, b, 3, "part.db");
  cut_after_ = 0;
  EXPECT_TRUE(part.stopped);
  EXPECT_EQ(part.runs, 23u);
  EXPECT_EQ(stored("part.db").size(), 23u);
  const SweepReport resumed = run(s, c, 3, "resumed.db", replay_of(stored("part.db")));
  EXPECT_EQ(resumed.replayed, 23u);
  EXPECT_EQ(csv("resumed.db"), csv("whole.db"));
}

// The command opens the database only once the workers have their first
// tickets: the opener is called once, before any run is consumed, and the
// database then holds what one opened up front holds.
TEST_F(SweepDriverTest, ADatabaseOpenedOnceTheWorkersRunHoldsWhatOneOpenedFirstHolds) {
  const SweepFile s = grid_sweep(5, 50, 0.05);
  FakeRuns a(10.0, flat), b(10.0, flat);
  run(s, a, 2, "first.db");

  LocalExecutor executor(b, 2);
  std::optional<SweepDb> db;
  int opened = 0;
  std::uint64_t consumed_at_open = ~0ull;
  std::uint64_t consumed = 0;
  DriverHooks hooks;
  hooks.add_point = [&](PointId id, const PointPlan& plan) { b.add(id, plan); };
  hooks.seed_of = [](const RunTicket&) { return std::uint64_t{7}; };
  hooks.on_run = [&](const RunOutcome&, std::uint64_t n) { consumed = n; };
  run_sweep(s, executor, [&]() -> SweepDb& {
    ++opened;
    consumed_at_open = consumed;
    db.emplace(SweepDb::create(dir_ / "later.db"));
    return *db;
  }, hooks);
  db.reset();
  EXPECT_EQ(opened, 1);
  EXPECT_EQ(consumed_at_open, 0u);
  EXPECT_EQ(csv("later.db"), csv("first.db"));
  expect_same_runs("first.db", "later.db");
}

// A point's aggregate and warm-up are written as soon as its last run is
// in, before the next point's first run is consumed (not after the sweep),
// and the aggregate read back is in point order.
TEST_F(SweepDriverTest, APointIsFinishedBeforeTheNextPointsRunsAreConsumed) {
  SweepFile s = grid_sweep(3, 3, std::nullopt);
  s.warm_up = WarmUp{SeriesChoice{"w{ship=a}", 4}, core::hours(1)};
  FakeRuns runs(1.0, flat);
  LocalExecutor executor(runs, 2);
  SweepDb db = SweepDb::create(dir_ / "finish.db");
  std::vector<std::string> notes;
  std::vector<std::size_t> notes_at_first_run;  // per point: notes when its first run was consumed
  DriverHooks hooks;
  hooks.add_point = [&](PointId id, const PointPlan& plan) { runs.add(id, plan); };
  hooks.on_run = [&](const RunOutcome& o, std::uint64_t) {
    if (o.ticket.replication == 0) notes_at_first_run.push_back(notes.size());
  };
  hooks.note = [&](const std::string& line) { notes.push_back(line); };
  run_sweep(s, executor, db, hooks);
  EXPECT_EQ(notes_at_first_run, (std::vector<std::size_t>{0, 1, 2}));
  EXPECT_EQ(notes.size(), 3u);
  std::vector<AggregateRow> rows;
  db.read_aggregate([&](const AggregateRow& row) { rows.push_back(row); });
  ASSERT_EQ(rows.size(), 6u);
  for (std::size_t i = 0; i < rows.size(); ++i) EXPECT_EQ(rows[i].point.value, i / 2);
}

}  // namespace
}  // namespace drill::sweep
