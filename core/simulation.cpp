#include "core/simulation.hpp"

#include <algorithm>
#include <cassert>
#include <cstdio>

#include "core/process.hpp"

namespace drill::core {

std::string Fingerprint::hex() const {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(state_));
  return buf;
}

Simulation::Simulation(SimulationOptions options)
    : options_(options), queue_(make_pending_set(options.queue)) {}

Simulation::~Simulation() {
  kill_processes();
  // Free the boxed actions of events that will never run.
  for (std::uint32_t slot = 0; slot < payloads_.size(); ++slot)
    if (generations_[slot] & 1U) payloads_[slot].op(Action::destroy, payloads_[slot].storage);
}

std::uint32_t Simulation::allocate_slot() {
  if (!free_slots_.empty()) {
    const std::uint32_t slot = free_slots_.back();
    free_slots_.pop_back();
    return slot;
  }
  assert(payloads_.size() < UINT32_MAX && "slot pool exhausted: more than 2^32 pending events");
  payloads_.emplace_back();
  generations_.push_back(0);
  return static_cast<std::uint32_t>(payloads_.size() - 1);
}

void Simulation::free_slot(std::uint32_t slot) noexcept {
  ++generations_[slot];  // even: free; every handle and key to it is now stale
  free_slots_.push_back(slot);
  --live_events_;
}

EventHandle Simulation::insert(SimTime when, Priority priority, const Payload& payload) {
  assert(when >= now_ && "an event cannot be scheduled in the past");
  const std::uint32_t slot = allocate_slot();
  const std::uint32_t generation = ++generations_[slot];  // odd: live
  payloads_[slot] = payload;
  queue_->push(EventKey{when.ticks(), EventKey::pack(priority, next_sequence_++), slot, generation});
  ++live_events_;
  return EventHandle{slot, generation};
}

bool Simulation::is_pending(EventHandle handle) const noexcept {
  return handle.valid() && handle.slot < generations_.size() && generations_[handle.slot] == handle.generation;
}

bool Simulation::cancel(EventHandle handle) noexcept {
  if (!is_pending(handle)) return false;
  payloads_[handle.slot].op(Action::destroy, payloads_[handle.slot].storage);
  free_slot(handle.slot);
  return true;
}

void Simulation::discard_stale_head() noexcept {
  while (!queue_->empty()) {
    const EventKey& k = queue_->top();
    if (generations_[k.slot] == k.generation) return;
    queue_->pop();
  }
}

SimTime Simulation::next_time() noexcept {
  discard_stale_head();
  return queue_->empty() ? SimTime::max() : SimTime::from_ticks(queue_->top().time);
}

bool Simulation::step() {
  discard_stale_head();
  if (queue_->empty()) return false;
  const EventKey key = queue_->top();
  queue_->pop();
  // Copy the payload out before running it: the action may schedule events,
  // which can reuse this slot or grow the pool.
  Payload payload = payloads_[key.slot];
  free_slot(key.slot);
  now_ = SimTime::from_ticks(key.time);
  ++executed_;
  fingerprint_.add(key.time, payload.tag);
  if (!observers_.empty()) {
    const ExecutedEvent ev{now_, payload.tag, key.priority(), key.sequence()};
    for (EventObserver* o : observers_) o->on_event(ev);
  }
  payload.op(Action::invoke, payload.storage);
  if (pending_error_) std::rethrow_exception(std::exchange(pending_error_, nullptr));
  return true;
}

std::uint64_t Simulation::run_until(SimTime until) {
  stop_requested_ = false;
  std::uint64_t n = 0;
  while (!stop_requested_) {
    const SimTime next = next_time();
    if (next > until || next == SimTime::max()) break;
    step();
    ++n;
  }
  if (!stop_requested_ && until != SimTime::max() && until > now_) now_ = until;
  stop_requested_ = false;
  return n;
}

void Simulation::add_observer(EventObserver* observer) { observers_.push_back(observer); }

void Simulation::remove_observer(EventObserver* observer) {
  observers_.erase(std::remove(observers_.begin(), observers_.end(), observer), observers_.end());
}

// ---- processes -------------------------------------------------------------

EventHandle Simulation::schedule_resume(std::coroutine_handle<> h, EventTag tag, Priority priority, Duration delay) {
  return schedule_at(now_ + delay, [h] { h.resume(); }, tag, priority);
}

ProcessRef Simulation::spawn(Process process, std::uint32_t entity) {
  ProcessHandle h = process.release();
  assert(h && "spawning an empty Process");
  std::uint32_t slot = 0;
  if (!free_process_slots_.empty()) {
    slot = free_process_slots_.back();
    free_process_slots_.pop_back();
  } else {
    slot = static_cast<std::uint32_t>(processes_.size());
    processes_.emplace_back();
  }
  ProcessEntry& e = processes_[slot];
  detail::ProcessState& st = h.promise();
  st.sim = this;
  st.handle = h;
  st.ref = ProcessRef{slot, e.generation};
  st.entity = entity;
  e.frame = h;
  e.state = &st;
  ++live_processes_;
  st.resume_event = schedule_resume(h, EventTag{kind::kProcessStart, entity});
  return st.ref;
}

detail::ProcessState* Simulation::process_state(ProcessRef ref) const noexcept {
  if (!ref.valid() || ref.slot >= processes_.size()) return nullptr;
  const ProcessEntry& e = processes_[ref.slot];
  return (e.generation == ref.generation && e.state) ? e.state : nullptr;
}

bool Simulation::is_alive(ProcessRef ref) const noexcept { return process_state(ref) != nullptr; }

bool Simulation::interrupt(ProcessRef ref, std::uint32_t cause) {
  detail::ProcessState* st = process_state(ref);
  if (!st) return false;
  st->interrupted = true;
  st->interrupt_cause = cause;
  if (st->wait) {
    detail::Wait* w = std::exchange(st->wait, nullptr);
    w->abandon();
    st->wake(kUrgent);
  }
  return true;
}

void Simulation::on_process_finished(detail::ProcessState& st) noexcept {
  while (!st.joiners.empty()) {
    auto* j = static_cast<JoinAwaiter*>(st.joiners.front());
    st.joiners.remove(j);
    j->state->wait = nullptr;
    if (!tearing_down_) j->state->wake();
  }
  ProcessEntry& e = processes_[st.ref.slot];
  e.frame = {};
  e.state = nullptr;
  if (++e.generation == 0) e.generation = 1;
  free_process_slots_.push_back(st.ref.slot);
  --live_processes_;
  // A model error surfaces from the step that caused it, once the failing
  // frame is gone (step() rethrows it after the action returns).
  if (st.error && !tearing_down_ && !pending_error_) pending_error_ = std::move(st.error);
}

void Simulation::kill_processes() noexcept {
  tearing_down_ = true;
  for (ProcessEntry& e : processes_) {
    if (!e.state) continue;
    cancel(e.state->resume_event);
    std::coroutine_handle<> frame = e.frame;
    e.frame = {};
    e.state = nullptr;
    --live_processes_;
    frame.destroy();
  }
}

}  // namespace drill::core
