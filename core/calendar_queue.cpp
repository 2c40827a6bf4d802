// The calendar queue's slow paths: advancing over empty buckets, reviewing
// the bucket width, and rebuilding. See calendar_queue.hpp for invariants.
#include "core/calendar_queue.hpp"

#include <algorithm>
#include <array>
#include <bit>

namespace drill::core {
namespace {

constexpr std::size_t kMinBuckets = 64;
constexpr std::uint64_t kMinReviewPeriod = 4096;
constexpr std::size_t kSample = 512;
// The width makes the nearer half of the keys fill n / 4 buckets: about two
// keys a bucket near the front (and one to two after rounding the width down
// to a power of two), which measured best on the hold model at 10^3 to 10^6.
constexpr std::size_t kKeysPerBucketDivisor = 4;

void sort_largest_first(std::vector<EventKey>& run) noexcept {
  // The list holds the bucket's keys latest pushed first, which for most
  // workloads is close to largest first, the order wanted: an insertion
  // sort then does little more than one pass. Keys far out of that order
  // (more moves than a few a key) fall back to std::sort, so no bucket
  // costs more than O(n log n).
  const std::size_t n = run.size();
  std::size_t budget = 8 * n + 64;
  for (std::size_t i = 1; i < n; ++i) {
    const EventKey key = run[i];
    std::size_t j = i;
    while (j > 0 && key_before(run[j - 1], key)) {
      run[j] = run[j - 1];
      --j;
      if (--budget == 0) {
        run[j] = key;
        std::sort(run.begin(), run.end(), [](const EventKey& a, const EventKey& b) { return key_before(b, a); });
        return;
      }
    }
    run[j] = key;
  }
}

}  // namespace

CalendarQueue::CalendarQueue(EventPool& pool) : pool_(pool) { rebuild(0); }

void CalendarQueue::advance() noexcept {
  // Precondition: run_ and bottom_ are empty and the queue is not.
  for (;;) {
    if (in_ring_ == 0) {
      // Everything left is beyond the window: jump straight to it.
      cur_ = bucket_of(overflow_.top().time) - 1;
      ahead_valid_ = false;
      pre_on_ = false;
      pre_next_ = kNil;
    } else {
      ++skipped_;
    }
    ++cur_;
    migrate();
    if (park_) link_parked(cur_);
    if (ahead_span_ != 0) step_prefetch();
    std::uint32_t i = heads_[cur_ & mask_];
    if (i == kNil) continue;
    heads_[cur_ & mask_] = kNil;
    // run_'s capacity is reused: no allocation in steady state.
    if (pre_on_ && pre_vb_ == cur_) {
      // The list gained nodes only at its head since the pre-walk began:
      // those first, then the keys read, then what the walk did not reach.
      // (Only below kPrefetchFrom keys, where the pool is often one page.)
      const EventNode* page = pool_.single_page();
      auto node = [&](std::uint32_t j) -> const EventNode& { return page ? page[j] : pool_[j]; };
      for (; i != pre_from_; i = node(i).next) run_.push_back(node(i).key(i));
      run_.insert(run_.end(), pre_keys_.begin(), pre_keys_.begin() + static_cast<std::ptrdiff_t>(pre_count_));
      pre_walked_ += pre_count_;
      for (i = pre_count_ == 0 ? pre_from_ : pre_rest_; i != kNil; i = node(i).next) run_.push_back(node(i).key(i));
    }
    for (; i != kNil; i = pool_[i].next) run_.push_back(pool_[i].key(i));
    sort_largest_first(run_);
    in_ring_ -= run_.size();
    ++batches_;
    handed_ += run_.size();
    // Keys of one time cannot be separated by any width; do not count them.
    if (run_.front().time != run_.back().time) batched_ += run_.size();
    if (pre_walk_) start_pre_walk();
    return;
  }
}

void CalendarQueue::start_pre_walk() noexcept {
  // The walk down a bucket's list is a chain of dependent loads that the
  // step to the bucket waits for, however warm the nodes: a bucket of the
  // generated sortie drill hands over 15 keys on average, a few dependent
  // loads a link. Reading the next bucket's list a few nodes a pop while
  // the current bucket's events run lets those loads pass with the events'
  // work. The list only grows at its head while cur_ is below it (a push or
  // a migration links there; only advance(), rebuild() and drain() unlink,
  // and a pending node's key never changes), so the keys read stay valid;
  // advance() reads the nodes linked before pre_from_ and those past the
  // walk itself. Any reset of cur_ (a rebuild, a drain, a jump to the
  // overflow, the first push into an empty queue) drops the walk.
  pre_on_ = true;
  pre_vb_ = cur_ + 1;
  pre_from_ = pre_next_ = heads_[pre_vb_ & mask_];
  pre_page_ = pool_.single_page();
  pre_rest_ = kNil;
  pre_count_ = 0;
}

void CalendarQueue::step_prefetch() noexcept {
  constexpr std::uint64_t L = kLookahead;
  const std::uint64_t span = ahead_span_;
  const std::uint64_t stride = ahead_stride_;
  if (ahead_valid_ && ahead_at_ + 1 == cur_) {
    // Each bucket in the pipeline whose turn it is: one node further down
    // its list (with a stride of two, a bucket's turn is every other step).
    for (std::uint64_t b = cur_ + stride; b < cur_ + span; b += stride) {
      std::uint32_t& p = ahead_[b % L];
      if (p != kNil && (p = pool_[p].next) != kNil) prefetch_node(p);
    }
  } else {
    // (Re)filling: the heads of all the buckets ahead.
    for (std::uint64_t b = cur_ + 1; b < cur_ + span; ++b) {
      std::uint32_t& p = ahead_[b % L];
      if ((p = heads_[b & mask_]) != kNil) prefetch_node(p);
    }
    ahead_valid_ = true;
  }
  // The bucket entering the pipeline takes the slot of the one leaving it.
  std::uint32_t& p = ahead_[(cur_ + span) % L];
  if ((p = heads_[(cur_ + span) & mask_]) != kNil) prefetch_node(p);
  ahead_at_ = cur_;
}

void CalendarQueue::review() noexcept {
  // Ideal: about one empty bucket skipped and a handful of keys per batch.
  const std::uint64_t pops = pops_;
  // Too narrow also when the window holds less than half the keys: the
  // overflow heap, meant for the tail, is doing the work.
  const bool too_narrow = skipped_ > kMaxSkipsPerPop * pops || overflow_.size() > size_ / 2;
  const bool too_wide = batches_ > 0 && batched_ > 64 * batches_;
  const bool crowded = batches_ > 0 && handed_ >= kPreWalkFrom * batches_;
  pops_ = 0;
  skipped_ = batches_ = batched_ = handed_ = 0;
  if (size_ < shrink_at_ || too_narrow || too_wide) {
    const int old_shift = shift_;
    try {
      rebuild(size_);
    } catch (...) {
      // Out of memory for a new bucket array: keep the current layout, which
      // is still correct, only slower.
    }
    // Backoff when the width did not change: nothing to gain by trying again soon.
    check_period_ = shift_ == old_shift ? check_period_ * 2 : std::max<std::uint64_t>(kMinReviewPeriod, nb_);
  } else {
    check_period_ = std::max<std::uint64_t>(kMinReviewPeriod, nb_);
  }
  check_at_ = check_period_;
  skip_budget_ = kMaxSkipsPerPop * check_at_;
  pre_walk_ = crowded && size_ < kPrefetchFrom;
  if (!pre_walk_) {
    pre_on_ = false;
    pre_next_ = kNil;
  }
}

void CalendarQueue::grow() noexcept {
  try {
    rebuild(size_);
  } catch (...) {
    // Out of memory for a larger bucket array: the event is queued and the
    // layout still correct, only slower; try again at the next doubling.
    grow_at_ = 2 * size_ + 1;
  }
}

void CalendarQueue::drain(std::vector<EventKey>& out) {
  link_all_parked();
  pre_on_ = false;
  pre_next_ = kNil;
  out.insert(out.end(), run_.begin(), run_.end());
  run_.clear();
  bottom_.drain(out);
  for (std::uint32_t& head : heads_) {
    for (std::uint32_t i = head; i != kNil; i = pool_[i].next) out.push_back(pool_[i].key(i));
    head = kNil;
  }
  overflow_.drain(out);
  size_ = in_ring_ = 0;
}

void CalendarQueue::rebuild(std::size_t expected) {
  link_all_parked();  // every node where the layout says it is
  // 1. Sample the pending times at a fixed stride, and find the earliest.
  const std::size_t n = size_;
  const std::size_t stride = std::max<std::size_t>(1, (n + kSample - 1) / kSample);  // covers all n
  std::array<std::int64_t, kSample + 1> sample;
  std::size_t sampled = 0;
  std::size_t seen = 0;
  std::int64_t min_time = 0;
  auto look = [&](std::int64_t t) {
    if (seen == 0 || t < min_time) min_time = t;
    if (seen % stride == 0 && sampled < sample.size()) sample[sampled++] = t;
    ++seen;
  };
  for (const EventKey& k : run_) look(k.time);
  bottom_.for_each([&](const EventKey& k) { look(k.time); });
  overflow_.for_each([&](const EventKey& k) { look(k.time); });
  for (std::uint32_t head : heads_)
    for (std::uint32_t i = head; i != kNil; i = pool_[i].next) look(pool_[i].time);

  // 2. Choose the width and the ring's length.
  int shift = 0;
  std::size_t buckets = std::bit_ceil(std::max(kMinBuckets, expected));
  if (n > 0) {
    // Width from the nearer half of the pending times: robust to heavy
    // tails, which the overflow heap absorbs.
    std::sort(sample.begin(), sample.begin() + static_cast<std::ptrdiff_t>(sampled));
    const std::uint64_t span = biased(sample[sampled / 2]) - biased(min_time);
    const std::uint64_t width = n >= 4 ? span / (n / kKeysPerBucketDivisor) : 1;
    // The nearest power of two (a shift, not a division, finds the bucket).
    shift = width > 1 ? static_cast<int>(std::bit_width(width + width / 2) - 1) : 0;
    // A ring long enough for nine keys in ten, within four buckets a key:
    // heavy tails would otherwise send many keys through the overflow heap.
    const std::uint64_t t90 = biased(sample[sampled * 9 / 10]) - biased(min_time);
    const std::uint64_t needed = std::min<std::uint64_t>(t90 >> shift, 4 * buckets);
    buckets = std::max(buckets, std::bit_ceil(static_cast<std::size_t>(needed)));
  }

  // 3. The only allocation, made before anything changes: if it fails the
  // queue is as it was.
  std::vector<std::uint32_t> heads;
  if (heads_.size() != buckets) heads.assign(buckets, kNil);

  // 4. Thread every queued event onto one chain through the nodes, then
  // place each under the new layout.
  std::uint32_t chain = kNil;
  auto collect = [&](std::uint32_t i) {
    pool_[i].next = chain;
    chain = i;
  };
  for (const EventKey& k : run_) collect(k.slot());
  bottom_.for_each([&](const EventKey& k) { collect(k.slot()); });
  overflow_.for_each([&](const EventKey& k) { collect(k.slot()); });
  run_.clear();
  bottom_.clear();
  overflow_.clear();
  for (std::uint32_t& head : heads_) {
    for (std::uint32_t i = head; i != kNil;) {
      const std::uint32_t next = pool_[i].next;
      collect(i);
      i = next;
    }
    head = kNil;
  }
  if (!heads.empty()) heads_.swap(heads);
  nb_ = buckets;
  mask_ = nb_ - 1;
  shift_ = shift;
  // Re-derive the width whenever the size doubles or falls to an eighth.
  grow_at_ = std::max(kMinBuckets, 2 * n);
  shrink_at_ = n / 8;
  cur_ = bucket_of(min_time);
  in_ring_ = 0;
  ahead_valid_ = false;
  pre_on_ = false;
  pre_next_ = kNil;
  pre_walk_ = pre_walk_ && n < kPrefetchFrom;  // switched on by review()
  ahead_span_ = n >= kLargeFrom ? kLookahead : n >= kPrefetchFrom ? 4 : 0;
  ahead_stride_ = n >= kLargeFrom ? 2 : 1;
  park_ = n >= kLargeFrom;
  // The chain holds nodes no structure lists any more: failing half way
  // would lose them, so this part must not throw (the heaps reuse their
  // capacity; a failure to grow one ends the program).
  [&]() noexcept {
    for (std::uint32_t i = chain; i != kNil;) {
      EventNode& node = pool_[i];
      const std::uint32_t next = node.next;
      place(i, node);
      i = next;
    }
  }();
  if (check_period_ == 0) check_period_ = std::max<std::uint64_t>(kMinReviewPeriod, nb_);
  check_at_ = check_period_;
  skip_budget_ = kMaxSkipsPerPop * check_at_;
  pops_ = skipped_ = batches_ = batched_ = handed_ = 0;
}

}  // namespace drill::core
