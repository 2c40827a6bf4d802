// An Executor on local threads: `jobs` workers (0: one per core) run the
// tickets of a Work, and the calling thread hands every outcome to
// `consume` strictly in ticket order (executor.hpp).
//
// With fewer workers than CPUs the calling thread has a CPU to itself and
// only consumes; with as many workers as CPUs (or more) it is one of the
// workers: `jobs - 1` threads are started and the calling thread runs
// tickets too whenever the outcomes it waits for are not yet in. A thread
// of its own would then take its CPU time from a worker, whenever the
// scheduler chose: on the 2-core test machine, two workers of a sweep of
// small-drill runs lost 2-4 ms in every 14 ms to it, in runs cut in two and
// in waits on a lock held by a thread off its CPU (bench/README.md, "The
// storing thread is a worker").
//
// Invariants and costs:
// - Workers run at most `window` tickets ahead of the oldest ticket the
//   calling thread has not yet taken (128 per worker by default: room
//   enough that a worker keeps running while the calling thread creates
//   the database, 3 ms in a new process, commits it or is off the CPU;
//   with 32, a worker of a 1,000-run sweep of the small drill waited 1 to
//   5 ms for tickets), so memory is the window's outcomes and those being
//   consumed (another window at most), whatever the number of tickets.
// - The calling thread sleeps until the window's oldest tickets have
//   finished (32 per worker, at most half the window) or a run fails, then
//   takes every finished outcome at the window's front in one go, refills
//   the window and only then consumes what it took: one wake and one
//   hand-off per batch rather than per run (each wake is two context
//   switches, a few microseconds apiece, which shows against runs of a
//   fraction of a millisecond), and the workers never wait while it
//   consumes. When it is a worker too it runs tickets instead of sleeping,
//   one at a time, until those outcomes are in; once no ticket is left to
//   run it takes the outcomes as the oldest comes in, not a batch later,
//   so the sweep's last outcomes are stored right after their runs.
// - When every outcome is consumed, execute() returns without waiting for
//   the workers to end (a thread's exit took 0.3-0.5 ms): they are joined
//   by the next execute() or the destructor.
// - `wanted` and `known` are asked on the calling thread when a ticket
//   enters the window, and `wanted` again just before its outcome would be
//   consumed. `wanted` must be monotone (a ticket once unwanted stays so:
//   a point that met its stopping rule stays stopped); then which outcomes
//   are consumed depends only on the outcomes, never on the number of
//   workers or their timing. Runs made for tickets found unwanted later are
//   dropped (speculative work).
// - Runs::prepare(point) is called once per point, on the calling thread,
//   before the first of its tickets goes to a worker.
// - A stop request (checked every few tens of milliseconds) stops handing
//   out tickets; the runs in progress finish (a run has no stop of its
//   own), then the outcomes of the unbroken prefix of finished tickets are
//   consumed and the rest dropped. An outcome with `completed == false`
//   counts as not finished.
// - An exception from a run or from `consume` stops the workers (they
//   finish their current run) and is rethrown by execute().
#pragma once

#include <cstddef>
#include <memory>

#include "sweep/executor.hpp"

namespace drill::sweep {

class LocalExecutor final : public Executor {
 public:
  /// `runs` must outlive the executor. `jobs` 0: one worker per core.
  /// `window` 0: 128 tickets per worker.
  explicit LocalExecutor(Runs& runs, unsigned jobs = 0, std::size_t window = 0,
                         CallerRuns caller_runs = CallerRuns::automatic);
  /// Joins the last execute()'s workers.
  ~LocalExecutor() override;

  WorkDone execute(const Work& work, const engine::StopFlag* stop) override;
  unsigned workers() const noexcept override { return workers_; }

 private:
  Runs& runs_;
  unsigned workers_;
  std::size_t window_;
  CallerRuns caller_runs_;
  /// The last execute()'s workers, told to end and not yet joined (an
  /// owner of its internal pool type).
  std::shared_ptr<void> retiring_;
};

}  // namespace drill::sweep
