// A store of discrete items: spare parts, pallets, queued messages.
//
// `put(item)` waits while the store is full, `get()` while it is empty; both
// sides are FIFO and either may carry a timeout (`get_within` yields an empty
// optional when it expires). Items leave in the order they arrived.
// Statistics: time-weighted number of items, a tally of get waits in seconds.
#pragma once

#include <cstddef>
#include <deque>
#include <limits>
#include <optional>
#include <string>

#include "core/queued_wait.hpp"
#include "core/statistics.hpp"

namespace drill::core {

template <class T>
class Store final : private detail::WaitQueueOwner {
 public:
  class Get;
  class Put;

  Store(Simulation& sim, std::string name, std::size_t capacity = std::numeric_limits<std::size_t>::max())
      : sim_(sim), name_(std::move(name)), capacity_(capacity), count_stat_(sim.now()) {}
  ~Store() { sim_.kill_processes(); }
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  /// Awaitable yielding the next item.
  Get get() { return Get(*this, Duration::max()); }
  /// Awaitable yielding the next item, or nothing if `timeout` passes first.
  Get get_within(Duration timeout) { return Get(*this, timeout); }
  /// Awaitable yielding true once the item is stored (false on timeout).
  Put put(T item, Duration timeout = Duration::max()) { return Put(*this, std::move(item), timeout); }

  /// Immediate forms; they never overtake a waiter.
  bool try_put(T item) {
    if (!putters_.empty() || items_.size() >= capacity_) return false;
    push(std::move(item));
    serve();
    return true;
  }
  std::optional<T> try_get() {
    if (!getters_.empty() || items_.empty()) return std::nullopt;
    get_waits_.add(0.0);
    std::optional<T> item = pop();
    serve();
    return item;
  }

  const std::string& name() const noexcept { return name_; }
  std::size_t size() const noexcept { return items_.size(); }
  std::size_t capacity() const noexcept { return capacity_; }
  std::size_t get_queue_length() const noexcept { return getters_.size(); }
  double mean_size() const noexcept { return count_stat_.mean(sim_.now()); }
  const Tally& get_waits() const noexcept { return get_waits_; }

 private:
  void push(T item) {
    items_.push_back(std::move(item));
    count_stat_.set(sim_.now(), static_cast<double>(items_.size()));
  }
  std::optional<T> pop() {
    std::optional<T> item(std::move(items_.front()));
    items_.pop_front();
    count_stat_.set(sim_.now(), static_cast<double>(items_.size()));
    return item;
  }
  void serve() {
    for (bool moved = true; moved;) {
      moved = false;
      while (!getters_.empty() && !items_.empty()) {
        auto* g = static_cast<Get*>(getters_.front());
        get_waits_.add((sim_.now() - g->since()).seconds());
        g->item_ = pop();
        g->satisfy();
        moved = true;
      }
      while (!putters_.empty() && items_.size() < capacity_) {
        auto* p = static_cast<Put*>(putters_.front());
        push(std::move(p->item_));
        p->done_ = true;
        p->satisfy();
        moved = true;
      }
    }
  }
  void waiter_left(bool) noexcept override {}

  Simulation& sim_;
  std::string name_;
  std::size_t capacity_;
  std::deque<T> items_;
  WaitList getters_;
  WaitList putters_;
  TimeWeighted count_stat_;
  Tally get_waits_;
};

template <class T>
class Store<T>::Get final : public detail::QueuedWait {
 public:
  Get(Store& s, Duration timeout) noexcept : QueuedWait(s.sim_, s, timeout), s_(&s) {}
  bool await_ready() const noexcept { return false; }
  bool await_suspend(ProcessHandle h) {
    proc_ = &h.promise();
    if (proc_->interrupted) return false;
    if ((item_ = s_->try_get())) return false;
    proc_->wait = this;
    s_->getters_.push_back(this);
    start(h);
    return true;
  }
  /// For `get()` the optional is always engaged; `get_within` may yield none.
  std::optional<T> await_resume() {
    if (proc_->interrupted) {
      // An item taken for an interrupted process goes back to the front.
      if (item_) {
        s_->items_.push_front(std::move(*item_));
        s_->serve();
      }
      proc_->end_wait();
    }
    proc_->wait = nullptr;
    return std::move(item_);
  }

 private:
  friend class Store;
  Store* s_;
  std::optional<T> item_;
  detail::ProcessState* proc_ = nullptr;
};

template <class T>
class Store<T>::Put final : public detail::QueuedWait {
 public:
  Put(Store& s, T item, Duration timeout) : QueuedWait(s.sim_, s, timeout), s_(&s), item_(std::move(item)) {}
  bool await_ready() const noexcept { return false; }
  bool await_suspend(ProcessHandle h) {
    proc_ = &h.promise();
    if (proc_->interrupted) return false;
    if (s_->putters_.empty() && s_->items_.size() < s_->capacity_) {
      s_->push(std::move(item_));
      s_->serve();
      done_ = true;
      return false;
    }
    proc_->wait = this;
    s_->putters_.push_back(this);
    start(h);
    return true;
  }
  bool await_resume() {
    if (proc_->interrupted) proc_->end_wait();  // a stored item stays stored
    proc_->wait = nullptr;
    return done_;
  }

 private:
  friend class Store;
  Store* s_;
  T item_;
  bool done_ = false;
  detail::ProcessState* proc_ = nullptr;
};

}  // namespace drill::core
