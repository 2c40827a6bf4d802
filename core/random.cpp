#include "core/random.hpp"

#include <cassert>

namespace drill::core {

namespace {

// Domain tags keep the three ways of deriving a child apart, so a named
// child can never coincide with a numbered one or with a root by construction.
constexpr std::uint64_t kRootTag = 0x726f6f742d736565ULL;
constexpr std::uint64_t kNamedTag = 0x6e616d65642d6368ULL;
constexpr std::uint64_t kIndexedTag = 0x696e6465782d6368ULL;

// High and low 64 bits of the 128-bit product a * b.
struct Wide {
  std::uint64_t hi;
  std::uint64_t lo;
};

Wide mul_wide(std::uint64_t a, std::uint64_t b) noexcept {
#if defined(__SIZEOF_INT128__)
  __extension__ using u128 = unsigned __int128;
  const u128 p = static_cast<u128>(a) * b;
  return {static_cast<std::uint64_t>(p >> 64), static_cast<std::uint64_t>(p)};
#else
  const std::uint64_t a_lo = a & 0xffffffffULL, a_hi = a >> 32;
  const std::uint64_t b_lo = b & 0xffffffffULL, b_hi = b >> 32;
  const std::uint64_t ll = a_lo * b_lo, lh = a_lo * b_hi, hl = a_hi * b_lo, hh = a_hi * b_hi;
  const std::uint64_t mid = (ll >> 32) + (lh & 0xffffffffULL) + (hl & 0xffffffffULL);
  return {hh + (lh >> 32) + (hl >> 32) + (mid >> 32), (mid << 32) | (ll & 0xffffffffULL)};
#endif
}

}  // namespace

RandomStream::RandomStream(FromKey, std::uint64_t identity) noexcept : identity_(identity) {
  std::uint64_t counter = identity;
  for (auto& w : s_) w = detail::splitmix64_next(counter);
}

RandomStream::RandomStream(std::uint64_t seed) noexcept
    : RandomStream(FromKey{}, detail::combine(kRootTag, seed)) {}

RandomStream RandomStream::derive(std::uint64_t seed, std::uint64_t replication,
                                  std::string_view name) noexcept {
  return RandomStream(seed).substream(replication).substream(name);
}

RandomStream RandomStream::substream(std::string_view name) const noexcept {
  return RandomStream(FromKey{},
                      detail::combine(detail::combine(identity_, kNamedTag), detail::fnv1a64(name)));
}

RandomStream RandomStream::substream(std::uint64_t index) const noexcept {
  return RandomStream(FromKey{}, detail::combine(detail::combine(identity_, kIndexedTag), index));
}

RandomStream RandomStream::restore(const State& s) noexcept {
  assert((s.words[0] | s.words[1] | s.words[2] | s.words[3]) != 0 &&
         "RandomStream::restore: xoshiro state must not be all zero");
  RandomStream r(FromKey{}, s.identity);
  r.s_ = s.words;
  return r;
}

std::int64_t RandomStream::uniform_int(std::int64_t lo, std::int64_t hi) noexcept {
  assert(lo <= hi && "RandomStream::uniform_int: lo must not exceed hi");
  // Work in unsigned arithmetic so that the span of the full int64 range
  // (2^64 values) wraps to 0 instead of overflowing.
  const std::uint64_t span = static_cast<std::uint64_t>(hi) - static_cast<std::uint64_t>(lo) + 1;
  if (span == 0) return static_cast<std::int64_t>(next_u64());
  // Lemire: the high word of x * span is uniform over [0, span) once the
  // products whose low word falls below 2^64 mod span are rejected.
  Wide m = mul_wide(next_u64(), span);
  if (m.lo < span) {
    const std::uint64_t threshold = (0 - span) % span;
    while (m.lo < threshold) m = mul_wide(next_u64(), span);
  }
  return static_cast<std::int64_t>(static_cast<std::uint64_t>(lo) + m.hi);
}

}  // namespace drill::core
