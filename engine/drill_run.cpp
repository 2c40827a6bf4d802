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
  sim_ = std::make_unique<core::Simulation>(
      core::SimulationOptions{.seed = settings_.seed, .replication = settings_.replication});
  model_ = std::make_unique<models::DrillModel>(*sim_, spec);
}

bool DrillRun::advance() {
  if (finished()) return false;
  // Boundaries are multiples of the slice from D+0, whatever the start.
  const std::int64_t slice = settings_.slice.ticks();
  const core::SimTime next = sim_->now() + core::Duration::from_ticks(slice - sim_->now().ticks() % slice);
  sim_->run_until(std::min(settings_.horizon, next));
  return true;
}

SliceBoundary DrillRun::boundary() const noexcept {
  return SliceBoundary{sim_->now(), settings_.horizon, sim_->events_executed(), *sim_, *model_};
}

core::metrics::Snapshot DrillRun::snapshot() { return model_->snapshot(sim_->now()); }

void DrillRun::set_activity_listener(core::metrics::ActivityListener* listener) noexcept {
  model_->set_activity_listener(listener);
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
