// The run loop: the one place that drives a DrillRun from D+0 to its end.
// Single runs, replications, the command line, a live server and a sweep all
// run through it (Adevs and OMNeT++ keep the kernel ignorant of who watches;
// so does this: the kernel only runs slices).
//
// At each boundary, D+0 and the end included, in this order:
//   1. the run control (if any) holds the loop while paused and, while
//      paced, until the boundary's wall time is due;
//   2. the boundary is the last if the horizon is reached or a stop has been
//      requested (before this point); the last one settles the ships' fuel
//      accounts;
//   3. with sampling on, the loop reads the collector's changes once
//      (everything at D+0, at the warm-up and at the end; what changed since
//      the previous sample at a sample time);
//   4. every observer receives the same SliceBoundary view, in order.
// Then the next slice runs. A stop requested by an observer is honoured at
// the next boundary, which is then the last. Nothing here schedules an
// event: observers, listeners, pausing and pacing leave the event order,
// the fingerprint and the results alone.
#pragma once

#include <vector>

#include "engine/drill_run.hpp"
#include "engine/run_control.hpp"
#include "engine/slice_observer.hpp"
#include "engine/stop_flag.hpp"
#include "models/activity.hpp"
#include "models/comms/message_listener.hpp"

namespace drill::report {
class DashboardRecorder;
}

namespace drill::engine {

/// Who watches and steers one run; every part optional. Everything pointed
/// to must outlive the run.
struct RunHooks {
  /// Called at every boundary, in this order, with one shared view.
  std::vector<SliceObserver*> observers{};
  /// Every unit activity's start and end (several at once).
  std::vector<models::ActivityListener*> activity_listeners{};
  /// Every message event of the comms network (several at once).
  std::vector<models::comms::MessageListener*> message_listeners{};
  /// Checked at every boundary (a signal handler may raise it).
  const StopFlag* stop = nullptr;
  /// Pause, resume, pace and stop from another thread.
  RunControl* control = nullptr;
  /// run_single only: a report recorder the caller reads as well (a live
  /// server's dashboard). The run records into it, before the observers
  /// above, and writes report.html from it; so a served run records once,
  /// not once for the file and once for the server. `drive` ignores it.
  report::DashboardRecorder* recorder = nullptr;
};

/// Runs `run` from where it stands (D+0 for a new one) to its horizon or a
/// stop, then returns its results (RunResult: `stopped` before the horizon).
RunResult drive(DrillRun& run, const RunHooks& hooks = {});

/// One replication of `spec` from D+0 to `settings.horizon`: a DrillRun
/// driven by `drive`.
RunResult run(const models::scenario::DrillSpec& spec, const RunSettings& settings, const RunHooks& hooks = {});

}  // namespace drill::engine
