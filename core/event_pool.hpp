// The event pool: where every pending event lives, key and payload together.
//
// An event is one 40-byte node: its ordering key (time and order word), the
// action to run (the fingerprint tag and 8 bytes of inline capture, with the
// number of the operation that runs it in the order word's slot field), a
// generation for handles and one link. The pending-event structures order
// node indices; the node index is the key's slot field, so a key in a heap
// leads to its payload in one step, and the calendar queue threads its
// buckets through the nodes themselves (no node of its own). Running the
// next event therefore touches one node, not a key here and a payload there.
//
// Inside a node the slot field would only repeat the node's own index, known
// wherever a node is read, so it holds the operation's number instead: an
// 8-byte operation address would make the node 48 bytes, and at 10^6 pending
// events every byte of a node is a megabyte of the working set.
//
// Nodes sit in fixed pages, so growing the pool never moves a node or copies
// the pool; freed nodes are reused last-in first-out (a node freed by the
// event that runs is the one its follow-up event gets, still in cache), so a
// steady state allocates nothing. A node whose generations are used up is
// retired rather than reused, so a handle can never match a later event.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <vector>

#include "core/event.hpp"

namespace drill::core {

enum class PayloadAction : std::uint8_t { invoke, destroy };
/// Runs (and then destroys) or only destroys the action held in `storage`;
/// `tag` is the event's, for actions that take it.
using PayloadOp = void (*)(PayloadAction, void* storage, EventTag tag);

/// The operations of every action type scheduled so far, each under the
/// number it got the first time one of its actions was scheduled (by any
/// simulation of the program). A number is set once and never changes, so
/// reading one needs no lock.
class OperationTable {
 public:
  /// Up to 2^16 action types in one program (the slot field has room for
  /// 2^26; the table reserves only address space for them).
  static constexpr std::uint32_t kCapacity = 1U << 16;

  /// The number of `Op`, given to it the first time it is asked for.
  template <PayloadOp Op>
  static std::uint32_t number() {
    static const std::uint32_t n = add(Op);
    return n;
  }
  static PayloadOp at(std::uint32_t number) noexcept { return ops_[number]; }

 private:
  static std::uint32_t add(PayloadOp op);
  static PayloadOp ops_[kCapacity];
};

/// What an event does, besides its operation: the tag and the action's
/// state (or, if it does not fit, the address of a boxed copy).
struct EventPayload {
  static constexpr std::size_t kInlineBytes = 8;
  EventTag tag;
  alignas(8) unsigned char storage[kInlineBytes];
};

struct EventNode {
  std::int64_t time;         // the key: time ...
  std::uint64_t order;       // ... and order word, whose slot field holds the operation's number
  std::uint32_t next;        // bucket link in the calendar queue; free-list link when free
  std::uint32_t generation;  // odd while the event is live; handles compare it
  EventPayload payload;

  /// The key of this node, node `index` of the pool.
  EventKey key(std::uint32_t index) const noexcept { return EventKey{time, EventKey::with_slot(order, index)}; }
  std::uint32_t operation() const noexcept { return EventKey{time, order}.slot(); }
};
static_assert(sizeof(EventNode) == 40);

class EventPool {
 public:
  static constexpr std::uint32_t kNil = 0xFFFFFFFFU;
  static constexpr std::uint32_t kRetiredGeneration = 0xFFFFFFFEU;

  EventPool() = default;
  ~EventPool();
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
    return fresh();
  }

  /// Returns a node whose key has left the pending structure. A node freed
  /// at kRetiredGeneration (2^31 - 1 events have been live in it) is retired
  /// instead: its next generation would wrap and give handles that match
  /// stale ones (with LIFO reuse, one busy node can get there in minutes).
  void release(std::uint32_t i) noexcept {
    EventNode& n = (*this)[i];
    if (n.generation == kRetiredGeneration) [[unlikely]]
      return;
    n.next = free_;
    free_ = i;
  }

  /// Nodes ever handed out (free or not); indices below it are valid.
  std::uint32_t node_count() const noexcept { return count_; }

 private:
  /// A node never handed out before (a new page when the last is full).
  std::uint32_t fresh();

  static constexpr unsigned kPageBits = 12;  // 4096 nodes, 160 KiB a page
  static constexpr std::uint32_t kPageSize = 1U << kPageBits;
  static constexpr std::uint32_t kPageMask = kPageSize - 1;

  std::vector<std::unique_ptr<EventNode[]>> pages_;
  EventNode* first_ = nullptr;  // pages_[0], once it exists
  std::uint32_t count_ = 0;
  std::uint32_t free_ = kNil;
};

}  // namespace drill::core
