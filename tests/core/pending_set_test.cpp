#include "core/pending_set.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <memory>
#include <type_traits>
#include <vector>

#include "core/random.hpp"
#include "core/simulation.hpp"

namespace drill::core {
namespace {

void push_key(PendingSet& set, std::int64_t time, Priority priority, std::uint64_t seq) {
  const std::uint32_t i = set.acquire();
  EventNode& n = set.node(i);
  n.time = time;
  n.order = EventKey::pack(priority, seq, i);
  set.push(i);
}

EventKey pop_key(PendingSet& set) {
  const EventKey k = set.top();
  set.pop();
  set.release(k.slot());
  return k;
}

// Pops every key the workload leaves in `set`; pushes, pops and cancels are
// driven by `rng` so every structure sees the same operations.
std::vector<EventKey> random_workload(QueueKind kind, std::uint64_t seed, int ops, std::int64_t time_range) {
  PendingSet set(kind);
  RandomStream rng(seed);
  std::vector<EventKey> popped;
  std::uint64_t seq = 0;
  std::int64_t now = 0;
  for (int i = 0; i < ops; ++i) {
    const std::int64_t r = rng.uniform_int(0, 9);
    if (r < 6 || set.empty()) {
      // Clustered times make many exact ties; occasional far-future keys
      // exercise the calendar's overflow.
      std::int64_t dt = rng.uniform_int(0, time_range);
      if (rng.uniform_int(0, 19) == 0) dt *= 1000;
      const auto prio = static_cast<Priority>(rng.uniform_int(0, 2));
      push_key(set, now + dt, prio, seq++);
    } else {
      const EventKey k = pop_key(set);
      EXPECT_GE(k.time, now);
      now = k.time;
      popped.push_back(k);
    }
  }
  while (!set.empty()) popped.push_back(pop_key(set));
  return popped;
}

TEST(PendingSet, EveryKindYieldsTheSameSequenceWithTiesAndBursts) {
  for (std::int64_t range : {std::int64_t{0}, std::int64_t{3}, std::int64_t{1000}, std::int64_t{1} << 40}) {
    const auto reference = random_workload(QueueKind::binary_heap, 11, 30000, range);
    for (QueueKind kind : kAllQueueKinds) {
      const auto got = random_workload(kind, 11, 30000, range);
      ASSERT_EQ(got.size(), reference.size()) << to_string(kind);
      for (std::size_t i = 0; i < got.size(); ++i) {
        ASSERT_EQ(got[i].time, reference[i].time) << to_string(kind) << " range " << range << " at " << i;
        ASSERT_EQ(got[i].order, reference[i].order) << to_string(kind) << " range " << range << " at " << i;
      }
    }
  }
}

TEST(PendingSet, PoppedKeysAreInKeyOrder) {
  const auto keys = random_workload(QueueKind::calendar_queue, 5, 20000, 50);
  // Only keys present together must come out in order; a drain at the end
  // gives a fully sorted tail, checked here on the whole set built in one go.
  PendingSet set(QueueKind::calendar_queue);
  for (const EventKey& k : keys) push_key(set, k.time, k.priority(), k.sequence());
  EventKey prev = pop_key(set);
  while (!set.empty()) {
    const EventKey k = pop_key(set);
    EXPECT_TRUE(key_before(prev, k));
    prev = k;
  }
}

TEST(PendingSet, EveryKindHandlesExtremeTimes) {
  for (QueueKind kind : kAllQueueKinds) {
    PendingSet set(kind);
    const std::int64_t times[] = {std::numeric_limits<std::int64_t>::max(), 0, -5, 1, std::numeric_limits<std::int64_t>::min(), 1};
    std::uint64_t seq = 0;
    // Enough keys (with the extremes among them) to make the calendar and
    // the ladder build rungs and rings across the whole range.
    for (int round = 0; round < 20; ++round)
      for (std::int64_t t : times) push_key(set, t, kDefaultPriority, seq++);
    std::vector<std::int64_t> got;
    while (!set.empty()) got.push_back(pop_key(set).time);
    std::vector<std::int64_t> want;
    for (std::int64_t t : {std::numeric_limits<std::int64_t>::min(), std::int64_t{-5}, std::int64_t{0}, std::int64_t{1},
                           std::int64_t{1}, std::numeric_limits<std::int64_t>::max()})
      want.insert(want.end(), 20, t);  // 1 is listed twice: 40 in all
    EXPECT_EQ(got, want) << to_string(kind);
  }
}

TEST(PendingSet, LadderQueueSplitsCrowdedBucketsIntoRungsAndKeepsTheOrder) {
  // A wide spread with a dense cluster inside it: the cluster's bucket of
  // rung 0 holds far more than the split threshold, so finer rungs appear.
  PendingSet ladder(QueueKind::ladder_queue);
  PendingSet heap(QueueKind::binary_heap);
  RandomStream rng(21);
  std::uint64_t seq = 0;
  for (int i = 0; i < 20000; ++i) {
    const std::int64_t t = i % 4 == 0 ? rng.uniform_int(0, 1'000'000'000) : 500'000'000 + rng.uniform_int(0, 5000);
    push_key(ladder, t, kDefaultPriority, seq);
    push_key(heap, t, kDefaultPriority, seq);
    ++seq;
  }
  std::size_t deepest = 0;
  std::int64_t now = 0;
  while (!heap.empty()) {
    ASSERT_FALSE(ladder.empty());
    const EventKey want = pop_key(heap);
    const EventKey got = pop_key(ladder);
    ASSERT_EQ(got.time, want.time);
    ASSERT_EQ(got.sequence(), want.sequence());
    ladder.visit([&](auto& q) {
      if constexpr (std::is_same_v<std::decay_t<decltype(q)>, LadderQueue>) deepest = std::max(deepest, q.rung_count());
    });
    // Keep a hold-like stream going for a while, also into the cluster.
    if (seq < 40000) {
      now = got.time;
      const std::int64_t t = now + rng.uniform_int(0, 3000);
      push_key(ladder, t, kDefaultPriority, seq);
      push_key(heap, t, kDefaultPriority, seq);
      ++seq;
    }
  }
  EXPECT_TRUE(ladder.empty());
  EXPECT_GE(deepest, 2u);
}

TEST(PendingSet, NamesRoundTrip) {
  for (QueueKind kind : kAllQueueKinds) EXPECT_EQ(parse_queue_kind(to_string(kind)), kind);
  EXPECT_FALSE(parse_queue_kind("splay-tree").has_value());
}

// Full-kernel check with cancellations: every structure gives the same fingerprint.
std::uint64_t kernel_fingerprint(QueueKind kind, bool compact_midway) {
  Simulation sim(SimulationOptions{.seed = 3, .replication = 0, .queue = kind});
  RandomStream rng = sim.stream("pending-set-test");
  std::vector<EventHandle> handles;
  for (int round = 0; round < 50; ++round) {
    for (int i = 0; i < 200; ++i) {
      const auto d = microseconds(rng.uniform_int(0, 20) * (rng.uniform_int(0, 9) == 0 ? 100000 : 1));
      handles.push_back(sim.schedule(d, [] {}, EventTag{kind::kFirstModelKind, static_cast<std::uint32_t>(i)},
                                     static_cast<Priority>(rng.uniform_int(0, 2))));
    }
    for (int i = 0; i < 40; ++i) sim.cancel(handles[static_cast<std::size_t>(rng.uniform_int(0, handles.size() - 1))]);
    if (compact_midway && round == 25) sim.compact_sequences();
    for (int i = 0; i < 150 && sim.step(); ++i) {
    }
  }
  sim.run();
  EXPECT_EQ(sim.pending_count(), 0u);
  return sim.fingerprint().value();
}

TEST(PendingSet, KernelFingerprintIsTheSameForEveryKindAndAfterRenumbering) {
  const std::uint64_t reference = kernel_fingerprint(QueueKind::binary_heap, false);
  for (QueueKind kind : kAllQueueKinds) {
    EXPECT_EQ(kernel_fingerprint(kind, false), reference) << to_string(kind);
    EXPECT_EQ(kernel_fingerprint(kind, true), reference) << to_string(kind) << " with renumbering";
  }
}

// A burst of near ties sets a width of a tick or so; once it has run, only
// keys about 16,000 ticks apart remain, one or two in the ring's window. The
// calendar must widen its buckets within a few hundred pops, not scan
// thousands of empty buckets per pop until its regular review comes round
// (in a kernel run this made it ten times slower than a heap).
TEST(CalendarQueue, WidensSoonWhenOnlyFarApartKeysRemainAfterABurst) {
  EventPool pool;
  CalendarQueue q(pool);
  RandomStream rng(11);
  std::uint64_t seq = 0;
  auto push = [&](std::int64_t time) {
    const std::uint32_t i = pool.acquire();
    pool[i].time = time;
    pool[i].order = EventKey::pack(kDefaultPriority, seq++, i);
    q.push(pool[i].key(i));
  };
  for (int i = 0; i < 30000; ++i) push(rng.uniform_int(0, 50));
  for (int i = 0; i < 2000; ++i) push(1'000'000 + rng.uniform_int(0, 2000 * 16384));
  ASSERT_LE(q.bucket_width(), 4) << "the burst sets a narrow width";
  std::int64_t last = 0;
  for (int i = 0; i < 30000 + 200; ++i) {
    EXPECT_GE(q.top().time, last);
    last = q.top().time;
    const std::uint32_t slot = q.top().slot();
    q.pop();
    pool.release(slot);
  }
  EXPECT_GE(q.bucket_width(), 1024) << "still narrow after 200 pops of far-apart keys";
}

// A calendar queue and beside it, as the reference, every key pushed and
// not popped: each pop must be the smallest of those. `held` nodes of the
// pool are taken first and never queued.
struct CheckedCalendar {
  explicit CheckedCalendar(int held = 0) {
    for (int i = 0; i < held; ++i) pool.acquire();
  }
  void push(std::int64_t time, Priority priority) {
    const std::uint32_t i = pool.acquire();
    pool[i].time = time;
    pool[i].order = EventKey::pack(priority, seq++, i);
    q.push(pool[i].key(i));
    pending.push_back(pool[i].key(i));
  }
  void pop_expecting_the_smallest() {
    const auto smallest = std::min_element(pending.begin(), pending.end(), key_before);
    ASSERT_EQ(q.top().time, smallest->time);
    ASSERT_EQ(q.top().order, smallest->order);
    const std::uint32_t slot = q.top().slot();
    pending.erase(smallest);
    q.pop();
    pool.release(slot);
  }

  EventPool pool;
  CalendarQueue q{pool};
  std::vector<EventKey> pending;
  std::uint64_t seq = 0;
};

// A bucket's keys are sorted once when it becomes the bottom (by insertion,
// falling back to a full sort when they arrive far out of order), and keys
// pushed into the bottom afterwards wait in a small heap beside them: the
// smaller head of the two must come out each time.
TEST(CalendarQueue, KeysPushedIntoTheBottomInterleaveWithTheSortedBucket) {
  CheckedCalendar c;
  CalendarQueue& q = c.q;
  const std::vector<EventKey>& pending = c.pending;
  const std::uint64_t& seq = c.seq;
  RandomStream rng(5);
  auto push = [&](std::int64_t time, Priority priority) { c.push(time, priority); };
  auto pop_expecting_the_smallest = [&] { c.pop_expecting_the_smallest(); };
  // Spread keys set the width; then crowded buckets whose keys are pushed
  // in rising order (a bucket lists them latest first, so largest first:
  // the sort's best case), in falling order (its worst: every key moves
  // past all the others, which ends in the full sort) and at random.
  for (int i = 0; i < 2000; ++i) push(rng.uniform_int(0, 1'000'000), kDefaultPriority);
  for (int i = 0; i < 300; ++i) push(200'000 + i, kDefaultPriority);
  for (int i = 0; i < 300; ++i) push(400'300 - i, kDefaultPriority);
  for (int i = 0; i < 300; ++i) push(600'000 + rng.uniform_int(0, 300), static_cast<Priority>(rng.uniform_int(0, 2)));
  // While popping, push keys at the time just popped (into the bottom, with
  // either priority) and a little later (the same bucket or the next).
  while (!pending.empty()) {
    const std::int64_t now = q.top().time;
    pop_expecting_the_smallest();
    if (HasFatalFailure()) return;
    if (seq < 6000 && rng.uniform_int(0, 2) == 0) {
      push(now, rng.uniform_int(0, 1) ? kUrgent : kDefaultPriority);
      push(now + rng.uniform_int(0, 500), kDefaultPriority);
    }
  }
  EXPECT_TRUE(q.empty());
}

// Below 2^14 keys each pop reads a few nodes of the next bucket's list
// ahead, and advance() takes those keys as read. Meanwhile keys are linked
// at the head of that list (pushed a bucket or two ahead), the bucket may be
// longer than the walk goes, or empty when the walk starts and filled later;
// the window jumps over empty stretches to the overflow, and the queue
// empties and starts again at an earlier time. Every pop must still be the
// smallest pending key, as with clustered times like the sortie drill's
// (crowded buckets of a few distinct times). The walks read a one-page pool
// directly: with the pool one page throughout, and larger (nodes held
// elsewhere).
class PreWalk : public ::testing::TestWithParam<int> {};

TEST_P(PreWalk, OfTheNextBucketNeverChangesTheOrder) {
  CheckedCalendar c(GetParam());
  const EventPool& pool = c.pool;
  CalendarQueue& q = c.q;
  const std::vector<EventKey>& pending = c.pending;
  RandomStream rng(31);
  auto push = [&](std::int64_t time) { c.push(time, static_cast<Priority>(rng.uniform_int(0, 2))); };
  auto pop_expecting_the_smallest = [&] { c.pop_expecting_the_smallest(); };
  // Slot times every 1,000 ticks, each shared by about 20 keys, a few keys
  // between them: crowded buckets, which switch the pre-walk on.
  auto fill = [&](std::int64_t from, int keys) {
    for (int i = 0; i < keys; ++i) {
      const std::int64_t slot = from + 1000 * rng.uniform_int(0, 60);
      push(rng.uniform_int(0, 3) == 0 ? slot + rng.uniform_int(0, 999) : slot);
    }
  };
  bool walked = false;
  for (int round = 0; round < 3; ++round) {
    // The third round starts the emptied queue earlier than the second ended.
    fill(round == 2 ? 0 : 1'000'000 * round, 1500);
    for (int i = 0; i < 20000 && !pending.empty(); ++i) {
      const std::int64_t now = q.top().time;
      pop_expecting_the_smallest();
      if (HasFatalFailure()) return;
      walked |= q.pre_walking();
      const std::int64_t width = q.bucket_width();
      const std::int64_t r = rng.uniform_int(0, 99);
      if (r < 30) push(now + width + rng.uniform_int(0, width));  // the next bucket, mostly
      else if (r < 45) push(now);                                  // the bottom
      else if (r < 70) push(now + 1000 * rng.uniform_int(1, 40));   // a slot ahead
      else if (r < 71) push(now + width * 100'000);                 // beyond the window
    }
    while (!pending.empty()) {
      pop_expecting_the_smallest();
      if (HasFatalFailure()) return;
    }
    EXPECT_TRUE(q.empty());
  }
  EXPECT_TRUE(walked);
  EXPECT_GT(q.pre_walked_keys(), 1000U) << "advance() took few keys from the pre-walk";
  EXPECT_EQ(pool.single_page() != nullptr, GetParam() == 0);
}

INSTANTIATE_TEST_SUITE_P(CalendarQueue, PreWalk, ::testing::Values(0, 5000));

// From 2^14 keys on, advance() keeps a prefetch cursor on each of the
// buckets ahead (four, sixteen from 2^19 keys) and follows their lists as they
// are walked, and from 2^19 keys pushes park their node for a few pushes
// before linking it. The cursors are only hints, and they go stale: keys are
// pushed into buckets already in the pipeline (ahead of the cursor), rebuilds
// re-thread every list, the window jumps over empty stretches to the
// overflow. Parked nodes must be linked before their bucket is read, and
// before a rebuild or a drain. None of that may change what comes out: the
// calendar must pop exactly what a heap pops.
struct PrefetchModes {
  std::uint64_t widest_span = 0;
  bool parked = false;
};

std::vector<EventKey> hold_like_workload(QueueKind kind, int keys, PrefetchModes& modes) {
  PendingSet set(kind);
  RandomStream rng(23);
  std::uint64_t seq = 0;
  std::vector<EventKey> popped;
  auto observe = [&] {
    set.visit([&](auto& q) {
      if constexpr (std::is_same_v<std::decay_t<decltype(q)>, CalendarQueue>) {
        modes.widest_span = std::max(modes.widest_span, q.prefetch_span());
        modes.parked |= q.parking();
      }
    });
  };
  constexpr std::int64_t kSpread = 1'000'000'000;
  for (int i = 0; i < keys; ++i) push_key(set, rng.uniform_int(0, kSpread), kDefaultPriority, seq++);
  observe();
  const int rounds = 3 * keys;
  for (int i = 0; i < rounds; ++i) {
    const EventKey k = pop_key(set);
    popped.push_back(k);
    // Mostly the hold model's spread; one in eight lands a few buckets
    // ahead (in the pipeline, or parked for a bucket about to be read), one
    // in fifty far beyond the window.
    std::int64_t dt = rng.uniform_int(0, kSpread);
    const std::int64_t r = rng.uniform_int(0, 399);
    if (r < 50) dt = rng.uniform_int(0, kSpread / keys * 8);
    if (r >= 392) dt *= 1000;
    push_key(set, k.time + dt, static_cast<Priority>(rng.uniform_int(0, 2)), seq++);
    // Twice the set falls to a tenth and fills again (rebuilds below and
    // above the thresholds).
    if (i % (rounds / 2) == rounds / 2 - 1) {
      for (int j = 0; j < keys * 9 / 10; ++j) popped.push_back(pop_key(set));
      observe();
      const std::int64_t now = popped.back().time;
      for (int j = 0; j < keys * 9 / 10; ++j) push_key(set, now + rng.uniform_int(0, kSpread), kDefaultPriority, seq++);
    }
  }
  observe();
  while (!set.empty()) popped.push_back(pop_key(set));
  return popped;
}

TEST(CalendarQueue, PrefetchCursorsAndParkedPushesNeverChangeTheOrder) {
  for (int keys : {40'000, 600'000}) {
    PrefetchModes unused;
    const auto reference = hold_like_workload(QueueKind::binary_heap, keys, unused);
    PrefetchModes modes;
    const auto got = hold_like_workload(QueueKind::calendar_queue, keys, modes);
    EXPECT_EQ(modes.widest_span, keys < (1 << 19) ? 4U : 16U) << keys << " keys";
    EXPECT_EQ(modes.parked, keys >= (1 << 19)) << keys << " keys";
    ASSERT_EQ(got.size(), reference.size());
    for (std::size_t i = 0; i < got.size(); ++i) {
      ASSERT_EQ(got[i].time, reference[i].time) << keys << " keys, at " << i;
      ASSERT_EQ(got[i].order, reference[i].order) << keys << " keys, at " << i;
    }
  }
}

// While the pool is one page its nodes can be read without the page table;
// past that every node must still be its own, where it was.
TEST(EventPool, NodesOnEveryPageKeepTheirPlaceAsThePoolGrows) {
  EventPool pool;
  EXPECT_EQ(pool.single_page(), nullptr);
  std::vector<EventNode*> where;
  for (std::uint32_t i = 0; i < 10'000; ++i) {
    ASSERT_EQ(pool.acquire(), i);
    if (i < 4096) {
      ASSERT_EQ(pool.single_page() + i, &pool[i]) << i;
    } else if (i == 4096) {
      EXPECT_EQ(pool.single_page(), nullptr);
    }
    pool[i].time = static_cast<std::int64_t>(i) * 7;
    where.push_back(&pool[i]);
  }
  for (std::uint32_t i = 0; i < 10'000; ++i) {
    ASSERT_EQ(&pool[i], where[i]) << i;
    ASSERT_EQ(pool[i].time, static_cast<std::int64_t>(i) * 7) << i;
  }
  pool.release(4096);
  pool.release(3);
  EXPECT_EQ(pool.acquire(), 3U);  // last freed, first reused
  EXPECT_EQ(pool.acquire(), 4096U);
}

// Handles compare generations: a node whose next generation would wrap
// must not be handed out again.
TEST(EventPool, ANodeWhoseGenerationsAreUsedUpIsRetired) {
  EventPool pool;
  const std::uint32_t worn = pool.acquire();
  pool[worn].generation = EventPool::kRetiredGeneration;  // its last live generation has run
  pool.release(worn);
  const std::uint32_t fresh = pool.acquire();
  EXPECT_NE(fresh, worn);
  pool.release(fresh);
  EXPECT_EQ(pool.acquire(), fresh);
}

// A node handed out for the first time has never been issued (generation
// 0), on the first page and on the pages after it, whatever the memory of
// its page held before (a page an earlier pool of this thread gave back, or
// freed memory): a handle to it is issued as generation 1, and
// node_count() counts exactly the nodes handed out.
TEST(EventPool, EveryNodeHandedOutForTheFirstTimeHasNeverBeenIssued) {
  // Pages full of odd (live-looking) generations: an earlier pool's, kept
  // for the next, and freed memory.
  {
    EventPool earlier;
    for (std::uint32_t i = 0; i < 3 * 4096; ++i) earlier[earlier.acquire()].generation = 0x12345677U;
  }
  for (int round = 0; round < 3; ++round) {
    auto junk = std::make_unique<EventNode[]>(4096);
    for (std::uint32_t j = 0; j < 4096; ++j) junk[j].generation = 0x12345677U;
    asm volatile("" : : "r"(junk.get()) : "memory");  // the stores happen
  }
  EventPool pool;
  for (std::uint32_t i = 0; i < 2 * 4096 + 10; ++i) {
    ASSERT_EQ(pool.acquire(), i);
    ASSERT_EQ(pool[i].generation, 0U) << "node " << i;
    ASSERT_EQ(pool.node_count(), i + 1);
  }
}

void first_operation(PayloadAction, void*, EventTag) {}
void second_operation(PayloadAction, void*, EventTag) {}

TEST(OperationTable, NumbersEachOperationOnceAndFindsItByItsNumber) {
  const std::uint32_t first = OperationTable::number<&first_operation>();
  const std::uint32_t second = OperationTable::number<&second_operation>();
  EXPECT_NE(first, second);
  EXPECT_EQ(OperationTable::number<&first_operation>(), first);
  EXPECT_EQ(OperationTable::at(first), &first_operation);
  EXPECT_EQ(OperationTable::at(second), &second_operation);
  EXPECT_LT(first, OperationTable::kCapacity);
}

}  // namespace
}  // namespace drill::core
