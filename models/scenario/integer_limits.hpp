// The documented range of every whole-number key of a drill file.
//
// Validation refuses a value outside its range with file:line:column, so
// after a successful load each value fits the type it is stored in (the
// static_asserts below) and no later conversion can narrow it. The ranges
// are part of the schema (configs/README.md lists them); the CLI checks its
// --seed and --replications against the same constants.
#pragma once

#include <cstdint>
#include <utility>

namespace drill::models::scenario {

/// An inclusive range of whole numbers.
struct IntRange {
  std::int64_t min;
  std::int64_t max;
};

namespace limits {

/// Seeds are written to JSON results; up to 2^53 - 1 every JSON reader
/// (including those that hold numbers as doubles) reads them back exactly.
inline constexpr IntRange kSeed{0, (std::int64_t{1} << 53) - 1};
inline constexpr IntRange kReplications{1, 1'000'000};
/// Ships of one naval unit, aircraft of one squadron.
inline constexpr IntRange kUnitCount{1, 10'000};
/// Launch/recovery slots, fuel points, maintenance crews, berths, aircraft
/// on station: things a base or a task has a handful of.
inline constexpr IntRange kCapacity{1, 10'000};
/// Spare parts on hand, reorder point and order size.
inline constexpr IntRange kSpares{0, 1'000'000'000};
inline constexpr IntRange kSparesPerRepair{0, 1'000};
/// Comms: copies an origin sends again without an acknowledgement, messages
/// a link's transmit queue holds, bytes a link adds to every message.
inline constexpr IntRange kRetransmissions{0, 100};
inline constexpr IntRange kLinkBuffer{1, 1'000'000};
inline constexpr IntRange kLinkOverhead{0, 65'535};

}  // namespace limits

template <class T>
constexpr bool fits(IntRange r) {
  return std::in_range<T>(r.min) && std::in_range<T>(r.max);
}
static_assert(fits<std::uint64_t>(limits::kSeed));
static_assert(fits<int>(limits::kReplications) && fits<int>(limits::kUnitCount) && fits<int>(limits::kCapacity) &&
              fits<int>(limits::kSpares) && fits<int>(limits::kSparesPerRepair) && fits<int>(limits::kRetransmissions) &&
              fits<int>(limits::kLinkBuffer));

}  // namespace drill::models::scenario
