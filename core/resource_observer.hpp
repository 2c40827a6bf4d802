// Listeners a capacity resource or a container tells of every change of its
// statistics as it happens, so that a collector can be pushed the figures
// instead of pulling them before each snapshot.
//
// A component calls its observer (at most one, set once while the model is
// built) right after the change, at the simulation's current time; the calls
// must not schedule events or touch the component. Every call is noexcept
// and allocation-free; `oldest_since` costs a walk of the queue (O(queue))
// only when an observer is set.
#pragma once

#include <cstddef>

#include "core/time.hpp"

namespace drill::core {

class ResourceObserver {
 public:
  virtual ~ResourceObserver() = default;
  /// Units in use changed (grant, release or preemption).
  virtual void on_in_use(SimTime now, int in_use) noexcept = 0;
  /// The queue changed: `waiting` requests wait; the longest-waiting of
  /// them has waited since `oldest_since` (meaningless when none waits).
  virtual void on_queue(SimTime now, std::size_t waiting, SimTime oldest_since) noexcept = 0;
  /// A request was granted after waiting `waited` (zero when served at once).
  virtual void on_granted(Duration waited) noexcept = 0;
};

class ContainerObserver {
 public:
  virtual ~ContainerObserver() = default;
  /// The level changed to `level`.
  virtual void on_level(SimTime now, double level) noexcept = 0;
  /// A get of `amount` was met after waiting `waited` (zero when met at
  /// once). An interrupted get that is undone reports `-amount` and no wait.
  virtual void on_got(double amount, Duration waited) noexcept = 0;
  /// The queue of gets changed: `waiting` wait, the longest since `oldest_since`.
  virtual void on_get_queue(SimTime now, std::size_t waiting, SimTime oldest_since) noexcept = 0;
};

}  // namespace drill::core
