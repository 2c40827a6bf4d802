#include "engine/heap.hpp"

#include <malloc.h>
#include <pthread.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <mutex>
#include <vector>

namespace drill::engine {
namespace {

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr bool kGlibcHeap = false;  // the sanitizers' allocators own the heap
#elif defined(__GLIBC__)
constexpr bool kGlibcHeap = true;
#else
constexpr bool kGlibcHeap = false;
#endif

constexpr std::size_t kHugePage = std::size_t{2} << 20;
constexpr std::size_t kReserve = std::size_t{64} << 20;
constexpr int kGlibcTopPad = 128 << 10;  // M_TOP_PAD's default
constexpr std::size_t kThreadReserve = std::size_t{16} << 20;
// glibc maps a thread's arena as heaps of this size aligned to it (twice
// the largest mmap threshold on 64-bit): the heap of a block is the block's
// address rounded down.
constexpr std::size_t kArenaHeap = std::size_t{64} << 20;

std::uintptr_t huge_page_up(const void* p) {
  return (reinterpret_cast<std::uintptr_t>(p) + kHugePage - 1) & ~(kHugePage - 1);
}
std::uintptr_t huge_page_down(const void* p) { return reinterpret_cast<std::uintptr_t>(p) & ~(kHugePage - 1); }

/// tune_heap_for_runs set the thresholds a thread's reserve relies on
/// (without them glibc trims the reserve away as soon as it is freed).
std::atomic<bool> thresholds_set{false};

/// What the set-up keeps: its spacer blocks (held, as an unused block
/// would be optimised away) and the arena heaps (their first byte) that a
/// run thread has set up, which glibc gives to later threads. A few dozen
/// entries at most. Each call is noexcept: where the lock or the list
/// fails, the answer is the conservative one.
struct Kept {
  std::mutex mutex;
  std::vector<void*> spacers;
  std::vector<std::uintptr_t> arenas;
};

Kept& kept() noexcept {
  static Kept k;
  return k;
}

bool arena_set_up(std::uintptr_t heap) noexcept {
  try {
    Kept& k = kept();
    std::lock_guard lock(k.mutex);
    return std::find(k.arenas.begin(), k.arenas.end(), heap) != k.arenas.end();
  } catch (...) {
    return false;  // set up again, as before this list
  }
}

void note_arena_set_up(std::uintptr_t heap) noexcept {
  try {
    Kept& k = kept();
    std::lock_guard lock(k.mutex);
    k.arenas.push_back(heap);
  } catch (...) {
    // Unlisted: the next thread of this arena sets it up again.
  }
}

/// Makes a heap's free top, which starts at `top`, start at `to` instead:
/// a block of the distance, kept for good (address space, untouched but
/// for its header). A block that did not come from the top (a freed one
/// served it) is given back. Whether the top moved.
bool hold_spacer(std::uintptr_t top, std::uintptr_t to) noexcept {
  if (top >= to) return false;
  void* const block = std::malloc(to - top);
  if (reinterpret_cast<std::uintptr_t>(block) != top + 2 * sizeof(std::size_t)) {
    std::free(block);
    return false;
  }
  try {
    Kept& k = kept();
    std::lock_guard lock(k.mutex);
    k.spacers.push_back(block);
  } catch (...) {
    std::free(block);  // the top stays where it was
    return false;
  }
  return true;
}

}  // namespace

bool tune_heap_for_runs() noexcept {
  if constexpr (!kGlibcHeap) {
    return false;
  } else {
    mallopt(M_MMAP_THRESHOLD, 64 << 20);
    mallopt(M_TRIM_THRESHOLD, 256 << 20);
    thresholds_set.store(true, std::memory_order_release);
    // A block as large as the heap's free top and the reserve makes glibc
    // grow the heap by the reserve (no pad); freed, it joins the top again,
    // and the trim threshold above keeps the whole reserve. Carving the
    // block wrote the header of the top's rest just past its end, before
    // the advice below: the 2 MiB around that header are left out of it,
    // as a range with a page touched already cannot get a huge page (it
    // used to be the reserve's first 2 MiB, faulted in 4 KiB pages).
    mallopt(M_TOP_PAD, 0);
    const void* const before = sbrk(0);
    // (Less than the reserve by 2 MiB: below the mmap threshold set above.)
    const std::size_t size = mallinfo2().keepcost + kReserve - kHugePage;
    void* const block = std::malloc(size);
    const std::uintptr_t end = reinterpret_cast<std::uintptr_t>(block) + size;
    const void* const after = sbrk(0);
    std::free(block);
    mallopt(M_TOP_PAD, kGlibcTopPad);
    const std::uintptr_t from = huge_page_up(before);
    const std::uintptr_t to = std::min(huge_page_down(after), end & ~(kHugePage - 1));
    if (block == nullptr || before == reinterpret_cast<void*>(-1) || to <= from) return false;
    if (madvise(reinterpret_cast<void*>(from), to - from, MADV_HUGEPAGE) != 0) return false;
    // The heap's free top starts below the first advised byte: up to 2 MiB
    // (where ASLR put the heap, and what was allocated before) of 4 KiB
    // pages that the next blocks, a sweep's storing thread's among them,
    // would fault in one by one (hundreds of faults of about 10 us each on
    // the test machine). A block from the top's start up to that byte, kept
    // for good (address space, untouched), makes the top start there, as for
    // a run thread's arena below; should a freed block serve it instead, it
    // is given back. (The main arena's top ends at the break.)
    static bool spaced = false;
    if (!spaced) spaced = hold_spacer(reinterpret_cast<std::uintptr_t>(after) - mallinfo2().keepcost, from);
    return true;
  }
}

bool tune_thread_heap_for_runs() noexcept {
  if constexpr (!kGlibcHeap) {
    return false;
  } else {
    if (!thresholds_set.load(std::memory_order_acquire)) return false;
    // The arena this thread was given: one that a thread that ended set up
    // is left as it is. (Set up again, its reserve grew by 2 MiB past the
    // pages the runs had used, and carving it wrote a header there: a fresh
    // huge page, 0.1-0.2 ms, at every start of a sweep's workers.)
    void* const probe = std::malloc(1);
    if (probe == nullptr) return false;
    const auto mine = reinterpret_cast<std::uintptr_t>(probe);
    std::free(probe);
    // Blocks the main thread's arena gives are advised already, or mapped
    // apart (an arena that could not grow): leave those alone.
    const void* const brk = sbrk(0);
    if (brk != reinterpret_cast<void*>(-1) && mine < reinterpret_cast<std::uintptr_t>(brk)) return false;
    const std::uintptr_t heap = mine & ~(kArenaHeap - 1);
    if (arena_set_up(heap)) return true;
    // A block larger than the arena's free top grows the arena's heap by
    // it (it is below the mmap threshold set above); freed, it joins the top
    // again and stays (the trim threshold), mapped but untouched.
    void* const block = std::malloc(kThreadReserve);
    if (block == nullptr) return false;
    const auto at = reinterpret_cast<std::uintptr_t>(block);
    std::free(block);
    if ((at & ~(kArenaHeap - 1)) != heap) return false;
    const std::uintptr_t from = huge_page_up(reinterpret_cast<void*>(at));
    const std::uintptr_t to = huge_page_down(reinterpret_cast<void*>(at + kThreadReserve));
    if (at + kThreadReserve > heap + kArenaHeap || to <= from) return false;
    if (madvise(reinterpret_cast<void*>(from), to - from, MADV_HUGEPAGE) != 0) return false;
    // The arena's header is in the heap's first 2 MiB, touched already in
    // 4 KiB pages, so no huge page can back that range: the runs' memory
    // would start there, and a worker's first run took ~180 page faults
    // (1-2 ms; its later runs 30 us). A block from the free top up to the
    // first advised byte, kept for good (address space, untouched but for
    // its header), makes the top start there instead.
    // (Asked for the whole distance: glibc's chunk header and rounding put
    // the next block's first byte at the boundary or just past it.)
    hold_spacer(at - 2 * sizeof(std::size_t), heap + kHugePage);
    note_arena_set_up(heap);
    return true;
  }
}

void begin_run_thread() noexcept {
  pthread_setname_np(pthread_self(), "drillsim-runs");
  tune_thread_heap_for_runs();
}

}  // namespace drill::engine
