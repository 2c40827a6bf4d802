// `drillsim sweep SWEEP.yaml`: a sweep file in, every design point checked
// before anything runs, the runs on local threads (or MPI ranks), and the
// result folder out: sweep.db, aggregate.csv, manifest.json and, with
// --per-run, runs/pNNNN-rNNNN.summary.json; the aggregate of the chosen
// measures (and a search's answer) printed.
//
// Exit codes as `drillsim run`: 0 done; 64 a bad command line (also: started
// by mpirun without MPI built in); 65 the sweep
// file or a design point's drill is invalid (errors printed with
// file:line:column, nothing written), or --resume names a sweep of another
// sweep file or drill; 66 a file is missing (also the database --resume
// needs); 73 the results could not be written or --out holds something
// drillsim did not write; 74 printing failed after the results were
// written; 128 + signal when SIGINT/SIGTERM stopped it (what ran is
// committed with status `stopped`; --resume continues it).
#include <algorithm>
#include <chrono>
#include <csignal>
#include <exception>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <iterator>
#include <memory>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

#include <unistd.h>

#include "app/byte_size.hpp"
#include "app/commands.hpp"
#include "app/interrupt.hpp"
#include "app/progress.hpp"
#include "app/version.hpp"
#include "engine/drill_source.hpp"
#include "engine/run_threads.hpp"
#include "io/headline.hpp"
#include "io/result_files.hpp"
#include "io/run_manifest.hpp"
#include "io/sha256.hpp"
#include "sweep/aggregate_csv.hpp"
#include "sweep/local_executor.hpp"
#include "sweep/mpi_executor.hpp"
#include "sweep/sweep_db.hpp"
#include "sweep/sweep_driver.hpp"
#include "sweep/sweep_file.hpp"
#include "sweep/sweep_runs.hpp"

namespace drill::app {

namespace {

namespace fs = std::filesystem;
namespace sc = models::scenario;
using sweep::PointId;
using sweep::RunOutcome;
using sweep::RunTicket;

constexpr const char* kWho = "drillsim sweep";

/// Prints diagnostics; true when none is an error.
bool report(const std::vector<sc::Diagnostic>& diagnostics) {
  std::cerr << sc::format(diagnostics);
  for (const sc::Diagnostic& d : diagnostics)
    if (d.severity == sc::Severity::error) return false;
  return true;
}

/// A folder of its own for the database of a sweep without --out (removed
/// at the end: nothing is kept, as with `drillsim run` without --out).
class ScratchFolder {
 public:
  ScratchFolder() {
    path_ = fs::temp_directory_path() / ("drillsim-sweep-" + std::to_string(::getpid()));
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~ScratchFolder() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  ScratchFolder(const ScratchFolder&) = delete;
  ScratchFolder& operator=(const ScratchFolder&) = delete;
  const fs::path& path() const noexcept { return path_; }

 private:
  fs::path path_;
};

/// The stopped sweep being resumed: its database (a copy) and its runs,
/// read one at a time as the sweep replays them.
struct Resumed {
  sweep::SweepDb db;
  sweep::StoredRuns runs{db};
  std::uint64_t count = db.run_count();
  bool completed = db.info("status") == "completed";  // resumed once more, say
};

/// A stored run of the sweep being resumed that cannot be read back (found
/// as the sweep comes to it): bad input, as the checks before the sweep
/// report it, not a result that could not be written.
class ResumeError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// The stopped sweep in `dir` (its sweep.db), after checking that it is a
/// sweep of the same sweep file and drill; nullptr with `exit_code` set
/// after printing why not. The database is read from a copy in `scratch`,
/// so the set being resumed stays exactly as it was.
std::unique_ptr<Resumed> stored_runs(const fs::path& dir, const fs::path& scratch, const std::string& sweep_sha256,
                                     const std::string& drill_sha256, int& exit_code) {
  const fs::path db_path = dir / "sweep.db";
  std::error_code ec;
  if (!fs::is_regular_file(db_path, ec)) {
    std::cerr << kWho << ": --resume: " << db_path.string() << " does not exist; there is no sweep to resume there\n";
    exit_code = kExitNoInput;
    return nullptr;
  }
  const fs::path copy = scratch / "resumed.db";
  fs::copy_file(db_path, copy, fs::copy_options::overwrite_existing, ec);
  if (ec) {
    std::cerr << kWho << ": --resume: cannot read " << db_path.string() << ": " << ec.message() << "\n";
    exit_code = kExitNoInput;
    return nullptr;
  }
  try {
    sweep::SweepDb old = sweep::SweepDb::open(copy);
    const auto differs = [&](const char* key, const std::string& now) { return old.info(key).value_or("") != now; };
    if (differs("sweep_sha256", sweep_sha256) || differs("drill_sha256", drill_sha256)) {
      std::cerr << kWho << ": --resume: " << db_path.string() << " is a sweep of "
                << (differs("sweep_sha256", sweep_sha256) ? "another sweep file" : "another drill")
                << " (its SHA-256 differs); run without --resume to start afresh\n";
      exit_code = kExitDataError;
      return nullptr;
    }
    old.show_as(db_path);  // its messages name the file resumed, not the copy
    return std::make_unique<Resumed>(Resumed{std::move(old)});
  } catch (const sweep::SweepDbError& e) {
    std::cerr << kWho << ": --resume: " << e.what() << "\n";
    exit_code = kExitDataError;
    return nullptr;
  }
}

/// `runs/p0003-r0012.summary.json`.
std::string per_run_file_name(const RunTicket& t) {
  char name[64];
  std::snprintf(name, sizeof name, "runs/p%04u-r%04llu.summary.json", t.point.value,
                static_cast<unsigned long long>(t.replication));
  return name;
}

/// A stored run's per-run summary, from the folder of the sweep being
/// resumed (its runs are replayed, not run, so none is made for them).
std::string stored_summary(const fs::path& dir, const std::string& name) {
  const fs::path path = dir / name;
  std::ifstream in(path, std::ios::binary);
  if (!in.is_open())
    throw ResumeError(path.string() + " is missing: the stopped sweep's summary of a stored run (--per-run)");
  std::string text{std::istreambuf_iterator<char>(in), {}};
  if (in.bad()) throw ResumeError(path.string() + ": cannot read the stopped sweep's summary of a stored run");
  return text;
}

/// "0.0421 s", "42.1 s", "2 min 03 s".
std::string seconds_text(double s) {
  char text[48];
  if (s < 10)
    std::snprintf(text, sizeof text, "%.3g s", s);
  else if (s < 120)
    std::snprintf(text, sizeof text, "%.1f s", s);
  else
    std::snprintf(text, sizeof text, "%lld min %02lld s", static_cast<long long>(s) / 60,
                  static_cast<long long>(s) % 60);
  return text;
}

/// The printout, made as the aggregate is read (SweepDb::read_aggregate):
/// each point's chosen measures (the sequential rule's and the search's;
/// without any, the drill's totals: the series without labels), then a
/// search's answer.
class Printout {
 public:
  Printout(const sweep::SweepFile& sw, const sweep::SweepReport& r) : sw_(sw), r_(r) {
    for (const auto& m : sw.replications.measures) shown_.insert(m.text);
    if (sw.search) shown_.insert(sw.search->measure.text);
    text_ = "sweep " + sw.name + ": " + std::to_string(r.runs) + " runs" +
            (r.stopped ? " (stopped; --resume continues it)" : "") + "\n";
  }

  void add(const sweep::AggregateRow& row) {
    if (!point_ || *point_ != row.point.value) {
      point_ = row.point.value;
      text_ += "point " + std::to_string(row.point.value) + (row.label.empty() ? "" : " (" + row.label + ")") + ": " +
               std::to_string(row.summary.n) + (row.summary.n == 1 ? " run\n" : " runs\n");
    }
    if (shown_.empty() ? !row.series.labels.empty() : !shown_.count(row.series.text())) return;
    const io::DisplayUnit u = io::display_unit(row.series.unit, row.series.statistic);
    const sweep::SeriesSummary& s = row.summary;
    text_ += "  " + row.series.text() + ": mean " + io::format_figure(s.mean, u);
    if (s.n < 2)
      text_ += " (one run: no sd, no interval)\n";
    else
      text_ += ", sd " + io::format_figure(s.sd, u, 4) + ", 95 % CI [" + io::format_figure(s.ci_low, u) + ", " +
               io::format_figure(s.ci_high, u) + "]\n";
  }

  /// The text, with a search's answer.
  std::string finish() {
    if (sw_.search && !r_.stopped) {
      const sweep::Search& s = *sw_.search;
      if (r_.answer)
        text_ += "answer: " + s.parameter + " = " + std::to_string(*r_.answer) + " (the " +
                 (s.find == sweep::Search::Find::smallest ? "smallest" : "largest") + " value in [" +
                 std::to_string(s.from) + ", " + std::to_string(s.to) + "] whose " + s.measure.text +
                 " 95 % CI is " + (s.bound == sweep::Search::Bound::below ? "below " : "above ") +
                 io::format_figure(s.target, io::display_unit(s.target_unit, "value")) + ")\n";
      else
        text_ += "answer: no value of " + s.parameter + " in [" + std::to_string(s.from) + ", " +
                 std::to_string(s.to) + "] meets the target\n";
    }
    return std::move(text_);
  }

 private:
  const sweep::SweepFile& sw_;
  const sweep::SweepReport& r_;
  std::set<std::string> shown_;
  std::optional<std::uint32_t> point_;  // of the last row added
  std::string text_;
};

struct CheckedSweep {
  sweep::SweepFile sweep;
  std::string drill_text;
  /// Each of sweep.points' drill as validation loaded it (none for a search).
  std::vector<std::shared_ptr<const engine::DrillSource>> drills;
};

/// The sweep file and every design point's drill checked, diagnostics
/// printed; nullopt with `exit_code` set when anything is wrong. `jobs`
/// threads check the design points (0: one per core); `meanwhile` runs on
/// the calling thread while they do.
std::optional<CheckedSweep> check_sweep(const std::string& file, int& exit_code, unsigned jobs,
                                        const std::function<void()>& meanwhile = {}) {
  std::error_code ec;
  if (!fs::exists(file, ec)) {
    std::cerr << file << ": error: the sweep file does not exist\n";
    exit_code = kExitNoInput;
    return std::nullopt;
  }
  sweep::SweepLoad loaded = sweep::load_sweep(file);
  if (!report(loaded.diagnostics) || !loaded.sweep) {
    std::cerr << file << ": the sweep file is not valid"
              << (sweep::is_drill_file(file) ? " (it is a drill: run it with `drillsim run " + file +
                                                   "`, or name it as a sweep file's `drill`)"
                                             : std::string())
              << "\n";
    exit_code = loaded.drill_missing ? kExitNoInput : kExitDataError;  // a missing file, as for `run`
    return std::nullopt;
  }
  std::vector<sc::Diagnostic> drill_diagnostics;
  std::optional<std::string> drill_text = sweep::read_drill(*loaded.sweep, drill_diagnostics);
  if (!drill_text) {
    report(drill_diagnostics);
    exit_code = fs::exists(loaded.sweep->drill, ec) ? kExitDataError : kExitNoInput;
    return std::nullopt;
  }
  std::vector<std::shared_ptr<const engine::DrillSource>> drills;
  if (jobs == 0) jobs = std::max(1u, std::thread::hardware_concurrency());
  const std::vector<sc::Diagnostic> found = sweep::validate_points(*loaded.sweep, *drill_text, &drills, jobs, meanwhile);
  if (!report(found)) {
    // Some are the sweep file's own (a key varied twice, a target in
    // another unit), found only with the drill at hand.
    const bool drill_errors = std::any_of(found.begin(), found.end(), [&](const sc::Diagnostic& d) {
      return d.severity == sc::Severity::error && d.file != loaded.sweep->path.string();
    });
    // Its drill a sweep file: looked at only now, not at every start.
    const fs::path& drill = loaded.sweep->drill;
    std::cerr << file << (drill_errors ? ": a design point's drill is not valid" : ": the sweep file is not valid")
              << (drill_errors && sweep::is_sweep_file(drill)
                      ? " ('" + drill.string() + "' is a sweep file, not a drill: name the drill the other sweep varies)"
                      : std::string())
              << "; nothing ran\n";
    exit_code = kExitDataError;
    return std::nullopt;
  }
  return CheckedSweep{std::move(*loaded.sweep), std::move(*drill_text), std::move(drills)};
}

/// What every rank must run the same: the sweep file and the drill, by SHA-256.
std::string mpi_identity(const std::string& sweep_sha256, const std::string& drill_sha256) {
  return "sweep " + sweep_sha256 + " drill " + drill_sha256;
}

/// The sweep as a worker rank loads it before rank 0's first ticket: the
/// sweep file, its drill and the grid's points' drills (loaded as rank 0
/// loads them while it validates them).
struct WorkerSweep {
  std::optional<sweep::SweepFile> sweep;  // none: not a valid sweep file here
  std::optional<std::string> drill_text;  // none: its drill cannot be read here
  std::vector<std::shared_ptr<const engine::DrillSource>> drills;  // empty if a point is not valid
  std::exception_ptr error;  // loading threw: each ticket answers it
};

WorkerSweep load_worker_sweep(const std::string& file) {
  WorkerSweep w;
  try {
    w.sweep = sweep::load_sweep(file).sweep;
    if (!w.sweep) return w;
    std::vector<sc::Diagnostic> diagnostics;
    w.drill_text = sweep::read_drill(*w.sweep, diagnostics);
    if (w.drill_text && !w.sweep->points.empty() &&
        !sweep::validate_points(*w.sweep, *w.drill_text, &w.drills).empty())
      w.drills.clear();  // rank 0 finds and reports the same
  } catch (...) {
    w.error = std::current_exception();
  }
  return w;
}

// Under mpirun (sweep/mpi_executor.hpp) rank 0 runs this command with the
// MPI executor, each rank one worker; the other ranks only serve rank 0's
// tickets: they print nothing and write nothing. Each loads the same sweep
// file and drill (the same paths on every machine) at its start, and when
// rank 0's first message comes builds its runs from them, or refuses every
// ticket if they are missing or differ from rank 0's. The loading includes
// the grid's design points (rank 0's first points, in the sweep file's
// order), done while rank 0 validates them, so that their loading, 0.65 ms
// a point of the small drill, is not in the sweep's time when their first
// tickets come; a point rank 0 describes differently is learned and loaded
// as before.
int serve_sweep_tickets(sweep::MpiRanks& ranks, const SweepOptions& o) {
  // mpirun passes SIGINT and SIGTERM to every rank; stopping is rank 0's
  // decision, and a worker that died would leave it waiting.
  const StopOnSignal rank_0_decides;
  WorkerSweep w = load_worker_sweep(o.file);
  sweep::serve_mpi_worker(ranks, [&o, &w](std::string_view rank_0_runs) -> std::unique_ptr<sweep::Runs> {
    if (w.error) std::rethrow_exception(w.error);
    if (!w.sweep) throw std::runtime_error(o.file + " is not a valid sweep file on this rank's machine");
    if (!w.drill_text) throw std::runtime_error(w.sweep->drill.string() + " cannot be read on this rank's machine");
    if (mpi_identity(w.sweep->sha256, io::sha256_hex(*w.drill_text)) != rank_0_runs)
      throw std::runtime_error("the sweep file or its drill on this rank's machine differs from rank 0's (SHA-256): " +
                               o.file + ", " + w.sweep->drill.string());
    auto runs = std::make_unique<sweep::SweepRuns>(*w.sweep, *w.drill_text);
    runs->keep_summaries(o.per_run, {kVersion, kGitRevision});
    for (std::size_t i = 0; i < w.drills.size(); ++i)
      runs->offer(PointId{static_cast<std::uint32_t>(i)}, w.sweep->points[i], std::move(w.drills[i]));
    w.drills.clear();  // a later executor's runs load their points
    return runs;
  });
  return kExitOk;
}

}  // namespace

int run_sweep_command(const SweepOptions& o) {
  // Declared first, so it ends last: MPI stays up until the command is
  // done, and rank 0's early returns still release the other ranks.
  std::optional<sweep::MpiRanks> mpi;
  if (sweep::launched_under_mpi()) {
    try {
      mpi.emplace();
    } catch (const std::exception& e) {
      if (sweep::launched_rank() == 0) std::cerr << kWho << ": " << e.what() << "\n";
      return kExitUsage;
    }
    if (!mpi->root()) return serve_sweep_tickets(*mpi, o);
    if (o.jobs != 0) std::cerr << kWho << ": --jobs is not used under mpirun: each rank is one worker\n";
  }
  if ((o.resume || o.per_run) && o.out.empty()) {
    std::cerr << kWho << ": --resume and --per-run go with --out DIR\n";
    return kExitUsage;
  }
  ScratchFolder scratch;
  // sweep.db is made in the scratch folder while the run threads check the
  // points (its schema and statements took the sweep's storing thread ~2 ms
  // against the workers' first runs), and moved into the result folder
  // once the sweep is to run: a sweep that does not run leaves nothing.
  // Where the move cannot be a rename (another file system), it is made
  // there afresh; a resumed sweep's is made from the stopped one's runs.
  const fs::path scratch_db = scratch.path() / "sweep.db";
  std::unique_ptr<io::ResultFolder> out;  // made once the points are valid
  std::optional<sweep::SweepDb> db;        // closed before the folder goes
  const auto make_db = [&] {
    if (o.resume) return;
    try {
      db.emplace(sweep::SweepDb::create(scratch_db));
    } catch (const sweep::SweepDbError&) {
      // Made where it goes, as a resumed sweep's is; a file begun here
      // would be taken for an existing database there.
      std::error_code ec;
      fs::remove(scratch_db, ec);
    }
  };
  int check_code = kExitOk;
  // The sweep's workers check its points (under mpirun the other ranks
  // share the cores: one thread).
  std::optional<CheckedSweep> checked = check_sweep(o.file, check_code, mpi ? 1 : o.jobs, make_db);
  if (!checked) return check_code;
  const sweep::SweepFile& sw = checked->sweep;
  const std::optional<std::string> drill_text = std::move(checked->drill_text);
  const std::string drill_sha256 = io::sha256_hex(*drill_text);

  // Ctrl-C from here on stops the sweep after the runs in progress; what
  // ran is committed with status `stopped`.
  const StopOnSignal interrupt;
  const std::uint64_t budget = o.max_output.empty() ? kDefaultMaxOutputBytes : parse_byte_size(o.max_output).value();
  if (!o.out.empty()) {
    try {
      out = std::make_unique<io::ResultFolder>(o.out);
      out->set_budget(budget);
    } catch (const io::ResultError& e) {
      std::cerr << kWho << ": " << e.what() << "\n";
      return kExitCantCreate;
    }
  }
  if (db && out) {
    // The open database follows its file (SQLite keeps the descriptor).
    std::error_code ec;
    fs::rename(scratch_db, out->staged("sweep.db"), ec);
    if (ec) {
      db.reset();
    } else {
      db->show_as(out->dir() / "sweep.db");
    }
  }
  std::unique_ptr<Resumed> resumed;
  sweep::Replay replay;
  if (o.resume) {
    int code = kExitOk;
    resumed = stored_runs(o.out, scratch.path(), sw.sha256, drill_sha256, code);
    if (!resumed) return code;
    if (o.per_run && resumed->count > 0 && !fs::is_directory(fs::path(o.out) / "runs")) {
      std::cerr << kWho << ": --resume --per-run: the stopped sweep in " << o.out
                << " kept no per-run summaries, so its " << resumed->count
                << " stored runs would have none; resume without --per-run, or run afresh\n";
      return kExitUsage;
    }
    replay = [&resumed] {
      try {
        return resumed->runs.next();
      } catch (const sweep::SweepDbError& e) {
        throw ResumeError(e.what());
      }
    };
  }
  if (interrupt.signal() != 0) {
    std::cerr << kWho << ": stopped by " << signal_name(interrupt.signal()) << " before the sweep began"
              << (o.out.empty() ? std::string() : "; " + o.out + " is as it was") << "\n";
    return 128 + interrupt.signal();
  }

  const std::string started_at = io::utc_now_iso8601();
  const auto start = std::chrono::steady_clock::now();
  const fs::path db_path = out ? out->staged("sweep.db") : scratch_db;
  sweep::SweepRuns runs(sw, *drill_text);
  runs.keep_summaries(o.per_run, {kVersion, kGitRevision});
  std::unique_ptr<sweep::Executor> executor;
  if (mpi)
    executor = sweep::make_mpi_executor(*mpi, runs, mpi_identity(sw.sha256, drill_sha256));
  else
    executor = std::make_unique<sweep::LocalExecutor>(runs, o.jobs);
  // Fewer local workers than CPUs: the thread that stores the runs has one
  // of its own, and writes their value arrays there instead of the workers.
  runs.write_value_arrays(mpi.has_value() || executor->workers() >= engine::usable_cpus());

  std::optional<sweep::SweepReport> result;
  std::optional<std::uint64_t> first_seed;  // the manifest's: the first run's
  double wall = 0;   // the sweep's: to the database's last commit
  std::string text;  // the printout
  try {
    // Opened by the driver once the workers have their first tickets
    // (sweep_driver.hpp); a resumed sweep's is created then.
    const auto open_db = [&]() -> sweep::SweepDb& {
      if (!db) db.emplace(sweep::SweepDb::create(db_path, out ? out->dir() / "sweep.db" : fs::path()));
      db->set_info("name", sw.name);
      db->set_info("sweep_file", sw.path.string());
      db->set_info("sweep_sha256", sw.sha256);
      db->set_info("drill", sw.drill.string());
      db->set_info("drill_sha256", drill_sha256);
      if (sw.seed) db->set_info("seed", std::to_string(*sw.seed));
      db->set_info("common_random_numbers", sw.common_random_numbers ? "true" : "false");
      db->set_info("tool_version", kVersion);
      return *db;
    };

    const sweep::PlannedRuns planned = sweep::planned_runs(sw);
    Progress progress(planned.runs, !o.quiet, kWho, "runs", planned.is_bound);
    std::set<std::uint32_t> seeded;  // points whose seed() may be asked (prepared)
    sweep::DriverHooks hooks;
    hooks.add_point = [&](PointId id, const sweep::PointPlan& plan) {
      const PointId got = runs.add_point(plan);
      if (got != id) throw std::logic_error("the sweep's points and its runs' points differ");
      // A grid point's drill as validation loaded it: not loaded again.
      if (id.value < checked->drills.size()) runs.adopt(id, checked->drills[id.value]);
    };
    hooks.seed_of = [&](const RunTicket& t) {
      // A resumed run's point may never have been built in this process.
      if (seeded.insert(t.point.value).second) runs.prepare(t.point);
      const std::uint64_t seed = runs.seed(t);
      if (!first_seed) first_seed = seed;
      return seed;
    };
    hooks.on_run = [&](const RunOutcome& outcome, std::uint64_t consumed) {
      if (out && o.per_run) {
        const std::string name = per_run_file_name(outcome.ticket);
        if (outcome.summary_json)
          out->write(name, *outcome.summary_json);
        else if (resumed)
          out->write(name, stored_summary(o.out, name));
      }
      progress.update(consumed);
    };
    hooks.note = [&](const std::string& line) {
      if (!o.quiet) std::cerr << kWho << ": " << line << "\n";
    };
    hooks.stop_after_runs = o.stop_after;
    result = sweep::run_sweep(sw, *executor, open_db, hooks, std::move(replay), &interrupt.flag());
    progress.finish();
    if (db) db->checkpoint();
    wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

    // aggregate.csv and the printout are made from one read of the
    // database's aggregate, a point at a time: what the sweep keeps in
    // memory does not grow with its points.
    std::optional<io::ResultFolder::File> csv_file;
    std::optional<sweep::AggregateCsvWriter> csv;
    if (out) {
      csv_file.emplace(out->create("aggregate.csv"));
      csv.emplace(db->parameter_paths(), [&](std::string_view piece) { csv_file->write(piece); });
    }
    Printout printout(sw, *result);
    if (csv || !o.quiet) {
      db->read_aggregate([&](const sweep::AggregateRow& row) {
        if (csv) csv->add(row);
        if (!o.quiet) printout.add(row);
      });
    }
    if (csv) {
      csv->finish();
      csv_file->close();
    }
    if (!o.quiet) text = printout.finish();
  } catch (const io::ResultError& e) {
    std::cerr << kWho << ": " << e.what() << "\n";
    return kExitCantCreate;
  } catch (const sweep::SweepDbError& e) {
    std::cerr << kWho << ": " << e.what() << "\n";
    return kExitCantCreate;
  } catch (const ResumeError& e) {
    std::cerr << kWho << ": --resume: " << e.what() << "\n";
    return kExitDataError;
  }
  db.reset();  // the file closed, before the folder takes it
  const bool stopped = result->stopped;
  // The stopped sweep's runs come back first, in its order: a resumed sweep
  // stopped before it had them all would commit fewer runs than the set it
  // replaces has. That set stays as it was.
  if (stopped && resumed && result->replayed < resumed->count) {
    const int signal = interrupt.signal() ? interrupt.signal() : SIGINT;
    std::cerr << kWho << ": "
              << (interrupt.signal() ? std::string("stopped by ") + signal_name(signal) : std::string("stopped (--stop-after)"))
              << " while the stopped sweep's runs were read back (" << result->replayed << " of " << resumed->count
              << "); " << o.out << " is as it was (--resume continues it)\n";
    return 128 + signal;
  }

  // Results first, then the printout: a closed stdout loses only that.
  if (out) {
    try {
      out->adopt("sweep.db");
      io::ResultManifest m;
      m.run.tool_version = kVersion;
      m.run.git_revision = kGitRevision;
      m.run.command_line = o.command_line;
      m.run.config_path = o.file;
      m.run.config_sha256 = sw.sha256;
      // The sweep's seed; without one, the drill's as the first run had it.
      m.run.seed = sw.seed ? *sw.seed : first_seed.value_or(0);
      m.run.wall_seconds = wall;
      m.run.host = io::host_name();
      m.run.status = stopped ? io::RunManifest::Status::stopped : io::RunManifest::Status::completed;
      m.drill_name = sw.name;
      m.replication_set = true;
      m.replications = result->runs;
      m.started_at = started_at;
      out->write("manifest.json", io::run_manifest_json(m, out->written()));
      out->commit();
    } catch (const io::ResultError& e) {
      std::cerr << kWho << ": " << e.what() << "\n";
      return kExitCantCreate;
    }
  }

  if (!o.quiet) {
    std::fprintf(stderr, "%s: %llu runs (%llu simulated now, %llu from the %s sweep) in %s wall time on %u %s; "
                         "the runs' own time %s\n",
                 kWho, static_cast<unsigned long long>(result->runs),
                 static_cast<unsigned long long>(result->runs - result->replayed),
                 static_cast<unsigned long long>(result->replayed),
                 resumed && resumed->completed ? "completed" : "stopped", seconds_text(wall).c_str(), executor->workers(),
                 executor->workers() == 1 ? "worker" : "workers", seconds_text(result->run_wall_seconds).c_str());
  }
  int code = kExitOk;
  if (stopped) {
    // Without a signal it was --stop-after, which exits as SIGINT would.
    const int signal = interrupt.signal() ? interrupt.signal() : SIGINT;
    std::cerr << kWho << ": "
              << (interrupt.signal() ? std::string("stopped by ") + signal_name(signal)
                                     : "stopped after " + std::to_string(result->runs) + " runs (--stop-after)")
              << "; " << (o.out.empty() ? std::string("the runs so far are below") : "the runs so far are in " + o.out)
              << " (status stopped; --resume continues it)\n";
    code = 128 + signal;
  }
  // Ranks that did not answer after the stop may be gone (killed, their
  // node lost): releasing them and MPI_Finalize would wait for them for
  // ever, so the job ends here, every rank, once what ran is committed.
  const auto end_with = [&](int c) {
    if (mpi && executor->lost_workers()) {
      std::cerr << kWho << ": worker ranks did not answer for their runs after the stop (lost?); those runs are "
                << "left to --resume, and every rank is ended (MPI_Abort)\n";
      mpi->abort(c);
    }
    return c;
  };
  if (o.quiet) return end_with(code);
  if (out) text += "results written to " + o.out + "\n";
  const std::string lost = o.out.empty() ? std::string("the results are lost") : "the results are in " + o.out;
  if (!print_stdout(text, lost.c_str())) return end_with(kExitIoError);
  return end_with(code);
}


int validate_sweep(const std::string& file) {
  int code = kExitOk;
  const std::optional<CheckedSweep> checked = check_sweep(file, code, 0);
  if (!checked) return code;
  const sweep::SweepFile& sw = checked->sweep;
  const sweep::PlannedRuns planned = sweep::planned_runs(sw);
  std::string verdict = file + ": valid sweep '" + sw.name + "' of " + sw.drill.filename().string() + ": ";
  if (sw.search)
    verdict += "a search over " + sw.search->parameter + " in [" + std::to_string(sw.search->from) + ", " +
               std::to_string(sw.search->to) + "]";
  else
    verdict += std::to_string(sw.points.size()) + (sw.points.size() == 1 ? " design point" : " design points");
  verdict += ", " + std::string(planned.is_bound ? "at most " : "") + std::to_string(planned.runs) + " runs\n";
  return print_stdout(verdict, "the verdict was not printed") ? kExitOk : kExitIoError;
}

}  // namespace drill::app
