#include "engine/run_loop.hpp"

namespace drill::engine {

// The view's accessors live here, beside the loop that makes the view.
core::SimTime SliceBoundary::now() const noexcept { return run_->simulation().now(); }
core::SimTime SliceBoundary::horizon() const noexcept { return run_->settings().horizon; }
std::uint64_t SliceBoundary::events() const noexcept { return run_->simulation().events_executed(); }
bool SliceBoundary::warmed_up() const noexcept { return run_->warmed_up_here(); }
core::metrics::Snapshot SliceBoundary::snapshot() const { return run_->snapshot(); }
const core::Simulation& SliceBoundary::simulation() const noexcept { return run_->simulation(); }
const models::DrillModel& SliceBoundary::model() const noexcept { return run_->model(); }

std::span<const models::DrillModel::ShipPosition> SliceBoundary::ship_positions() const {
  std::vector<models::DrillModel::ShipPosition>& out = positions_ ? *positions_ : own_positions_;
  if (!positions_read_) {
    run_->model().ship_positions(now(), out);
    positions_read_ = true;
  }
  return out;
}

const models::ShipMotionReads& SliceBoundary::ship_motions() const {
  if (!motions_read_) {
    motions_->read(run_->model());
    motions_read_ = true;
  }
  return *motions_;
}

namespace {

/// Detaches the activity listeners and the interrupt however the loop ends
/// (an observer may throw): they may not outlive the run.
struct Detach {
  DrillRun& run;
  RunControl* control;
  ~Detach() {
    run.detach_activity_listeners();
    run.set_interrupt({});  // it refers to the loop's hooks
    if (control) control->loop_end();
  }
};

}  // namespace

RunResult drive(DrillRun& run, const RunHooks& hooks) {
  using Read = core::metrics::Collector::Read;
  for (models::ActivityListener* l : hooks.activity_listeners) run.add_activity_listener(l);
  for (models::comms::MessageListener* l : hooks.message_listeners) run.add_message_listener(l);
  RunControl* const control = hooks.control;
  if (control) control->loop_begin();
  const Detach detach{run, control};
  const auto stop_requested = [&] {
    return (hooks.stop && hooks.stop->requested()) || (control && control->stop_requested());
  };
  // A stop is noticed within a bounded number of events, not only at the
  // next boundary (a slice of a dense drill may hold billions of events).
  if (hooks.stop || control) run.set_interrupt(stop_requested);
  const core::Duration base_slice = run.settings().slice;
  const bool sampling = run.settings().sample_every.has_value();
  std::vector<models::DrillModel::ShipPosition> positions;  // SliceBoundary::ship_positions' buffer
  models::ShipMotionReads motions;                          // and ship_motions' reads
  for (bool first = true;; first = false) {
    if (!first) {
      if (control) run.set_slice(control->loop_slice(base_slice));
      run.advance();
    }
    if (control) control->loop_hold(run.simulation().now(), hooks.stop);
    const bool last = run.finished() || stop_requested();
    // Where the run ends, the fuel accounts are settled before anyone
    // looks, so the last sample and the final snapshot agree.
    if (last) run.settle();
    const core::metrics::Changes* changes = nullptr;
    if (sampling) {
      if (first || last || run.warmed_up_here())
        changes = &run.changes(Read::everything);
      else if (run.at_sample())
        changes = &run.changes(Read::changed);
    }
    const SliceBoundary view(run, changes, first, last, motions, &positions);
    for (SliceObserver* o : hooks.observers) o->on_boundary(view);
    if (last) break;
  }
  return run.result();
}

RunResult run(const models::scenario::DrillSpec& spec, const RunSettings& settings, const RunHooks& hooks) {
  DrillRun r(spec, settings);
  return drive(r, hooks);
}

}  // namespace drill::engine
