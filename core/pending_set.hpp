// The pending-event set: the structure that yields scheduled events in key
// order. It holds only `EventKey`s (24 bytes); payloads stay in the
// simulation's slot pool, so moving keys around is cheap.
//
// The interface is deliberately narrow (push, peek, pop) so structures can be
// swapped and benchmarked against each other. Every implementation must yield
// exactly the same sequence for the same pushes: the order is the key's total
// order, never an artefact of the structure.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string_view>

#include "core/event.hpp"

namespace drill::core {

class PendingEventSet {
 public:
  virtual ~PendingEventSet() = default;
  virtual void push(const EventKey& key) = 0;
  /// The smallest key; the set must not be empty.
  virtual const EventKey& top() const = 0;
  /// Removes the smallest key; the set must not be empty.
  virtual void pop() = 0;
  virtual std::size_t size() const noexcept = 0;
  bool empty() const noexcept { return size() == 0; }
};

enum class QueueKind {
  binary_heap,     // std::push_heap/pop_heap over a vector: O(log n), the textbook baseline
  quaternary_heap  // 4-ary implicit heap: O(log4 n) levels, fewer cache misses per pop
};

std::unique_ptr<PendingEventSet> make_pending_set(QueueKind kind);
std::string_view to_string(QueueKind kind) noexcept;
std::optional<QueueKind> parse_queue_kind(std::string_view name) noexcept;

}  // namespace drill::core
