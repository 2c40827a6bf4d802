// Starting the threads that run simulations (replications' workers, a
// sweep's workers, MPI rank 0's local worker) so that they run at once, on
// CPUs of their own where there are enough.
//
// Measured on the 2-vCPU test machine: the kernel queues a new thread on
// the CPU of the thread that made it, and while that one stays busy the new
// thread waits there until the scheduler's balancing moves one of them,
// 1.5 to 5 ms later (a 1,000-run sweep of configs/small.yaml lasts about
// 40 ms, all of it on a worker). So the caller waits until each new thread
// has begun (leaving its CPU to them meanwhile), and each new thread that
// finds itself on a CPU the caller or an earlier one of them is on moves
// to another CPU its affinity allows, if there is one, and then gets its
// affinity back: a hint at the start, no pinning, the scheduler places it
// as it likes from then on. Where the affinity calls fail, the thread
// stays where it is.
#pragma once

#include <functional>
#include <thread>
#include <vector>

namespace drill::engine {

/// Starts `count` threads, thread i running begin_run_thread() (heap.hpp)
/// and then body(i); returns once every one has begun. The caller joins them.
std::vector<std::thread> start_run_threads(unsigned count, const std::function<void(unsigned)>& body);

/// One such thread, running body().
std::thread start_run_thread(const std::function<void()>& body);

}  // namespace drill::engine
