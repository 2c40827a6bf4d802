// A container of a continuous quantity: a fuel stock, a tank, a depot.
//
// `get(x)` waits until `x` is available, `put(x)` until there is room for it.
// Each side is served in strict FIFO order: a large request at the head is
// not overtaken by smaller ones behind it, which is how a fuel point with one
// queue behaves and keeps waits fair. Either wait may carry a timeout.
//
// Statistics: the time-weighted level, a tally of get waits in seconds (a
// wait is tallied when it is granted), the get waits still in progress (how
// many and since when: at the end of a run these are censored waits), and
// the totals put and got. An observer (resource_observer.hpp) is told of
// each change as it happens. O(1) per operation plus the waiters it releases;
// `waiting_to_get` and the in-progress figures walk the get queue.
#pragma once

#include <string>

#include "core/queued_wait.hpp"
#include "core/resource_observer.hpp"
#include "core/statistics.hpp"

namespace drill::core {

class Container final : private detail::WaitQueueOwner {
 public:
  class Request;

  Container(Simulation& sim, std::string name, double capacity, double initial);
  ~Container();
  Container(const Container&) = delete;
  Container& operator=(const Container&) = delete;

  /// Awaitables yielding true once done, false if the timeout came first.
  Request get(double amount, Duration timeout = Duration::max());
  Request put(double amount, Duration timeout = Duration::max());
  /// Immediate forms: succeed only if possible now without overtaking a waiter.
  bool try_get(double amount);
  bool try_put(double amount);

  const std::string& name() const noexcept { return name_; }
  double level() const noexcept { return level_; }
  double capacity() const noexcept { return capacity_; }
  std::size_t get_queue_length() const noexcept { return getters_.size(); }
  std::size_t put_queue_length() const noexcept { return putters_.size(); }
  double mean_level() const noexcept { return level_stat_.mean(sim_.now()); }
  const Tally& get_waits() const noexcept { return get_waits_; }
  /// The amount the queued get requests are waiting for (backorders).
  double waiting_to_get() const noexcept;
  /// Get requests still waiting now, and how long the longest has waited.
  std::size_t gets_in_progress() const noexcept { return getters_.size(); }
  Duration longest_get_in_progress() const noexcept;
  double total_got() const noexcept { return total_got_; }
  double total_put() const noexcept { return total_put_; }

  /// Tells `observer` (null: nobody) of every change from now on, starting
  /// with the state now. It must outlive the container or be replaced first.
  void set_observer(ContainerObserver* observer) noexcept;

 private:
  bool can_get(double a) const noexcept { return a <= level_; }
  bool can_put(double a) const noexcept { return level_ + a <= capacity_; }
  void change(double delta) noexcept;
  void serve() noexcept;
  void revert(bool was_get, double amount) noexcept;
  void waiter_left(bool timed_out) noexcept override;
  void note_getters() noexcept;
  void got(double amount, Duration waited) noexcept;

  Simulation& sim_;
  std::string name_;
  double capacity_;
  double level_;
  WaitList getters_;
  WaitList putters_;
  TimeWeighted level_stat_;
  Tally get_waits_;
  double total_got_ = 0.0;
  double total_put_ = 0.0;
  ContainerObserver* observer_ = nullptr;
};

class Container::Request final : public detail::QueuedWait {
 public:
  Request(Container& c, bool is_get, double amount, Duration timeout) noexcept
      : QueuedWait(c.sim_, c, timeout), c_(&c), get_(is_get), amount_(amount) {}

  bool await_ready() const noexcept { return false; }
  bool await_suspend(ProcessHandle h) {
    proc_ = &h.promise();
    if (proc_->interrupted) return false;
    if (get_ ? c_->try_get(amount_) : c_->try_put(amount_)) {
      done_ = true;
      return false;
    }
    proc_->wait = this;
    (get_ ? c_->getters_ : c_->putters_).push_back(this);
    start(h);
    if (get_) c_->note_getters();
    return true;
  }
  bool await_resume() {
    if (proc_->interrupted) {
      if (done_) c_->revert(get_, amount_);  // the process never saw it happen
      proc_->end_wait();
    }
    proc_->wait = nullptr;
    return done_;
  }

 private:
  friend class Container;
  Container* c_;
  bool get_;
  double amount_;
  bool done_ = false;
  detail::ProcessState* proc_ = nullptr;
};

inline Container::Request Container::get(double amount, Duration timeout) {
  return Request(*this, true, amount, timeout);
}
inline Container::Request Container::put(double amount, Duration timeout) {
  return Request(*this, false, amount, timeout);
}

}  // namespace drill::core
