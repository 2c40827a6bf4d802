#include "core/spare_arrays.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <thread>
#include <vector>

namespace drill::core {
namespace {

struct GivenBackTag {};
using Given = SpareArrays<int, GivenBackTag>;

// What a thread gives back is what it takes next, last given first.
TEST(SpareArrays, AThreadTakesWhatItGaveBackLastGivenFirst) {
  if (!detail::kRecycleMemory) GTEST_SKIP() << "nothing is kept under AddressSanitizer";
  std::unique_ptr<int[]> a = Given::take(100);
  std::unique_ptr<int[]> b = Given::take(100);
  a[99] = 7;
  const int* const first = a.get();
  const int* const second = b.get();
  EXPECT_NE(first, second);
  Given::give(std::move(a));
  Given::give(std::move(b));
  EXPECT_EQ(a, nullptr);
  std::unique_ptr<int[]> c = Given::take(100);
  std::unique_ptr<int[]> d = Given::take(100);
  EXPECT_EQ(c.get(), second);
  EXPECT_EQ(d.get(), first);
  EXPECT_EQ(d[99], 7) << "contents as left";
}

struct OtherThreadTag {};
using Other = SpareArrays<int, OtherThreadTag>;

// Another thread has spares of its own: it never gets this thread's.
TEST(SpareArrays, AnotherThreadDoesNotTakeThisThreadsSpares) {
  if (!detail::kRecycleMemory) GTEST_SKIP() << "nothing is kept under AddressSanitizer";
  std::unique_ptr<int[]> mine = Other::take(8);
  const int* const kept = mine.get();
  Other::give(std::move(mine));
  const int* taken_there = nullptr;
  std::thread([&] {
    std::unique_ptr<int[]> theirs = Other::take(8);
    taken_there = theirs.get();  // made while `kept` is alive: another address
    Other::give(std::move(theirs));
  }).join();
  EXPECT_NE(taken_there, kept);
  EXPECT_EQ(Other::take(8).get(), kept);
}

struct BoundTag {};
using Bound = SpareArrays<char, BoundTag>;

// A thread keeps at most kKept arrays: the ones given past that are freed.
TEST(SpareArrays, AThreadKeepsAtMostKKept) {
  if (!detail::kRecycleMemory) GTEST_SKIP() << "nothing is kept under AddressSanitizer";
  std::vector<std::unique_ptr<char[]>> arrays;
  for (std::size_t i = 0; i < Bound::kKept + 5; ++i) arrays.push_back(Bound::take(16));
  std::vector<const char*> kept;
  for (std::size_t i = 0; i < Bound::kKept; ++i) kept.push_back(arrays[i].get());
  for (std::unique_ptr<char[]>& a : arrays) Bound::give(std::move(a));
  // The first kKept given are kept, taken back last first; after them, new ones.
  for (std::size_t i = Bound::kKept; i-- > 0;) {
    std::unique_ptr<char[]> a = Bound::take(16);
    EXPECT_EQ(a.get(), kept[i]) << i;
    arrays[i] = std::move(a);
  }
  Bound::give(nullptr);  // nothing to keep
}

struct UnkeptTag {};
using Unkept = SpareArrays<int, UnkeptTag>;

// Under AddressSanitizer nothing is kept, so that a use of an array a run
// has given up is still reported: an array given back is freed, and the
// next take() makes a new one (the freed one is in ASan's quarantine).
TEST(SpareArrays, NothingIsKeptUnderAddressSanitizer) {
  if (detail::kRecycleMemory) GTEST_SKIP() << "arrays are kept outside AddressSanitizer";
  std::unique_ptr<int[]> a = Unkept::take(32);
  const int* const given = a.get();
  Unkept::give(std::move(a));
  EXPECT_NE(Unkept::take(32).get(), given);
}

}  // namespace
}  // namespace drill::core
