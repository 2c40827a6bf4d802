// sweep.db: a sweep's results as a SQLite database that sqlite3, pandas or
// a dashboard query directly. Tables (each column documented in
// configs/README.md, "sweep.db"):
//   sweep(key, value)                       name, drill, hashes, seed, status, schema_version...
//   parameters(parameter_id, path)
//   design_points(point_id, label, origin)  origin: grid, points or search
//   point_parameters(point_id, parameter_id, value, value_number)
//   series(series_id, measure, labels, unit, statistic)
//   runs(run_id, point_id, replication, seed, fingerprint, events, status)
//   series_lists(list_id, position, series_id)  the lists of series runs have
//   run_values(run_id, list_id, value_array)     a run's values, a JSON array
//   samples(run_id, series_id, time_s, value)   kept time series, if asked
//   aggregate(point_id, series_id, n, mean, sd, ci_low, ci_high, min, max)
//   warm_up(point_id, series_id, batches, truncation_batches, truncation_time_s)
//   search(probe, point_id, value, n, mean, ci_low, ci_high, meets)
// and the views results(run_id, series_id, value) (every series of every
// run: run_values' arrays as rows, through SQLite's json_each) and
// results_by_point (results with their run's point and replication and
// their series' names: one frame for pandas). A run's results are one row,
// not one per series: SQLite's work per row was most of what storing a run
// cost (bench/README.md, "sweep.db: the cost of storing a run"). Indices on
// the columns that join the tables.
// The schema version is PRAGMA user_version and sweep.schema_version;
// PRAGMA application_id marks the file as a sweep database.
//
// The content depends only on the sweep and its seed: no wall-clock time,
// no host name, rows numbered in the sweep's own order (run_id in the order
// runs are consumed: point, then replication), so the same sweep gives the
// same rows for any number of jobs or ranks, interrupted and resumed or not.
// Seeds are decimal text (unsigned 64-bit; SQLite's integers are signed),
// fingerprints 16 lower-case hex digits, as in summary.json. A NaN result
// is stored as null (SQLite has no NaN), NULL in the view, and read back
// as NaN. The view's values are the runs' doubles bit for bit: SQLite's
// JSON reads the shortest form back exactly (sweep_db_test checks it over
// a spread of doubles).
//
// Costs: writes go into one open transaction that checkpoint() commits (the
// sweep commits every few hundred runs and when it stops), with the
// rollback journal in memory and no fsync: the sweep's folder is staged and
// committed as one unit, which is the safety. add_run is one prepared
// INSERT into runs and one into run_values; runs staged with stage_run are
// written together, one INSERT ... SELECT (a virtual table over the staged
// rows) for all their runs rows and one for their run_values rows, so
// SQLite's per-statement work is paid twice per batch, not twice per run
// (bench/sweep_db_bench.cpp measures it). A run's value array is text its
// worker made (RunOutcome::value_array), copied once into the batch, or
// written into the batch here where the worker left it (a writer that
// keeps the last run's texts, as the workers' do). A
// point's aggregate rows are one statement too (set_aggregates). A run's
// series ids and list id come from the previous run's when its series are
// the same (the usual case), else one hash lookup each. runs() holds every
// stored run in memory (the resumed sweep asks for them all);
// read_aggregate() holds one design point's rows at a time, so what a
// sweep's aggregate.csv and printout are made from does not grow with its
// design points.
// Not thread-safe: the sweep's calling thread (rank 0) owns it, and the
// connection is opened without SQLite's own locking.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sweep/run_outcome.hpp"
#include "sweep/statistics.hpp"

namespace drill::sweep {

/// The database could not be created, read or written; names the file and
/// SQLite's message.
class SweepDbError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct WarmUpResult;  // statistics.hpp

/// One row of the aggregate: a series of a design point over its runs, with
/// the point's label and parameter values (`path`, YAML text).
struct AggregateRow {
  PointId point;
  std::string label;
  std::vector<std::pair<std::string, std::string>> parameters;
  SeriesKey series;
  SeriesSummary summary;
};

/// A run's values as run_values.value_array keeps them: a JSON array, each
/// value in the shortest scientific form that reads back as the same double
/// (std::to_chars), a whole number below 10^15 as its digits and "e0", NaN
/// as null, infinities as 9e999 and -9e999 (which SQLite's JSON reads as
/// infinities). Workers make it as they finish a run (RunOutcome::value_array,
/// by a ValueArrayWriter), so the thread that stores runs does not.
std::string value_array(const std::vector<double>& values);

/// value_array() for one run after another, keeping the text of the last
/// value at each place of the array: most of a sweep's series give the same
/// value run after run (576 of the 670 of a point of configs/small.yaml),
/// and a kept text costs a comparison of the bits where a new one costs a
/// shortest round-trip conversion. The text is value_array()'s whatever the
/// values (it depends on a value's bits alone, not on its place).
class ValueArrayWriter {
 public:
  std::string write(const std::vector<double>& values);
  /// write()'s text added to the end of `out`.
  void append(const std::vector<double>& values, std::string& out);

 private:
  /// The array at `p`, which has room for the longest; gives its end.
  char* put(const std::vector<double>& values, char* p);

  struct Kept {
    std::uint64_t bits = 0;
    std::uint8_t size = 0;  // 0: nothing kept yet
    char text[24];          // the longest number: a sign, 17 digits, a point, "e-308"
  };
  std::vector<Kept> kept_;
  std::string buffer_;  // the array as it is written, grown once
};

/// The values of such an array, bit for bit (JSON whitespace allowed);
/// throws std::invalid_argument on other text.
std::vector<double> parse_value_array(std::string_view text);

class SweepDb {
 public:
  /// A new database with the schema at `path` (which must not exist).
  /// Its error messages name `shown` when given: a file in a result set's
  /// staging folder is named where the set puts it.
  static SweepDb create(const std::filesystem::path& path, const std::filesystem::path& shown = {});
  /// An existing one (to resume); throws if it is not a sweep database of
  /// this schema version.
  static SweepDb open(const std::filesystem::path& path);
  SweepDb(SweepDb&&) noexcept;
  SweepDb& operator=(SweepDb&&) noexcept;
  ~SweepDb();  // writes the staged runs and commits the open transaction

  void set_info(std::string_view key, std::string_view value);
  std::optional<std::string> info(std::string_view key) const;

  /// A design point and its parameters' values (`path`, YAML text). Again
  /// for a point already there: nothing (resume).
  void add_point(PointId point, std::string_view label, std::string_view origin,
                 const std::vector<std::pair<std::string, std::string>>& parameters);
  /// A completed run, its results and (if `keep_samples`) its samples.
  /// `run_id` is its place in the sweep's order. Again for a run already
  /// there: nothing (throws SweepDbError if the stored run under that id,
  /// or the stored run of that ticket, is another). Throws SweepDbError if
  /// a series is stored with another unit or statistic, or is listed twice,
  /// before anything of the run is written; a failed run leaves no rows.
  /// Throws std::invalid_argument if series and values differ in number or
  /// a sample names a series the run does not have.
  void add_run(std::uint64_t run_id, std::uint64_t seed, const RunOutcome& outcome, bool keep_samples);
  /// add_run for a run not stored yet, written later with the other
  /// staged runs: their runs rows in one statement and all their results in
  /// another, so SQLite's work per statement is paid once per batch rather
  /// than twice per run. Checks the run as add_run does, at once. Staged
  /// runs are written, in the order staged, by flush(), checkpoint(),
  /// any other call that reads or writes the database, and when it closes;
  /// all of them or (on an error) none. flush() throws SweepDbError if a
  /// staged run's id or ticket is stored already (use add_run for those).
  void stage_run(std::uint64_t run_id, std::uint64_t seed, const RunOutcome& outcome, bool keep_samples);
  /// Runs staged and not yet written.
  std::size_t staged() const noexcept;
  /// Writes the staged runs.
  void flush();
  /// Its messages name `shown` from now on: the file was renamed (SQLite
  /// keeps the open file), into a result set's staging folder, say.
  void show_as(const std::filesystem::path& shown);
  /// How many runs are stored (staged ones written first).
  std::uint64_t run_count() const;
  /// Every stored run in run_id order, as add_run was given them (samples
  /// included when they were kept): StoredRuns read to the end.
  std::vector<RunOutcome> runs() const;

  /// Replaces the point's aggregate row of `series`.
  void set_aggregate(PointId point, const SeriesKey& series, const SeriesSummary& summary);
  /// set_aggregate for each of `series` with its summary (the same number
  /// of each), in one statement. Throws SweepDbError as add_run does if a
  /// series is listed twice or stored with another unit or statistic.
  void set_aggregates(PointId point, const SeriesList& series, const std::vector<SeriesSummary>& summaries);
  void set_warm_up(PointId point, const SeriesKey& series, const WarmUpResult& result);
  /// The aggregate's rows, one at a time to `each`: design points in order,
  /// each point's series in the order of its first run's list (the order
  /// the sweep's driver gives them to set_aggregates); a point's parameters
  /// in the order of `parameters`. A row of a series outside that list (a
  /// set_aggregate of its own) is not given.
  void read_aggregate(const std::function<void(const AggregateRow&)>& each) const;
  /// The parameters' paths in the order they were first added (by id).
  std::vector<std::string> parameter_paths() const;
  /// Replaces probe number `probe` (0, 1, ...) of the search.
  void set_search_probe(std::uint32_t probe, PointId point, std::int64_t value, const SeriesSummary& summary,
                        bool meets);

  /// Writes the staged runs, commits what was written since the last
  /// checkpoint and opens the next transaction.
  void checkpoint();
  /// checkpoint() with the indices by series of the aggregate and warm_up
  /// tables built first: a sweep calls it when it ends, completed or
  /// stopped (run_sweep does). Until then those tables have their rows and
  /// their keys but not these indices (rows added after it go into them).
  void finish();

 private:
  friend class StoredRuns;
  struct Impl;
  explicit SweepDb(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

/// The stored runs of a sweep database one at a time, in run_id order (the
/// order the sweep consumed them: design point, then replication), each as
/// add_run was given it (samples included when they were kept): what a
/// resumed sweep replays, without holding them all (a run of 67 series is
/// about 600 bytes in memory; a stopped sweep of a million runs would be
/// 600 MB). Costs: the series and their lists once, then a lookup of its
/// values (and, when the database keeps samples, of its samples) a run.
/// Reads through `db`'s connection: `db` must outlive it and not be
/// written meanwhile.
class StoredRuns {
 public:
  /// Throws SweepDbError if the database has results or samples of a run it
  /// does not have, or a list of series with a gap.
  explicit StoredRuns(const SweepDb& db);
  ~StoredRuns();
  StoredRuns(StoredRuns&&) noexcept;
  StoredRuns& operator=(StoredRuns&&) noexcept;

  /// The next run; nullopt after the last. Throws SweepDbError on a row
  /// that cannot be read back (naming the file and the run).
  std::optional<RunOutcome> next();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace drill::sweep
