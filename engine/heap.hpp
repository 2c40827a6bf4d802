// How drillsim's heap is set up for runs (every command but `bench`).
//
// Every first touch of a page is a page fault, and on virtual machines a
// dear one: on the 2-core test machine a fault costs 20 us or more, and a
// run of the generated 2,000-aircraft drill used to take about 2,200 of
// them (its drill's YAML tree, its process frames, its measures). So:
//  - large blocks (the report's rows and texts, grown by doubling) come from
//    the heap and freed memory is kept for the next ones, rather than a fresh
//    mapping for each block and the heap trimmed after each free; the memory
//    is the same at its peak, only given back when the process ends (the
//    large drill's single run with its report spent about a tenth less time
//    on its run thread this way);
//  - the heap is grown once, at start, by 64 MiB of address space (nothing
//    is touched, so nothing is resident) that is advised for transparent
//    huge pages: the run's first touch of each 2 MiB of it is one fault
//    rather than 512. The heap's free top is moved to the first advised
//    byte (a spacer block, address space only), and the advice leaves out
//    the 2 MiB glibc wrote a header in while growing the heap (one touched
//    4 KiB page keeps a whole 2 MiB range from a huge page): the generated
//    drill's process then takes about 530 faults (1,300-1,450 when the
//    reserve's first 2 MiB were faulted 4 KiB at a time).
// A thread that runs simulations (replications', sweeps' and MPI rank 0's
// workers) allocates from an arena of its own, which glibc maps apart
// from the heap above, in 4 KiB pages: its runs' memory is reused run after
// run, but every access to it goes through a page table four times as
// large, and the time of a small drill's run came to depend on where the
// kernel put that arena (a sweep of 10,000 runs of configs/small.yaml: 0.31 s
// of runs in some processes, 0.50 s in others). So each such thread, when
// it starts, grows its arena once by 16 MiB of address space advised for
// huge pages, as glibc does with its glibc.malloc.hugetlb=1 setting (which
// is read from the environment only), and its runs take the shorter time
// in every process. glibc gives a new thread the arena of one that ended
// (a sweep's workers get those of the threads that checked its points):
// an arena set up once is left as it is.
// Where that is refused (an address-space limit, a kernel without huge
// pages, an allocator that is not glibc's, the sanitizers' allocators) the
// heap stays as it was. The event core's stress tool keeps glibc's
// defaults, which its bare-heap baselines are measured with.
#pragma once

namespace drill::engine {

/// Sets the heap up as above; true when huge pages were asked for.
bool tune_heap_for_runs() noexcept;

/// Sets up the calling thread's arena as above; true when huge pages were
/// asked for. Does nothing unless tune_heap_for_runs ran first.
bool tune_thread_heap_for_runs() noexcept;

/// What a thread that runs simulations does first: names itself
/// `drillsim-runs` (for top -H, perf and debuggers) and sets its arena up.
void begin_run_thread() noexcept;

}  // namespace drill::engine
