// Spare arrays that each thread keeps for its next user.
//
// A short simulation run makes and drops the same large buffers at every
// run (its first event page, 160 KiB; a quantile instrument's buckets,
// 17 KB each). Freed between runs, each one came back from glibc's malloc
// by its slow path, and each such large request after a run's many small
// frees made glibc first merge every one of those (malloc_consolidate):
// together about a tenth of a small-drill run. Kept here instead, a run
// takes the arrays the thread's previous run gave back.
//
// Each Tag names one kind of array; all of a tag's arrays have the same
// element count (the first take() fixes it). An array comes back with its
// contents as its last user left them, as from make_unique_for_overwrite:
// its users write before they read, so which array a run gets cannot change
// a result. A thread keeps at most kKept arrays a tag, until it ends;
// give() never allocates. (Unlike the frame pool, frame_pool.hpp, which
// empties when a thread's last simulation ends, these are kept between
// runs: that is what they are for.) Under AddressSanitizer nothing is kept
// (recycling.hpp): each take() allocates and each give() frees.
#pragma once

#include <cassert>
#include <cstddef>
#include <memory>
#include <vector>

#include "core/recycling.hpp"

namespace drill::core {

template <class T, class Tag>
class SpareArrays {
 public:
  static constexpr std::size_t kKept = 64;

  /// An array of `count` elements: the thread's last given back, or a new one.
  static std::unique_ptr<T[]> take(std::size_t count) {
    Kept& k = kept();
    assert((k.count == 0 || k.count == count) && "SpareArrays: one element count a tag");
    k.count = count;
    if (!detail::kRecycleMemory || k.arrays.empty()) return std::make_unique_for_overwrite<T[]>(count);
    std::unique_ptr<T[]> a = std::move(k.arrays.back());
    k.arrays.pop_back();
    return a;
  }

  /// Keeps `a` (an array take() gave, on any thread) for this thread's next
  /// take(); frees it when the thread keeps kKept already.
  static void give(std::unique_ptr<T[]> a) noexcept {
    if (!a || !detail::kRecycleMemory) return;
    try {
      Kept& k = kept();
      if (k.arrays.size() < k.arrays.capacity()) k.arrays.push_back(std::move(a));
    } catch (...) {
      // The list could not be made: `a` frees its array.
    }
  }

 private:
  struct Kept {
    Kept() { arrays.reserve(kKept); }
    std::vector<std::unique_ptr<T[]>> arrays;  // capacity kKept: push_back never allocates
    std::size_t count = 0;
  };
  static Kept& kept() {
    thread_local Kept k;
    return k;
  }
};

}  // namespace drill::core
