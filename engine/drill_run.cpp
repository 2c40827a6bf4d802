#include "engine/drill_run.hpp"

#include <algorithm>
#include <cstdio>
#include <stdexcept>

namespace drill::engine {

std::string RunResult::fingerprint_hex() const {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(fingerprint));
  return buf;
}

DrillRun::DrillRun(const models::scenario::DrillSpec& spec, RunSettings settings) : settings_(settings) {
  if (settings_.slice <= core::Duration::zero()) throw std::invalid_argument("a run slice must be positive");
  if (settings_.sample_every && *settings_.sample_every <= core::Duration::zero())
    throw std::invalid_argument("the sampling interval must be positive");
  sim_ = std::make_unique<core::Simulation>(
      core::SimulationOptions{.seed = settings_.seed, .replication = settings_.replication});
  model_ = std::make_unique<models::DrillModel>(*sim_, spec);
}

namespace {
/// The first multiple of `step` from D+0 after `now`.
core::SimTime next_multiple(core::SimTime now, core::Duration step) noexcept {
  return now + core::Duration::from_ticks(step.ticks() - now.ticks() % step.ticks());
}
}  // namespace

bool DrillRun::advance() {
  warmed_up_here_ = false;
  if (finished()) return false;
  const core::SimTime now = sim_->now();
  core::SimTime next = std::min(settings_.horizon, next_multiple(now, settings_.slice));
  if (settings_.sample_every) next = std::min(next, next_multiple(now, *settings_.sample_every));
  const bool warm_up_next = settings_.warm_up && *settings_.warm_up > now && *settings_.warm_up <= next;
  if (warm_up_next) next = *settings_.warm_up;
  sim_->run_until(next);
  if (warm_up_next && sim_->now() == next) {
    model_->collector().reset(next);
    warmed_up_here_ = true;
  }
  return true;
}

bool DrillRun::at_sample() const noexcept {
  return settings_.sample_every && sim_->now().ticks() % settings_.sample_every->ticks() == 0;
}

const core::metrics::Changes& DrillRun::changes(core::metrics::Collector::Read what) {
  return model_->changes(sim_->now(), what);
}

SliceBoundary DrillRun::boundary() const noexcept {
  return SliceBoundary{sim_->now(), settings_.horizon, sim_->events_executed(), *sim_, *model_};
}

core::metrics::Snapshot DrillRun::snapshot() { return model_->snapshot(sim_->now()); }

void DrillRun::set_activity_listener(core::metrics::ActivityListener* listener) noexcept {
  model_->set_activity_listener(listener);
}

void DrillRun::add_message_listener(models::comms::MessageListener* listener) {
  model_->add_message_listener(listener);
}

void DrillRun::settle() noexcept { model_->settle(sim_->now()); }

RunResult DrillRun::result() {
  settle();
  return RunResult{.final_snapshot = snapshot(),
                   .tasks = model_->task_outcomes(),
                   .replication = settings_.replication,
                   .fingerprint = sim_->fingerprint().value(),
                   .events = sim_->events_executed(),
                   .end = sim_->now(),
                   .status = finished() ? RunStatus::completed : RunStatus::stopped};
}

RunResult run(const models::scenario::DrillSpec& spec, const RunSettings& settings, const SliceObserver& observer,
              const StopFlag* stop) {
  DrillRun r(spec, settings);
  if (observer) observer(r.boundary());
  while (!(stop && stop->requested()) && r.advance())
    if (observer) observer(r.boundary());
  return r.result();
}

}  // namespace drill::engine
