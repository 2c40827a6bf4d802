// A pool of records addressed by dense uint32 indices, with one free list:
// the network keeps its packets (a copy on its way) and its message records
// in two of these, so both recycle the same way.
//
// Invariants: an index handed out by acquire() stays valid (and its record
// in place) until release(); a released index is handed out again before
// the pool grows. References into the pool are invalidated by acquire()
// (the vector may grow): hold indices, not references, across it.
// Costs: acquire and release O(1), allocation-free once the pool has grown
// to the run's peak.
#pragma once

#include <cassert>
#include <cstdint>
#include <vector>

namespace drill::models::comms {

template <class T>
class SlotPool {
 public:
  /// An index whose record is either fresh (value-initialised) or as it was
  /// released; the caller resets what it uses.
  std::uint32_t acquire() {
    if (free_.empty()) {
      slots_.emplace_back();
      if (free_.capacity() < slots_.size()) free_.reserve(slots_.capacity());
      return static_cast<std::uint32_t>(slots_.size() - 1);
    }
    const std::uint32_t i = free_.back();
    free_.pop_back();
    return i;
  }
  void release(std::uint32_t i) noexcept {
    assert(i < slots_.size() && "a released slot came from this pool");
    free_.push_back(i);  // capacity reserved at acquire: never allocates
  }
  T& operator[](std::uint32_t i) noexcept { return slots_[i]; }
  const T& operator[](std::uint32_t i) const noexcept { return slots_[i]; }
  std::size_t size() const noexcept { return slots_.size(); }
  /// Records acquired and not yet released.
  std::size_t live() const noexcept { return slots_.size() - free_.size(); }

 private:
  std::vector<T> slots_;
  std::vector<std::uint32_t> free_;
};

}  // namespace drill::models::comms
