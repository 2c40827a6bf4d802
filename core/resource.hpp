// A capacity resource: runways, berths, fuel points, maintenance crews.
//
// `capacity` identical units are held by processes through `Lease`s. Requests
// that cannot be served wait in FIFO order, or by priority (lower value
// first, FIFO among equals). A preemptive resource lets a request take a unit
// from the least important holder that is strictly less important than it;
// that holder's process is interrupted with `cause::kPreempted` and its lease
// becomes inert. Units freed by a release go to waiters at once, in queue
// order, so no later arrival overtakes a waiter.
//
// Statistics: time-weighted units in use (utilisation) and queue length, a
// tally of the waits of granted requests in seconds, and the waits still in
// progress (how many, the longest; at the end of a run these are censored
// waits, which the tally of granted waits cannot show). An observer
// (resource_observer.hpp) is told of each change as it happens; one that
// keeps the figures itself can be the only one to (`own_statistics`). Costs: O(1) FIFO
// enqueue, O(queue) priority enqueue, O(1) grant and release (holders sit
// in slots with a free list; a lease names its slot), O(capacity)
// preemption.
//
// A resource must outlive the leases drawn from it; its destructor ends the
// simulation's processes first, so frames holding leases go before it does.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/queued_wait.hpp"
#include "core/resource_observer.hpp"
#include "core/statistics.hpp"

namespace drill::core {

enum class Discipline { fifo, priority };

struct ResourceOptions {
  int capacity = 1;
  Discipline discipline = Discipline::fifo;
  bool preemptive = false;
  /// False: the resource keeps no utilisation, queue-length or wait
  /// statistics of its own (`utilisation`, `mean_queue_length` and `waits`
  /// read zero), for a resource whose observer keeps them; the counts of
  /// grants, preemptions and timeouts are kept either way.
  bool own_statistics = true;
};

class Resource final : private detail::WaitQueueOwner {
 public:
  /// Holds one unit; releases it when destroyed. Move-only.
  class Lease {
   public:
    Lease() = default;
    Lease(Lease&& o) noexcept
        : res_(std::exchange(o.res_, nullptr)), id_(std::exchange(o.id_, 0)), slot_(std::exchange(o.slot_, 0)) {}
    Lease& operator=(Lease&& o) noexcept {
      if (this != &o) {
        release();
        res_ = std::exchange(o.res_, nullptr);
        id_ = std::exchange(o.id_, 0);
        slot_ = std::exchange(o.slot_, 0);
      }
      return *this;
    }
    ~Lease() { release(); }
    /// True while this lease holds a unit (false when empty, released or preempted).
    bool held() const noexcept { return res_ && res_->holds(id_, slot_); }
    explicit operator bool() const noexcept { return res_ != nullptr; }
    void release() noexcept {
      if (res_) std::exchange(res_, nullptr)->release_grant(std::exchange(id_, 0), slot_);
    }

   private:
    friend class Resource;
    Lease(Resource* r, std::uint64_t id, std::uint32_t slot) noexcept : res_(r), id_(id), slot_(slot) {}
    Resource* res_ = nullptr;
    std::uint64_t id_ = 0;     // the grant's number (never 0)
    std::uint32_t slot_ = 0;   // where the resource keeps the grant
  };

  class Acquire;

  Resource(Simulation& sim, std::string name, ResourceOptions options = {});
  ~Resource();
  Resource(const Resource&) = delete;
  Resource& operator=(const Resource&) = delete;

  /// Awaitable yielding a `Lease`. `priority`: lower is more important.
  Acquire acquire(int priority = 0);
  /// As `acquire`, but gives up after `timeout`, yielding an empty lease.
  Acquire acquire_within(Duration timeout, int priority = 0);

  const std::string& name() const noexcept { return name_; }
  int capacity() const noexcept { return options_.capacity; }
  int in_use() const noexcept { return in_use_; }
  std::size_t queue_length() const noexcept { return queue_.size(); }

  /// Mean fraction of capacity in use from the start until now.
  double utilisation() const noexcept;
  double mean_queue_length() const noexcept { return queue_stat_.mean(sim_.now()); }
  const Tally& waits() const noexcept { return waits_; }
  /// Requests waiting now, and how long the longest of them has waited
  /// (O(1) first-come first-served; O(queue) by priority, where the oldest
  /// need not be at the head).
  std::size_t waits_in_progress() const noexcept { return queue_.size(); }
  Duration longest_wait_in_progress() const noexcept;
  std::uint64_t grants() const noexcept { return grants_; }
  std::uint64_t preemptions() const noexcept { return preemptions_; }
  std::uint64_t timeouts() const noexcept { return timeouts_; }

  /// Tells `observer` (null: nobody) of every change from now on, starting
  /// with the state now. It must outlive the resource or be replaced first.
  void set_observer(ResourceObserver* observer) noexcept;

 private:
  // One slot per unit held. A free slot has id 0 and links the next free
  // slot; grant numbers rise, so the largest id among equals is the most
  // recent grant (the one preemption takes).
  struct Holder {
    std::uint64_t id;
    detail::ProcessState* process;
    int priority;
    std::uint32_t next_free;
  };
  static constexpr std::uint32_t kNoSlot = 0xFFFFFFFFU;
  struct Grant {
    std::uint64_t id;
    std::uint32_t slot;
  };

  bool holds(std::uint64_t id, std::uint32_t slot) const noexcept {
    return slot < holders_.size() && holders_[slot].id == id && id != 0;
  }
  Grant grant(int priority, detail::ProcessState* process, SimTime requested);
  bool try_preempt_for(int priority);
  void release_grant(std::uint64_t id, std::uint32_t slot) noexcept;
  void free_slot(std::uint32_t slot) noexcept;
  void serve() noexcept;
  void enqueue(Acquire& a);
  void waiter_left(bool timed_out) noexcept override;
  void note_queue() noexcept;
  void note_in_use() noexcept;

  Simulation& sim_;
  std::string name_;
  ResourceOptions options_;
  std::vector<Holder> holders_;  // slots, held or free
  std::uint32_t free_head_ = kNoSlot;
  int in_use_ = 0;
  WaitList queue_;
  std::uint64_t next_id_ = 1;
  TimeWeighted busy_stat_;
  TimeWeighted queue_stat_;
  Tally waits_;
  std::uint64_t grants_ = 0;
  std::uint64_t preemptions_ = 0;
  std::uint64_t timeouts_ = 0;
  ResourceObserver* observer_ = nullptr;
};

class Resource::Acquire final : public detail::QueuedWait {
 public:
  Acquire(Resource& r, int priority, Duration timeout) noexcept
      : QueuedWait(r.sim_, r, timeout), res_(&r), priority_(priority) {}

  bool await_ready() const noexcept { return false; }
  bool await_suspend(ProcessHandle h) {
    detail::ProcessState& st = h.promise();
    if (st.interrupted) {
      proc_ = &st;
      return false;
    }
    const bool free_unit = res_->queue_.empty() && res_->in_use() < res_->capacity();
    if (free_unit || (res_->options_.preemptive && res_->try_preempt_for(priority_))) {
      const Grant g = res_->grant(priority_, &st, res_->sim_.now());
      id_ = g.id;
      slot_ = g.slot;
      return false;
    }
    proc_ = &st;
    st.wait = this;
    res_->enqueue(*this);
    start(h);
    return true;
  }
  Lease await_resume() {
    if (proc_ && proc_->interrupted) {
      if (id_) res_->release_grant(std::exchange(id_, 0), slot_);
      proc_->end_wait();  // throws
    }
    if (proc_) proc_->wait = nullptr;
    return id_ ? Lease(res_, id_, slot_) : Lease();
  }

 private:
  friend class Resource;
  Resource* res_;
  int priority_;
  std::uint64_t id_ = 0;
  std::uint32_t slot_ = 0;
  detail::ProcessState* proc_ = nullptr;
};

inline Resource::Acquire Resource::acquire(int priority) { return Acquire(*this, priority, Duration::max()); }
inline Resource::Acquire Resource::acquire_within(Duration timeout, int priority) {
  return Acquire(*this, priority, timeout);
}

}  // namespace drill::core
