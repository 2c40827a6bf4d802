// The heap runs grow into (engine/heap.hpp): advised for transparent huge
// pages, read back from the kernel's own account of the process's mappings.
#include "engine/heap.hpp"

#include <gtest/gtest.h>
#include <sys/mman.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr bool kGlibcHeap = false;
#elif defined(__GLIBC__)
constexpr bool kGlibcHeap = true;
#else
constexpr bool kGlibcHeap = false;
#endif

/// The VmFlags line of the mapping that holds `p`, from /proc/self/smaps
/// ("" when no mapping holds it).
std::string vm_flags_of(const void* p) {
  const auto address = reinterpret_cast<std::uintptr_t>(p);
  std::ifstream smaps("/proc/self/smaps");
  std::string line;
  bool inside = false;
  while (std::getline(smaps, line)) {
    std::uintptr_t from = 0;
    std::uintptr_t to = 0;
    char dash = 0;
    std::istringstream head(line);
    if (head >> std::hex >> from >> dash >> to && dash == '-') {
      inside = from <= address && address < to;
    } else if (inside && line.rfind("VmFlags:", 0) == 0) {
      return line;
    }
  }
  return "";
}

/// Bytes of the mappings within [from, to) that are readable and writable:
/// how far a glibc arena heap there has grown.
std::uintptr_t rw_bytes_in(std::uintptr_t from, std::uintptr_t to) {
  std::ifstream maps("/proc/self/maps");
  std::string line;
  std::uintptr_t bytes = 0;
  while (std::getline(maps, line)) {
    std::uintptr_t begin = 0;
    std::uintptr_t end = 0;
    char dash = 0;
    std::string perms;
    std::istringstream head(line);
    if (!(head >> std::hex >> begin >> dash >> end >> perms) || dash != '-') continue;
    if (perms.rfind("rw", 0) != 0) continue;
    const std::uintptr_t lo = std::max(begin, from);
    const std::uintptr_t hi = std::min(end, to);
    if (lo < hi) bytes += hi - lo;
  }
  return bytes;
}

TEST(Heap, ARunsNextHeapBlocksLieInMemoryAdvisedForHugePages) {
  const bool asked = drill::engine::tune_heap_for_runs();
  if (!kGlibcHeap) {
    EXPECT_FALSE(asked) << "only glibc's own heap is tuned";
    return;
  }
  ASSERT_TRUE(asked) << "madvise(MADV_HUGEPAGE) refused: a kernel without transparent huge pages?";
  // 8 MiB is below the raised mmap threshold: the block comes from the
  // heap's reserve, which the kernel lists with the `hg` (MADV_HUGEPAGE)
  // flag from the first 2 MiB boundary of the reserve on (the block starts
  // at most a few kilobytes before the reserve).
  void* const block = std::malloc(std::size_t{8} << 20);
  ASSERT_NE(block, nullptr);
  const std::string flags = vm_flags_of(static_cast<char*>(block) + (std::size_t{6} << 20));
  std::free(block);
  EXPECT_NE(flags.find(" hg"), std::string::npos) << flags;
}

TEST(Heap, TheHeapsNextBlockFromItsTopGetsAWholeHugePage) {
  const bool asked = drill::engine::tune_heap_for_runs();
  if (!kGlibcHeap) {
    EXPECT_FALSE(asked) << "only glibc's own heap is tuned";
    return;
  }
  ASSERT_TRUE(asked);
  // A block larger than any freed one comes from the heap's free top, and
  // its header's write faults in its page. That page is at or past the
  // first advised byte (the spacer), and nothing of its 2 MiB was touched
  // before (the header glibc wrote when the reserve was carved is out of
  // the advised range): one fault maps all of it, as mincore() shows. The
  // first 2 MiB of the reserve used to get 4 KiB pages, one fault each.
  void* const block = std::malloc(std::size_t{1} << 20);
  ASSERT_NE(block, nullptr);
  static_cast<volatile char*>(block)[0] = 1;
  const std::uintptr_t page = reinterpret_cast<std::uintptr_t>(block) & ~((std::uintptr_t{2} << 20) - 1);
  std::vector<unsigned char> resident(512);
  const int rc = mincore(reinterpret_cast<void*>(page), std::size_t{2} << 20, resident.data());
  const std::string flags = vm_flags_of(block);
  std::free(block);
  ASSERT_EQ(rc, 0);
  EXPECT_NE(flags.find(" hg"), std::string::npos) << flags;
  std::size_t pages = 0;
  for (const unsigned char r : resident) pages += r & 1;
  EXPECT_EQ(pages, 512u) << "of the 512 pages of the block's 2 MiB, " << pages << " are resident";
}

TEST(Heap, AThreadsArenaIsAdvisedForHugePagesWhenItsThreadStarts) {
  drill::engine::tune_heap_for_runs();  // the mmap threshold above the reserve
  bool asked = false;
  std::string flags;
  std::string first_flags;
  std::thread runner([&] {
    asked = drill::engine::tune_thread_heap_for_runs();
    // The thread's next small block (a run's first): in huge pages too,
    // not in the arena's first 2 MiB beside its header.
    void* const first = std::malloc(64);
    if (first != nullptr) first_flags = vm_flags_of(first);
    // A block of the thread's own arena, 4 MiB into the reserve: within it
    // whatever the arena had taken before.
    void* const block = std::malloc(std::size_t{8} << 20);
    if (block != nullptr) flags = vm_flags_of(static_cast<char*>(block) + (std::size_t{4} << 20));
    std::free(block);
    std::free(first);
  });
  runner.join();
  if (!kGlibcHeap) {
    EXPECT_FALSE(asked) << "only glibc's own heap is tuned";
    return;
  }
  ASSERT_TRUE(asked) << "the thread's arena was not advised";
  EXPECT_NE(flags.find(" hg"), std::string::npos) << flags;
  EXPECT_NE(first_flags.find(" hg"), std::string::npos) << first_flags;
}

TEST(Heap, AThreadThatTakesOverAnEndedThreadsArenaAddsNoSecondSpacer) {
  drill::engine::tune_heap_for_runs();
  // glibc gives a new thread the arena of one that ended. After the tune,
  // a block larger than any the arena has free comes from its free top:
  // where the runs' memory begins.
  // A thread that takes one over leaves it as it is: its heap does not
  // grow (set up again, it grew by 2 MiB and touched a fresh huge page).
  constexpr std::uintptr_t kArenaHeap = std::uintptr_t{64} << 20;
  std::uintptr_t top[3] = {0, 0, 0};
  std::uintptr_t grown[3] = {0, 0, 0};
  bool asked[3] = {false, false, false};
  for (int k = 0; k < 3; ++k) {
    std::thread runner([&] {
      asked[k] = drill::engine::tune_thread_heap_for_runs();
      void* const block = std::malloc(std::size_t{1} << 20);
      top[k] = reinterpret_cast<std::uintptr_t>(block);
      std::free(block);
      const std::uintptr_t heap = top[k] & ~(kArenaHeap - 1);
      grown[k] = rw_bytes_in(heap, heap + kArenaHeap);
    });
    runner.join();
  }
  if (!kGlibcHeap) {
    EXPECT_FALSE(asked[0] || asked[1] || asked[2]) << "only glibc's own heap is tuned";
    return;
  }
  ASSERT_TRUE(asked[0] && asked[1] && asked[2]);
  // A spacer for each thread would move it 2 MiB on each time, and keep
  // the memory the thread before had used. (Within a few bytes: which
  // small freed blocks glibc has merged by then varies.)
  for (int k = 1; k < 3; ++k) {
    EXPECT_LT(std::max(top[k], top[0]) - std::min(top[k], top[0]), std::uintptr_t{4096})
        << std::hex << top[0] << " " << top[k];
    EXPECT_EQ(top[k] & ~(kArenaHeap - 1), top[0] & ~(kArenaHeap - 1)) << "not the same arena";
    EXPECT_EQ(grown[k], grown[0]) << "thread " << k << "'s arena heap grew";
  }
}

}  // namespace
