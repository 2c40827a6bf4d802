// A calendar queue with adaptive bucket width: O(1) expected push and pop
// when event times are spread smoothly, degrading gracefully (never below a
// heap's O(log n)) when they are not.
//
// Time is cut into buckets of 2^shift ticks; bucket number vb = time >> shift
// (in an order-preserving unsigned mapping). Three parts, each holding keys of
// a disjoint range of vb, so the smallest key is always at bottom_.top():
//   bottom_    vb <= cur_: a small 4-ary heap (a sorted vector would make a
//              burst of same-time events, e.g. a million processes started at
//              once, quadratic);
//   ring       cur_ < vb < cur_ + nb: bucket vb & (nb-1) holds only keys of
//              that one vb, as an unsorted singly linked list of nodes in one
//              arena (no allocation per bucket), sorted once it becomes the
//              bottom;
//   overflow_  vb >= cur_ + nb: a 4-ary heap; keys move into the ring as the
//              window slides over them (heavy tails, far-future timers).
// Invariant: bottom_ is non-empty whenever the queue is.
//
// Adaptation: the ring has about one bucket per pending key (rebuilt when the
// size doubles or falls to a quarter), and the width is chosen at each rebuild
// from the spacing of the nearer half of the pending times. The queue watches
// empty buckets skipped and bottom batch sizes; when either drifts far from
// the ideal it re-derives the width (with backoff, so ties that no width can
// separate do not cause rebuilds in a loop). Rebuilds are O(n) and amortised.
// Memory: a 20-byte node per key in the ring (key and next index, stored
// apart), 4 bytes per bucket (about one bucket per key), 16 bytes per key in
// the bottom or the overflow heap. Nodes are recycled through a free list, so
// the steady state allocates nothing.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/event.hpp"
#include "core/heap_pending_sets.hpp"

namespace drill::core {

class CalendarQueue {
 public:
  CalendarQueue();

  void push(const EventKey& key) {
    const std::uint64_t vb = bucket_of(key.time);
    if (size_ == 0) {
      cur_ = vb;
      bottom_.push(key);
    } else if (vb <= cur_) {
      bottom_.push(key);
    } else if (vb - cur_ < nb_) {
      link(vb & mask_, key);
    } else {
      overflow_.push(key);
    }
    if (++size_ > grow_at_) rebuild(size_);
  }

  const EventKey& top() noexcept { return bottom_.top(); }

  void pop() noexcept {
    bottom_.pop();
    --size_;
    if (bottom_.empty() && size_ > 0) advance();
    if (++pops_ >= check_at_) review();
  }

  std::size_t size() const noexcept { return size_; }
  bool empty() const noexcept { return size_ == 0; }
  void drain(std::vector<EventKey>& out);

  /// Current bucket width in ticks (for tests and the bench tool).
  std::int64_t bucket_width() const noexcept { return std::int64_t{1} << shift_; }
  std::size_t bucket_count() const noexcept { return nb_; }

 private:
  static std::uint64_t biased(std::int64_t t) noexcept {
    return static_cast<std::uint64_t>(t) ^ (std::uint64_t{1} << 63);  // order-preserving
  }
  std::uint64_t bucket_of(std::int64_t t) const noexcept { return biased(t) >> shift_; }

  void advance() noexcept;
  void review() noexcept;
  void rebuild(std::size_t expected);
  void migrate() noexcept {
    while (!overflow_.empty() && bucket_of(overflow_.top().time) - cur_ < nb_) {
      const EventKey k = overflow_.top();
      overflow_.pop();
      link(bucket_of(k.time) & mask_, k);
    }
  }
  void link(std::uint64_t bucket, const EventKey& key) {
    std::uint32_t node = free_;
    if (node != kNil) {
      free_ = next_[node];
      node_keys_[node] = key;
    } else {
      node = static_cast<std::uint32_t>(node_keys_.size());
      node_keys_.push_back(key);
      next_.push_back(kNil);
    }
    next_[node] = heads_[bucket];
    heads_[bucket] = node;
    ++in_ring_;
  }

  static constexpr std::uint32_t kNil = 0xFFFFFFFFU;

  QuaternaryHeapSet bottom_;
  std::vector<std::uint32_t> heads_;      // first node of each bucket, or kNil
  std::vector<EventKey> node_keys_;       // node arena: keys ...
  std::vector<std::uint32_t> next_;       // ... and links (next node or kNil)
  std::uint32_t free_ = kNil;             // recycled nodes
  std::vector<EventKey> scratch_;         // keys in transit during a rebuild
  QuaternaryHeapSet overflow_;
  std::uint64_t cur_ = 0;
  std::uint64_t nb_ = 0;
  std::uint64_t mask_ = 0;
  int shift_ = 0;
  std::size_t size_ = 0;
  std::size_t in_ring_ = 0;
  std::size_t grow_at_ = 0;
  std::size_t shrink_at_ = 0;
  // Adaptation statistics since the last review.
  std::uint64_t pops_ = 0;
  std::uint64_t check_at_ = 0;
  std::uint64_t check_period_ = 0;
  std::uint64_t skipped_ = 0;
  std::uint64_t batches_ = 0;
  std::uint64_t batched_ = 0;
};

}  // namespace drill::core
