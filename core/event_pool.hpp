// The event pool: where every pending event lives, key and payload together.
//
// An event is one 56-byte node: its ordering key (time and order word), the
// action to run (an operation pointer, the fingerprint tag and 16 bytes of
// inline capture), a generation for handles and one link. The pending-event
// structures order node indices; the node index is the key's slot field, so
// a key in a heap leads to its payload in one step, and the calendar queue
// threads its buckets through the nodes themselves (no node of its own).
// Running the next event therefore touches one node, not a key here and a
// payload there.
//
// Nodes sit in fixed pages, so growing the pool never moves a node or copies
// the pool; freed nodes are reused last-in first-out (a node freed by the
// event that runs is the one its follow-up event gets, still in cache), so a
// steady state allocates nothing.
#pragma once

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <vector>

#include "core/event.hpp"

namespace drill::core {

enum class PayloadAction : std::uint8_t { invoke, destroy };
using PayloadOp = void (*)(PayloadAction, void* storage);

/// What an event does: `op` runs or destroys the action held in `storage`.
struct EventPayload {
  static constexpr std::size_t kInlineBytes = 16;
  PayloadOp op;
  EventTag tag;
  alignas(8) unsigned char storage[kInlineBytes];
};

struct EventNode {
  std::int64_t time;         // the key: time ...
  std::uint64_t order;       // ... and order word, whose slot field is this node's index
  std::uint32_t next;        // bucket link in the calendar queue; free-list link when free
  std::uint32_t generation;  // odd while the event is live; handles compare it
  EventPayload payload;

  EventKey key() const noexcept { return EventKey{time, order}; }
};
static_assert(sizeof(EventNode) == 56);

class EventPool {
 public:
  static constexpr std::uint32_t kNil = 0xFFFFFFFFU;

  EventPool() = default;
  EventPool(const EventPool&) = delete;
  EventPool& operator=(const EventPool&) = delete;

  EventNode& operator[](std::uint32_t i) const noexcept { return pages_[i >> kPageBits][i & kPageMask]; }

  /// The nodes while the pool is one page (up to 4,096 nodes, indices below
  /// node_count()), else null: a walk down a chain of links can then reach
  /// each node in one load rather than two (the page table's, then the
  /// node's). (Testing that in operator[] made the hold benchmark at 10^6
  /// pending half as fast; the calendar queue's walks below 2^14 keys use
  /// this instead.)
  const EventNode* single_page() const noexcept { return count_ <= kPageSize ? first_ : nullptr; }

  /// A free node (its generation kept, everything else unset).
  std::uint32_t acquire() {
    if (free_ != kNil) {
      const std::uint32_t i = free_;
      free_ = (*this)[i].next;
      return i;
    }
    if (count_ >= EventKey::kMaxSlots) throw std::length_error("drillsim: more than 2^26 events pending in one simulation");
    if ((count_ & kPageMask) == 0) {
      pages_.push_back(std::make_unique_for_overwrite<EventNode[]>(kPageSize));
      for (std::uint32_t j = 0; j < kPageSize; ++j) pages_.back()[j].generation = 0;  // never issued
      if (count_ == 0) first_ = pages_.front().get();
    }
    return count_++;
  }

  /// Returns a node whose key has left the pending structure.
  void release(std::uint32_t i) noexcept {
    (*this)[i].next = free_;
    free_ = i;
  }

  /// Nodes ever handed out (free or not); indices below it are valid.
  std::uint32_t node_count() const noexcept { return count_; }

 private:
  static constexpr unsigned kPageBits = 12;  // 4096 nodes, 224 KiB a page
  static constexpr std::uint32_t kPageSize = 1U << kPageBits;
  static constexpr std::uint32_t kPageMask = kPageSize - 1;

  std::vector<std::unique_ptr<EventNode[]>> pages_;
  EventNode* first_ = nullptr;  // pages_[0], once it exists
  std::uint32_t count_ = 0;
  std::uint32_t free_ = kNil;
};

}  // namespace drill::core
