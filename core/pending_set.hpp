// The pending-event set: the event pool (where events live) and the
// structure that yields them in key order. Structures order 16-byte
// `EventKey`s whose slot field is the event's node in the pool.
//
// Every structure offers the same narrow interface (push, top, pop, size,
// drain) so they can be swapped and benchmarked against each other, and every
// one must yield exactly the same sequence for the same pushes: the order is
// the key's total order, never an artefact of the structure (a test checks
// this on randomized workloads with ties).
//
// `PendingSet` picks one structure at construction and dispatches with a
// switch over the concrete types, so the hot path has no virtual call and the
// structures' operations inline into it.
//
//   binary-heap      O(log n), the textbook baseline
//   quaternary-heap  O(log n) with half the depth; best when few events pend
//   calendar-queue   O(1) expected with adaptive bucket width (the default)
//   ladder-queue     O(1) amortised, splitting only crowded buckets
//
// Protocol: `acquire` a node, fill its time, order and payload, `push` it
// (the key pushed has the node as its slot field); `top`/`pop` yield keys in order; once a popped
// key's event has run or been discarded, `release` its node.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "core/calendar_queue.hpp"
#include "core/event.hpp"
#include "core/event_pool.hpp"
#include "core/heap_pending_sets.hpp"
#include "core/ladder_queue.hpp"

namespace drill::core {

enum class QueueKind {
  binary_heap,
  quaternary_heap,
  calendar_queue,
  ladder_queue,
};

inline constexpr QueueKind kAllQueueKinds[] = {QueueKind::binary_heap, QueueKind::quaternary_heap,
                                               QueueKind::calendar_queue, QueueKind::ladder_queue};

std::string_view to_string(QueueKind kind) noexcept;
std::optional<QueueKind> parse_queue_kind(std::string_view name) noexcept;

class PendingSet {
 public:
  explicit PendingSet(QueueKind kind);
  PendingSet(const PendingSet&) = delete;  // the calendar queue holds a reference to the pool
  PendingSet& operator=(const PendingSet&) = delete;

  QueueKind kind() const noexcept { return kind_; }

  // ---- nodes ---------------------------------------------------------------
  std::uint32_t acquire() { return pool_.acquire(); }
  EventNode& node(std::uint32_t i) const noexcept { return pool_[i]; }
  void release(std::uint32_t i) noexcept { pool_.release(i); }
  std::uint32_t node_count() const noexcept { return pool_.node_count(); }

  // ---- order ---------------------------------------------------------------
  /// Calls `f` with the concrete structure (for code specialised per kind).
  template <class F>
  decltype(auto) visit(F&& f) {
    switch (impl_.index()) {
      case 0:
        return f(*std::get_if<0>(&impl_));
      case 1:
        return f(*std::get_if<1>(&impl_));
      case 2:
        return f(*std::get_if<2>(&impl_));
      default:
        return f(*std::get_if<3>(&impl_));
    }
  }

  /// Queues node `i`, whose time and order are set.
  void push(std::uint32_t i) {
    const EventKey key = pool_[i].key(i);
    visit([&](auto& q) { q.push(key); });
  }
  /// The smallest key; the set must not be empty.
  const EventKey& top() noexcept {
    return visit([](auto& q) -> const EventKey& { return q.top(); });
  }
  /// Removes the smallest key (its node stays acquired); the set must not be empty.
  void pop() noexcept {
    visit([](auto& q) { q.pop(); });
  }
  std::size_t size() const noexcept {
    return std::visit([](const auto& q) { return q.size(); }, impl_);
  }
  bool empty() const noexcept { return size() == 0; }
  /// Appends every key to `out` in no particular order and empties the set
  /// (the nodes stay acquired).
  void drain(std::vector<EventKey>& out) {
    visit([&](auto& q) { q.drain(out); });
  }

 private:
  QueueKind kind_;
  EventPool pool_;
  std::variant<CalendarQueue, QuaternaryHeapSet, BinaryHeapSet, LadderQueue> impl_;
};

}  // namespace drill::core
