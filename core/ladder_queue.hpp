// A ladder queue (Tang, Goh and Thng, 2005): O(1) amortised push and pop
// without a width to tune, because it splits only the buckets that turn out
// crowded.
//
//   top_     an unsorted list of events later than every rung (beyond rung
//            0's range; with no rungs, later than bottom_max_);
//   rungs_   up to kMaxRungs arrays of buckets, each rung spanning one bucket
//            of the rung above it with finer buckets; a bucket is an
//            unsorted list threaded through the pool nodes;
//   bottom_  a small 4-ary heap of keys earlier than the finest rung's
//            current bucket.
// Every key in bottom_ is smaller than every other key, so once top() or
// pop() has refilled an empty bottom_, the smallest key is bottom_.top().
// Refilling: the finest rung's next non-empty
// bucket either moves into bottom_ (at most kThreshold events, or no finer
// split possible) or becomes a new, finer rung; when every rung is spent,
// the top list becomes rung 0, its width set so each bucket gets about one
// event. Rung bucket arrays keep their capacity, so the steady state
// allocates nothing.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/event.hpp"
#include "core/event_pool.hpp"
#include "core/heap_pending_sets.hpp"

namespace drill::core {

class LadderQueue {
 public:
  explicit LadderQueue(EventPool& pool) : pool_(pool) {}

  /// Queues `key`, the key of its node in the pool.
  void push(const EventKey& key);

  /// The smallest key; the queue must not be empty.
  const EventKey& top() noexcept {
    if (bottom_.empty()) refill();
    return bottom_.top();
  }

  /// Removes the smallest key; the queue must not be empty.
  void pop() noexcept {
    if (bottom_.empty()) refill();
    bottom_.pop();
    --size_;
  }

  std::size_t size() const noexcept { return size_; }
  bool empty() const noexcept { return size_ == 0; }
  /// Appends every key to `out` in no particular order and empties the queue.
  void drain(std::vector<EventKey>& out);

  std::size_t rung_count() const noexcept { return rungs_in_use_; }

 private:
  static constexpr std::uint32_t kNil = EventPool::kNil;
  static constexpr std::size_t kMaxRungs = 8;
  static constexpr std::size_t kThreshold = 50;

  struct Rung {
    std::int64_t start = 0;   // time of bucket 0
    std::uint64_t width = 1;  // ticks per bucket
    std::size_t cur = 0;      // first bucket not yet taken out
    std::vector<std::uint32_t> heads;
    std::uint64_t bucket_of(std::int64_t t) const noexcept {
      return (static_cast<std::uint64_t>(t) - static_cast<std::uint64_t>(start)) / width;
    }
    /// Whether `t` is at or after the current bucket's start.
    bool reaches(std::int64_t t) const noexcept { return t >= start && bucket_of(t) >= cur; }
  };

  void refill() noexcept;
  /// Spreads the list starting at `head` (n events, times in [start, start +
  /// span)) over rung `r`, about one event a bucket; returns false when the
  /// bucket array cannot be allocated.
  bool spread(Rung& r, std::uint32_t head, std::size_t n, std::int64_t start, std::uint64_t span) noexcept;
  void to_bottom(std::uint32_t head) noexcept;
  void link(std::vector<std::uint32_t>& heads, std::uint64_t b, std::uint32_t i) noexcept {
    pool_[i].next = heads[b];
    heads[b] = i;
  }

  EventPool& pool_;
  QuaternaryHeapSet bottom_;
  std::array<Rung, kMaxRungs> rungs_;
  std::size_t rungs_in_use_ = 0;
  std::uint32_t top_ = kNil;
  std::size_t top_count_ = 0;
  std::int64_t top_min_ = 0;
  std::int64_t top_max_ = 0;
  std::int64_t bottom_max_ = 0;  // with no rungs: later events go to top_
  std::size_t size_ = 0;
};

}  // namespace drill::core
