// The calendar queue's slow paths: advancing over empty buckets, reviewing
// the bucket width, and rebuilding. See calendar_queue.hpp for invariants.
#include "core/calendar_queue.hpp"

#include <bit>

namespace drill::core {
namespace {

constexpr std::size_t kMinBuckets = 64;
constexpr std::uint64_t kMinReviewPeriod = 4096;

}  // namespace

CalendarQueue::CalendarQueue() { rebuild(0); }

void CalendarQueue::advance() noexcept {
  // Precondition: bottom_ is empty and the queue is not.
  for (;;) {
    if (in_ring_ == 0) {
      // Everything left is beyond the window: jump straight to it.
      cur_ = bucket_of(overflow_.top().time) - 1;
    } else {
      ++skipped_;
    }
    ++cur_;
    migrate();
    std::uint32_t node = heads_[cur_ & mask_];
    if (node == kNil) continue;
    heads_[cur_ & mask_] = kNil;
    std::int64_t lo = node_keys_[node].time;
    std::int64_t hi = lo;
    while (node != kNil) {
      const EventKey& k = node_keys_[node];
      lo = std::min(lo, k.time);
      hi = std::max(hi, k.time);
      bottom_.push(k);  // capacity reused: no allocation in steady state
      const std::uint32_t next = next_[node];
      next_[node] = free_;
      free_ = node;
      node = next;
    }
    in_ring_ -= bottom_.size();
    ++batches_;
    // Keys of one time cannot be separated by any width; do not count them.
    if (lo != hi) batched_ += bottom_.size();
    return;
  }
}

void CalendarQueue::review() noexcept {
  // Ideal: about one empty bucket skipped and a handful of keys per batch.
  const std::uint64_t pops = pops_;
  const bool too_narrow = skipped_ > 32 * pops;
  const bool too_wide = batches_ > 0 && batched_ > 64 * batches_;
  pops_ = 0;
  skipped_ = batches_ = batched_ = 0;
  if (size_ < shrink_at_ || too_narrow || too_wide) {
    const int old_shift = shift_;
    try {
      rebuild(size_);
    } catch (...) {
      // Out of memory while rebuilding: keep the current layout, which is
      // still correct, only slower.
    }
    // Backoff when the width did not change: nothing to gain by trying again soon.
    check_period_ = shift_ == old_shift ? check_period_ * 2 : std::max<std::uint64_t>(kMinReviewPeriod, nb_);
  } else {
    check_period_ = std::max<std::uint64_t>(kMinReviewPeriod, nb_);
  }
  check_at_ = check_period_;
}

void CalendarQueue::drain(std::vector<EventKey>& out) {
  bottom_.drain(out);
  for (std::uint32_t& head : heads_) {
    for (std::uint32_t node = head; node != kNil; node = next_[node]) out.push_back(node_keys_[node]);
    head = kNil;
  }
  node_keys_.clear();
  next_.clear();
  free_ = kNil;
  overflow_.drain(out);
  size_ = in_ring_ = 0;
}

void CalendarQueue::rebuild(std::size_t expected) {
  // The scratch vector keeps its capacity, so a re-tuning rebuild at a steady
  // size allocates nothing.
  std::vector<EventKey>& keys = scratch_;
  keys.clear();
  drain(keys);
  const std::size_t n = keys.size();

  nb_ = std::bit_ceil(std::max(kMinBuckets, expected));
  mask_ = nb_ - 1;
  grow_at_ = 2 * nb_ + 1;
  shrink_at_ = nb_ > kMinBuckets ? nb_ / 8 : 0;

  std::int64_t min_time = 0;
  if (n > 0) {
    // Width from the nearer half of the pending times: robust to heavy tails,
    // which the overflow heap absorbs. Aim at about two keys per bucket.
    const auto mid = keys.begin() + static_cast<std::ptrdiff_t>(n / 2);
    std::nth_element(keys.begin(), mid, keys.end(),
                     [](const EventKey& a, const EventKey& b) { return a.time < b.time; });
    min_time = std::min_element(keys.begin(), mid + 1, [](const EventKey& a, const EventKey& b) {
                 return a.time < b.time;
               })->time;
    const std::uint64_t span = biased(mid->time) - biased(min_time);
    const std::uint64_t width = n >= 4 ? span / (n / 8) : 1;
    shift_ = width > 1 ? static_cast<int>(std::bit_width(width) - 1) : 0;
  }

  if (heads_.size() != nb_) {
    heads_.assign(nb_, kNil);
    heads_.shrink_to_fit();
  }
  cur_ = bucket_of(min_time);
  for (const EventKey& k : keys) {
    const std::uint64_t vb = bucket_of(k.time);
    if (vb <= cur_) {
      bottom_.push(k);
    } else if (vb - cur_ < nb_) {
      link(vb & mask_, k);
    } else {
      overflow_.push(k);
    }
  }
  size_ = n;
  if (check_period_ == 0) check_period_ = std::max<std::uint64_t>(kMinReviewPeriod, nb_);
  check_at_ = check_period_;
  pops_ = skipped_ = batches_ = batched_ = 0;
}

}  // namespace drill::core
