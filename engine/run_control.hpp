// Steering a run from another thread: pause, resume, pace and stop, all
// honoured by the run loop at slice boundaries, never inside a slice.
//
// `pause()` holds the loop at its next boundary before any observer sees
// that boundary; `resume()` lets it go on. Holding schedules nothing, so a
// paused and resumed run executes the same events as one never paused.
// `set_pace(p)` runs simulated time at p simulated seconds per wall second:
// the loop sleeps at each boundary until its wall time is due (measured
// from the boundary where the pace was set or the run last resumed), so
// simulated time never runs ahead of the pace; it may fall behind when the
// model is slower than the pace. While paced, slices are at most
// p x 100 ms of simulated time (at least one tick), so a boundary, and with
// it a pause or a stop, comes at least every ~100 ms of wall time.
// `request_stop()` ends the run at its next boundary (a held one included).
//
// Thread safety: every public member may be called from any thread; the
// `loop_*` members are the run loop's own. Wall time comes from a
// `WallClock` (a steady clock unless one is injected), so tests can pace a
// run without waiting. A control steers one run at a time, or one set of
// replications: its workers hold while paused (`member_hold`, at each
// boundary and before each replication) and stop on a stop; a set is not
// paced, it runs as fast as it can.
// Costs: a mutex lock per boundary when a control is given; none otherwise.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>

#include "core/time.hpp"
#include "engine/stop_flag.hpp"

namespace drill::engine {

/// Monotonic wall time and sleeping, for pacing.
class WallClock {
 public:
  virtual ~WallClock() = default;
  virtual std::chrono::nanoseconds now() = 0;
  virtual void sleep_for(std::chrono::nanoseconds span) = 0;
};

/// std::chrono::steady_clock and std::this_thread::sleep_for.
class SteadyWallClock final : public WallClock {
 public:
  std::chrono::nanoseconds now() override;
  void sleep_for(std::chrono::nanoseconds span) override;
};

class RunControl {
 public:
  /// `clock` (if given) must outlive the control.
  explicit RunControl(WallClock* clock = nullptr);
  RunControl(const RunControl&) = delete;
  RunControl& operator=(const RunControl&) = delete;

  void pause();
  void resume();
  bool paused() const;
  /// Simulated seconds per wall second (positive and finite); nullopt: as
  /// fast as the model runs. Throws std::invalid_argument otherwise.
  void set_pace(std::optional<double> sim_seconds_per_wall_second);
  std::optional<double> pace() const;
  void request_stop();
  bool stop_requested() const;

  /// Blocks until the loop is held by a pause (true) or its run has ended
  /// (false). For whoever paused and wants to know the run stands still.
  bool wait_until_held();
  /// The loop is holding at a boundary now.
  bool held() const;

  // The run loop's side.
  /// A run starts: no hold, no pacing anchor.
  void loop_begin();
  /// The loop reached a boundary at `now` and no observer has seen it yet:
  /// holds while paused and sleeps until `now` is due at the pace. Returns
  /// early when a stop is requested here or through `stop`.
  void loop_hold(core::SimTime now, const StopFlag* stop);
  /// The slice to run next: `base`, or shorter while paced.
  core::Duration loop_slice(core::Duration base) const;
  /// The run has ended; wakes wait_until_held.
  void loop_end();
  /// A worker of a replication set at a boundary (or before it takes its
  /// next replication): holds while paused, returns at once on a stop here
  /// or through `stop`. Several workers may hold at once; while any does,
  /// the set counts as held. The set calls loop_begin and loop_end around
  /// its run.
  void member_hold(const StopFlag* stop);

 private:
  bool stopping(const StopFlag* stop) const { return stop_ || (stop && stop->requested()); }

  SteadyWallClock steady_;
  WallClock& clock_;
  mutable std::mutex m_;
  std::condition_variable cv_;
  bool paused_ = false;
  bool held_ = false;
  unsigned members_held_ = 0;  // workers of a set holding now
  bool ended_ = false;
  bool stop_ = false;
  std::optional<double> pace_;
  std::uint64_t pace_version_ = 0;  // bumped by set_pace: the loop re-anchors
  // Pacing anchor: simulated time `anchor_sim_` was shown at `anchor_wall_`.
  bool anchored_ = false;
  std::uint64_t anchored_version_ = 0;
  core::SimTime anchor_sim_;
  std::chrono::nanoseconds anchor_wall_{0};
};

}  // namespace drill::engine
