// Replications 0..n-1 of one drill on worker threads, handed back in
// replication order.
//
// Each replication has its own simulation and random streams (derived from
// seed, replication and stream name), so results do not depend on the
// number of threads; `consume` sees them in replication order on the
// calling thread as soon as each and every earlier one is done, so a caller
// can write and fold them in as they come. Workers run at most 4 x jobs
// replications ahead of the oldest one not yet consumed: memory is bounded
// by that window, not by n.
//
// A stop request (checked by each replication between its slices and
// before a worker takes the next one) ends the set early: replications
// that completed before the first unfinished one are consumed, the rest are
// dropped, so the set is always a prefix 0..k-1 of whole replications.
// An exception in a worker or in `consume` stops the workers and is
// rethrown on the calling thread.
//
// A ReplicationObserver hears, on the calling thread, how far each running
// replication has got (its latest slice boundary; boundaries passed while
// the calling thread was busy are folded into the latest) and each finished
// replication's results in replication order, whatever the number of
// threads: for a progress display, a live view of a set, a sweep's log.
// Progress costs a lock per slice boundary only when an observer is given.
//
// A RunControl (if given) pauses, resumes and stops the whole set from any
// thread: every worker holds at its next boundary, and before it takes its
// next replication, while the control is paused. Holding schedules
// nothing, so a paused set gives the results of one never paused. A set is
// not paced (RunControl::set_pace has no effect on it).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "engine/drill_run.hpp"
#include "engine/run_control.hpp"
#include "engine/run_loop.hpp"
#include "engine/stop_flag.hpp"
#include "models/scenario/spec.hpp"

namespace drill::engine {

struct ReplicationPlan {
  std::uint64_t seed = 0;
  std::uint64_t count = 1;
  /// Worker threads; 0 means one per core. Never more than `count`.
  unsigned jobs = 0;
  core::SimTime horizon;
  core::Duration slice = core::days(1);
  /// Each replication's warm-up (see RunSettings::warm_up).
  std::optional<core::SimTime> warm_up{};
  /// One replication watched in detail (the report's timeline and charts):
  /// it samples every `sample_every` and these observers and listeners
  /// watch it, on the worker thread that runs it; the caller reads what
  /// they gathered after run_replications returns. Sampling and watching
  /// change neither its events nor its results.
  struct Detail {
    std::uint64_t replication = 0;
    core::Duration sample_every = core::hours(1);
    std::vector<SliceObserver*> observers{};
    std::vector<models::ActivityListener*> activity_listeners{};
  };
  std::optional<Detail> detail{};
};

struct ReplicationsOutcome {
  std::uint64_t consumed = 0;  // replications 0..consumed-1 went to `consume`
  RunStatus status = RunStatus::completed;
};

/// Where a running replication has got.
struct ReplicationProgress {
  std::uint64_t replication = 0;
  core::SimTime now;  // its latest slice boundary
  core::SimTime horizon;
  std::uint64_t events = 0;
};

class ReplicationObserver {
 public:
  virtual ~ReplicationObserver() = default;
  /// A replication reached a slice boundary. For each replication, the last
  /// call is at its end and comes before its on_replication.
  virtual void on_progress(const ReplicationProgress& progress) { (void)progress; }
  /// Replication `result.replication` has finished and been consumed; in
  /// replication order 0, 1, 2, ...; `done` replications have been so far.
  virtual void on_replication(const RunResult& result, std::uint64_t done) {
    (void)result;
    (void)done;
  }
};

/// `consume` takes each replication's results in replication order, then
/// `observer` (if any) hears of it.
ReplicationsOutcome run_replications(const models::scenario::DrillSpec& spec, const ReplicationPlan& plan,
                                     const std::function<void(RunResult&&)>& consume,
                                     const StopFlag* stop = nullptr, ReplicationObserver* observer = nullptr,
                                     RunControl* control = nullptr);

/// The worker threads `jobs` means for `count` replications.
unsigned worker_threads(unsigned jobs, std::uint64_t count);

}  // namespace drill::engine
