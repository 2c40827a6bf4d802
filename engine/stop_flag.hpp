// A request to stop a run, safe to make from any thread (or a signal
// handler: it is one lock-free atomic store). The engine reads it between
// run slices, never inside one, so a stopped run ends on a slice boundary
// with every event up to there executed, and its results say `stopped`.
#pragma once

#include <atomic>

namespace drill::engine {

class StopFlag {
 public:
  void request() noexcept { requested_.store(true, std::memory_order_relaxed); }
  bool requested() const noexcept { return requested_.load(std::memory_order_relaxed); }

 private:
  std::atomic<bool> requested_{false};
  static_assert(std::atomic<bool>::is_always_lock_free);
};

}  // namespace drill::engine
