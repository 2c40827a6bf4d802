// Starting the threads that run simulations (replications' workers, a
// sweep's workers, MPI rank 0's local worker) so that they run at once, on
// CPUs of their own where there are enough.
//
// Measured on the 2-vCPU test machine: the kernel queues a new thread on
// the CPU of the thread that made it, and while that one stays busy the new
// thread waits there until the scheduler's balancing moves one of them,
// 1.5 to 5 ms later (a 1,000-run sweep of configs/small.yaml lasts about
// 25 ms, all of it on its workers). Threads that moved themselves as they
// began fared little better: one queued behind another that had just moved
// to its CPU waited there as long. So the caller places each new thread
// before it exists: it steps onto the thread's CPU (its affinity narrowed to
// that CPU alone, which the new thread inherits), the other CPUs its
// affinity allows first and its own last, and ends back on its own CPU with
// its own affinity. Each thread widens its affinity to the caller's as it
// begins: a placement at the start, no pinning. Where the affinity calls
// fail or allow one CPU, threads start where the caller is.
#pragma once

#include <functional>
#include <thread>
#include <vector>

namespace drill::engine {

/// Starts `count` threads, thread i running begin_run_thread() (heap.hpp)
/// and then body(i). The caller joins them. Where a thread cannot be made,
/// throws what making it threw, the caller's affinity as it was (threads
/// made before it are lost unjoined, which ends the process, as ever with
/// std::thread).
std::vector<std::thread> start_run_threads(unsigned count, const std::function<void(unsigned)>& body);

/// Called by a thread of a start_run_threads() set between its runs: when
/// it finds itself on a CPU where another thread of its set was last seen,
/// while none was last seen on the CPU it was placed on, it steps back onto
/// that CPU (its affinity narrowed to it, then widened again: no pinning)
/// and returns true. Otherwise a getcpu and a look at the set's CPUs, and
/// false; always false for other threads.
///
/// Why: a run thread that sleeps a moment (a lock another holds, a page
/// fault the kernel serves with a lock held) is woken onto the CPU of the
/// thread that woke it, often its sibling's, and the kernel's balancing
/// then left the two sharing one CPU, each 4 ms at a time, while the other
/// CPU idled: 2 to 14 ms of a 13 ms two-worker sweep of 1,000 runs of
/// configs/small.yaml in 8 of 15 sweeps traced (perf sched timehist).
bool keep_apart() noexcept;

/// The CPU the calling thread was placed on by start_run_threads(); -1 for
/// a thread it did not place (one CPU to choose from, or another thread).
int placed_cpu() noexcept;

/// One such thread, running body().
std::thread start_run_thread(const std::function<void()>& body);

/// The CPUs the calling thread may run on (its affinity), at least 1; the
/// machine's count where the affinity cannot be read.
unsigned usable_cpus() noexcept;

}  // namespace drill::engine
