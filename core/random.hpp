// Named, reproducible random-number streams.
//
// A `RandomStream` is a xoshiro256** generator (256 bits of state, period
// 2^256 - 1) plus an identity key. A simulation never shares one stream
// between components: each draws from its own stream derived from
// (master seed, replication, stream name), so adding or removing a component
// leaves every other component's numbers unchanged (common random numbers).
//
// Invariants:
// - Everything is integer arithmetic defined bit-for-bit by this file and
//   random.cpp: the same identity gives the same sequence on every platform
//   and standard library. Nothing here uses <random>.
// - A stream's identity is a pure function of how it was derived, never of
//   how many numbers it has produced: `substream()` of a stream gives the same
//   child before and after the parent has been drawn from.
// - The generator state is never all zero (seeding goes through splitmix64,
//   whose outputs for distinct inputs are distinct).
//
// Costs: a stream is 40 bytes, copyable, allocation-free; `next_u64()` is a
// handful of shifts, xors and one multiply; deriving a stream hashes the name
// once (FNV-1a) and costs about as much as a few draws. Streams are not
// thread-safe; give each thread (and each simulation) its own.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace drill::core {

namespace detail {

/// Advances a splitmix64 counter and returns its next output. Used to expand
/// a 64-bit key into generator state; bijective in the counter value.
constexpr std::uint64_t splitmix64_next(std::uint64_t& counter) noexcept {
  counter += 0x9e3779b97f4a7c15ULL;
  std::uint64_t z = counter;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

/// Stateless 64-bit mixer (one splitmix64 step from `x`); a bijection with
/// good avalanche, used to combine identity components.
constexpr std::uint64_t mix64(std::uint64_t x) noexcept { return splitmix64_next(x); }

/// FNV-1a, 64-bit, over the bytes of `s`. Stream names are short, so the
/// byte-at-a-time loop is cheap and its result independent of endianness.
constexpr std::uint64_t fnv1a64(std::string_view s) noexcept {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (const char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x00000100000001b3ULL;
  }
  return h;
}

/// Folds `value` into the running identity `h`. Order matters, so
/// (a, b) and (b, a) give different identities.
constexpr std::uint64_t combine(std::uint64_t h, std::uint64_t value) noexcept {
  return mix64(h ^ mix64(value + 0x632be59bd9b4e019ULL));
}

}  // namespace detail

/// One independent sequence of pseudo-random numbers.
class RandomStream {
 public:
  /// Raw generator state, for checkpoints and known-answer tests.
  struct State {
    std::uint64_t identity = 0;
    std::array<std::uint64_t, 4> words{};
    friend bool operator==(const State&, const State&) = default;
  };

  /// The root stream of a master seed. Components should not draw from it
  /// directly; derive named streams instead.
  explicit RandomStream(std::uint64_t seed) noexcept;

  /// The stream named `name` in replication `replication` of a run seeded
  /// with `seed`. Equal to `RandomStream(seed).substream(replication)
  /// .substream(name)`. Different names or replications give unrelated
  /// streams; the result depends on nothing else.
  static RandomStream derive(std::uint64_t seed, std::uint64_t replication,
                             std::string_view name) noexcept;

  /// A child stream named `name` (e.g. one per unit under a "sortie" stream),
  /// derived from this stream's identity, not from its consumed state.
  RandomStream substream(std::string_view name) const noexcept;
  /// A child stream numbered `index`; same rules as the named form, and
  /// unrelated to every named child.
  RandomStream substream(std::uint64_t index) const noexcept;

  /// Restores a stream from `state()`. `s.words` must not be all zero.
  static RandomStream restore(const State& s) noexcept;
  State state() const noexcept { return {identity_, s_}; }

  /// The hash of this stream's derivation path; equal identities give equal
  /// sequences from the start.
  std::uint64_t identity() const noexcept { return identity_; }

  /// The next 64 uniformly distributed bits.
  std::uint64_t next_u64() noexcept {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }

  /// A double in [0, 1): the top 53 bits of one draw times 2^-53, so every
  /// multiple of 2^-53 in the range is equally likely and the value is exact.
  double uniform01() noexcept {
    return static_cast<double>(next_u64() >> 11) * 0x1.0p-53;
  }

  /// An integer in [lo, hi], both inclusive, without modulo bias (Lemire's
  /// multiply-and-reject: rejects fewer than one draw in two, usually none).
  /// Requires lo <= hi.
  std::int64_t uniform_int(std::int64_t lo, std::int64_t hi) noexcept;

  friend bool operator==(const RandomStream&, const RandomStream&) = default;

 private:
  struct FromKey {};
  RandomStream(FromKey, std::uint64_t identity) noexcept;

  static constexpr std::uint64_t rotl(std::uint64_t x, int k) noexcept {
    return (x << k) | (x >> (64 - k));
  }

  std::uint64_t identity_ = 0;
  std::array<std::uint64_t, 4> s_{};
};

}  // namespace drill::core
