#include "engine/run_threads.hpp"

#include <sched.h>

#include <algorithm>
#include <atomic>
#include <memory>
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

cpu_set_t only(int cpu) {
  cpu_set_t one;
  CPU_ZERO(&one);
  CPU_SET(cpu, &one);
  return one;
}

/// The threads of one start_run_threads() call, for keep_apart(): the CPU
/// each was placed on and the CPU each was on when it last looked.
struct RunThreadSet {
  cpu_set_t allowed;
  std::vector<int> home;                    // -1: not placed
  std::unique_ptr<std::atomic<int>[]> seen;  // -1: not yet looked
  explicit RunThreadSet(std::size_t count) : home(count, -1), seen(new std::atomic<int>[count]) {
    for (std::size_t i = 0; i < count; ++i) seen[i].store(-1, std::memory_order_relaxed);
  }
};

/// The calling thread's set and its place in it (none: not a run thread
/// started with others).
thread_local std::shared_ptr<RunThreadSet> my_set;
thread_local std::size_t my_index = 0;

}  // namespace

int placed_cpu() noexcept { return my_set ? my_set->home[my_index] : -1; }

bool keep_apart() noexcept {
  RunThreadSet* const set = my_set.get();
  if (set == nullptr) return false;
  const int home = set->home[my_index];
  const int cpu = sched_getcpu();
  if (home < 0 || cpu < 0) return false;
  set->seen[my_index].store(cpu, std::memory_order_relaxed);
  if (cpu == home) return false;
  bool shared = false;     // another thread of the set was last seen on this CPU
  bool home_free = true;  // none was last seen on this thread's own
  for (std::size_t j = 0; j < set->home.size(); ++j) {
    if (j == my_index) continue;
    const int other = set->seen[j].load(std::memory_order_relaxed);
    shared = shared || other == cpu;
    home_free = home_free && other != home;
  }
  if (!shared || !home_free) return false;
  // Narrowed to its own CPU, the thread moves there at once; widened again,
  // it stays until the scheduler has a reason to move it.
  if (!set_affinity(only(home))) return false;
  set->seen[my_index].store(home, std::memory_order_relaxed);
  set_affinity(set->allowed);
  return true;
}

std::vector<std::thread> start_run_threads(unsigned count, const std::function<void(unsigned)>& body) {
  cpu_set_t allowed;
  CPU_ZERO(&allowed);
  const int self = sched_getcpu();
  const bool known = sched_getaffinity(0, sizeof allowed, &allowed) == 0;
  const std::vector<int> cpus = known ? placement(allowed, self) : std::vector<int>{};
  auto set = std::make_shared<RunThreadSet>(count);
  set->allowed = allowed;
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
        set->home[i] = cpus[i % cpus.size()];
      } else if (narrowed && set_affinity(allowed)) {
        narrowed = false;
      }
    }
    threads.emplace_back([body, i, widen = narrowed, allowed, set] {
      if (widen) set_affinity(allowed);
      my_set = set;
      my_index = i;
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
