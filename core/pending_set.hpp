// The pending-event set: the structure that yields scheduled events in key
// order. It holds only 16-byte `EventKey`s; payloads stay in the simulation's
// slot pool, so moving keys around is cheap.
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
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "core/calendar_queue.hpp"
#include "core/event.hpp"
#include "core/heap_pending_sets.hpp"

namespace drill::core {

enum class QueueKind {
  binary_heap,
  quaternary_heap,
  calendar_queue,
};

inline constexpr QueueKind kAllQueueKinds[] = {QueueKind::binary_heap, QueueKind::quaternary_heap,
                                               QueueKind::calendar_queue};

std::string_view to_string(QueueKind kind) noexcept;
std::optional<QueueKind> parse_queue_kind(std::string_view name) noexcept;

class PendingSet {
 public:
  explicit PendingSet(QueueKind kind);

  QueueKind kind() const noexcept { return kind_; }

  /// Calls `f` with the concrete structure (for code specialised per kind).
  template <class F>
  decltype(auto) visit(F&& f) {
    switch (impl_.index()) {
      case 0:
        return f(*std::get_if<0>(&impl_));
      case 1:
        return f(*std::get_if<1>(&impl_));
      default:
        return f(*std::get_if<2>(&impl_));
    }
  }

  void push(const EventKey& key) {
    visit([&](auto& q) { q.push(key); });
  }
  /// The smallest key; the set must not be empty.
  const EventKey& top() noexcept {
    return visit([](auto& q) -> const EventKey& { return q.top(); });
  }
  /// Removes the smallest key; the set must not be empty.
  void pop() noexcept {
    visit([](auto& q) { q.pop(); });
  }
  std::size_t size() const noexcept {
    return const_cast<PendingSet*>(this)->visit([](auto& q) { return q.size(); });
  }
  bool empty() const noexcept { return size() == 0; }
  /// Appends every key to `out` in no particular order and empties the set.
  void drain(std::vector<EventKey>& out) {
    visit([&](auto& q) { q.drain(out); });
  }

 private:
  QueueKind kind_;
  std::variant<QuaternaryHeapSet, CalendarQueue, BinaryHeapSet> impl_;
};

}  // namespace drill::core
