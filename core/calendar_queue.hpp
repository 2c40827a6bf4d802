// A calendar queue with adaptive bucket width: O(1) expected push and pop
// when event times are spread smoothly, degrading gracefully (never below a
// heap's O(log n)) when they are not.
//
// Time is cut into buckets of 2^shift ticks; bucket number vb = time >> shift
// (in an order-preserving unsigned mapping). Three parts, each holding keys of
// a disjoint range of vb, so the smallest key is always the smaller of
// run_.back() and bottom_.top():
//   run_       vb <= cur_: the keys of the current bucket as it became the
//              bottom, sorted once, smallest last, and popped from the back
//              (a bucket's keys arrive nearly in order, most of them are
//              popped before anything joins them, and a pop is then a
//              decrement, not a heap's sift-down);
//   bottom_    vb <= cur_: a small 4-ary heap of the keys pushed into the
//              bottom after that (a sorted vector would make a burst of
//              same-time events, e.g. a million processes started at once,
//              quadratic);
//   ring       cur_ < vb < cur_ + nb: bucket vb & (nb-1) holds only events of
//              that one vb, as an unsorted list threaded through the events'
//              own pool nodes (EventNode::next), so the ring costs 4 bytes per
//              bucket and nothing per event; a bucket's events are read once,
//              when it becomes the bottom (from 2^19 keys on, a push waits
//              in a FIFO of eight parked nodes before it is linked, see
//              park());
//   overflow_  vb >= cur_ + nb: a 4-ary heap of keys; they move into the ring
//              as the window slides over them (heavy tails, far-future timers).
// Invariant: run_ or bottom_ is non-empty whenever the queue is.
//
// Latency: below 2^14 keys the nodes sit in the caches, but the walk down a
// bucket's list is still a chain of dependent loads; when buckets are
// crowded (four keys a bucket step or more) each pop reads two nodes of the
// next bucket's list ahead of time (a pre-walk, up to 64 keys), so the step
// to that bucket waits only for what the pre-walk did not read.
//
// Memory traffic: the nodes are the queue's working set (40 bytes a key, in
// DRAM beyond a few 10^5 keys), so what advance() reads next is asked for
// ahead of time: a prefetch cursor on each of the next four or sixteen
// buckets walks one node further down its list every one or two bucket
// steps, and a push from 2^19 keys on asks for its bucket's head eight
// pushes before it links into it. Both change when memory is read, never
// the order keys come out in.
//
// Adaptation: at each rebuild (when the size doubles or falls to an eighth)
// the width is chosen from the spacing of the nearer half of the pending
// times, estimated from a fixed-size sample, so that the nearer half fills
// about n/4 buckets; the ring gets at least one bucket per key, and up to
// four when that is what it takes to hold nine keys in ten inside the window.
// Between rebuilds the queue watches empty buckets skipped, bottom batch
// sizes and the overflow's share; when one drifts far from the ideal it
// re-derives the layout (with backoff, so ties that no width can separate do
// not cause rebuilds in a loop). Rebuilds are O(n), amortised, and re-thread
// the nodes in place: they need no memory beyond the bucket array.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/event.hpp"
#include "core/event_pool.hpp"
#include "core/heap_pending_sets.hpp"

namespace drill::core {

class CalendarQueue {
 public:
  explicit CalendarQueue(EventPool& pool);

  /// Queues `key`, the key of its node in the pool.
  void push(const EventKey& key) {
    const std::uint32_t i = key.slot();
    EventNode& n = pool_[i];
    if (size_ == 0) {
      cur_ = bucket_of(n.time);
      pre_on_ = false;  // cur_ may move back: the pre-walked bucket's keys are gone
      pre_next_ = kNil;
    }
    place(i, n);
    if (++size_ > grow_at_) grow();
  }

  const EventKey& top() noexcept { return run_first() ? run_.back() : bottom_.top(); }

  void pop() noexcept {
    if (run_first()) {
      run_.pop_back();
    } else {
      bottom_.pop();
    }
    --size_;
    if (pre_next_ != kNil) pre_step();
    if (run_.empty() && bottom_.empty() && size_ > 0) advance();
    // Reviewed every check period, or sooner once the empty buckets skipped
    // exceed what that period allows: a width far too narrow for the keys
    // (a burst of near ties followed by far-apart keys) would otherwise scan
    // thousands of empty buckets per pop until the period ends.
    if (++pops_ >= check_at_ || skipped_ > skip_budget_) review();
  }

  std::size_t size() const noexcept { return size_; }
  bool empty() const noexcept { return size_ == 0; }
  /// Appends every key to `out` in no particular order and empties the queue.
  void drain(std::vector<EventKey>& out);

  /// Current bucket width in ticks (for tests and the bench tool).
  std::int64_t bucket_width() const noexcept { return std::int64_t{1} << shift_; }
  std::size_t bucket_count() const noexcept { return nb_; }
  /// How many buckets ahead advance() prefetches, and whether pushes park
  /// (see below; for tests).
  std::uint64_t prefetch_span() const noexcept { return ahead_span_; }
  bool parking() const noexcept { return park_; }
  /// Whether pops read the next bucket's list ahead (below 2^14 keys with
  /// crowded buckets, as of the last review), and how many keys advance()
  /// has found read so far (for tests).
  bool pre_walking() const noexcept { return pre_walk_; }
  std::uint64_t pre_walked_keys() const noexcept { return pre_walked_; }

 private:
  static constexpr std::uint32_t kNil = EventPool::kNil;
  // More empty buckets skipped per pop than this means the width is too
  // narrow.
  static constexpr std::uint64_t kMaxSkipsPerPop = 32;

  static std::uint64_t biased(std::int64_t t) noexcept {
    return static_cast<std::uint64_t>(t) ^ (std::uint64_t{1} << 63);  // order-preserving
  }
  std::uint64_t bucket_of(std::int64_t t) const noexcept { return biased(t) >> shift_; }

  /// The smallest key is the sorted run's (rather than the heap's).
  bool run_first() const noexcept {
    return !run_.empty() && (bottom_.empty() || key_before(run_.back(), bottom_.top()));
  }
  void advance() noexcept;
  void review() noexcept;
  void rebuild(std::size_t expected);
  void grow() noexcept;
  /// Puts node `i` where its bucket belongs: bottom, ring or overflow.
  void place(std::uint32_t i, EventNode& n) {
    const std::uint64_t vb = bucket_of(n.time);
    if (vb <= cur_) {
      bottom_.push(n.key(i));
    } else if (vb - cur_ < nb_) {
      if (park_) {
        park(vb, i);
      } else {
        link(vb & mask_, i, n);
      }
    } else {
      overflow_.push(n.key(i));
    }
  }
  void migrate() noexcept {
    while (!overflow_.empty() && bucket_of(overflow_.top().time) - cur_ < nb_) {
      const std::uint32_t i = overflow_.top().slot();
      overflow_.pop();
      EventNode& n = pool_[i];
      link(bucket_of(n.time) & mask_, i, n);
    }
  }
  // Reading a bucket's events is the queue's one unavoidable cache miss per
  // event (the nodes are wherever the pool put them), and the walk down a
  // bucket's list is a chain of dependent loads. So advance() keeps a
  // prefetch cursor on each of the next ahead_span_ buckets: a bucket enters
  // the pipeline with its head asked for, and every ahead_stride_ steps of
  // cur_ its cursor moves one node down its list (reading the node asked
  // for at its last turn) and asks for that node, so a bucket is walked in
  // cache up to its (span / stride)-th node. Three fixed stages (the first
  // three nodes of a bucket, as before) were not enough: at 10^6 keys the
  // width settles at about four keys a bucket (measured: mean 4.3,
  // Poisson-like), and the fourth and later nodes were a chain of misses,
  // 70 % of advance()'s time. Span and stride are chosen at each rebuild
  // from the number of keys:
  //   below kPrefetchFrom  none: the nodes are in the core's own caches
  //                        (10^3 keys: 40 KiB) and the cursors only cost;
  //   below kLargeFrom     4, stride 1: the nodes are in the L3 (10^5 keys:
  //                        4 MB), whose latency a bucket step hides;
  //                        eight cursors cost 5-7 % there in steps that buy
  //                        nothing;
  //   from kLargeFrom      kLookahead (16), stride 2: the nodes (21 MB and
  //                        more; 29 MB with the 56-byte nodes these limits
  //                        were measured with) crowd a 32 MiB L3 and are read
  //                        from DRAM (10^6 keys: 40 MB), and buckets of five
  //                        and more keys are common; eight nodes deep, each
  //                        asked for two bucket steps before it is read
  //                        (stride 1 and eight buckets measured 7 % slower).
  //                        From 2^18 keys instead, the cancel benchmark
  //                        (about 400,000 keys, 23 MB of 56-byte nodes) ran
  //                        up to 9 % slower.
  static constexpr std::uint64_t kLookahead = 16;  // a power of two
  static constexpr std::size_t kPrefetchFrom = std::size_t{1} << 14;
  static constexpr std::size_t kLargeFrom = std::size_t{1} << 19;
  void step_prefetch() noexcept;
  // Pre-walk (below kPrefetchFrom keys, with crowded buckets): while the
  // current bucket's keys are popped, each pop reads the next kPreHops nodes
  // of the next bucket's list, so advance() finds up to kPreWalk of its keys
  // already read (see start_pre_walk()). It is on while the last review
  // period's bucket steps handed over kPreWalkFrom keys or more on average:
  // with one or two a bucket (the hold benchmark at 10^3) the walk has
  // nothing to hide and its step in every pop cost 2-3 %.
  static constexpr std::size_t kPreWalk = 64;
  static constexpr int kPreHops = 2;
  static constexpr std::uint64_t kPreWalkFrom = 4;
  void pre_step() noexcept {
    for (int hop = 0; hop < kPreHops && pre_next_ != kNil; ++hop) {
      const EventNode& n = pre_page_ ? pre_page_[pre_next_] : pool_[pre_next_];
      pre_keys_[pre_count_] = n.key(pre_next_);
      pre_rest_ = n.next;
      pre_next_ = ++pre_count_ < kPreWalk ? n.next : kNil;
    }
  }
  void start_pre_walk() noexcept;
  void prefetch_node(std::uint32_t i) const noexcept {
    const char* p = reinterpret_cast<const char*>(&pool_[i]);
    __builtin_prefetch(p);
    __builtin_prefetch(p + sizeof(EventNode) - 1);  // a node may straddle two lines
  }
  void link(std::uint64_t bucket, std::uint32_t i, EventNode& n) noexcept {
    n.next = heads_[bucket];
    heads_[bucket] = i;
    ++in_ring_;
  }
  // A push into the ring reads the head of a random bucket: from kLargeFrom
  // keys on, a miss in an array of 2 MiB and more (4-8 MiB at 10^6) that the
  // next event's work does not hide. There a push asks for that head and
  // parks the node in a small FIFO; the push kPark pushes later links it, by
  // when the head is in cache. A parked node counts as in the ring;
  // advance() links the parked nodes of each bucket before it reads the
  // bucket, and rebuild() and drain() link them all first, so nothing else
  // sees the difference. (Below kLargeFrom the heads are near enough in
  // the caches that parking did not pay: measured at 10^5 keys.)
  static constexpr std::size_t kPark = 8;
  struct Parked {
    std::uint64_t vb;
    std::uint32_t node;  // kNil: an empty slot
  };
  void park(std::uint64_t vb, std::uint32_t i) noexcept {
    __builtin_prefetch(&heads_[vb & mask_], 1);
    Parked& slot = parked_[next_park_];
    if (slot.node != kNil) unpark(slot);
    slot = Parked{vb, i};
    ++in_ring_;
    next_park_ = (next_park_ + 1) % kPark;
  }
  void unpark(Parked& slot) noexcept {
    link(slot.vb & mask_, slot.node, pool_[slot.node]);
    --in_ring_;  // counted when it was parked
    slot.node = kNil;
  }
  /// Links the parked nodes of bucket vb (advance(), as it reaches vb).
  void link_parked(std::uint64_t vb) noexcept {
    for (Parked& slot : parked_)
      if (slot.node != kNil && slot.vb == vb) unpark(slot);
  }
  void link_all_parked() noexcept {
    for (Parked& slot : parked_)
      if (slot.node != kNil) unpark(slot);
  }

  EventPool& pool_;
  std::vector<EventKey> run_;  // sorted, smallest last
  QuaternaryHeapSet bottom_;
  std::vector<std::uint32_t> heads_;  // first node of each bucket, or kNil
  QuaternaryHeapSet overflow_;
  std::uint64_t cur_ = 0;
  // Prefetch cursors: ahead_[b % kLookahead] is the node of bucket b last
  // asked for (or kNil), for b in (ahead_at_, ahead_at_ + ahead_span_];
  // valid only while ahead_valid_ (a rebuild or a jump of cur_ invalidates
  // them). Only ever a hint: a stale cursor still names a node, whose link
  // is kNil or another node, so following it is safe, merely useless.
  std::array<std::uint32_t, kLookahead> ahead_{};
  std::uint64_t ahead_at_ = 0;
  std::uint64_t ahead_span_ = 0;  // 0: no prefetching
  std::uint64_t ahead_stride_ = 1;
  bool ahead_valid_ = false;
  bool park_ = false;  // size_ >= kLargeFrom at the last rebuild
  std::array<Parked, kPark> parked_ = [] {
    std::array<Parked, kPark> empty{};
    for (Parked& slot : empty) slot.node = kNil;
    return empty;
  }();
  std::size_t next_park_ = 0;
  std::uint64_t pre_walked_ = 0;
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
  std::uint64_t skip_budget_ = 0;  // kMaxSkipsPerPop * check_at_
  std::uint64_t check_period_ = 0;
  std::uint64_t skipped_ = 0;
  std::uint64_t batches_ = 0;
  std::uint64_t batched_ = 0;
  std::uint64_t handed_ = 0;  // keys handed to the bottom, all batches
  // (The pre-walk's state last: it leaves the layout of the members above,
  // which every push and pop reads, as it was.)
  // The pre-walk of bucket pre_vb_ (valid while pre_on_): its list's head
  // when the walk began (pre_from_), the keys read since, in list order
  // (pre_keys_[0, pre_count_)), the next node to read (pre_next_; kNil once
  // the list or kPreWalk keys are read, or with no walk) and the node after
  // the last one read (pre_rest_).
  bool pre_walk_ = false;  // the mode, chosen at each review
  bool pre_on_ = false;
  std::uint64_t pre_vb_ = 0;
  std::uint32_t pre_from_ = kNil;
  std::uint32_t pre_next_ = kNil;
  std::uint32_t pre_rest_ = kNil;
  std::size_t pre_count_ = 0;
  std::array<EventKey, kPreWalk> pre_keys_;
  // The pool's nodes when it was one page as the walk began (every node
  // the walk reaches was in the list then), else null.
  const EventNode* pre_page_ = nullptr;
};

}  // namespace drill::core
