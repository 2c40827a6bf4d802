// The ladder queue's operations; see ladder_queue.hpp for the invariants.
#include "core/ladder_queue.hpp"

#include <algorithm>
#include <new>
#include <utility>

namespace drill::core {

void LadderQueue::push(const EventKey& key) {
  const std::uint32_t i = key.slot();
  EventNode& n = pool_[i];
  const std::int64_t t = n.time;
  if (size_ == 0) rungs_in_use_ = 0;
  bool to_bottom = false;
  if (rungs_in_use_ == 0) {
    to_bottom = !bottom_.empty() && t <= bottom_max_;
  } else {
    // The coarsest rung whose current bucket t reaches takes it; past the
    // end of rung 0 is the top; before every rung's current bucket, the bottom.
    for (std::size_t r = 0; r < rungs_in_use_; ++r) {
      Rung& rung = rungs_[r];
      if (!rung.reaches(t)) continue;
      const std::uint64_t b = rung.bucket_of(t);
      if (b >= rung.heads.size()) break;
      link(rung.heads, b, i);
      ++size_;
      return;
    }
    to_bottom = !rungs_[0].reaches(t);
  }
  if (to_bottom) {
    bottom_.push(n.key(i));
  } else {
    if (top_count_ == 0 || t < top_min_) top_min_ = t;
    if (top_count_ == 0 || t > top_max_) top_max_ = t;
    n.next = top_;
    top_ = i;
    ++top_count_;
  }
  ++size_;
}

bool LadderQueue::spread(Rung& r, std::uint32_t head, std::size_t n, std::int64_t start,
                         std::uint64_t span) noexcept {
  const std::uint64_t width = std::max<std::uint64_t>(1, span / n);
  const std::uint64_t count = (span - 1) / width + 1;
  try {
    r.heads.assign(count, kNil);  // keeps its capacity when it shrinks
  } catch (const std::bad_alloc&) {
    return false;
  }
  r.start = start;
  r.width = width;
  r.cur = 0;
  for (std::uint32_t i = head; i != kNil;) {
    const std::uint32_t next = pool_[i].next;
    link(r.heads, r.bucket_of(pool_[i].time), i);
    i = next;
  }
  return true;
}

void LadderQueue::to_bottom(std::uint32_t head) noexcept {
  for (std::uint32_t i = head; i != kNil; i = pool_[i].next) bottom_.push(pool_[i].key(i));
}

void LadderQueue::refill() noexcept {
  // Precondition: bottom_ is empty and the queue is not.
  for (;;) {
    if (rungs_in_use_ == 0) {
      // Everything is in the top list.
      const std::uint32_t head = top_;
      const std::size_t n = top_count_;
      top_ = kNil;
      top_count_ = 0;
      const std::uint64_t span =
          static_cast<std::uint64_t>(top_max_) - static_cast<std::uint64_t>(top_min_) + 1;  // 0: the whole range
      if (n <= kThreshold || top_min_ == top_max_ ||
          !spread(rungs_[0], head, n, top_min_, span == 0 ? ~std::uint64_t{0} : span)) {
        to_bottom(head);
        bottom_max_ = top_max_;
        return;
      }
      rungs_in_use_ = 1;
    }
    Rung& r = rungs_[rungs_in_use_ - 1];
    while (r.cur < r.heads.size() && r.heads[r.cur] == kNil) ++r.cur;
    if (r.cur == r.heads.size()) {
      --rungs_in_use_;  // spent
      continue;
    }
    const std::uint32_t head = std::exchange(r.heads[r.cur], kNil);
    const std::int64_t bucket_start =
        static_cast<std::int64_t>(static_cast<std::uint64_t>(r.start) + r.cur * r.width);
    ++r.cur;
    std::size_t n = 0;
    std::int64_t lo = pool_[head].time;
    std::int64_t hi = lo;
    for (std::uint32_t i = head; i != kNil; i = pool_[i].next) {
      ++n;
      lo = std::min(lo, pool_[i].time);
      hi = std::max(hi, pool_[i].time);
    }
    if (n > kThreshold && lo != hi && r.width > 1 && rungs_in_use_ < kMaxRungs &&
        spread(rungs_[rungs_in_use_], head, n, bucket_start, r.width)) {
      ++rungs_in_use_;
      continue;
    }
    to_bottom(head);
    return;
  }
}

void LadderQueue::drain(std::vector<EventKey>& out) {
  bottom_.drain(out);
  for (std::size_t r = 0; r < rungs_in_use_; ++r) {
    for (std::uint32_t& head : rungs_[r].heads) {
      for (std::uint32_t i = head; i != kNil; i = pool_[i].next) out.push_back(pool_[i].key(i));
      head = kNil;
    }
  }
  for (std::uint32_t i = top_; i != kNil; i = pool_[i].next) out.push_back(pool_[i].key(i));
  top_ = kNil;
  top_count_ = 0;
  rungs_in_use_ = 0;
  size_ = 0;
}

}  // namespace drill::core
