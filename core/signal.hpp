// A signal: processes wait until another process or event notifies them.
//
// `wait()` suspends until `notify_one` / `notify_all`; `wait_for(d)` also
// gives up after `d`, yielding false. Waiters are woken in the order they
// began waiting. A notification with nobody waiting is not remembered (use a
// `Store` for that). Used for "the tanker is on station", "the plan phase has
// begun", "a message arrived". A signal may be a local of a process; one
// destroyed while processes still wait on it leaves them waiting for good
// (they are freed with the simulation).
#pragma once

#include <cstddef>

#include "core/queued_wait.hpp"

namespace drill::core {

class Signal final : private detail::WaitQueueOwner {
 public:
  class Wait;

  explicit Signal(Simulation& sim) : sim_(sim) {}
  ~Signal();
  Signal(const Signal&) = delete;
  Signal& operator=(const Signal&) = delete;

  /// Awaitables yielding true when notified, false on timeout.
  Wait wait();
  Wait wait_for(Duration timeout);

  /// Wakes the longest waiter; returns whether there was one.
  bool notify_one();
  /// Wakes every waiter; returns how many.
  std::size_t notify_all();
  std::size_t waiting() const noexcept { return waiters_.size(); }

 private:
  void waiter_left(bool) noexcept override {}
  Simulation& sim_;
  WaitList waiters_;
};

class Signal::Wait final : public detail::QueuedWait {
 public:
  Wait(Signal& s, Duration timeout) noexcept : QueuedWait(s.sim_, s, timeout), s_(&s) {}
  bool await_ready() const noexcept { return false; }
  bool await_suspend(ProcessHandle h) {
    proc_ = &h.promise();
    if (proc_->interrupted) return false;
    proc_->wait = this;
    s_->waiters_.push_back(this);
    start(h);
    return true;
  }
  bool await_resume() {
    proc_->end_wait();
    return satisfied();
  }

 private:
  Signal* s_;
  detail::ProcessState* proc_ = nullptr;
};

inline Signal::Wait Signal::wait() { return Wait(*this, Duration::max()); }
inline Signal::Wait Signal::wait_for(Duration timeout) { return Wait(*this, timeout); }

inline bool Signal::notify_one() {
  if (waiters_.empty()) return false;
  static_cast<Wait*>(waiters_.front())->satisfy();
  return true;
}

inline Signal::~Signal() {
  while (!waiters_.empty()) static_cast<Wait*>(waiters_.front())->orphan();
}

inline std::size_t Signal::notify_all() {
  std::size_t n = 0;
  while (notify_one()) ++n;
  return n;
}

}  // namespace drill::core
