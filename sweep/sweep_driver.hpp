// Runs a sweep's design points through an Executor and keeps what they
// give: every run in sweep.db, the aggregate per point and series, the
// warm-up found by MSER-5, the probes and answer of a what-if search.
//
// What the driver decides, it decides on the ordered prefix of outcomes
// (design point, then replication): a point with sequential replications
// stops at the first count k >= min where every chosen measure's relative
// 95 % half-width is at most the target (or at max); `wanted` tells the
// executor so, and runs made ahead of that decision are dropped. So the
// database, the aggregate and the search are the same for any number of
// workers or ranks, and for a sweep stopped and resumed (stored outcomes
// come back through `known` and are consumed in their place).
//
// Costs: per point that is running, one accumulator per series of its runs
// and, with a warm-up, the sum of the watched series per sample; a grid's
// point lets them go once its rows are written (a search keeps its few
// probes'), and the aggregate is read back from the database, not kept
// (SweepDb::read_aggregate), so memory grows with the points by their
// plans alone; nothing per run beyond what the executor holds in its
// window (a resumed sweep's stored outcomes too: read one ahead, Replay).
// The database writes the runs kBatchRuns at a time (and whatever is
// staged when a list of tickets is done) and commits every kCheckpointRuns
// runs. A point's aggregate (and warm-up) rows are
// written as soon as it is done (its last replication, or its stopping
// rule met), while the later points run; a stop writes the rest.
// The driver prints nothing: stderr lines go through DriverHooks::note.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/stop_flag.hpp"
#include "sweep/executor.hpp"
#include "sweep/run_outcome.hpp"
#include "sweep/statistics.hpp"
#include "sweep/sweep_db.hpp"
#include "sweep/sweep_file.hpp"

namespace drill::sweep {

/// Runs between two commits of the database's transaction.
inline constexpr std::uint64_t kCheckpointRuns = 256;
/// Runs staged in the database and written together (SweepDb::stage_run):
/// one statement for their runs rows and one for their results, instead
/// of two per run. A divisor of kCheckpointRuns, and a constant, so that
/// the database's file is the same for any number of workers.
inline constexpr std::uint64_t kBatchRuns = 32;
static_assert(kCheckpointRuns % kBatchRuns == 0);

/// What the driver needs from the rest of the sweep (sweep_runs.hpp, the
/// command); every member may be empty.
struct DriverHooks {
  /// Tells the Runs of a design point (its overrides) before any of its
  /// tickets is handed out.
  std::function<void(PointId, const PointPlan&)> add_point;
  /// The seed a ticket runs with, for the database's runs table.
  std::function<std::uint64_t(const RunTicket&)> seed_of;
  /// Each outcome once it is consumed (its rows are staged in the
  /// database, written with the next batch); `consumed` counts the runs of
  /// the sweep so far, this one included.
  std::function<void(const RunOutcome&, std::uint64_t consumed)> on_run;
  /// A line for stderr (the warm-up found, a search probe's verdict).
  std::function<void(const std::string&)> note;
  /// Nonzero: the sweep stops as a stop request would, but exactly after
  /// this many runs are stored (tests of --resume stop it there).
  std::uint64_t stop_after_runs = 0;
};

/// One probed value of a what-if search.
struct ProbeRow {
  std::uint32_t probe = 0;
  PointId point;
  std::int64_t value = 0;
  SeriesSummary summary;
  bool meets = false;
};

struct SweepReport {
  std::uint64_t runs = 0;      // outcomes consumed (stored in the database)
  std::uint64_t replayed = 0;  // of them, stored outcomes of a resumed sweep
  std::uint64_t ran = 0;       // runs simulated, dropped speculative ones included
  /// The consumed runs' own wall-clock seconds (replayed ones excluded).
  double run_wall_seconds = 0;
  bool stopped = false;
  std::vector<ProbeRow> probes;        // probe order
  std::optional<std::int64_t> answer;  // a finished search's answer (nullopt: none meets)
};

/// The runs a sweep plans: the total for fixed replications, else an upper
/// bound (sequential replications stop early; a search probes at most
/// 1 + ceil(log2(to - from + 1)) values).
struct PlannedRuns {
  std::uint64_t runs = 0;
  bool is_bound = false;
};
PlannedRuns planned_runs(const SweepFile& sweep);

/// The design point's label in tables: `path=value, path=value`.
std::string point_label(const PointPlan& plan);

/// The stored outcomes of the stopped sweep being resumed, one a call in
/// the order it consumed them (StoredRuns::next; replay_of for a list);
/// nullopt after the last. The driver reads one ahead of the tickets the
/// executor asks about (in ticket order): the stored runs are never all in
/// memory. Empty: nothing to replay.
using Replay = std::function<std::optional<RunOutcome>()>;
/// A Replay of `stored` (tests; sorted by ticket first).
Replay replay_of(std::vector<RunOutcome> stored);

/// Runs `sweep` through `executor` into `db` (which has the sweep's info
/// rows already; the driver adds points, runs, aggregate, warm-up, search
/// rows, `status` and a search's `search_answer`). `replay`: the stopped
/// sweep's stored outcomes, each consumed in its ticket's place. A stop
/// request ends it early with `stopped` (what was consumed is stored and
/// aggregated). Throws what the executor or the database throws, and
/// std::runtime_error when a chosen series is missing from a run.
SweepReport run_sweep(const SweepFile& sweep, Executor& executor, SweepDb& db, const DriverHooks& hooks,
                      Replay replay = {}, const engine::StopFlag* stop = nullptr);
/// run_sweep with the database opened by `open_db` at the first need (once,
/// on the calling thread): in the first execute() as soon as the workers
/// have their first tickets (Work::started), so the database's schema and
/// statements are made while the first runs go. The points added before go
/// into it then, in order; what it throws, run_sweep throws.
SweepReport run_sweep(const SweepFile& sweep, Executor& executor, const std::function<SweepDb&()>& open_db,
                      const DriverHooks& hooks, Replay replay = {}, const engine::StopFlag* stop = nullptr);

}  // namespace drill::sweep
