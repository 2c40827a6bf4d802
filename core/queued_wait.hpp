// The waiting machinery shared by resources, containers, stores and signals.
//
// A `QueuedWait` is the part of an awaiter that sits in a component's queue:
// it links into the component's `WaitList`, optionally arms a timeout, and is
// abandoned cleanly on an interrupt. Whichever comes first (the component
// satisfying it, the timeout, an interrupt) disarms the others, so a waiter
// is resumed exactly once. The owning component hears of every departure
// that it did not cause itself, to keep its queue statistics and to serve
// the waiters behind one that left.
#pragma once

#include "core/process.hpp"
#include "core/wait_list.hpp"

namespace drill::core {

namespace detail {

/// A component with a queue of `QueuedWait`s.
class WaitQueueOwner {
 public:
  /// A waiter left the queue by timeout (`timed_out`) or by interrupt.
  virtual void waiter_left(bool timed_out) noexcept = 0;

 protected:
  ~WaitQueueOwner() = default;
};

class QueuedWait : public Wait, public WaitLink {
 public:
  QueuedWait(Simulation& sim, WaitQueueOwner& owner, Duration timeout) noexcept
      : sim_(&sim), owner_(&owner), timeout_(timeout) {}
  ~QueuedWait() { sim_->cancel(timer_); }

  /// Enqueues the process (already linked by the caller into `list`) and
  /// arms the timeout if there is one.
  void start(ProcessHandle h) {
    state_ = &h.promise();
    since_ = sim_->now();
    if (timeout_ != Duration::max()) {
      timer_ = sim_->schedule(timeout_, [this] { expire(); }, EventTag{kind::kTimeout, state_->entity});
      state_->resume_event = timer_;
    }
  }

  /// The component served this waiter: it leaves the queue and resumes now.
  void satisfy() {
    unlink();
    satisfied_ = true;
    sim_->cancel(timer_);
    state_->wait = nullptr;
    state_->wake();
  }

  void abandon() noexcept override {
    unlink();
    sim_->cancel(timer_);
    owner_->waiter_left(false);
  }

  /// The component is going away: leave its queue and never resume. The
  /// process stays suspended until the simulation destroys it.
  void orphan() noexcept {
    unlink();
    sim_->cancel(timer_);
  }

  bool satisfied() const noexcept { return satisfied_; }
  SimTime since() const noexcept { return since_; }
  detail::ProcessState* state() const noexcept { return state_; }

 private:
  void expire() {
    unlink();
    state_->wait = nullptr;
    owner_->waiter_left(true);
    state_->handle.resume();
  }

  Simulation* sim_;
  WaitQueueOwner* owner_;
  Duration timeout_;
  EventHandle timer_;
  detail::ProcessState* state_ = nullptr;
  SimTime since_;
  bool satisfied_ = false;
};

}  // namespace detail
}  // namespace drill::core
