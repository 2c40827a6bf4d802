// One replication of a drill, run in slices of simulated time.
//
// `DrillRun` builds the simulation and the model, then `advance()` runs one
// slice (`run_until` the next boundary: multiples of `slice` and of
// `sample_every` from D+0, the warm-up time and the horizon). Between slices
// the caller may look at the simulation (the collector's snapshots and
// change reads hang here), report progress or decide to stop; nothing done
// between slices schedules an event, so slicing, observing and sampling
// never change the event sequence or the fingerprint. At the warm-up time
// the run resets the collector's statistics (Collector::reset): events at
// that very time count before it. A reset schedules nothing either.
//
// The run loop that drives a DrillRun to its end, with observers, listeners,
// a stop request and a run control, is run_loop.hpp's.
// Costs: one run_until per slice and a few integer operations to find the
// next boundary (no allocation). Nothing here knows of terminals or files.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/simulation.hpp"
#include "core/time.hpp"
#include "engine/listener_fan_out.hpp"
#include "models/drill_model.hpp"
#include "models/scenario/spec.hpp"
#include "models/task_outcome.hpp"

namespace drill::engine {

struct RunSettings {
  std::uint64_t seed = 0;
  std::uint64_t replication = 0;
  core::SimTime horizon;
  /// Length of a slice; a live view or sampling wants it short, a batch run
  /// long (each boundary costs one return from the event loop).
  core::Duration slice = core::days(1);
  /// Sampling: also a boundary at every multiple of it from D+0 (where
  /// `at_sample()` holds), whether or not it divides the slice. Positive.
  std::optional<core::Duration> sample_every{};
  /// Reset the collector's statistics at this time (in [D+0, horizon));
  /// D+0 itself resets nothing there is to reset.
  std::optional<core::SimTime> warm_up{};
};

enum class RunStatus { completed, stopped };

struct RunResult {
  /// Every instrument at `end`, with the ships' fuel accounts settled there.
  core::metrics::Snapshot final_snapshot;
  std::vector<models::TaskOutcome> tasks;
  std::uint64_t replication = 0;
  std::uint64_t fingerprint = 0;
  std::uint64_t events = 0;
  core::SimTime end;  // the horizon, or the boundary where it stopped
  RunStatus status = RunStatus::completed;

  std::string fingerprint_hex() const;
};

class DrillRun {
 public:
  /// `spec` must outlive the run. Throws std::invalid_argument for a slice
  /// or a sampling interval that is not positive.
  DrillRun(const models::scenario::DrillSpec& spec, RunSettings settings);
  DrillRun(const DrillRun&) = delete;
  DrillRun& operator=(const DrillRun&) = delete;

  /// Runs to the next boundary. Returns false once the horizon is reached
  /// (then it does nothing). With an interrupt set, it asks it every
  /// kInterruptCheckEvents events and, when it answers true, returns at
  /// once with the clock at the last event run (a slice of a dense drill
  /// can hold billions of events; a stop must not wait for its end).
  bool advance();
  /// Asked between events during advance() (see there); empty: never.
  void set_interrupt(std::function<bool()> interrupt) { interrupt_ = std::move(interrupt); }
  /// The last advance() returned early because the interrupt asked it to.
  bool interrupted() const noexcept { return interrupted_; }
  static constexpr std::uint64_t kInterruptCheckEvents = 1u << 16;
  bool finished() const noexcept { return sim_->now() >= settings_.horizon; }
  /// The current boundary is a multiple of `sample_every`.
  bool at_sample() const noexcept;
  /// The last advance() ended at the warm-up time and reset the statistics.
  bool warmed_up_here() const noexcept { return warmed_up_here_; }

  const core::Simulation& simulation() const noexcept { return *sim_; }
  const models::DrillModel& model() const noexcept { return *model_; }
  const RunSettings& settings() const noexcept { return settings_; }

  /// Every instrument of the model's collector now, between slices. Takes
  /// nothing from the run: no event, no random draw, so sampling leaves the
  /// event order and the fingerprint alone.
  core::metrics::Snapshot snapshot();
  /// Settles the ships' fuel accounts now (DrillModel::settle): where the
  /// run ends, before its final snapshot. Settling twice at one time is
  /// settling once.
  void settle() noexcept;
  /// The series changed since the previous read (DrillModel::changes):
  /// what frequent sampling and a live view read between slices; allocates
  /// nothing in steady state.
  const core::metrics::Changes& changes(
      core::metrics::Collector::Read what = core::metrics::Collector::Read::changed);
  /// The length of the slices from now on (the run control shortens them
  /// while paced). Throws std::invalid_argument if not positive.
  void set_slice(core::Duration slice);

  /// Also sends the model's activity records to `listener` from the first
  /// slice on, or from now on once the run has started
  /// (DrillModel::set_activity_listener); several may listen. The listener
  /// must outlive the run or be detached.
  void add_activity_listener(models::ActivityListener* listener);
  /// The model records no activity from now on.
  void detach_activity_listeners() noexcept;
  /// Also sends the comms network's message events to `listener` (nothing
  /// for a drill without comms); see DrillModel::add_message_listener. Add
  /// before the first slice; the listener must outlive the run.
  void add_message_listener(models::comms::MessageListener* listener);

  /// The results so far: `completed` at the horizon, `stopped` before it.
  /// Settles the ships first, so the run must not go on after it.
  RunResult result();

 private:
  RunSettings settings_;
  std::unique_ptr<core::Simulation> sim_;
  std::unique_ptr<models::DrillModel> model_;
  ActivityFanOut activity_;
  MessageFanOut messages_;
  bool warmed_up_here_ = false;
  bool started_ = false;  // advance() has run: activity listeners are attached
  bool interrupted_ = false;
  std::function<bool()> interrupt_;

  void attach_activity_listeners() noexcept;
};

}  // namespace drill::engine
