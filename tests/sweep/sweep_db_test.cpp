// sweep.db: what add_run writes comes back from runs() (a resumed sweep's
// replay), staged runs give the same rows, adding a point or run again
// changes nothing, every failure names
// the file, and SQLite itself (a query, not this API) sees the rows the
// header documents.
#include <sqlite3.h>
#include <unistd.h>

#include <bit>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "sweep/sweep_db.hpp"

namespace drill::sweep {
namespace {

namespace fs = std::filesystem;

SeriesKey key(std::string measure, std::string labels = "", std::string unit = "s", std::string stat = "mean") {
  return SeriesKey{std::move(measure), std::move(labels), std::move(unit), std::move(stat)};
}

RunOutcome outcome(std::uint32_t point, std::uint64_t replication, std::vector<SeriesKey> series) {
  RunOutcome o;
  o.ticket = RunTicket{PointId{point}, replication};
  o.fingerprint = 0x0123456789abcdefULL ^ (std::uint64_t{point} << 32) ^ replication;
  o.events = 1000 + replication;
  o.series = std::move(series);
  for (std::size_t i = 0; i < o.series.size(); ++i) {
    o.values.push_back(static_cast<double>(point) * 100.0 + static_cast<double>(replication) + 0.25 * static_cast<double>(i));
  }
  return o;
}

// Compares everything runs() promises to give back (not summary_json or
// wall_seconds, which never go into the database); NaN equals NaN.
void expect_same(const RunOutcome& a, const RunOutcome& b) {
  EXPECT_EQ(a.ticket, b.ticket);
  EXPECT_EQ(a.fingerprint, b.fingerprint);
  EXPECT_EQ(a.events, b.events);
  EXPECT_EQ(a.completed, b.completed);
  EXPECT_EQ(a.series, b.series);
  ASSERT_EQ(a.values.size(), b.values.size());
  for (std::size_t i = 0; i < a.values.size(); ++i) {
    if (std::isnan(a.values[i])) {
      EXPECT_TRUE(std::isnan(b.values[i])) << i;
    } else {
      EXPECT_EQ(a.values[i], b.values[i]) << i;
    }
  }
  ASSERT_EQ(a.samples.size(), b.samples.size());
  for (std::size_t i = 0; i < a.samples.size(); ++i) {
    EXPECT_EQ(a.samples[i].series, b.samples[i].series) << i;
    EXPECT_EQ(a.samples[i].time_s, b.samples[i].time_s) << i;
    EXPECT_EQ(a.samples[i].value, b.samples[i].value) << i;
  }
}

class SweepDbTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("drillsim-sweep-db-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    path_ = dir_ / "sweep.db";
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Rows of a query through SQLite's own API, each as "a|b|c" text.
  std::vector<std::string> query(const std::string& sql) const {
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open_v2(path_.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    std::vector<std::string> rows;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) {
      ADD_FAILURE() << sql << ": " << sqlite3_errmsg(db);
    } else {
      while (sqlite3_step(st) == SQLITE_ROW) {
        std::string row;
        for (int c = 0; c < sqlite3_column_count(st); ++c) {
          const auto* t = sqlite3_column_text(st, c);
          row += (c ? "|" : "") + (t ? std::string(reinterpret_cast<const char*>(t)) : std::string("NULL"));
        }
        rows.push_back(row);
      }
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    return rows;
  }

  fs::path dir_;
  fs::path path_;
};

TEST_F(SweepDbTest, RunsComeBackAsTheyWereAdded) {
  const std::vector<SeriesKey> one{key("fuel_on_board", "ship=a", "t", "mean"), key("sorties", "", "", "value"),
                                   key("rate", "", "", "per_day")};
  // The second point has a ship more, in the middle of the snapshot order.
  const std::vector<SeriesKey> two{key("fuel_on_board", "ship=a", "t", "mean"), key("fuel_on_board", "ship=b", "t", "mean"),
                                   key("sorties", "", "", "value"), key("rate", "", "", "per_day")};
  std::vector<RunOutcome> given{outcome(0, 0, one), outcome(0, 1, one), outcome(1, 0, two), outcome(1, 1, two)};
  given[1].values[0] = std::numeric_limits<double>::quiet_NaN();
  given[1].values[1] = std::numeric_limits<double>::infinity();
  given[1].values[2] = -0.1;
  given[2].values[3] = std::numeric_limits<double>::denorm_min();
  given[2].fingerprint = 0;
  given[3].fingerprint = ~std::uint64_t{0};
  // Samples time-major over two watched series, as a run samples them.
  given[2].samples = {{1, 0.0, 5.0}, {0, 0.0, 6.0}, {1, 3600.0, 4.5}, {0, 3600.0, 5.5}};
  given[3].samples = {{3, 60.0, 1.0}};  // not kept
  {
    SweepDb db = SweepDb::create(path_);
    db.add_point(PointId{0}, "tidespring=1", "grid", {{"naval.units[name=tidespring].count", "1"}});
    db.add_point(PointId{1}, "tidespring=2", "grid", {{"naval.units[name=tidespring].count", "2"}});
    for (std::size_t i = 0; i < given.size(); ++i) db.add_run(i, 7, given[i], i != 3);
    db.checkpoint();
  }
  given[3].samples.clear();
  const SweepDb db = SweepDb::open(path_);
  const std::vector<RunOutcome> back = db.runs();
  ASSERT_EQ(back.size(), given.size());
  for (std::size_t i = 0; i < given.size(); ++i) {
    SCOPED_TRACE(i);
    expect_same(given[i], back[i]);
  }
}

// A resumed sweep reads the stored runs one at a time (StoredRuns), each as
// it was added, samples and all; results or samples of a run the database
// does not have are refused before the first.
TEST_F(SweepDbTest, StoredRunsGiveTheRunsOneAtATimeAndRefuseRowsOfNoRun) {
  const std::vector<SeriesKey> one{key("a"), key("b")};
  std::vector<RunOutcome> given{outcome(0, 0, one), outcome(0, 1, one), outcome(1, 0, {key("b"), key("c")})};
  given[1].samples = {{1, 0.0, 5.0}, {0, 0.0, 6.0}, {1, 3600.0, 4.5}};
  given[2].samples = {{0, 60.0, 1.0}};
  {
    SweepDb db = SweepDb::create(path_);
    db.add_point(PointId{0}, "p0", "grid", {});
    db.add_point(PointId{1}, "p1", "grid", {});
    for (std::size_t i = 0; i < given.size(); ++i) db.stage_run(i, 7, given[i], true);
    db.checkpoint();
  }
  {
    const SweepDb db = SweepDb::open(path_);
    StoredRuns stored(db);
    for (std::size_t i = 0; i < given.size(); ++i) {
      SCOPED_TRACE(i);
      const std::optional<RunOutcome> o = stored.next();
      ASSERT_TRUE(o.has_value());
      expect_same(given[i], *o);
    }
    EXPECT_FALSE(stored.next().has_value());
    EXPECT_FALSE(stored.next().has_value());
  }
  for (const char* orphan : {"INSERT INTO run_values (run_id, list_id, value_array) VALUES (9, 1, '[1e0,2e0]')",
                             "INSERT INTO samples (run_id, series_id, time_s, value) VALUES (9, 1, 0, 1)"}) {
    SCOPED_TRACE(orphan);
    sqlite3* raw = nullptr;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &raw), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(raw, orphan, nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(raw);
    sqlite3_close(raw);
    {
      const SweepDb db = SweepDb::open(path_);
      try {
        StoredRuns stored(db);
        ADD_FAILURE() << "a row of run 9, which runs has not, was not refused";
      } catch (const SweepDbError& e) {
        EXPECT_NE(std::string(e.what()).find("of run 9, which runs has not"), std::string::npos) << e.what();
      }
    }
    ASSERT_EQ(sqlite3_open(path_.c_str(), &raw), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(raw, "DELETE FROM run_values WHERE run_id = 9; DELETE FROM samples WHERE run_id = 9",
                           nullptr, nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(raw);
  }
}

TEST_F(SweepDbTest, RunsComeBackInRunIdOrderWhateverOrderTheyWentIn) {
  std::vector<RunOutcome> given{outcome(0, 0, {key("a"), key("b")}), outcome(0, 1, {key("b"), key("a")}),
                                outcome(0, 2, {key("c")})};
  given[0].samples = {{1, 0.0, 1.0}};
  given[2].samples = {{0, 5.0, 2.0}, {0, 6.0, 3.0}};
  {
    SweepDb db = SweepDb::create(path_);
    db.add_point(PointId{0}, "p", "grid", {});
    db.add_run(2, 7, given[2], true);
    db.add_run(0, 7, given[0], true);
    db.add_run(1, 7, given[1], true);
  }
  const std::vector<RunOutcome> back = SweepDb::open(path_).runs();
  ASSERT_EQ(back.size(), 3u);
  for (std::size_t i = 0; i < given.size(); ++i) {
    SCOPED_TRACE(i);
    expect_same(given[i], back[i]);
  }
}

TEST_F(SweepDbTest, RunsWhoseListsAlternateKeepTheirOwnSeries) {
  // Two workers that begin a point together each make a list of the same
  // keys, and their runs alternate; a third list, of the same keys in
  // another order, comes between. Each run is stored with its own series.
  const SeriesList first(std::vector<SeriesKey>{key("a"), key("b"), key("c")});
  const SeriesList same(std::vector<SeriesKey>{key("a"), key("b"), key("c")});
  const SeriesList other(std::vector<SeriesKey>{key("c"), key("a"), key("b")});
  ASSERT_FALSE(first.shares(same));
  const std::vector<const SeriesList*> order{&first, &same, &first, &same, &other, &same, &first, &other, &same};
  std::vector<RunOutcome> given;
  for (std::size_t r = 0; r < order.size(); ++r) {
    RunOutcome o = outcome(0, r, {});
    o.series = *order[r];
    o.values = {1.0 + static_cast<double>(r), 2.0, 3.0};
    given.push_back(std::move(o));
  }
  {
    SweepDb db = SweepDb::create(path_);
    db.add_point(PointId{0}, "p", "grid", {});
    for (std::size_t r = 0; r < given.size(); ++r) db.stage_run(r, 7, given[r], false);
  }
  const std::vector<RunOutcome> back = SweepDb::open(path_).runs();
  ASSERT_EQ(back.size(), given.size());
  for (std::size_t i = 0; i < given.size(); ++i) {
    SCOPED_TRACE(i);
    expect_same(given[i], back[i]);
  }
  // Two lists stored: the keys in each order.
  EXPECT_EQ(query("SELECT count(DISTINCT list_id) FROM series_lists"), std::vector<std::string>{"2"});
}

TEST_F(SweepDbTest, SqliteSeesTheDocumentedRows) {
  {
    SweepDb db = SweepDb::create(path_);
    db.set_info("sweep", "oilers");
    db.add_point(PointId{0}, "count=0, bandwidth=32 kbit/s", "grid",
                 {{"naval.units[name=tidespring].count", "0"}, {"comms.links[name=l].bandwidth", "32 kbit/s"}});
    db.add_point(PointId{1}, "count=1, bandwidth=true", "points",
                 {{"naval.units[name=tidespring].count", "1"}, {"comms.links[name=l].bandwidth", "true"}});
    RunOutcome o = outcome(1, 3, {key("time_below_critical_fuel", "ship=a"), key("sorties", "", "", "value")});
    o.fingerprint = 0xabc;
    o.samples = {{0, 0.0, 1.0}, {0, 60.0, 2.0}};
    db.add_run(0, 18446744073709551615ULL, o, true);
    SeriesAccumulator acc;
    acc.add(1.0);
    acc.add(3.0);
    db.set_aggregate(PointId{1}, o.series[0], acc.summary());
    db.set_warm_up(PointId{1}, o.series[0], WarmUpResult{12, 3, 900.0});
    db.set_search_probe(0, PointId{1}, 1, acc.summary(), true);
  }
  EXPECT_EQ(query("SELECT value FROM sweep WHERE key = 'schema_version'"), std::vector<std::string>{"2"});
  EXPECT_EQ(query("PRAGMA user_version"), std::vector<std::string>{"2"});
  EXPECT_EQ(query("SELECT value FROM sweep WHERE key = 'sweep'"), std::vector<std::string>{"oilers"});
  EXPECT_EQ(query("SELECT parameter_id, path FROM parameters ORDER BY parameter_id"),
            (std::vector<std::string>{"1|naval.units[name=tidespring].count", "2|comms.links[name=l].bandwidth"}));
  EXPECT_EQ(query("SELECT point_id, parameter_id, value, value_number FROM point_parameters ORDER BY 1, 2"),
            (std::vector<std::string>{"0|1|0|0.0", "0|2|32 kbit/s|32.0", "1|1|1|1.0", "1|2|true|NULL"}));
  // The seed as decimal text (an unsigned 64-bit number), the fingerprint
  // as 16 hex digits, as summary.json writes them.
  EXPECT_EQ(query("SELECT run_id, point_id, replication, seed, fingerprint, events, status FROM runs"),
            std::vector<std::string>{"0|1|3|18446744073709551615|0000000000000abc|1003|completed"});
  EXPECT_EQ(query("SELECT measure, labels, unit, statistic FROM series ORDER BY series_id"),
            (std::vector<std::string>{"time_below_critical_fuel|ship=a|s|mean", "sorties|||value"}));
  EXPECT_EQ(query("SELECT point_id, replication, measure, labels, value FROM results_by_point ORDER BY series_id"),
            (std::vector<std::string>{"1|3|time_below_critical_fuel|ship=a|103.0", "1|3|sorties||103.25"}));
  EXPECT_EQ(query("SELECT run_id, series_id, time_s, value FROM samples ORDER BY time_s"),
            (std::vector<std::string>{"0|1|0.0|1.0", "0|1|60.0|2.0"}));
  EXPECT_EQ(query("SELECT point_id, series_id, n, mean, min, max FROM aggregate"),
            std::vector<std::string>{"1|1|2|2.0|1.0|3.0"});
  EXPECT_EQ(query("SELECT point_id, series_id, batches, truncation_batches, truncation_time_s FROM warm_up"),
            std::vector<std::string>{"1|1|12|3|900.0"});
  EXPECT_EQ(query("SELECT probe, point_id, value, n, mean, meets FROM search"),
            std::vector<std::string>{"0|1|1|2|2.0|1"});
  EXPECT_TRUE(query("PRAGMA foreign_key_check").empty());
  EXPECT_EQ(query("PRAGMA integrity_check"), std::vector<std::string>{"ok"});
}

TEST_F(SweepDbTest, ValueNumberIsTheNumberAValueStartsWith) {
  const std::vector<std::string> values{"30min", "5%", "0.25 t/h", "-3", "1e3", "2026-06-01", "1.2.3", "type45", "", "nan"};
  {
    SweepDb db = SweepDb::create(path_);
    for (std::uint32_t i = 0; i < values.size(); ++i) db.add_point(PointId{i}, "p", "points", {{"x", values[i]}});
  }
  EXPECT_EQ(query("SELECT value, value_number FROM point_parameters ORDER BY point_id"),
            (std::vector<std::string>{"30min|30.0", "5%|5.0", "0.25 t/h|0.25", "-3|-3.0", "1e3|1000.0", "2026-06-01|NULL",
                                      "1.2.3|NULL", "type45|NULL", "|NULL", "nan|NULL"}));
}

TEST_F(SweepDbTest, AddingARunOrPointAgainChangesNothing) {
  const RunOutcome o = outcome(0, 0, {key("a"), key("b")});
  {
    SweepDb db = SweepDb::create(path_);
    db.add_point(PointId{0}, "p", "grid", {{"x", "1"}});
    db.add_run(0, 7, o, false);
    db.checkpoint();
  }
  {
    SweepDb db = SweepDb::open(path_);  // as a resumed sweep does
    db.add_point(PointId{0}, "p", "grid", {{"x", "1"}});
    RunOutcome again = o;
    again.values = {99.0, 98.0};  // ignored: the stored run stands
    db.add_run(0, 7, again, false);
    db.add_run(1, 7, outcome(0, 1, {key("a"), key("b")}), false);
  }
  EXPECT_EQ(query("SELECT count(*) FROM design_points"), std::vector<std::string>{"1"});
  EXPECT_EQ(query("SELECT count(*) FROM point_parameters"), std::vector<std::string>{"1"});
  EXPECT_EQ(query("SELECT count(*) FROM series"), std::vector<std::string>{"2"});
  EXPECT_EQ(query("SELECT run_id, count(*), sum(value) FROM results GROUP BY run_id"),
            (std::vector<std::string>{"0|2|0.25", "1|2|2.25"}));
}

TEST_F(SweepDbTest, ARunIdOfAnotherTicketIsRefused) {
  SweepDb db = SweepDb::create(path_);
  db.add_point(PointId{0}, "p", "grid", {});
  db.add_run(0, 7, outcome(0, 0, {key("a")}), false);
  try {
    db.add_run(0, 7, outcome(0, 1, {key("a")}), false);
    FAIL() << "no error";
  } catch (const SweepDbError& e) {
    EXPECT_NE(std::string(e.what()).find(path_.string() + ": run 0 (point 0, replication 1) clashes with the "
                                                 "stored run 0 of point 0, replication 0"),
                      std::string::npos)
        << e.what();
  }
  // The same ticket under another run id: the sweep's order changed.
  EXPECT_THROW(db.add_run(5, 7, outcome(0, 0, {key("a")}), false), SweepDbError);
}

// A database made in a staging folder, or renamed into one, is named in its
// messages where the result set will have it.
TEST_F(SweepDbTest, MessagesNameTheFileAsShown) {
  const fs::path shown = dir_ / "results" / "sweep.db";
  const auto clash = [&](SweepDb& db) -> std::string {
    db.add_point(PointId{0}, "p", "grid", {});
    db.add_run(0, 7, outcome(0, 0, {key("a")}), false);
    try {
      db.add_run(0, 7, outcome(0, 1, {key("a")}), false);
    } catch (const SweepDbError& e) {
      return e.what();
    }
    return "no error";
  };
  {
    SweepDb db = SweepDb::create(path_, shown);
    const std::string made_there = clash(db);
    EXPECT_EQ(made_there.rfind(shown.string() + ": run 0 (point 0, replication 1) clashes", 0), 0u) << made_there;
  }
  try {
    SweepDb::create(path_, shown);
    ADD_FAILURE() << "no error";
  } catch (const SweepDbError& e) {
    EXPECT_EQ(std::string(e.what()), shown.string() + ": cannot create the sweep database: the file exists");
  }
  fs::remove(path_);
  SweepDb db = SweepDb::create(path_);
  db.show_as(shown);
  const std::string renamed = clash(db);
  EXPECT_EQ(renamed.rfind(shown.string() + ": run 0 (point 0, replication 1) clashes", 0), 0u) << renamed;
}

TEST_F(SweepDbTest, ASeriesWithAnotherUnitIsRefusedAndLeavesNoRun) {
  {
    SweepDb db = SweepDb::create(path_);
    db.add_point(PointId{0}, "p", "grid", {});
    db.add_run(0, 7, outcome(0, 0, {key("a", "", "s")}), false);
    try {
      db.add_run(1, 7, outcome(0, 1, {key("a", "", "t")}), false);
      FAIL() << "no error";
    } catch (const SweepDbError& e) {
      EXPECT_NE(std::string(e.what()).find("series a is stored with unit 's' and statistic 'mean', not unit 't'"),
                std::string::npos)
          << e.what();
    }
    // A run that lists a series twice.
    EXPECT_THROW(db.add_run(1, 7, outcome(0, 1, {key("b"), key("b")}), false), SweepDbError);
  }
  EXPECT_EQ(query("SELECT count(*) FROM runs"), std::vector<std::string>{"1"});
  EXPECT_EQ(query("SELECT count(*) FROM results"), std::vector<std::string>{"1"});
}

TEST_F(SweepDbTest, AggregateWarmUpAndSearchRowsAreReplaced) {
  {
    SweepDb db = SweepDb::create(path_);
    db.add_point(PointId{0}, "p", "search", {});
    db.add_run(0, 7, outcome(0, 0, {key("a")}), false);
    SeriesAccumulator acc;
    acc.add(2.0);
    db.set_aggregate(PointId{0}, key("a"), acc.summary());
    db.set_search_probe(0, PointId{0}, 4, acc.summary(), false);
    acc.add(4.0);
    db.set_aggregate(PointId{0}, key("a"), acc.summary());
    db.set_search_probe(0, PointId{0}, 4, acc.summary(), true);
    db.set_warm_up(PointId{0}, key("a"), WarmUpResult{4, 1, 5.0});
    db.set_warm_up(PointId{0}, key("a"), WarmUpResult{6, 2, 10.0});
  }
  EXPECT_EQ(query("SELECT n, mean FROM aggregate"), std::vector<std::string>{"2|3.0"});
  EXPECT_EQ(query("SELECT n, mean, meets FROM search"), std::vector<std::string>{"2|3.0|1"});
  EXPECT_EQ(query("SELECT batches, truncation_batches FROM warm_up"), std::vector<std::string>{"6|2"});
}

// The indices by series of aggregate and warm_up come with finish(), as
// a sweep ends; rows after it go into them too.
TEST_F(SweepDbTest, FinishBuildsTheIndicesBySeries) {
  const std::string indices =
      "SELECT name FROM sqlite_schema WHERE type = 'index' AND name IN ('aggregate_by_series', 'warm_up_by_series')"
      " ORDER BY name";
  const std::string plan = "EXPLAIN QUERY PLAN SELECT n FROM aggregate WHERE series_id = 2";
  const auto add_point = [](SweepDb& db, std::uint32_t p, double value) {
    db.add_point(PointId{p}, "p", "grid", {});
    db.add_run(p, 7, outcome(p, 0, {key("a"), key("b")}), false);
    SeriesAccumulator acc;
    acc.add(value);
    db.set_aggregates(PointId{p}, SeriesList({key("a"), key("b")}), {acc.summary(), acc.summary()});
  };
  {
    SweepDb db = SweepDb::create(path_);
    for (std::uint32_t p = 0; p < 3; ++p) add_point(db, p, 1.0 + p);
    db.checkpoint();
  }
  EXPECT_TRUE(query(indices).empty());
  SweepDb::open(path_).finish();
  EXPECT_EQ(query(indices), (std::vector<std::string>{"aggregate_by_series", "warm_up_by_series"}));
  {
    SweepDb db = SweepDb::open(path_);
    add_point(db, 3, 9.0);
    db.finish();  // again: nothing to build
  }
  const std::vector<std::string> steps = query(plan);
  ASSERT_FALSE(steps.empty());
  EXPECT_NE(steps.back().find("USING INDEX aggregate_by_series"), std::string::npos) << steps.back();
  EXPECT_EQ(query("SELECT point_id, mean FROM aggregate WHERE series_id = 2 ORDER BY point_id"),
            (std::vector<std::string>{"0|1.0", "1|2.0", "2|3.0", "3|9.0"}));
  EXPECT_EQ(query("SELECT count(*) FROM aggregate INDEXED BY aggregate_by_series WHERE series_id = 2"),
            std::vector<std::string>{"4"});
}

// Staged runs (what a sweep writes 32 at a time) give the rows add_run
// gives, whatever the batches: the same runs once through add_run and once
// staged in uneven batches, written by flush(), checkpoint() and closing.
TEST_F(SweepDbTest, StagedRunsGiveTheRowsAddRunGives) {
  const std::vector<SeriesKey> one{key("fuel_on_board", "ship=a", "t", "mean"), key("sorties", "", "", "value")};
  const std::vector<SeriesKey> two{key("fuel_on_board", "ship=a", "t", "mean"), key("fuel_on_board", "ship=b", "t", "mean"),
                                   key("sorties", "", "", "value")};
  std::vector<RunOutcome> given;
  for (std::uint64_t r = 0; r < 5; ++r) given.push_back(outcome(0, r, one));
  for (std::uint64_t r = 0; r < 4; ++r) given.push_back(outcome(1, r, two));
  given[2].values[1] = std::numeric_limits<double>::quiet_NaN();
  given[3].fingerprint = ~std::uint64_t{0};
  given[3].completed = false;
  given[6].samples = {{1, 0.0, 5.0}, {0, 0.0, 6.0}, {1, 3600.0, std::numeric_limits<double>::quiet_NaN()}};
  const auto dump = [&] {
    std::vector<std::string> rows;
    for (const char* sql : {"SELECT * FROM runs ORDER BY run_id", "SELECT * FROM run_values ORDER BY run_id",
                            "SELECT * FROM series_lists ORDER BY list_id, position",
                            "SELECT rowid, * FROM samples ORDER BY rowid", "SELECT * FROM series ORDER BY series_id"}) {
      for (std::string& row : query(sql)) rows.push_back(std::move(row));
    }
    return rows;
  };
  {
    SweepDb db = SweepDb::create(path_);
    db.add_point(PointId{0}, "p0", "grid", {});
    db.add_point(PointId{1}, "p1", "grid", {});
    for (std::size_t i = 0; i < given.size(); ++i) db.add_run(i, 1000 + i, given[i], true);
  }
  const std::vector<std::string> added = dump();
  ASSERT_EQ(query("SELECT count(*) FROM results"), std::vector<std::string>{"22"});
  fs::remove(path_);
  {
    SweepDb db = SweepDb::create(path_);
    db.add_point(PointId{0}, "p0", "grid", {});
    db.add_point(PointId{1}, "p1", "grid", {});
    for (std::size_t i = 0; i < 3; ++i) db.stage_run(i, 1000 + i, given[i], true);
    EXPECT_EQ(db.staged(), 3u);
    db.flush();
    EXPECT_EQ(db.staged(), 0u);
    db.stage_run(3, 1003, given[3], true);
    db.checkpoint();  // writes it
    for (std::size_t i = 4; i < given.size(); ++i) db.stage_run(i, 1000 + i, given[i], true);
  }  // closing writes the rest
  EXPECT_EQ(dump(), added);
  EXPECT_EQ(SweepDb::open(path_).runs().size(), given.size());
}

// A run staged without its value array (its worker left the text to the
// thread that stores it) is stored as one staged with it: the same rows.
TEST_F(SweepDbTest, ARunStagedWithoutItsValueArrayIsStoredAsOneWithIt) {
  std::vector<RunOutcome> given;
  for (std::uint64_t r = 0; r < 4; ++r) given.push_back(outcome(0, r, {key("a"), key("b"), key("c")}));
  given[2].values[1] = std::numeric_limits<double>::quiet_NaN();
  given[3].values[0] = -0.0;
  const auto dump = [&] {
    std::vector<std::string> rows;
    for (const char* sql : {"SELECT * FROM runs ORDER BY run_id", "SELECT * FROM run_values ORDER BY run_id"})
      for (std::string& row : query(sql)) rows.push_back(std::move(row));
    return rows;
  };
  std::vector<std::vector<std::string>> dumps;
  for (const bool with_text : {true, false}) {
    {
      SweepDb db = SweepDb::create(path_);
      db.add_point(PointId{0}, "p0", "grid", {});
      for (std::size_t i = 0; i < given.size(); ++i) {
        RunOutcome o = given[i];
        o.value_array = with_text ? value_array(o.values) : std::string();
        db.stage_run(i, 1000 + i, o, false);
      }
    }
    dumps.push_back(dump());
    fs::remove(path_);
  }
  ASSERT_EQ(dumps[0].size(), 8u);
  EXPECT_EQ(dumps[1], dumps[0]);
}

TEST_F(SweepDbTest, AStagedRunAlreadyStoredFailsTheFlushAndLeavesNoneOfTheBatch) {
  {
    SweepDb db = SweepDb::create(path_);
    db.add_point(PointId{0}, "p", "grid", {});
    db.add_run(1, 7, outcome(0, 1, {key("a")}), false);
    db.stage_run(0, 7, outcome(0, 0, {key("a")}), false);
    db.stage_run(1, 7, outcome(0, 5, {key("a")}), false);
    try {
      db.flush();
      FAIL() << "no error";
    } catch (const SweepDbError& e) {
      EXPECT_NE(
          std::string(e.what()).find(path_.string() + ": run 1 (point 0, replication 5) clashes with the stored run 1"),
          std::string::npos)
          << e.what();
    }
    EXPECT_EQ(db.staged(), 0u);
  }
  EXPECT_EQ(query("SELECT run_id, replication FROM runs"), std::vector<std::string>{"1|1"});
  EXPECT_EQ(query("SELECT run_id FROM results"), std::vector<std::string>{"1"});
}

TEST_F(SweepDbTest, StagingChecksARunAtOnce) {
  {
    SweepDb db = SweepDb::create(path_);
    db.add_point(PointId{0}, "p", "grid", {});
    db.stage_run(0, 7, outcome(0, 0, {key("a", "", "s")}), false);
    EXPECT_THROW(db.stage_run(1, 7, outcome(0, 1, {key("a", "", "t")}), false), SweepDbError);
    EXPECT_THROW(db.stage_run(1, 7, outcome(0, 1, {key("b"), key("b")}), false), SweepDbError);
    RunOutcome bad_sample = outcome(0, 1, {key("a", "", "s")});
    bad_sample.samples = {{1, 0.0, 1.0}};
    EXPECT_THROW(db.stage_run(1, 7, bad_sample, true), std::invalid_argument);
    EXPECT_EQ(db.staged(), 1u);
  }
  EXPECT_EQ(query("SELECT count(*) FROM runs"), std::vector<std::string>{"1"});
}

TEST_F(SweepDbTest, AggregatesInOneCallEqualOneAtATime) {
  const SeriesList series{key("a"), key("b", "ship=x"), key("c", "", "", "value")};
  std::vector<SeriesSummary> summaries(3);
  for (std::size_t i = 0; i < 3; ++i) {
    SeriesAccumulator acc;
    acc.add(1.0 + static_cast<double>(i));
    acc.add(4.0 * static_cast<double>(i));
    summaries[i] = acc.summary();
  }
  summaries[2].sd = std::numeric_limits<double>::quiet_NaN();
  const std::string sql = "SELECT point_id, series_id, n, mean, sd, ci_low, ci_high, min, max FROM aggregate";
  {
    SweepDb db = SweepDb::create(path_);
    db.add_point(PointId{0}, "p", "grid", {});
    db.add_run(0, 7, outcome(0, 0, series.keys()), false);
    for (std::size_t i = 0; i < 3; ++i) db.set_aggregate(PointId{0}, series[i], summaries[i]);
  }
  const std::vector<std::string> one_at_a_time = query(sql);
  ASSERT_EQ(one_at_a_time.size(), 3u);
  EXPECT_NE(one_at_a_time[2].find("|NULL|"), std::string::npos) << one_at_a_time[2];
  fs::remove(path_);
  {
    SweepDb db = SweepDb::create(path_);
    db.add_point(PointId{0}, "p", "grid", {});
    db.add_run(0, 7, outcome(0, 0, series.keys()), false);
    std::vector<SeriesSummary> first = summaries;
    first[0].n = 99;  // replaced by the next call
    db.set_aggregates(PointId{0}, series, first);
    db.set_aggregates(PointId{0}, series, summaries);
    EXPECT_THROW(db.set_aggregates(PointId{0}, series, {}), std::invalid_argument);
  }
  EXPECT_EQ(query(sql), one_at_a_time);
}

// What aggregate.csv and the printout are made from: the rows read back
// one at a time, points in order, each point's series in its first run's
// order (not the series' ids), with the point's label and parameters.
TEST_F(SweepDbTest, TheAggregateIsReadBackInEachPointsRunOrder) {
  SeriesAccumulator acc;
  acc.add(1.0);
  acc.add(3.0);
  SeriesSummary two = acc.summary();
  SeriesSummary one;
  one.n = 1;
  one.mean = one.min = one.max = 5.0;
  one.sd = one.ci_low = one.ci_high = std::numeric_limits<double>::quiet_NaN();
  {
    SweepDb db = SweepDb::create(path_);
    db.add_point(PointId{0}, "a.count=2", "points", {{"a.count", "2"}});
    db.add_point(PointId{1}, "a.count=3, b.x=y", "points", {{"a.count", "3"}, {"b.x", "y"}});
    db.add_point(PointId{2}, "b.x=z", "points", {{"b.x", "z"}});  // never ran: no rows
    // Series ids in the order first stored: b 1, a 2, c 3.
    db.add_run(0, 7, outcome(0, 0, {key("b"), key("a")}), false);
    db.add_run(1, 7, outcome(1, 0, {key("a"), key("c"), key("b")}), false);
    db.add_run(2, 7, outcome(1, 1, {key("a"), key("c"), key("b")}), false);
    db.set_aggregates(PointId{1}, SeriesList({key("a"), key("c"), key("b")}), {two, one, two});
    db.set_aggregates(PointId{0}, SeriesList({key("b"), key("a")}), {one, two});
    db.checkpoint();
    EXPECT_EQ(db.parameter_paths(), (std::vector<std::string>{"a.count", "b.x"}));
  }
  std::vector<AggregateRow> rows;
  SweepDb::open(path_).read_aggregate([&](const AggregateRow& row) { rows.push_back(row); });
  ASSERT_EQ(rows.size(), 5u);
  std::vector<std::string> order;
  for (const AggregateRow& row : rows) order.push_back(std::to_string(row.point.value) + ":" + row.series.measure);
  EXPECT_EQ(order, (std::vector<std::string>{"0:b", "0:a", "1:a", "1:c", "1:b"}));
  EXPECT_EQ(rows[0].label, "a.count=2");
  EXPECT_EQ(rows[0].parameters, (std::vector<std::pair<std::string, std::string>>{{"a.count", "2"}}));
  EXPECT_EQ(rows[3].label, "a.count=3, b.x=y");
  EXPECT_EQ(rows[3].parameters, (std::vector<std::pair<std::string, std::string>>{{"a.count", "3"}, {"b.x", "y"}}));
  EXPECT_EQ(rows[3].series, key("c"));
  EXPECT_EQ(rows[0].summary.n, 1u);
  EXPECT_EQ(rows[0].summary.mean, 5.0);
  EXPECT_TRUE(std::isnan(rows[0].summary.sd) && std::isnan(rows[0].summary.ci_low) &&
              std::isnan(rows[0].summary.ci_high));
  EXPECT_EQ(rows[1].summary.n, 2u);
  EXPECT_EQ(rows[1].summary.mean, two.mean);
  EXPECT_EQ(rows[1].summary.sd, two.sd);
  EXPECT_EQ(rows[1].summary.ci_high, two.ci_high);
  EXPECT_EQ(rows[1].summary.max, 3.0);
}

bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

// Doubles that are hard to print and read back: the extremes, subnormals,
// whole numbers, halfway cases, and random bit patterns of every exponent.
std::vector<double> awkward_doubles() {
  std::vector<double> v{0.0,
                        1.0,
                        -3.0,
                        999999999999999.0,
                        1e15,
                        -123456789012345.0,
                        4503599627370495.5,
                        0.1,
                        1.0 / 3.0,
                        1e23,
                        8.98846567431158e307,
                        9007199254740993.0,
                        std::numeric_limits<double>::max(),
                        -std::numeric_limits<double>::max(),
                        std::numeric_limits<double>::min(),
                        std::numeric_limits<double>::denorm_min(),
                        2.2250738585072011e-308,
                        std::numeric_limits<double>::epsilon()};
  std::mt19937_64 bits(20261205);
  while (v.size() < 20000) {
    const double d = std::bit_cast<double>(bits());
    if (std::isfinite(d)) v.push_back(d);
  }
  return v;
}

TEST(ValueArray, ParseGivesBackEveryDoubleBitForBit) {
  std::vector<double> v = awkward_doubles();
  v.insert(v.end(), {-0.0, std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity(),
                     std::numeric_limits<double>::quiet_NaN()});
  const std::vector<double> back = parse_value_array(value_array(v));
  ASSERT_EQ(back.size(), v.size());
  for (std::size_t i = 0; i + 1 < v.size(); ++i) EXPECT_TRUE(same_bits(back[i], v[i])) << i << " " << v[i];
  EXPECT_TRUE(std::isnan(back.back()));
  EXPECT_EQ(value_array({}), "[]");
  EXPECT_EQ(value_array({1.0, -0.5, std::numeric_limits<double>::quiet_NaN(), -std::numeric_limits<double>::infinity()}),
            "[1e0,-5e-01,null,-9e999]");
  EXPECT_EQ(value_array({-0.0, 0.0, -42.0, 1e15, 2.5}), "[-0e+00,0e0,-42e0,1e+15,2.5e+00]");
  // JSON's whitespace, as another writer may leave it.
  const std::vector<double> spaced = parse_value_array(" [ 1.5 , null,2 ] ");
  ASSERT_EQ(spaced.size(), 3u);
  EXPECT_EQ(spaced[0], 1.5);
  EXPECT_TRUE(std::isnan(spaced[1]));
  EXPECT_EQ(spaced[2], 2.0);
  for (const char* bad : {"", "1", "[", "[1,", "[1 2]", "[1,,2]", "[nan]", "[-inf]", "[-]", "[1]x", "[\"1\"]", "[,]"}) {
    EXPECT_THROW(parse_value_array(bad), std::invalid_argument) << bad;
  }
}

// A writer that keeps each place's last text writes what a fresh one
// (value_array()) writes, run after run: when a place's value changes (to one of the same
// text length too, or from 0 to -0, which compare equal), when arrays grow
// or shrink, and for NaN and infinities.
TEST(ValueArray, AWriterKeepingTheLastTextsWritesWhatAFreshOneWrites) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  const std::vector<std::vector<double>> runs = {
      {7.0, 1.75, 0.9786177836516204, 0.0},
      {7.0, 1.75, 0.9786177836516204, 0.0},  // all kept
      {7.0, 1.25, 0.9786177836516205, -0.0}, // the same lengths, other digits; 0 to -0
      {8.0, 1.25},                            // shorter
      {8.0, 1.25, nan, inf, -inf, 1e15, -42.0, 2.5e-308},
      {8.0, 1.25, nan, -inf, inf, 1e15, -42.0, 2.5e-308},
      {},
      {3.0, 1.25, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0},  // longer than any before
  };
  ValueArrayWriter writer;
  for (std::size_t r = 0; r < runs.size(); ++r) EXPECT_EQ(writer.write(runs[r]), value_array(runs[r])) << "run " << r;
  // Every awkward double, written twice: new texts, then kept ones.
  const std::vector<double> awkward = awkward_doubles();
  ValueArrayWriter twice;
  EXPECT_EQ(twice.write(awkward), value_array(awkward));
  EXPECT_EQ(twice.write(awkward), value_array(awkward));
}

// append() adds write()'s text after what the string holds, run after run,
// with the same kept texts as write().
TEST(ValueArray, AppendAddsWhatWriteGives) {
  const std::vector<std::vector<double>> runs = {
      {7.0, 1.75, 0.9786177836516204}, {7.0, 1.75, 0.9786177836516204}, {8.0, -0.0}, {}, awkward_doubles()};
  ValueArrayWriter appending;
  std::string out = "before";
  std::string expected = "before";
  for (const std::vector<double>& values : runs) {
    appending.append(values, out);
    expected += value_array(values);
    EXPECT_EQ(out, expected);
  }
}

// What sqlite3, pandas and Python read through the results view is the
// run's doubles, bit for bit: SQLite's JSON reads the shortest scientific
// form back exactly (NaN is NULL; -0 reads back as -0 too, though a REAL
// column would keep it as 0).
TEST_F(SweepDbTest, TheResultsViewGivesTheRunsDoublesBitForBit) {
  const std::vector<double> values = awkward_doubles();
  std::vector<SeriesKey> keys;
  for (std::size_t i = 0; i < values.size(); ++i) keys.push_back(key("s" + std::to_string(i)));
  RunOutcome o = outcome(0, 0, keys);
  o.values = values;
  o.values.push_back(std::numeric_limits<double>::infinity());
  o.values.push_back(std::numeric_limits<double>::quiet_NaN());
  o.series = [&] {
    keys.push_back(key("inf"));
    keys.push_back(key("nan"));
    return keys;
  }();
  {
    SweepDb db = SweepDb::create(path_);
    db.add_point(PointId{0}, "p", "grid", {});
    db.stage_run(0, 7, o, false);
  }
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open_v2(path_.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "SELECT series_id, value FROM results ORDER BY series_id", -1, &st, nullptr),
            SQLITE_OK);
  std::size_t rows = 0;
  while (sqlite3_step(st) == SQLITE_ROW) {
    const auto i = static_cast<std::size_t>(sqlite3_column_int64(st, 0) - 1);
    ASSERT_LT(i, o.values.size());
    if (std::isnan(o.values[i])) {
      EXPECT_EQ(sqlite3_column_type(st, 1), SQLITE_NULL);
    } else {
      EXPECT_EQ(sqlite3_column_type(st, 1), SQLITE_FLOAT) << i;
      EXPECT_TRUE(same_bits(sqlite3_column_double(st, 1), o.values[i])) << i << " " << o.values[i];
    }
    ++rows;
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  EXPECT_EQ(rows, o.values.size());
}

// A run's value array is stored as its worker made it: the thread that
// stores the runs copies the text and formats nothing.
TEST_F(SweepDbTest, AValueArrayTheWorkerMadeIsStoredAsItIs) {
  RunOutcome o = outcome(0, 0, {key("a"), key("b")});
  o.values = {1.5, 2.0};
  o.value_array = "[ 1.5e+00, 2e+00 ]";
  RunOutcome made_here = outcome(0, 1, {key("a"), key("b")});
  made_here.values = {1.5, 2.0};
  {
    SweepDb db = SweepDb::create(path_);
    db.add_point(PointId{0}, "p", "grid", {});
    db.stage_run(0, 7, o, false);
    db.add_run(1, 7, made_here, false);
  }
  EXPECT_EQ(query("SELECT run_id, list_id, value_array FROM run_values ORDER BY run_id"),
            (std::vector<std::string>{"0|1|[ 1.5e+00, 2e+00 ]", "1|1|[1.5e+00,2e0]"}));
  EXPECT_EQ(query("SELECT run_id, series_id, value FROM results ORDER BY run_id, series_id"),
            (std::vector<std::string>{"0|1|1.5", "0|2|2.0", "1|1|1.5", "1|2|2.0"}));
  EXPECT_EQ(SweepDb::open(path_).runs()[0].values, o.values);
}

TEST_F(SweepDbTest, InfoIsSetReplacedAndMissing) {
  SweepDb db = SweepDb::create(path_);
  EXPECT_EQ(db.info("schema_version"), "2");
  EXPECT_EQ(db.info("status"), std::nullopt);
  db.set_info("status", "running");
  db.set_info("status", "completed");
  EXPECT_EQ(db.info("status"), "completed");
}

TEST_F(SweepDbTest, WhatIsNotCheckpointedIsCommittedWhenTheDatabaseCloses) {
  {
    SweepDb db = SweepDb::create(path_);
    db.add_point(PointId{0}, "p", "grid", {});
    db.add_run(0, 7, outcome(0, 0, {key("a")}), false);
  }
  EXPECT_EQ(query("SELECT count(*) FROM runs"), std::vector<std::string>{"1"});
  SweepDb moved = SweepDb::open(path_);
  SweepDb db = std::move(moved);  // the moved-from one closes nothing
  EXPECT_EQ(db.runs().size(), 1u);
}

TEST_F(SweepDbTest, ErrorsNameTheFile) {
  const auto message = [](auto&& f) -> std::string {
    try {
      f();
    } catch (const SweepDbError& e) {
      return e.what();
    }
    return "no error";
  };
  { SweepDb db = SweepDb::create(path_); }
  EXPECT_EQ(message([&] { SweepDb::create(path_); }),
            path_.string() + ": cannot create the sweep database: the file exists");
  const fs::path missing = dir_ / "missing.db";
  EXPECT_NE(message([&] { SweepDb::open(missing); }).find(missing.string() + ": cannot open the sweep database"),
            std::string::npos);
  EXPECT_FALSE(fs::exists(missing));  // open never creates

  const fs::path text = dir_ / "text.db";
  std::ofstream(text) << "not a database at all, but long enough to look like a header of one...\n";
  EXPECT_NE(message([&] { SweepDb::open(text); }).find(text.string() + ": file is not a database"), std::string::npos);

  const fs::path other = dir_ / "other.db";
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(other.c_str(), &db), SQLITE_OK);
  sqlite3_exec(db, "CREATE TABLE t (x)", nullptr, nullptr, nullptr);
  sqlite3_close(db);
  EXPECT_NE(message([&] { SweepDb::open(other); }).find(other.string() + ": not a sweep database"), std::string::npos);

  ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
  sqlite3_exec(db, "UPDATE sweep SET value = '7' WHERE key = 'schema_version'", nullptr, nullptr, nullptr);
  sqlite3_close(db);
  EXPECT_EQ(message([&] { SweepDb::open(path_); }),
            path_.string() + ": sweep database with schema_version 7 in its sweep table, PRAGMA user_version 2");

  ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
  sqlite3_exec(db, "PRAGMA user_version = 1", nullptr, nullptr, nullptr);
  sqlite3_close(db);
  EXPECT_EQ(message([&] { SweepDb::open(path_); }),
            path_.string() + ": sweep database schema version 1, this drillsim reads version 2");
}

}  // namespace
}  // namespace drill::sweep
