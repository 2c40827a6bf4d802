#include "engine/run_threads.hpp"

#include <sched.h>

#include <algorithm>
#include <vector>

#include "engine/heap.hpp"

namespace drill::engine {

namespace {

/// The CPUs the caller (on `self`) may use, those after its own first (in
/// turn, wrapping round) and its own last: where the threads go, in that
/// order. Empty when the caller's CPU is not known or its affinity allows
/// one CPU only (nothing to choose).
std::vector<int> placement(const cpu_set_t& allowed, int self) {
  if (self < 0 || self >= CPU_SETSIZE || !CPU_ISSET(self, &allowed) || CPU_COUNT(&allowed) < 2) return {};
  std::vector<int> cpus;
  for (int k = 1; k <= CPU_SETSIZE; ++k) {
    const int c = (self + k) % CPU_SETSIZE;
    if (CPU_ISSET(c, &allowed)) cpus.push_back(c);
  }
  return cpus;
}

bool set_affinity(const cpu_set_t& set) { return sched_setaffinity(0, sizeof set, &set) == 0; }

}  // namespace

std::vector<std::thread> start_run_threads(unsigned count, const std::function<void(unsigned)>& body) {
  cpu_set_t allowed;
  CPU_ZERO(&allowed);
  const int self = sched_getcpu();
  const bool known = sched_getaffinity(0, sizeof allowed, &allowed) == 0;
  const std::vector<int> cpus = known ? placement(allowed, self) : std::vector<int>{};
  const auto only = [](int cpu) {
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(cpu, &one);
    return one;
  };
  std::vector<std::thread> threads;
  threads.reserve(count);
  bool narrowed = false;  // the caller's affinity is one CPU now
  // However this ends (a thread that cannot be made throws), the caller is
  // back on its own CPU, the last of the threads' when there are as many
  // threads as CPUs, then with its own affinity.
  struct Restore {
    const bool& narrowed;
    const cpu_set_t& allowed;
    cpu_set_t own;
    ~Restore() {
      if (!narrowed) return;
      set_affinity(own);
      set_affinity(allowed);
    }
  } restore{narrowed, allowed, cpus.empty() ? allowed : only(self)};
  for (unsigned i = 0; i < count; ++i) {
    // A new thread inherits its creator's affinity and is queued on its
    // creator's CPU: the caller steps onto the thread's CPU, alone in its
    // affinity, to create it there. The thread widens its affinity again
    // as it begins: placed at the start, no pinning.
    if (!cpus.empty()) {
      if (set_affinity(only(cpus[i % cpus.size()]))) {
        narrowed = true;
      } else if (narrowed && set_affinity(allowed)) {
        narrowed = false;
      }
    }
    threads.emplace_back([body, i, widen = narrowed, allowed] {
      if (widen) set_affinity(allowed);
      begin_run_thread();
      body(i);
    });
  }
  return threads;
}

std::thread start_run_thread(const std::function<void()>& body) {
  return std::move(start_run_threads(1, [body](unsigned) { body(); }).front());
}

unsigned usable_cpus() noexcept {
  cpu_set_t allowed;
  CPU_ZERO(&allowed);
  if (sched_getaffinity(0, sizeof allowed, &allowed) == 0 && CPU_COUNT(&allowed) > 0)
    return static_cast<unsigned>(CPU_COUNT(&allowed));
  return std::max(1u, std::thread::hardware_concurrency());
}

}  // namespace drill::engine
