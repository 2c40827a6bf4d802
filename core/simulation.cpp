#include "core/simulation.hpp"

#include <algorithm>
#include <cassert>
#include <cstdio>
#include <cstring>
#include <stdexcept>

#include "core/frame_pool.hpp"
#include "core/process.hpp"

namespace drill::core {

std::string Fingerprint::hex() const {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(state_));
  return buf;
}

Simulation::Simulation(SimulationOptions options) : options_(options), queue_(options.queue) {
  detail::FramePool::local().simulation_started();
}

Simulation::~Simulation() {
  kill_processes();
  // Free the boxed actions of events that will never run.
  for (std::uint32_t i = 0; i < queue_.node_count(); ++i) {
    EventNode& n = queue_.node(i);
    if (n.generation & 1U) destroy_action(n);
  }
  detail::FramePool::local().simulation_ended();
}

std::uint32_t Simulation::new_event(SimTime when, Priority priority, std::uint32_t operation) {
  assert(when >= now_ && "an event cannot be scheduled in the past");
  if (next_sequence_ == EventKey::kSequenceLimit) [[unlikely]]
    compact_sequences();
  const std::uint32_t i = queue_.acquire();
  EventNode& n = queue_.node(i);
  n.time = when.ticks();
  n.order = EventKey::pack(priority, next_sequence_++, operation);
  return i;
}

EventHandle Simulation::enqueue(std::uint32_t i) {
  const std::uint32_t generation = ++queue_.node(i).generation;  // odd: live
  try {
    queue_.push(i);
  } catch (...) {
    EventNode& n = queue_.node(i);
    ++n.generation;
    destroy_action(n);
    queue_.release(i);
    throw;
  }
  ++live_events_;
  return EventHandle{i, generation};
}

bool Simulation::is_pending(EventHandle handle) const noexcept {
  return handle.valid() && handle.slot < queue_.node_count() && queue_.node(handle.slot).generation == handle.generation;
}

bool Simulation::cancel(EventHandle handle) noexcept {
  if (!is_pending(handle)) return false;
  EventNode& n = queue_.node(handle.slot);
  destroy_action(n);
  ++n.generation;  // even: cancelled; the key still holds the node
  --live_events_;
  return true;
}

template <class Q>
bool Simulation::head_ready(Q& q) noexcept {
  while (!q.empty()) {
    const std::uint32_t i = q.top().slot();
    if (queue_.node(i).generation & 1U) return true;
    q.pop();
    queue_.release(i);
  }
  return false;
}

bool Simulation::head_ready() noexcept {
  return queue_.visit([this](auto& q) { return head_ready(q); });
}

void Simulation::compact_sequences() {
  std::vector<EventKey> keys;
  keys.reserve(queue_.size());
  queue_.drain(keys);
  std::erase_if(keys, [this](const EventKey& k) {
    if (queue_.node(k.slot()).generation & 1U) return false;
    queue_.release(k.slot());
    return true;
  });
  std::sort(keys.begin(), keys.end(),
            [](const EventKey& a, const EventKey& b) { return a.sequence() < b.sequence(); });
  // A monotone renumbering keeps every comparison between pending keys.
  for (std::size_t i = 0; i < keys.size(); ++i) {
    EventNode& n = queue_.node(keys[i].slot());
    n.order = EventKey::with_slot(keys[i].with_sequence(i).order, n.operation());
  }
  sequence_base_ += next_sequence_ - keys.size();
  next_sequence_ = keys.size();
  for (const EventKey& k : keys) queue_.push(k.slot());
}

SimTime Simulation::next_time() noexcept {
  return head_ready() ? SimTime::from_ticks(queue_.top().time) : SimTime::max();
}

inline void Simulation::run_event(const EventKey& key) {
  // Copy the payload out before running it: the action may schedule events,
  // which can reuse this node.
  const std::uint32_t i = key.slot();
  EventNode& n = queue_.node(i);
  EventPayload payload = n.payload;
  const PayloadOp op = OperationTable::at(n.operation());
  ++n.generation;
  queue_.release(i);
  --live_events_;
  now_ = SimTime::from_ticks(key.time);
  ++executed_;
  fingerprint_.add(key.time, payload.tag);
  if (!observers_.empty()) {
    const ExecutedEvent ev{now_, payload.tag, key.priority(), sequence_base_ + key.sequence()};
    for (EventObserver* o : observers_) o->on_event(ev);
  }
  op(PayloadAction::invoke, payload.storage, payload.tag);
  if (pending_error_) [[unlikely]]
    std::rethrow_exception(std::exchange(pending_error_, nullptr));
}

bool Simulation::step() {
  if (!head_ready()) return false;
  const EventKey key = queue_.top();
  queue_.pop();
  run_event(key);
  return true;
}

std::uint64_t Simulation::run_until(SimTime until) {
  stop_requested_ = false;
  std::uint64_t n = 0;
  const std::int64_t limit = until.ticks();
  // The loop is instantiated per structure, so its queue operations are
  // direct calls that inline rather than a dispatch each; the head is read
  // once per event, cancelled keys are discarded on the way (head_ready's
  // work, written out here).
  queue_.visit([&](auto& q) {
    while (!stop_requested_ && !q.empty()) {
      const EventKey key = q.top();
      if (!(queue_.node(key.slot()).generation & 1U)) {
        q.pop();
        queue_.release(key.slot());
        continue;
      }
      if (key.time > limit || key.time == SimTime::max().ticks()) break;
      q.pop();
      run_event(key);
      ++n;
    }
  });
  if (!stop_requested_ && until != SimTime::max() && until > now_) now_ = until;
  stop_requested_ = false;
  return n;
}

std::uint64_t Simulation::run_until(SimTime until, std::uint64_t max_events) {
  stop_requested_ = false;
  std::uint64_t n = 0;
  const std::int64_t limit = until.ticks();
  bool reached = false;  // every event up to `until` has run
  queue_.visit([&](auto& q) {
    while (!stop_requested_ && n < max_events) {
      if (q.empty()) {
        reached = true;
        break;
      }
      const EventKey key = q.top();
      if (!(queue_.node(key.slot()).generation & 1U)) {
        q.pop();
        queue_.release(key.slot());
        continue;
      }
      if (key.time > limit || key.time == SimTime::max().ticks()) {
        reached = true;
        break;
      }
      q.pop();
      run_event(key);
      ++n;
    }
  });
  if (reached && !stop_requested_ && until != SimTime::max() && until > now_) now_ = until;
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
  // The process's table entry was last touched when it was spawned and is
  // rarely still cached; asking for it first lets that miss overlap the
  // joiners' (whose awaiters sit in other processes' frames).
  __builtin_prefetch(&processes_[st.ref.slot], 1);
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
