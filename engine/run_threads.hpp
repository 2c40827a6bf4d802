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

/// One such thread, running body().
std::thread start_run_thread(const std::function<void()>& body);

/// The CPUs the calling thread may run on (its affinity), at least 1; the
/// machine's count where the affinity cannot be read.
unsigned usable_cpus() noexcept;

}  // namespace drill::engine
