// An Executor on local threads: `jobs` workers (0: one per core) run the
// tickets of a Work, and the calling thread hands every outcome to
// `consume` strictly in ticket order (executor.hpp).
//
// Invariants and costs:
// - Workers run at most `window` tickets ahead of the oldest ticket not
//   yet consumed (32 per worker by default: room enough that a worker keeps
//   running while the calling thread is busy with the database or off the
//   CPU, and few wakes of it; 16 cost the calling thread 0.2-0.3 us more
//   per run of the small drill), so memory is a few dozen outcomes per
//   worker, whatever the number of tickets.
// - The calling thread sleeps until the oldest half of the window has
//   finished (or a run fails), then consumes every finished outcome at the
//   window's front in one go and refills the window: one wake and one
//   hand-off per half window rather than per run (each wake is two context
//   switches, a few microseconds apiece, which shows against runs of a
//   fraction of a millisecond). The workers keep the other half meanwhile.
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

#include "sweep/executor.hpp"

namespace drill::sweep {

class LocalExecutor final : public Executor {
 public:
  /// `runs` must outlive the executor. `jobs` 0: one worker per core.
  /// `window` 0: 32 tickets per worker.
  explicit LocalExecutor(Runs& runs, unsigned jobs = 0, std::size_t window = 0);

  WorkDone execute(const Work& work, const engine::StopFlag* stop) override;
  unsigned workers() const noexcept override { return workers_; }

 private:
  Runs& runs_;
  unsigned workers_;
  std::size_t window_;
};

}  // namespace drill::sweep
