#include "engine/run_threads.hpp"

#include <sched.h>

#include <atomic>
#include <memory>
#include <mutex>

#include "engine/heap.hpp"

namespace drill::engine {

namespace {

/// What the threads being started share until each has begun.
struct Start {
  explicit Start(unsigned count) : pending(count) {}
  std::mutex mutex;
  cpu_set_t taken{};  // the CPUs the caller and the threads placed so far are on
  std::atomic<unsigned> pending;  // threads not yet placed
};

/// Where the calling thread is on a CPU in `taken` and its affinity allows
/// one that is not, moves it there and restores its affinity; then marks
/// its CPU taken.
void place(Start& start) {
  std::lock_guard lock(start.mutex);
  int cpu = sched_getcpu();
  cpu_set_t allowed;
  if (cpu >= 0 && CPU_ISSET(cpu, &start.taken) && sched_getaffinity(0, sizeof allowed, &allowed) == 0) {
    cpu_set_t elsewhere;
    CPU_ZERO(&elsewhere);
    for (int c = 0; c < CPU_SETSIZE; ++c)
      if (CPU_ISSET(c, &allowed) && !CPU_ISSET(c, &start.taken)) CPU_SET(c, &elsewhere);
    // Setting its own affinity moves the thread before the call returns.
    if (CPU_COUNT(&elsewhere) > 0 && sched_setaffinity(0, sizeof elsewhere, &elsewhere) == 0) {
      cpu = sched_getcpu();
      sched_setaffinity(0, sizeof allowed, &allowed);
    }
  }
  if (cpu >= 0) CPU_SET(cpu, &start.taken);
}

}  // namespace

std::vector<std::thread> start_run_threads(unsigned count, const std::function<void(unsigned)>& body) {
  // Shared: each thread's lambda holds it, beyond this call's return.
  auto start = std::make_shared<Start>(count);
  if (const int cpu = sched_getcpu(); cpu >= 0) CPU_SET(cpu, &start->taken);
  std::vector<std::thread> threads;
  threads.reserve(count);
  for (unsigned i = 0; i < count; ++i) {
    threads.emplace_back([start, body, i] {
      place(*start);
      start->pending.fetch_sub(1, std::memory_order_release);
      begin_run_thread();
      body(i);
    });
  }
  // Yielding, not sleeping: a new thread queued on this CPU runs at once,
  // and this one goes on as soon as it has moved, without a wake.
  while (start->pending.load(std::memory_order_acquire) > 0) std::this_thread::yield();
  return threads;
}

std::thread start_run_thread(const std::function<void()>& body) {
  return std::move(start_run_threads(1, [body](unsigned) { body(); }).front());
}

}  // namespace drill::engine
