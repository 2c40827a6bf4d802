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
  if (!started_) {
    started_ = true;
    if (!activity_.empty()) attach_activity_listeners();
  }
  const core::SimTime now = sim_->now();
  core::SimTime next = std::min(settings_.horizon, next_multiple(now, settings_.slice));
  if (settings_.sample_every) next = std::min(next, next_multiple(now, *settings_.sample_every));
  const bool warm_up_next = settings_.warm_up && *settings_.warm_up > now && *settings_.warm_up <= next;
  if (warm_up_next) next = *settings_.warm_up;
  interrupted_ = false;
  if (!interrupt_) {
    sim_->run_until(next);
  } else {
    while (sim_->run_until(next, kInterruptCheckEvents) == kInterruptCheckEvents) {
      if (interrupt_()) {
        interrupted_ = true;
        return true;
      }
    }
  }
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

void DrillRun::set_slice(core::Duration slice) {
  if (slice <= core::Duration::zero()) throw std::invalid_argument("a run slice must be positive");
  settings_.slice = slice;
}

core::metrics::Snapshot DrillRun::snapshot() { return model_->snapshot(sim_->now()); }

void DrillRun::add_activity_listener(models::ActivityListener* listener) {
  activity_.add(listener);
  if (started_) attach_activity_listeners();
}

void DrillRun::attach_activity_listeners() noexcept {
  // One listener is called directly: the fan-out costs only when it fans out.
  // Attached once, as the first slice starts: attaching announces the links
  // already down (comms::Network::set_activity_listener), and listeners
  // added one by one before the run must hear that once each.
  model_->set_activity_listener(activity_.single() ? activity_.single() : &activity_);
}

void DrillRun::detach_activity_listeners() noexcept { model_->set_activity_listener(nullptr); }

void DrillRun::add_message_listener(models::comms::MessageListener* listener) {
  // The model hears of one listener, the fan-out, whatever it does with several.
  if (messages_.empty()) model_->add_message_listener(&messages_);
  messages_.add(listener);
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

}  // namespace drill::engine
