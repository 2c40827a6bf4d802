// The vocabulary of scheduled events: priorities, tags, handles and keys.
//
// Every event is ordered by the key (time, priority, insertion sequence): a
// total order that never depends on addresses or hashing, so two runs of the
// same program execute the same events in the same order. An `EventTag`
// (kind, entity) says what an event is for the fingerprint and observers; the
// kernel gives it no meaning.
#pragma once

#include <cstdint>

#include "core/time.hpp"

namespace drill::core {

/// Lower runs first among events at the same time.
using Priority = std::uint8_t;
inline constexpr Priority kUrgent = 0;
inline constexpr Priority kDefaultPriority = 128;
inline constexpr Priority kLate = 255;

/// What an event is, as far as the fingerprint and observers are concerned.
/// Kinds below 16 are the kernel's own; models number theirs from 16 up.
struct EventTag {
  std::uint32_t kind = 0;
  std::uint32_t entity = 0;
  friend constexpr bool operator==(EventTag, EventTag) = default;
};

namespace kind {
inline constexpr std::uint32_t kUntagged = 0;
inline constexpr std::uint32_t kProcessStart = 1;
inline constexpr std::uint32_t kProcessResume = 2;
inline constexpr std::uint32_t kTimeout = 3;
inline constexpr std::uint32_t kFirstModelKind = 16;
}  // namespace kind

/// Refers to one scheduled event so it can be cancelled in O(1). A handle to
/// an event that has run or was cancelled is simply stale; using it is safe.
struct EventHandle {
  std::uint32_t slot = 0;
  std::uint32_t generation = 0;  // 0 is never issued: a default handle is stale
  constexpr bool valid() const noexcept { return generation != 0; }
};

/// The ordering key held by the pending-event set: 16 bytes, trivially
/// copyable; payloads live in the event pool (event_pool.hpp).
///
/// `order` packs, from the top: priority (8 bits), insertion sequence
/// (kSequenceBits) and the event's node in the pool (kSlotBits). Comparing (time, order)
/// as two integers is therefore comparing (time, priority, sequence): the slot
/// bits never decide because sequences are unique among pending keys. (In a
/// node of the pool, whose index is known wherever it is read, the slot field
/// holds something else; see event_pool.hpp.) The
/// simulation renumbers the sequences of pending keys, preserving their order,
/// before the sequence field would overflow (see Simulation::compact_sequences).
struct EventKey {
  static constexpr int kSlotBits = 26;
  static constexpr int kSequenceBits = 30;
  static constexpr std::uint64_t kMaxSlots = std::uint64_t{1} << kSlotBits;
  static constexpr std::uint64_t kSequenceLimit = std::uint64_t{1} << kSequenceBits;

  std::int64_t time;
  std::uint64_t order;

  static constexpr std::uint64_t pack(Priority p, std::uint64_t seq, std::uint32_t slot) noexcept {
    return (static_cast<std::uint64_t>(p) << 56) | ((seq & (kSequenceLimit - 1)) << kSlotBits) |
           (slot & (kMaxSlots - 1));
  }
  constexpr Priority priority() const noexcept { return static_cast<Priority>(order >> 56); }
  constexpr std::uint64_t sequence() const noexcept { return (order >> kSlotBits) & (kSequenceLimit - 1); }
  constexpr std::uint32_t slot() const noexcept { return static_cast<std::uint32_t>(order & (kMaxSlots - 1)); }
  constexpr EventKey with_sequence(std::uint64_t seq) const noexcept { return {time, pack(priority(), seq, slot())}; }
  /// `order` with its slot field replaced by `slot`.
  static constexpr std::uint64_t with_slot(std::uint64_t order, std::uint32_t slot) noexcept {
    return (order & ~(kMaxSlots - 1)) | slot;
  }
};
static_assert(sizeof(EventKey) == 16);

constexpr bool key_before(const EventKey& a, const EventKey& b) noexcept {
  return a.time < b.time || (a.time == b.time && a.order < b.order);
}

}  // namespace drill::core
