// Heap-based pending-event sets: implicit heaps over a vector of 16-byte keys.
//
// Invariant: keys_[0] is the smallest key by (time, order); each node is no
// larger than its children. Costs: O(log n) push and pop, 16 bytes per
// pending event plus vector slack; no allocation once the vector has grown to
// the run's peak. The binary heap is the textbook baseline; the 4-ary heap
// halves the depth and keeps the four children of a node in one cache line.
#pragma once

#include <algorithm>
#include <cstddef>
#include <vector>

#include "core/event.hpp"

namespace drill::core {

/// The vector of keys both heaps are laid out in, and what does not depend
/// on the layout.
class HeapStorage {
 public:
  const EventKey& top() const noexcept { return keys_.front(); }
  std::size_t size() const noexcept { return keys_.size(); }
  bool empty() const noexcept { return keys_.empty(); }
  /// Appends every key to `out` (in no particular order) and empties the set.
  void drain(std::vector<EventKey>& out) {
    out.insert(out.end(), keys_.begin(), keys_.end());
    keys_.clear();
  }
  /// Calls `f` with every key, in no particular order.
  template <class F>
  void for_each(F&& f) const {
    for (const EventKey& k : keys_) f(k);
  }
  /// Empties the set, keeping its capacity.
  void clear() noexcept { keys_.clear(); }

 protected:
  std::vector<EventKey> keys_;
};

class BinaryHeapSet : public HeapStorage {
 public:
  void push(const EventKey& key) {
    keys_.push_back(key);
    std::push_heap(keys_.begin(), keys_.end(), After{});
  }
  void pop() noexcept {
    std::pop_heap(keys_.begin(), keys_.end(), After{});
    keys_.pop_back();
  }

 private:
  struct After {
    bool operator()(const EventKey& a, const EventKey& b) const noexcept { return key_before(b, a); }
  };
};

// Children of i are 4i+1 .. 4i+4. Pop moves the hole down along the smallest
// children to a leaf and then sifts the last key up from there (Floyd's
// method): the last key usually belongs near the bottom, so this saves one
// comparison per level over the usual sift-down.
class QuaternaryHeapSet : public HeapStorage {
 public:
  void push(const EventKey& key) {
    keys_.push_back(key);
    sift_up(keys_.size() - 1, key);
  }
  void pop() noexcept {
    const EventKey last = keys_.back();
    keys_.pop_back();
    const std::size_t n = keys_.size();
    if (n == 0) return;
    EventKey* k = keys_.data();
    std::size_t i = 0;
    for (;;) {
      const std::size_t first = 4 * i + 1;
      if (first + 3 < n) {
        std::size_t a = key_before(k[first + 1], k[first]) ? first + 1 : first;
        std::size_t b = key_before(k[first + 3], k[first + 2]) ? first + 3 : first + 2;
        const std::size_t best = key_before(k[b], k[a]) ? b : a;
        k[i] = k[best];
        i = best;
        continue;
      }
      if (first < n) {
        std::size_t best = first;
        for (std::size_t c = first + 1; c < n; ++c)
          if (key_before(k[c], k[best])) best = c;
        k[i] = k[best];
        i = best;
      }
      break;
    }
    sift_up(i, last);
  }

 private:
  void sift_up(std::size_t i, const EventKey& key) noexcept {
    EventKey* k = keys_.data();
    while (i > 0) {
      const std::size_t parent = (i - 1) / 4;
      if (!key_before(key, k[parent])) break;
      k[i] = k[parent];
      i = parent;
    }
    k[i] = key;
  }
};

}  // namespace drill::core
