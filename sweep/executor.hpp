// Who runs a sweep's runs: local threads (local_executor.hpp) or MPI ranks
// (mpi_executor.hpp), behind one interface, so the sweep's logic (grid,
// sequential replications, search, database, resume) is written once.
//
// The driver hands over a list of tickets in the order their outcomes must
// be consumed (design point, then replication). The executor runs them on
// as many workers as it has, ahead of consumption by a bounded window, and
// gives every outcome to `consume` on the calling thread strictly in list
// order, so results never depend on the number of workers or on which one
// finished first. Before handing a ticket out, and again before consuming
// its outcome, it asks `wanted` (on the calling thread): a ticket no longer
// wanted (its point met its stopping rule on earlier replications) is not
// run, or its outcome is dropped. `known` (if set) supplies an outcome the
// sweep already has (a resumed sweep's stored runs), which is consumed in
// its place without running anything. `started` (if set) is called once
// the first tickets are out, while the workers run them.
// A stop request ends the work early: outcomes are consumed up to the first
// ticket not finished, the rest dropped.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/stop_flag.hpp"
#include "sweep/run_outcome.hpp"

namespace drill::sweep {

/// Turns tickets into outcomes: the sweep's drills and run settings
/// (sweep_runs.hpp implements it). prepare() runs on the calling thread;
/// run() on worker threads (the calling thread may be one), several at once.
class Runs {
 public:
  virtual ~Runs() = default;
  /// Builds (once) the drill of `point`; called on the calling thread
  /// before any of its tickets goes to a worker.
  virtual void prepare(PointId point) = 0;
  /// Simulates one ticket of a prepared point.
  virtual RunOutcome run(const RunTicket& ticket) const = 0;
  /// The point as text another process can learn() it from (its
  /// overrides, one `PATH=VALUE` per line).
  virtual std::string describe(PointId point) const = 0;
  /// Learns a point from describe()'s text (an MPI worker rank); then
  /// prepare() builds it as on rank 0. Throws std::runtime_error on bad text.
  virtual void learn(PointId point, std::string_view description) = 0;
};

struct Work {
  std::vector<RunTicket> tickets;
  std::function<bool(const RunTicket&)> wanted;              // empty: all wanted
  std::function<std::optional<RunOutcome>(const RunTicket&)> known;  // empty: none known
  std::function<void(RunOutcome&&)> consume;
  /// Empty: none. Called once on the calling thread as soon as the first
  /// tickets are out to the workers, before the first outcome is consumed:
  /// work the calling thread would do before consuming anyway (creating the
  /// sweep's database) then overlaps the first runs instead of delaying
  /// them. An exception from it ends the work as one from `consume` does.
  std::function<void()> started;
};

struct WorkDone {
  std::size_t consumed = 0;  // outcomes handed to consume (known ones included)
  std::size_t ran = 0;       // runs actually simulated for it
  bool stopped = false;      // a stop request ended it early
};

/// Whether the thread that calls execute() runs tickets too, as one of the
/// workers, rather than only consuming their outcomes. `automatic`: when the
/// workers would otherwise outnumber the CPUs they have (local_executor.hpp,
/// mpi_executor.hpp), so that no thread of the sweep takes its CPU time
/// from a worker's at moments the scheduler chooses.
enum class CallerRuns {
  automatic,
  always,
  never,
};

class Executor {
 public:
  virtual ~Executor() = default;
  /// Runs `work` (see the banner). Exceptions from runs or from `consume`
  /// stop the workers and are rethrown here.
  virtual WorkDone execute(const Work& work, const engine::StopFlag* stop) = 0;
  /// Workers that run simulations.
  virtual unsigned workers() const noexcept = 0;
  /// Whether a stopped execute() gave up on workers that did not answer
  /// for the runs they held (an MPI rank killed, its node gone): they may
  /// never answer again, so nothing may wait for them.
  virtual bool lost_workers() const noexcept { return false; }
};

}  // namespace drill::sweep
