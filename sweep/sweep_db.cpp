#include "sweep/sweep_db.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <new>
#include <string>
#include <system_error>
#include <type_traits>
#include <unordered_map>

namespace drill::sweep {

namespace {

constexpr int kSchemaVersion = 2;
// PRAGMA application_id: "DRSW", so `file sweep.db` and a reader can tell a
// sweep database from any other SQLite file.
constexpr int kApplicationId = 0x44525357;

// The schema: the banner of sweep_db.hpp and configs/README.md describe it.
// Foreign keys are declared for readers (`PRAGMA foreign_key_check` holds)
// but not enforced while writing: the writer adds points before their runs
// and series before their results by construction, and enforcement would
// cost a lookup per result row.
constexpr const char* kSchema = R"sql(
CREATE TABLE sweep (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE parameters (
  parameter_id INTEGER PRIMARY KEY,
  path         TEXT NOT NULL UNIQUE
);
CREATE TABLE design_points (
  point_id INTEGER PRIMARY KEY,
  label    TEXT NOT NULL,
  origin   TEXT NOT NULL CHECK (origin IN ('grid', 'points', 'search'))
);
CREATE TABLE point_parameters (
  point_id     INTEGER NOT NULL REFERENCES design_points (point_id),
  parameter_id INTEGER NOT NULL REFERENCES parameters (parameter_id),
  value        TEXT NOT NULL,
  value_number REAL,
  PRIMARY KEY (point_id, parameter_id)
) WITHOUT ROWID;
CREATE INDEX point_parameters_by_parameter ON point_parameters (parameter_id, value_number);
CREATE TABLE series (
  series_id INTEGER PRIMARY KEY,
  measure   TEXT NOT NULL,
  labels    TEXT NOT NULL,
  unit      TEXT NOT NULL,
  statistic TEXT NOT NULL CHECK (statistic IN ('value', 'mean', 'per_day')),
  UNIQUE (measure, labels)
);
CREATE TABLE runs (
  run_id      INTEGER PRIMARY KEY,
  point_id    INTEGER NOT NULL REFERENCES design_points (point_id),
  replication INTEGER NOT NULL,
  seed        TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  events      INTEGER NOT NULL,
  status      TEXT NOT NULL CHECK (status IN ('completed', 'stopped')),
  UNIQUE (point_id, replication)
);
-- A run's results are one row: its values as a JSON array (value_array())
-- in the order of its list of series. One row per run, not one per
-- series: SQLite's work per row was most of what storing a run cost the
-- thread that stores them (bench/README.md, "sweep.db: the cost of storing
-- a run"). The view results gives them as rows, for sqlite3 and pandas.
CREATE TABLE series_lists (
  list_id   INTEGER NOT NULL,
  position  INTEGER NOT NULL,
  series_id INTEGER NOT NULL REFERENCES series (series_id),
  PRIMARY KEY (list_id, position)
) WITHOUT ROWID;
CREATE TABLE run_values (
  run_id      INTEGER PRIMARY KEY REFERENCES runs (run_id),
  list_id     INTEGER NOT NULL,
  value_array TEXT NOT NULL
);
CREATE TABLE samples (
  run_id    INTEGER NOT NULL REFERENCES runs (run_id),
  series_id INTEGER NOT NULL REFERENCES series (series_id),
  time_s    REAL NOT NULL,
  value     REAL
);
CREATE INDEX samples_by_run ON samples (run_id, series_id, time_s);
CREATE TABLE aggregate (
  point_id  INTEGER NOT NULL REFERENCES design_points (point_id),
  series_id INTEGER NOT NULL REFERENCES series (series_id),
  n         INTEGER NOT NULL,
  mean      REAL,
  sd        REAL,
  ci_low    REAL,
  ci_high   REAL,
  min       REAL,
  max       REAL,
  PRIMARY KEY (point_id, series_id)
) WITHOUT ROWID;
CREATE TABLE warm_up (
  point_id           INTEGER NOT NULL REFERENCES design_points (point_id),
  series_id          INTEGER NOT NULL REFERENCES series (series_id),
  batches            INTEGER NOT NULL,
  truncation_batches INTEGER NOT NULL,
  truncation_time_s  REAL NOT NULL,
  PRIMARY KEY (point_id, series_id)
) WITHOUT ROWID;
CREATE TABLE search (
  probe    INTEGER PRIMARY KEY,
  point_id INTEGER NOT NULL REFERENCES design_points (point_id),
  value    INTEGER NOT NULL,
  n        INTEGER NOT NULL,
  mean     REAL,
  ci_low   REAL,
  ci_high  REAL,
  meets    INTEGER NOT NULL CHECK (meets IN (0, 1))
);
CREATE INDEX search_by_point ON search (point_id);
-- CROSS JOIN fixes the order of the loops: each run's array is read once,
-- and each of its values finds its series by the list's key (left to the
-- planner, it read a run's array once per series of its list).
CREATE VIEW results (run_id, series_id, value) AS
  SELECT run_values.run_id, series_lists.series_id, run_value.value
  FROM run_values
  CROSS JOIN json_each(run_values.value_array) AS run_value
  CROSS JOIN series_lists ON series_lists.list_id = run_values.list_id AND series_lists.position = run_value.key;
CREATE VIEW results_by_point AS
  SELECT runs.point_id, design_points.label AS point_label, runs.replication, runs.run_id,
         series.series_id, series.measure, series.labels, series.unit, series.statistic,
         results.value
  FROM results
  JOIN runs ON runs.run_id = results.run_id
  JOIN series ON series.series_id = results.series_id
  JOIN design_points ON design_points.point_id = runs.point_id;
)sql";

// Indices that finish() builds: rows go into the aggregate and warm_up
// tables point after point, a row per series, so an index by series takes
// each point's rows at as many places across it; built once from the whole
// table instead, a sweep of 2,000 points of configs/small.yaml stored its
// aggregate in 0.11 s rather than 0.38 s (the time per point growing with
// the index as its pages outgrew the page cache).
constexpr const char* kFinishingIndices = R"sql(
CREATE INDEX IF NOT EXISTS aggregate_by_series ON aggregate (series_id);
CREATE INDEX IF NOT EXISTS warm_up_by_series ON warm_up (series_id);
)sql";

// SQLite's message for the failure `rc` of `db`, with the system's reason
// where a file could not be read or written: "disk I/O error" alone does
// not say that the file grew past its size limit or the disk is full.
std::string failure(sqlite3* db, int rc) {
  std::string msg = sqlite3_errmsg(db);
  const int primary = rc & 0xff;
  if (primary == SQLITE_IOERR || primary == SQLITE_FULL) {
    // The errno of the database file's last failed call (the unix VFS keeps it).
    int err = 0;
    if (sqlite3_file_control(db, "main", SQLITE_FCNTL_LAST_ERRNO, &err) == SQLITE_OK && err != 0)
      msg += " (" + std::error_code(err, std::generic_category()).message() + ")";
  }
  return msg;
}

// A prepared statement, finalized when it goes.
class Statement {
 public:
  Statement() = default;
  Statement(sqlite3* db, const std::string& path, const char* sql) : db_(db), path_(&path) {
    if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr) != SQLITE_OK) {
      throw SweepDbError(path + ": " + sqlite3_errmsg(db));
    }
  }
  Statement(Statement&& o) noexcept : db_(o.db_), path_(o.path_), stmt_(std::exchange(o.stmt_, nullptr)) {}
  Statement& operator=(Statement&& o) noexcept {
    if (this != &o) {
      sqlite3_finalize(stmt_);
      db_ = o.db_;
      path_ = o.path_;
      stmt_ = std::exchange(o.stmt_, nullptr);
    }
    return *this;
  }
  ~Statement() { sqlite3_finalize(stmt_); }

  Statement& bind(int i, std::int64_t v) {
    check(sqlite3_bind_int64(stmt_, i, v));
    return *this;
  }
  Statement& bind(int i, double v) {
    // SQLite stores a NaN as NULL; bind it as one on purpose.
    check(std::isnan(v) ? sqlite3_bind_null(stmt_, i) : sqlite3_bind_double(stmt_, i, v));
    return *this;
  }
  Statement& bind(int i, std::string_view v) {
    // An empty view may have no data; SQLite would bind that as NULL.
    check(sqlite3_bind_text(stmt_, i, v.data() ? v.data() : "", static_cast<int>(v.size()), SQLITE_TRANSIENT));
    return *this;
  }
  /// A pointer for a virtual table (sqlite3_bind_pointer), valid until
  /// the statement is reset.
  Statement& bind_pointer(int i, const void* p, const char* type) {
    check(sqlite3_bind_pointer(stmt_, i, const_cast<void*>(p), type, nullptr));
    return *this;
  }
  Statement& bind_null(int i) {
    check(sqlite3_bind_null(stmt_, i));
    return *this;
  }
  /// One step: true while there is a row. Errors throw (and reset).
  bool step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    const std::string msg = failure(db_, rc);
    sqlite3_reset(stmt_);
    throw SweepDbError(*path_ + ": " + msg);
  }
  /// Runs a statement that returns no rows and makes it ready again.
  void run() {
    step();
    sqlite3_reset(stmt_);
  }
  void reset() noexcept { sqlite3_reset(stmt_); }

  std::int64_t integer(int col) const noexcept { return sqlite3_column_int64(stmt_, col); }
  double real(int col) const noexcept {
    return sqlite3_column_type(stmt_, col) == SQLITE_NULL ? std::numeric_limits<double>::quiet_NaN()
                                                          : sqlite3_column_double(stmt_, col);
  }
  std::string text(int col) const {
    const auto* p = sqlite3_column_text(stmt_, col);
    return p ? std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col)))
             : std::string();
  }

 private:
  void check(int rc) const {
    if (rc != SQLITE_OK) throw SweepDbError(*path_ + ": " + failure(db_, rc));
  }
  sqlite3* db_ = nullptr;
  const std::string* path_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
};

std::string hex16(std::uint64_t v) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  return buf;
}

// The number a parameter's YAML text starts with ("2", "32 kbit/s",
// "30min", "5%"), for plotting; none for text that does not start with a
// number followed by its end, a space, a unit's letter or "%" (a date, a
// version, a name).
std::optional<double> leading_number(std::string_view text) {
  double v = 0;
  const char* end = text.data() + text.size();
  const auto [p, ec] = std::from_chars(text.data(), end, v, std::chars_format::general);
  if (ec != std::errc() || !std::isfinite(v)) return std::nullopt;
  if (p != end && *p != ' ' && *p != '%' && std::isalpha(static_cast<unsigned char>(*p)) == 0) return std::nullopt;
  return v;
}

// Rows for one INSERT ... SELECT: eponymous virtual tables whose rows are
// the arrays behind the pointer bound to their hidden column `p`, so that
// one statement stores many rows instead of a statement per row (SQLite's
// per-statement work, bind, step, halt and reset, is most of what a row
// costs otherwise):
//   drill_staged_runs(p)     the staged runs' rows of the runs table
//   drill_staged_values(p)   their rows of run_values
//   drill_aggregate_rows(p)  a design point's aggregate rows
// Each is a Rows type below: its declaration, its pointer type, the number
// of rows and each row's columns.

// SQLite stores a NaN as NULL; give it as one on purpose.
void result_real(sqlite3_context* ctx, double v) {
  if (std::isnan(v)) {
    sqlite3_result_null(ctx);
  } else {
    sqlite3_result_double(ctx, v);
  }
}

// What stage_run keeps of a run until flush() writes it.
struct StagedRun {
  std::int64_t run_id = 0;
  std::int64_t point = 0;
  std::int64_t replication = 0;
  std::int64_t events = 0;
  std::int64_t list_id = 0;
  std::size_t values_at = 0;  // its value_array in the staged text
  std::size_t values_size = 0;
  char seed[24] = {};  // decimal text, as the runs table keeps it
  int seed_size = 0;
  char fingerprint[17] = {};  // 16 hex digits
  bool completed = true;
};

struct StagedRuns {
  static constexpr const char* kDeclaration =
      "CREATE TABLE x (run_id INTEGER, point_id INTEGER, replication INTEGER, seed TEXT, fingerprint TEXT,"
      " events INTEGER, status TEXT, p HIDDEN)";
  static constexpr int kColumns = 7;
  static constexpr const char* kType = "drill_sweep_staged_runs";
  const std::vector<StagedRun>* runs = nullptr;
  std::size_t size() const noexcept { return runs->size(); }
  void column(sqlite3_context* ctx, std::size_t i, int column) const {
    const StagedRun& r = (*runs)[i];
    switch (column) {
      case 0: sqlite3_result_int64(ctx, r.run_id); break;
      case 1: sqlite3_result_int64(ctx, r.point); break;
      case 2: sqlite3_result_int64(ctx, r.replication); break;
      case 3: sqlite3_result_text(ctx, r.seed, r.seed_size, SQLITE_STATIC); break;
      case 4: sqlite3_result_text(ctx, r.fingerprint, 16, SQLITE_STATIC); break;
      case 5: sqlite3_result_int64(ctx, r.events); break;
      default: sqlite3_result_text(ctx, r.completed ? "completed" : "stopped", -1, SQLITE_STATIC); break;
    }
  }
};

struct StagedValues {
  static constexpr const char* kDeclaration = "CREATE TABLE x (run_id INTEGER, list_id INTEGER, value_array TEXT, p HIDDEN)";
  static constexpr int kColumns = 3;
  static constexpr const char* kType = "drill_sweep_staged_values";
  const std::vector<StagedRun>* runs = nullptr;
  const std::string* text = nullptr;  // the runs' value arrays, one after another
  std::size_t size() const noexcept { return runs->size(); }
  void column(sqlite3_context* ctx, std::size_t i, int column) const {
    const StagedRun& r = (*runs)[i];
    switch (column) {
      case 0: sqlite3_result_int64(ctx, r.run_id); break;
      case 1: sqlite3_result_int64(ctx, r.list_id); break;
      default:
        sqlite3_result_text64(ctx, text->data() + r.values_at, r.values_size, SQLITE_STATIC, SQLITE_UTF8);
        break;
    }
  }
};

struct AggregateRows {
  static constexpr const char* kDeclaration =
      "CREATE TABLE x (series_id INTEGER, n INTEGER, mean REAL, sd REAL, ci_low REAL, ci_high REAL, min REAL,"
      " max REAL, p HIDDEN)";
  static constexpr int kColumns = 8;
  static constexpr const char* kType = "drill_sweep_aggregate_rows";
  const std::vector<std::int64_t>* series_ids = nullptr;
  const std::vector<SeriesSummary>* summaries = nullptr;
  std::size_t size() const noexcept { return summaries->size(); }
  void column(sqlite3_context* ctx, std::size_t i, int column) const {
    const SeriesSummary& s = (*summaries)[i];
    switch (column) {
      case 0: sqlite3_result_int64(ctx, (*series_ids)[i]); break;
      case 1: sqlite3_result_int64(ctx, static_cast<std::int64_t>(s.n)); break;
      case 2: result_real(ctx, s.mean); break;
      case 3: result_real(ctx, s.sd); break;
      case 4: result_real(ctx, s.ci_low); break;
      case 5: result_real(ctx, s.ci_high); break;
      case 6: result_real(ctx, s.min); break;
      default: result_real(ctx, s.max); break;
    }
  }
};

template <class Rows>
struct RowsCursor {
  sqlite3_vtab_cursor base;  // first: SQLite's view of it
  const Rows* rows = nullptr;
  std::size_t i = 0;
};

// The module of a Rows type. Eponymous only (no xCreate): no CREATE
// VIRTUAL TABLE goes into the file, so sqlite3 and pandas open it without
// knowing the module. Read only.
template <class Rows>
struct RowsTable {
  using Cursor = RowsCursor<Rows>;
  // SQLite hands back the address of `base`; it is the cursor's own.
  static_assert(std::is_standard_layout_v<Cursor>);

  static int connect(sqlite3* db, void*, int, const char* const*, sqlite3_vtab** out, char**) {
    const int rc = sqlite3_declare_vtab(db, Rows::kDeclaration);
    if (rc != SQLITE_OK) return rc;
    void* memory = sqlite3_malloc(sizeof(sqlite3_vtab));
    if (!memory) return SQLITE_NOMEM;
    *out = new (memory) sqlite3_vtab{};
    return SQLITE_OK;
  }
  static int disconnect(sqlite3_vtab* vtab) {
    sqlite3_free(vtab);
    return SQLITE_OK;
  }
  static int best_index(sqlite3_vtab*, sqlite3_index_info* info) {
    // Usable only with its pointer given: `drill_..._rows(?)`.
    for (int i = 0; i < info->nConstraint; ++i) {
      const auto& c = info->aConstraint[i];
      if (c.iColumn == Rows::kColumns && c.op == SQLITE_INDEX_CONSTRAINT_EQ && c.usable) {
        info->aConstraintUsage[i].argvIndex = 1;
        info->aConstraintUsage[i].omit = 1;
        info->estimatedCost = 1;
        info->estimatedRows = 100;
        return SQLITE_OK;
      }
    }
    return SQLITE_CONSTRAINT;
  }
  static int open(sqlite3_vtab*, sqlite3_vtab_cursor** out) {
    void* memory = sqlite3_malloc(sizeof(Cursor));
    if (!memory) return SQLITE_NOMEM;
    *out = &(new (memory) Cursor{})->base;
    return SQLITE_OK;
  }
  static int close(sqlite3_vtab_cursor* cur) {
    sqlite3_free(cur);
    return SQLITE_OK;
  }
  static int filter(sqlite3_vtab_cursor* cur, int, const char*, int argc, sqlite3_value** argv) {
    auto* c = reinterpret_cast<Cursor*>(cur);
    c->rows = argc == 1 ? static_cast<const Rows*>(sqlite3_value_pointer(argv[0], Rows::kType)) : nullptr;
    c->i = 0;
    return SQLITE_OK;
  }
  static int next(sqlite3_vtab_cursor* cur) {
    ++reinterpret_cast<Cursor*>(cur)->i;
    return SQLITE_OK;
  }
  static int eof(sqlite3_vtab_cursor* cur) {
    const auto* c = reinterpret_cast<Cursor*>(cur);
    return !c->rows || c->i >= c->rows->size();
  }
  static int column(sqlite3_vtab_cursor* cur, sqlite3_context* ctx, int column) {
    const auto* c = reinterpret_cast<Cursor*>(cur);
    if (column < Rows::kColumns) {
      c->rows->column(ctx, c->i, column);
    } else {
      sqlite3_result_null(ctx);
    }
    return SQLITE_OK;
  }
  static int rowid(sqlite3_vtab_cursor* cur, sqlite3_int64* rowid) {
    *rowid = static_cast<sqlite3_int64>(reinterpret_cast<Cursor*>(cur)->i);
    return SQLITE_OK;
  }

  static constexpr sqlite3_module module{
      .iVersion = 0,
      .xCreate = nullptr,
      .xConnect = connect,
      .xBestIndex = best_index,
      .xDisconnect = disconnect,
      .xDestroy = disconnect,
      .xOpen = open,
      .xClose = close,
      .xFilter = filter,
      .xNext = next,
      .xEof = eof,
      .xColumn = column,
      .xRowid = rowid,
      .xUpdate = nullptr,
      .xBegin = nullptr,
      .xSync = nullptr,
      .xCommit = nullptr,
      .xRollback = nullptr,
      .xFindFunction = nullptr,
      .xRename = nullptr,
      .xSavepoint = nullptr,
      .xRelease = nullptr,
      .xRollbackTo = nullptr,
      .xShadowName = nullptr,
  };
};

// SQLite keeps global counts of its memory (a mutex and a memory barrier
// around every allocation) unless told not to before it starts; nothing
// here reads them. Called before the first connection; SQLite refuses the
// setting (harmlessly) if something else in the process started it first.
void configure_sqlite_once() {
  static const bool configured = [] {
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    return true;
  }();
  (void)configured;
}

// The connection, closed when it goes; Impl declares it before its
// statements so that they are finalized first.
struct Connection {
  sqlite3* db = nullptr;
  Connection() = default;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection() { sqlite3_close(db); }
};

}  // namespace

struct SweepDb::Impl {
  std::string path;  // for messages
  Connection connection;
  sqlite3* db = nullptr;

  Statement begin, commit;
  Statement set_info, get_info;
  Statement add_point, add_parameter, add_point_parameter;
  Statement add_series;
  Statement add_run, find_run, add_values, add_list_member, add_sample, drop_values, drop_samples, drop_run;
  Statement add_staged_runs, add_staged_values;
  Statement set_aggregate, set_aggregates, set_warm_up, set_search;

  // Series ids by SeriesKey::text(), with the key they were stored with.
  struct StoredSeries {
    std::int64_t id;
    SeriesKey key;
  };
  std::unordered_map<std::string, StoredSeries> series_ids;
  std::unordered_map<std::string, std::int64_t> parameter_ids;
  // The previous run's series and their ids: consecutive runs of a sweep
  // almost always have the same series, so a run's ids cost nothing when it
  // shares the previous run's key list (a design point's runs do), else a
  // comparison of keys, instead of a lookup each.
  SeriesList last_series;
  std::vector<std::int64_t> last_ids;
  // Other lists found to hold last_series' keys: each worker (or MPI rank)
  // that starts a point at the same moment makes its own list, and their
  // runs then alternate; a list seen once costs a pointer comparison after
  // that, not a comparison of every key (which was a tenth of the storing
  // thread's time in a two-worker sweep).
  std::array<SeriesList, 8> same_as_last;
  std::size_t next_same = 0;
  // The lists of series ids stored in series_lists, and the previous run's
  // list (0: not looked up yet since its series changed).
  std::map<std::vector<std::int64_t>, std::int64_t> list_ids;
  std::int64_t last_list_id = 0;
  std::int64_t next_list_id = 1;
  // Runs staged (stage_run) and not yet written, in staging order: their
  // runs rows (with where their value arrays are in staged_text) and
  // their kept samples (series ids already resolved).
  std::vector<StagedRun> staged;
  std::string staged_text;
  ValueArrayWriter writer;  // the arrays of runs staged without one (SweepRuns::write_value_arrays)
  struct StagedSample {
    std::int64_t run_id;
    std::int64_t series_id;
    double time_s;
    double value;
  };
  std::vector<StagedSample> staged_samples;
  bool in_transaction = false;

  Impl() = default;
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;
  ~Impl() {
    if (!in_transaction) return;
    try {
      flush();
      commit.run();
    } catch (...) {
      // A destructor cannot report it; checkpoint() is where errors show.
    }
  }

  void exec(const char* sql) {
    if (const int rc = sqlite3_exec(db, sql, nullptr, nullptr, nullptr); rc != SQLITE_OK)
      throw SweepDbError(path + ": " + failure(db, rc));
  }

  // Opens the file `p`; messages name `shown`.
  void connect(const std::filesystem::path& p, const std::filesystem::path& shown, int flags) {
    configure_sqlite_once();
    path = shown.string();
    const int rc = sqlite3_open_v2(p.c_str(), &connection.db, flags, nullptr);
    db = connection.db;
    if (rc != SQLITE_OK) {
      const std::string msg = db ? sqlite3_errmsg(db) : "out of memory";
      throw SweepDbError(path + ": cannot open the sweep database: " + msg);
    }
    sqlite3_extended_result_codes(db, 1);
    if (sqlite3_create_module_v2(db, "drill_staged_runs", &RowsTable<StagedRuns>::module, nullptr, nullptr) !=
            SQLITE_OK ||
        sqlite3_create_module_v2(db, "drill_staged_values", &RowsTable<StagedValues>::module, nullptr, nullptr) !=
            SQLITE_OK ||
        sqlite3_create_module_v2(db, "drill_aggregate_rows", &RowsTable<AggregateRows>::module, nullptr, nullptr) !=
            SQLITE_OK) {
      throw SweepDbError(path + ": " + sqlite3_errmsg(db));
    }
    // Speed over durability: the sweep writes its database in a staging
    // folder that is committed as a whole (io/result_files.hpp), so a crash
    // loses the staging folder, never a committed sweep; the rollback
    // journal stays in memory (statement rollback still works) and nothing
    // waits for the disk. One connection: take the lock once. A page cache
    // of 512 KiB (32 pages): the runs go in at the end of their tables, so
    // the pages a sweep reads again are the few on the path to that end
    // (and the points' and series' rows). With 16 MiB the cache grew with
    // the runs, each new page fresh memory first touched on the storing
    // thread: a --jobs 2 sweep of configs/small.yaml peaked at 22.0 MB with
    // 1,000 runs and 34.1 MB with 20,000; with 512 KiB at 22.1 MB from 1,000
    // to 40,000 runs, in the same time.
    exec("PRAGMA journal_mode = MEMORY; PRAGMA synchronous = OFF; PRAGMA locking_mode = EXCLUSIVE;"
         " PRAGMA temp_store = MEMORY; PRAGMA cache_size = -512;");
  }

  void prepare() {
    const auto s = [&](const char* sql) { return Statement(db, path, sql); };
    begin = s("BEGIN");
    commit = s("COMMIT");
    set_info = s("INSERT INTO sweep (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value");
    get_info = s("SELECT value FROM sweep WHERE key = ?1");
    add_point = s("INSERT OR IGNORE INTO design_points (point_id, label, origin) VALUES (?1, ?2, ?3)");
    add_parameter = s("INSERT INTO parameters (path) VALUES (?1)");
    add_point_parameter = s(
        "INSERT OR IGNORE INTO point_parameters (point_id, parameter_id, value, value_number) VALUES (?1, ?2, ?3, ?4)");
    add_series = s("INSERT INTO series (measure, labels, unit, statistic) VALUES (?1, ?2, ?3, ?4)");
    add_run = s(
        "INSERT OR IGNORE INTO runs (run_id, point_id, replication, seed, fingerprint, events, status)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    find_run = s("SELECT point_id, replication FROM runs WHERE run_id = ?1");
    add_values = s("INSERT INTO run_values (run_id, list_id, value_array) VALUES (?1, ?2, ?3)");
    add_list_member = s("INSERT INTO series_lists (list_id, position, series_id) VALUES (?1, ?2, ?3)");
    add_sample = s("INSERT INTO samples (run_id, series_id, time_s, value) VALUES (?1, ?2, ?3, ?4)");
    add_staged_runs = s(
        "INSERT INTO runs (run_id, point_id, replication, seed, fingerprint, events, status)"
        " SELECT run_id, point_id, replication, seed, fingerprint, events, status FROM drill_staged_runs(?1)");
    add_staged_values = s(
        "INSERT INTO run_values (run_id, list_id, value_array) SELECT run_id, list_id, value_array"
        " FROM drill_staged_values(?1)");
    drop_values = s("DELETE FROM run_values WHERE run_id = ?1");
    drop_samples = s("DELETE FROM samples WHERE run_id = ?1");
    drop_run = s("DELETE FROM runs WHERE run_id = ?1");
    set_aggregate = s(
        "INSERT OR REPLACE INTO aggregate (point_id, series_id, n, mean, sd, ci_low, ci_high, min, max)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
    set_aggregates = s(
        "INSERT OR REPLACE INTO aggregate (point_id, series_id, n, mean, sd, ci_low, ci_high, min, max)"
        " SELECT ?1, series_id, n, mean, sd, ci_low, ci_high, min, max FROM drill_aggregate_rows(?2)");
    set_warm_up = s(
        "INSERT OR REPLACE INTO warm_up (point_id, series_id, batches, truncation_batches, truncation_time_s)"
        " VALUES (?1, ?2, ?3, ?4, ?5)");
    set_search = s(
        "INSERT OR REPLACE INTO search (probe, point_id, value, n, mean, ci_low, ci_high, meets)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
  }

  void load_caches() {
    Statement series(db, path, "SELECT series_id, measure, labels, unit, statistic FROM series");
    while (series.step()) {
      SeriesKey key{series.text(1), series.text(2), series.text(3), series.text(4)};
      std::string text = key.text();
      series_ids.emplace(std::move(text), StoredSeries{series.integer(0), std::move(key)});
    }
    Statement params(db, path, "SELECT parameter_id, path FROM parameters");
    while (params.step()) parameter_ids.emplace(params.text(1), params.integer(0));
    for (auto& [id, ids] : stored_lists()) {
      list_ids.emplace(std::move(ids), id);
      next_list_id = std::max(next_list_id, id + 1);
    }
  }

  // Each stored series' key by its id (pointing into series_ids).
  std::unordered_map<std::int64_t, const SeriesKey*> keys_by_id() const {
    std::unordered_map<std::int64_t, const SeriesKey*> keys;
    for (const auto& [text, stored] : series_ids) keys.emplace(stored.id, &stored.key);
    return keys;
  }

  // Every list of series_lists: its id and its series ids in position
  // order.
  std::map<std::int64_t, std::vector<std::int64_t>> stored_lists() {
    std::map<std::int64_t, std::vector<std::int64_t>> lists;
    Statement members(db, path, "SELECT list_id, position, series_id FROM series_lists ORDER BY list_id, position");
    while (members.step()) {
      std::vector<std::int64_t>& ids = lists[members.integer(0)];
      if (members.integer(1) != static_cast<std::int64_t>(ids.size())) {
        throw SweepDbError(path + ": series list " + std::to_string(members.integer(0)) + " has no position " +
                           std::to_string(ids.size()));
      }
      ids.push_back(members.integer(2));
    }
    return lists;
  }

  void open_transaction() {
    begin.run();
    in_transaction = true;
  }

  // add_run's and stage_run's checks of a run, before anything of it is
  // written (a series whose unit differs from the stored one is refused
  // so); gives its series' ids.
  const std::vector<std::int64_t>& checked_run(std::uint64_t run_id, const RunOutcome& outcome, bool keep_samples) {
    if (outcome.series.size() != outcome.values.size()) {
      throw std::invalid_argument("sweep database: a run outcome with " + std::to_string(outcome.series.size()) +
                                  " series and " + std::to_string(outcome.values.size()) + " values");
    }
    if (run_id > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
      throw std::invalid_argument("sweep database: run id " + std::to_string(run_id) + " out of range");
    }
    const std::vector<std::int64_t>& ids = series_ids_of(outcome.series);
    if (keep_samples) {
      for (const Sample& s : outcome.samples) {
        if (s.series >= ids.size()) {
          throw std::invalid_argument("sweep database: a sample of series " + std::to_string(s.series) +
                                      " in a run with " + std::to_string(ids.size()) + " series");
        }
      }
    }
    if (last_list_id == 0) last_list_id = list_id(ids);
    return ids;
  }

  // The id of the list of series `ids` in series_lists, stored now if it is
  // not there yet (a sweep has a few: one per set of series its points
  // give).
  std::int64_t list_id(const std::vector<std::int64_t>& ids) {
    if (const auto it = list_ids.find(ids); it != list_ids.end()) return it->second;
    const std::int64_t id = next_list_id++;
    for (std::size_t i = 0; i < ids.size(); ++i) {
      add_list_member.bind(1, id).bind(2, static_cast<std::int64_t>(i)).bind(3, ids[i]).run();
    }
    list_ids.emplace(ids, id);
    return id;
  }

  // The run's values as run_values keeps them: the text its worker made,
  // else made here by `writer`.
  std::string_view values_text(const RunOutcome& outcome, std::string& made) {
    if (!outcome.value_array.empty()) return outcome.value_array;
    made = writer.write(outcome.values);
    return made;
  }

  // Writes the staged runs: one statement for their runs rows, one for
  // all their results, then their samples; all of them or (on an error)
  // none.
  void flush() {
    if (staged.empty()) return;
    try {
      const StagedRuns runs_rows{&staged};
      add_staged_runs.bind_pointer(1, &runs_rows, StagedRuns::kType);
      add_staged_runs.run();
    } catch (const SweepDbError&) {
      // A staged run's id or ticket is stored already; the statement left
      // no row. Name the first such run.
      std::string what = path + ": a run staged clashes with a stored run";
      for (const StagedRun& r : staged) {
        find_run.bind(1, r.run_id);
        const bool found = find_run.step();
        find_run.reset();
        if (found) {
          what = path + ": run " + std::to_string(r.run_id) + " (point " + std::to_string(r.point) +
                 ", replication " + std::to_string(r.replication) + ") clashes with the stored run " +
                 std::to_string(r.run_id);
          break;
        }
      }
      clear_staged();
      throw SweepDbError(what);
    }
    try {
      const StagedValues rows{&staged, &staged_text};
      add_staged_values.bind_pointer(1, &rows, StagedValues::kType);
      add_staged_values.run();
      if (static_cast<std::size_t>(sqlite3_changes64(db)) != staged.size()) {
        throw SweepDbError(path + ": the results of " + std::to_string(sqlite3_changes64(db)) + " of the " +
                           std::to_string(staged.size()) + " staged runs stored");
      }
      for (const StagedSample& sample : staged_samples) {
        add_sample.bind(1, sample.run_id).bind(2, sample.series_id).bind(3, sample.time_s).bind(4, sample.value).run();
      }
    } catch (...) {
      // Leave no half run behind (a disk error, say).
      try {
        for (const StagedRun& r : staged) {
          drop_samples.bind(1, r.run_id).run();
          drop_values.bind(1, r.run_id).run();
          drop_run.bind(1, r.run_id).run();
        }
      } catch (const SweepDbError&) {
        // The first error is the one to report.
      }
      clear_staged();
      throw;
    }
    clear_staged();
  }

  void clear_staged() noexcept {
    staged.clear();
    staged_text.clear();
    staged_samples.clear();
  }

  std::int64_t series_id(const SeriesKey& key) {
    const std::string text = key.text();
    if (const auto it = series_ids.find(text); it != series_ids.end()) {
      const SeriesKey& stored = it->second.key;
      if (stored.unit != key.unit || stored.statistic != key.statistic) {
        throw SweepDbError(path + ": series " + text + " is stored with unit '" + stored.unit + "' and statistic '" +
                           stored.statistic + "', not unit '" + key.unit + "' and statistic '" + key.statistic + "'");
      }
      return it->second.id;
    }
    add_series.bind(1, key.measure).bind(2, key.labels).bind(3, key.unit).bind(4, key.statistic).run();
    const std::int64_t id = sqlite3_last_insert_rowid(db);
    series_ids.emplace(text, StoredSeries{id, key});
    return id;
  }

  const std::vector<std::int64_t>& series_ids_of(const SeriesList& series) {
    if (series.shares(last_series)) return last_ids;
    for (const SeriesList& same : same_as_last)
      if (series.shares(same)) return last_ids;
    if (series.keys() == last_series.keys()) {
      // The same keys in another list (two workers each made one as a
      // point began): remembered, so that the runs after it that share it
      // cost a pointer comparison.
      same_as_last[next_same++ % same_as_last.size()] = series;
      return last_ids;
    }
    same_as_last.fill(SeriesList{});
    next_same = 0;
    std::vector<std::int64_t> ids;
    ids.reserve(series.size());
    std::unordered_map<std::int64_t, std::size_t> seen;
    for (const SeriesKey& key : series) {
      const std::int64_t id = series_id(key);
      if (!seen.emplace(id, ids.size()).second) {
        throw SweepDbError(path + ": a run lists series " + key.text() + " twice");
      }
      ids.push_back(id);
    }
    last_series = series;
    last_ids = std::move(ids);
    last_list_id = 0;
    return last_ids;
  }

  std::int64_t parameter_id(const std::string& p) {
    if (const auto it = parameter_ids.find(p); it != parameter_ids.end()) return it->second;
    add_parameter.bind(1, std::string_view(p)).run();
    const std::int64_t id = sqlite3_last_insert_rowid(db);
    parameter_ids.emplace(p, id);
    return id;
  }

  // The series id of `key`, which must be one the database has.
  std::int64_t known_series_id(const SeriesKey& key) { return series_id(key); }
};

namespace {
// Infinities as run_values writes them: JSON has no infinity, and SQLite's
// JSON reads a number beyond the largest double as one.
constexpr std::string_view kInfinity = "9e999";
constexpr std::string_view kMinusInfinity = "-9e999";

// The longest number value_array() writes: a sign, 17 digits, a point and
// "e-308".
constexpr std::size_t kLongestValue = 24;

// Writes `v` as value_array() does at `p` (room for kLongestValue chars);
// returns the end.
char* put_value(char* p, double v) {
  // Every number with an exponent, so that SQLite's JSON reads it as a
  // REAL (a whole number without one would be an INTEGER).
  std::string_view special;
  if (std::isnan(v)) {
    special = "null";
  } else if (std::isinf(v)) {
    special = v > 0 ? kInfinity : kMinusInfinity;
  }
  if (!special.empty()) return std::copy(special.begin(), special.end(), p);
  if (v == std::trunc(v) && std::abs(v) < 1e15 && !(v == 0 && std::signbit(v))) {
    // A whole number (most of a drill's counts) as its digits and "e0":
    // a third cheaper than the shortest scientific form, and exact.
    p = std::to_chars(p, p + kLongestValue, static_cast<std::int64_t>(v)).ptr;
    *p++ = 'e';
    *p++ = '0';
    return p;
  }
  return std::to_chars(p, p + kLongestValue, v, std::chars_format::scientific).ptr;
}
}  // namespace

std::string value_array(const std::vector<double>& values) { return ValueArrayWriter().write(values); }

std::string ValueArrayWriter::write(const std::vector<double>& values) {
  const std::size_t room = 2 + (kLongestValue + 1) * values.size();
  if (buffer_.size() < room) buffer_.resize(room);
  return std::string(buffer_.data(), put(values, buffer_.data()));
}

void ValueArrayWriter::append(const std::vector<double>& values, std::string& out) {
  const std::size_t at = out.size();
  out.resize(at + 2 + (kLongestValue + 1) * values.size());
  out.resize(static_cast<std::size_t>(put(values, out.data() + at) - out.data()));
}

char* ValueArrayWriter::put(const std::vector<double>& values, char* p) {
  static_assert(sizeof Kept::text == kLongestValue);
  if (kept_.size() < values.size()) kept_.resize(values.size());
  *p++ = '[';
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) *p++ = ',';
    Kept& kept = kept_[i];
    const auto bits = std::bit_cast<std::uint64_t>(values[i]);
    if (kept.size == 0 || kept.bits != bits) {
      kept.bits = bits;
      kept.size = static_cast<std::uint8_t>(put_value(kept.text, values[i]) - kept.text);
    }
    p = std::copy_n(kept.text, kept.size, p);
  }
  *p++ = ']';
  return p;
}

std::vector<double> parse_value_array(std::string_view text) {
  const auto bad = [&](const char* why) {
    return std::invalid_argument("value_array '" + std::string(text.substr(0, 40)) +
                                 (text.size() > 40 ? "...'" : "'") + ": " + why);
  };
  const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  std::vector<double> values;
  std::size_t at = 0;
  const auto skip_space = [&] {
    while (at < text.size() && space(text[at])) ++at;
  };
  skip_space();
  if (at == text.size() || text[at] != '[') throw bad("not a JSON array");
  ++at;
  skip_space();
  if (at < text.size() && text[at] == ']') {
    ++at;
  } else {
    for (;;) {
      skip_space();
      std::size_t end = at;
      while (end < text.size() && text[end] != ',' && text[end] != ']' && !space(text[end])) ++end;
      const std::string_view item = text.substr(at, end - at);
      if (item == "null") {
        values.push_back(std::numeric_limits<double>::quiet_NaN());
      } else if (item == kInfinity || item == kMinusInfinity) {
        values.push_back(item == kInfinity ? std::numeric_limits<double>::infinity()
                                           : -std::numeric_limits<double>::infinity());
      } else {
        // A JSON number: from_chars would also take "nan" and "inf".
        const std::string_view digits = item.substr(item.starts_with('-') ? 1 : 0);
        double v = 0;
        const auto [p, ec] = std::from_chars(item.data(), item.data() + item.size(), v);
        if (digits.empty() || std::isdigit(static_cast<unsigned char>(digits[0])) == 0 || ec != std::errc() ||
            p != item.data() + item.size()) {
          throw bad("an item is not a number");
        }
        values.push_back(v);
      }
      at = end;
      skip_space();
      if (at == text.size()) throw bad("no closing ]");
      if (text[at++] == ']') break;
    }
  }
  skip_space();
  if (at != text.size()) throw bad("text after the array");
  return values;
}

SweepDb::SweepDb(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
SweepDb::SweepDb(SweepDb&&) noexcept = default;
SweepDb& SweepDb::operator=(SweepDb&&) noexcept = default;
SweepDb::~SweepDb() = default;

SweepDb SweepDb::create(const std::filesystem::path& path, const std::filesystem::path& shown) {
  const std::filesystem::path& named = shown.empty() ? path : shown;
  std::error_code ec;
  if (std::filesystem::exists(path, ec)) {
    throw SweepDbError(named.string() + ": cannot create the sweep database: the file exists");
  }
  auto impl = std::make_unique<Impl>();
  impl->connect(path, named, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_EXRESCODE | SQLITE_OPEN_NOMUTEX);
  // Pages of 16 KiB: fewer page splits and page writes for the results
  // appended run after run (about a sixth less CPU than 4 KiB), and
  // faster scans of them.
  impl->exec("PRAGMA page_size = 16384");
  impl->exec(("PRAGMA application_id = " + std::to_string(kApplicationId) +
              "; PRAGMA user_version = " + std::to_string(kSchemaVersion) + ";")
                 .c_str());
  impl->exec("BEGIN");
  impl->in_transaction = true;
  impl->exec(kSchema);
  impl->prepare();
  impl->set_info.bind(1, std::string_view("schema_version")).bind(2, std::to_string(kSchemaVersion)).run();
  return SweepDb(std::move(impl));
}

SweepDb SweepDb::open(const std::filesystem::path& path) {
  auto impl = std::make_unique<Impl>();
  impl->connect(path, path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_EXRESCODE | SQLITE_OPEN_NOMUTEX);
  const std::string& name = impl->path;
  {
    Statement app(impl->db, name, "PRAGMA application_id");
    app.step();
    if (app.integer(0) != kApplicationId) {
      throw SweepDbError(name + ": not a sweep database (SQLite application_id " + std::to_string(app.integer(0)) +
                         ", a sweep database has " + std::to_string(kApplicationId) + ")");
    }
    Statement version(impl->db, name, "PRAGMA user_version");
    version.step();
    if (version.integer(0) != kSchemaVersion) {
      throw SweepDbError(name + ": sweep database schema version " + std::to_string(version.integer(0)) +
                         ", this drillsim reads version " + std::to_string(kSchemaVersion));
    }
  }
  impl->prepare();
  {
    // The version is in the file twice (for SQLite's tools and for a
    // reader of the sweep table); both must say so.
    Statement& info = impl->get_info;
    info.bind(1, std::string_view("schema_version"));
    const std::string version = info.step() ? info.text(0) : "none";
    info.reset();
    if (version != std::to_string(kSchemaVersion)) {
      throw SweepDbError(name + ": sweep database with schema_version " + version + " in its sweep table, PRAGMA user_version " +
                         std::to_string(kSchemaVersion));
    }
  }
  impl->load_caches();
  impl->open_transaction();
  return SweepDb(std::move(impl));
}

void SweepDb::set_info(std::string_view key, std::string_view value) {
  impl_->flush();
  impl_->set_info.bind(1, key).bind(2, value).run();
}

std::optional<std::string> SweepDb::info(std::string_view key) const {
  Statement& s = impl_->get_info;
  s.bind(1, key);
  std::optional<std::string> out;
  if (s.step()) out = s.text(0);
  s.reset();
  return out;
}

std::uint64_t SweepDb::run_count() const {
  impl_->flush();
  Statement count(impl_->db, impl_->path, "SELECT count(*) FROM runs");
  count.step();
  return static_cast<std::uint64_t>(count.integer(0));
}

void SweepDb::add_point(PointId point, std::string_view label, std::string_view origin,
                        const std::vector<std::pair<std::string, std::string>>& parameters) {
  Impl& d = *impl_;
  d.flush();
  d.add_point.bind(1, static_cast<std::int64_t>(point.value)).bind(2, label).bind(3, origin).run();
  if (sqlite3_changes(d.db) == 0) return;  // already there (a resumed sweep)
  for (const auto& [path, value] : parameters) {
    const std::int64_t id = d.parameter_id(path);
    d.add_point_parameter.bind(1, static_cast<std::int64_t>(point.value)).bind(2, id).bind(3, value);
    if (const auto number = leading_number(value)) {
      d.add_point_parameter.bind(4, *number);
    } else {
      d.add_point_parameter.bind_null(4);
    }
    d.add_point_parameter.run();
  }
}

void SweepDb::add_run(std::uint64_t run_id, std::uint64_t seed, const RunOutcome& outcome, bool keep_samples) {
  Impl& d = *impl_;
  d.flush();
  const std::vector<std::int64_t>& ids = d.checked_run(run_id, outcome, keep_samples);
  const auto id = static_cast<std::int64_t>(run_id);
  d.add_run.bind(1, id)
      .bind(2, static_cast<std::int64_t>(outcome.ticket.point.value))
      .bind(3, static_cast<std::int64_t>(outcome.ticket.replication))
      .bind(4, std::string_view(std::to_string(seed)))
      .bind(5, std::string_view(hex16(outcome.fingerprint)))
      .bind(6, static_cast<std::int64_t>(outcome.events))
      .bind(7, std::string_view(outcome.completed ? "completed" : "stopped"))
      .run();
  if (sqlite3_changes(d.db) == 0) {
    // Already stored (a resumed sweep replays its runs): the same ticket
    // under the same run id, or the sweep's order has changed.
    d.find_run.bind(1, id);
    const bool found = d.find_run.step();
    const RunTicket stored{PointId{static_cast<std::uint32_t>(found ? d.find_run.integer(0) : 0)},
                           static_cast<std::uint64_t>(found ? d.find_run.integer(1) : 0)};
    d.find_run.reset();
    if (!found || stored != outcome.ticket) {
      const std::string what = "run " + std::to_string(run_id) + " (point " +
                               std::to_string(outcome.ticket.point.value) + ", replication " +
                               std::to_string(outcome.ticket.replication) + ")";
      throw SweepDbError(d.path + ": " + what +
                         (found ? " clashes with the stored run " + std::to_string(run_id) + " of point " +
                                      std::to_string(stored.point.value) + ", replication " +
                                      std::to_string(stored.replication)
                                : " clashes with a stored run of that point and replication under another run id"));
    }
    return;
  }
  try {
    std::string made;
    d.add_values.bind(1, id).bind(2, d.last_list_id).bind(3, d.values_text(outcome, made)).run();
    if (keep_samples && !outcome.samples.empty()) {
      Statement& s = d.add_sample;
      s.bind(1, id);
      for (const Sample& sample : outcome.samples) {
        s.bind(2, ids[sample.series]).bind(3, sample.time_s).bind(4, sample.value).run();
      }
    }
  } catch (...) {
    // Leave no half run behind (a disk error, say): the run is either all
    // there or not at all.
    try {
      d.drop_samples.bind(1, id).run();
      d.drop_values.bind(1, id).run();
      d.drop_run.bind(1, id).run();
    } catch (const SweepDbError&) {
      // The first error is the one to report.
    }
    throw;
  }
}

void SweepDb::stage_run(std::uint64_t run_id, std::uint64_t seed, const RunOutcome& outcome, bool keep_samples) {
  Impl& d = *impl_;
  const std::vector<std::int64_t>& ids = d.checked_run(run_id, outcome, keep_samples);
  const auto id = static_cast<std::int64_t>(run_id);
  StagedRun& r = d.staged.emplace_back();
  r.run_id = id;
  r.point = static_cast<std::int64_t>(outcome.ticket.point.value);
  r.replication = static_cast<std::int64_t>(outcome.ticket.replication);
  r.events = static_cast<std::int64_t>(outcome.events);
  r.seed_size = static_cast<int>(std::to_chars(r.seed, r.seed + sizeof r.seed, seed).ptr - r.seed);
  static constexpr char kHex[] = "0123456789abcdef";
  for (int i = 0; i < 16; ++i) r.fingerprint[i] = kHex[(outcome.fingerprint >> (60 - 4 * i)) & 0xf];
  r.completed = outcome.completed;
  r.list_id = d.last_list_id;
  r.values_at = d.staged_text.size();
  if (outcome.value_array.empty()) {
    d.writer.append(outcome.values, d.staged_text);  // the workers left it here
  } else {
    d.staged_text += outcome.value_array;
  }
  r.values_size = d.staged_text.size() - r.values_at;
  if (keep_samples) {
    for (const Sample& sample : outcome.samples) {
      d.staged_samples.push_back(Impl::StagedSample{id, ids[sample.series], sample.time_s, sample.value});
    }
  }
}

std::size_t SweepDb::staged() const noexcept { return impl_->staged.size(); }

void SweepDb::flush() { impl_->flush(); }

void SweepDb::show_as(const std::filesystem::path& shown) { impl_->path = shown.string(); }

std::vector<RunOutcome> SweepDb::runs() const {
  std::vector<RunOutcome> out;
  StoredRuns stored(*this);
  while (std::optional<RunOutcome> o = stored.next()) out.push_back(std::move(*o));
  return out;
}

struct StoredRuns::Impl {
  // A list of series_lists: its keys (made once, shared by the runs that
  // have it) and its series ids, by place.
  struct List {
    SeriesList keys;
    std::vector<std::int64_t> ids;
  };
  SweepDb::Impl& d;
  Statement runs, values, samples;
  bool has_samples = false;
  bool done = false;
  std::unordered_map<std::int64_t, List> lists;  // by list id

  explicit Impl(SweepDb::Impl& db) : d(db) {
    d.flush();
    const std::unordered_map<std::int64_t, const SeriesKey*> keys = d.keys_by_id();
    for (auto& [list, ids] : d.stored_lists()) {
      std::vector<SeriesKey> list_keys;
      list_keys.reserve(ids.size());
      for (const std::int64_t series : ids) {
        const auto key = keys.find(series);
        if (key == keys.end()) {
          throw SweepDbError(d.path + ": series list " + std::to_string(list) + " names series " +
                             std::to_string(series) + ", which series has not");
        }
        list_keys.push_back(*key->second);
      }
      lists.emplace(list, List{SeriesList(std::move(list_keys)), std::move(ids)});
    }
    // Rows of runs that are not there: the lookups by run below would
    // never come to them.
    Statement orphan(d.db, d.path,
                     "SELECT 'run_values', run_id FROM run_values WHERE run_id NOT IN (SELECT run_id FROM runs)"
                     " UNION ALL SELECT 'samples', run_id FROM samples WHERE run_id NOT IN (SELECT run_id FROM runs)"
                     " LIMIT 1");
    if (orphan.step()) {
      throw SweepDbError(d.path + ": a " + orphan.text(0) + " row of run " + std::to_string(orphan.integer(1)) +
                         ", which runs has not");
    }
    Statement any(d.db, d.path, "SELECT EXISTS (SELECT 1 FROM samples)");
    has_samples = any.step() && any.integer(0) != 0;
    runs = Statement(d.db, d.path,
                     "SELECT run_id, point_id, replication, fingerprint, events, status FROM runs ORDER BY run_id");
    values = Statement(d.db, d.path, "SELECT list_id, value_array FROM run_values WHERE run_id = ?1");
    samples = Statement(d.db, d.path, "SELECT series_id, time_s, value FROM samples WHERE run_id = ?1 ORDER BY rowid");
  }

  std::optional<RunOutcome> next() {
    if (done || !runs.step()) {
      done = true;
      return std::nullopt;
    }
    const std::int64_t run = runs.integer(0);
    RunOutcome o;
    o.ticket.point = PointId{static_cast<std::uint32_t>(runs.integer(1))};
    o.ticket.replication = static_cast<std::uint64_t>(runs.integer(2));
    const std::string fp = runs.text(3);
    const auto [p, ec] = std::from_chars(fp.data(), fp.data() + fp.size(), o.fingerprint, 16);
    if (ec != std::errc() || p != fp.data() + fp.size() || fp.size() != 16) {
      throw SweepDbError(d.path + ": run " + std::to_string(run) + " has fingerprint '" + fp + "', not 16 hex digits");
    }
    o.events = static_cast<std::uint64_t>(runs.integer(4));
    o.completed = runs.text(5) == "completed";

    const List* list = nullptr;  // the run's, if it has results
    values.bind(1, run);
    if (values.step()) {
      const std::string where = "run_values row of run " + std::to_string(run);
      const std::int64_t list_id = values.integer(0);
      const auto found = lists.find(list_id);
      if (found == lists.end()) {
        values.reset();
        throw SweepDbError(d.path + ": the " + where + " names series list " + std::to_string(list_id) +
                           ", which series_lists has not");
      }
      list = &found->second;
      try {
        o.values = parse_value_array(values.text(1));
      } catch (const std::invalid_argument& e) {
        values.reset();
        throw SweepDbError(d.path + ": the " + where + ": " + e.what());
      }
      if (o.values.size() != list->ids.size()) {
        values.reset();
        throw SweepDbError(d.path + ": the " + where + " has " + std::to_string(o.values.size()) +
                           " values for a list of " + std::to_string(list->ids.size()) + " series");
      }
      o.series = list->keys;
    }
    values.reset();
    if (has_samples) read_samples(run, list ? list->ids : std::vector<std::int64_t>{}, o);
    return o;
  }

  // The run's samples, each naming its series by its place in the run's list.
  void read_samples(std::int64_t run, const std::vector<std::int64_t>& ids, RunOutcome& o) {
    samples.bind(1, run);
    while (samples.step()) {
      const std::int64_t series = samples.integer(0);
      const auto at = std::find(ids.begin(), ids.end(), series);
      if (at == ids.end()) {
        samples.reset();
        throw SweepDbError(d.path + ": samples row (run " + std::to_string(run) + ", series " +
                           std::to_string(series) + ") is of a series the run has no result of");
      }
      o.samples.push_back(Sample{static_cast<std::uint32_t>(at - ids.begin()), samples.real(1), samples.real(2)});
    }
    samples.reset();
  }
};

StoredRuns::StoredRuns(const SweepDb& db) : impl_(std::make_unique<Impl>(*db.impl_)) {}
StoredRuns::~StoredRuns() = default;
StoredRuns::StoredRuns(StoredRuns&&) noexcept = default;
StoredRuns& StoredRuns::operator=(StoredRuns&&) noexcept = default;

std::optional<RunOutcome> StoredRuns::next() { return impl_->next(); }

void SweepDb::set_aggregate(PointId point, const SeriesKey& series, const SeriesSummary& s) {
  Impl& d = *impl_;
  d.flush();
  d.set_aggregate.bind(1, static_cast<std::int64_t>(point.value))
      .bind(2, d.known_series_id(series))
      .bind(3, static_cast<std::int64_t>(s.n))
      .bind(4, s.mean)
      .bind(5, s.sd)
      .bind(6, s.ci_low)
      .bind(7, s.ci_high)
      .bind(8, s.min)
      .bind(9, s.max)
      .run();
}

void SweepDb::set_aggregates(PointId point, const SeriesList& series, const std::vector<SeriesSummary>& summaries) {
  Impl& d = *impl_;
  d.flush();
  if (series.size() != summaries.size()) {
    throw std::invalid_argument("sweep database: " + std::to_string(series.size()) + " series and " +
                                std::to_string(summaries.size()) + " summaries");
  }
  const AggregateRows rows{&d.series_ids_of(series), &summaries};
  d.set_aggregates.bind(1, static_cast<std::int64_t>(point.value)).bind_pointer(2, &rows, AggregateRows::kType).run();
}

void SweepDb::set_warm_up(PointId point, const SeriesKey& series, const WarmUpResult& result) {
  Impl& d = *impl_;
  d.flush();
  d.set_warm_up.bind(1, static_cast<std::int64_t>(point.value))
      .bind(2, d.known_series_id(series))
      .bind(3, static_cast<std::int64_t>(result.batches))
      .bind(4, static_cast<std::int64_t>(result.truncation_batches))
      .bind(5, result.truncation_time_s)
      .run();
}

void SweepDb::read_aggregate(const std::function<void(const AggregateRow&)>& each) const {
  Impl& d = *impl_;
  d.flush();
  // The aggregate in the order of its key, one point's rows at a time, each
  // put in its place in the point's list here: read through the index by
  // series in list order instead, the rows of a sweep of 4,000 points of
  // configs/small.yaml cost 2 us each, the index's pages read from the file
  // again and again past the page cache.
  const std::unordered_map<std::int64_t, const SeriesKey*> keys = d.keys_by_id();
  const std::map<std::int64_t, std::vector<std::int64_t>> lists = d.stored_lists();
  Statement rows(d.db, d.path,
                 "SELECT point_id, series_id, n, mean, sd, ci_low, ci_high, min, max FROM aggregate"
                 " ORDER BY point_id, series_id");
  Statement point(d.db, d.path,
                  "SELECT label, (SELECT list_id FROM run_values WHERE run_id = (SELECT run_id FROM runs"
                  "   WHERE runs.point_id = ?1 ORDER BY replication LIMIT 1))"
                  " FROM design_points WHERE point_id = ?1");
  Statement parameters(d.db, d.path,
                       "SELECT parameters.path, point_parameters.value FROM point_parameters"
                       " JOIN parameters USING (parameter_id) WHERE point_parameters.point_id = ?1"
                       " ORDER BY point_parameters.parameter_id");

  AggregateRow row;
  std::unordered_map<std::int64_t, SeriesSummary> found;  // the point's rows by series id
  const auto give_point = [&](std::int64_t id) {
    point.bind(1, id);
    const bool known = point.step();
    row.point = PointId{static_cast<std::uint32_t>(id)};
    row.label = known ? point.text(0) : std::string();
    const auto list = known ? lists.find(point.integer(1)) : lists.end();
    point.reset();
    row.parameters.clear();
    parameters.bind(1, id);
    while (parameters.step()) row.parameters.emplace_back(parameters.text(0), parameters.text(1));
    parameters.reset();
    if (list == lists.end()) return;  // no run: no order
    for (const std::int64_t series : list->second) {
      const auto summary = found.find(series);
      const auto key = keys.find(series);
      if (summary == found.end() || key == keys.end()) continue;
      row.series = *key->second;
      row.summary = summary->second;
      each(row);
    }
  };
  std::optional<std::int64_t> current;
  while (rows.step()) {
    const std::int64_t id = rows.integer(0);
    if (current && *current != id) {
      give_point(*current);
      found.clear();
    }
    current = id;
    SeriesSummary& s = found[rows.integer(1)];
    s.n = static_cast<std::uint64_t>(rows.integer(2));
    s.mean = rows.real(3);
    s.sd = rows.real(4);
    s.ci_low = rows.real(5);
    s.ci_high = rows.real(6);
    s.min = rows.real(7);
    s.max = rows.real(8);
  }
  if (current) give_point(*current);
}

std::vector<std::string> SweepDb::parameter_paths() const {
  Impl& d = *impl_;
  d.flush();
  std::vector<std::string> paths;
  Statement params(d.db, d.path, "SELECT path FROM parameters ORDER BY parameter_id");
  while (params.step()) paths.push_back(params.text(0));
  return paths;
}

void SweepDb::set_search_probe(std::uint32_t probe, PointId point, std::int64_t value, const SeriesSummary& s,
                               bool meets) {
  Impl& d = *impl_;
  d.flush();
  d.set_search.bind(1, static_cast<std::int64_t>(probe))
      .bind(2, static_cast<std::int64_t>(point.value))
      .bind(3, value)
      .bind(4, static_cast<std::int64_t>(s.n))
      .bind(5, s.mean)
      .bind(6, s.ci_low)
      .bind(7, s.ci_high)
      .bind(8, static_cast<std::int64_t>(meets ? 1 : 0))
      .run();
}

void SweepDb::finish() {
  Impl& d = *impl_;
  d.flush();
  if (!d.in_transaction) d.open_transaction();
  d.exec(kFinishingIndices);
  checkpoint();
}

void SweepDb::checkpoint() {
  Impl& d = *impl_;
  d.flush();
  if (d.in_transaction) {
    d.commit.run();
    d.in_transaction = false;
  }
  d.open_transaction();
}

}  // namespace drill::sweep
