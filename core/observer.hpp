// Observation of the kernel from outside.
//
// Metrics, traces and live feeds subscribe through this interface; the kernel
// calls each observer after it has advanced the clock and before it runs the
// event's action. Observers must not schedule or cancel events (they see, they
// do not act), which keeps a run's behaviour independent of who is watching.
#pragma once

#include <cstdint>

#include "core/event.hpp"

namespace drill::core {

struct ExecutedEvent {
  SimTime time;
  EventTag tag;
  Priority priority;
  std::uint64_t sequence;  // insertion sequence: unique per simulation
};

class EventObserver {
 public:
  virtual ~EventObserver() = default;
  virtual void on_event(const ExecutedEvent& event) = 0;
};

}  // namespace drill::core
