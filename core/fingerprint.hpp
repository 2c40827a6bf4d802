// A running hash of the executed event sequence.
//
// Each executed event folds (time, kind, entity) into a 64-bit state, so two
// runs that execute the same events in the same order agree on one number and
// almost any difference in behaviour changes it. Not cryptographic: it guards
// against regressions and non-determinism, not adversaries. Cost: a few
// multiplies per event.
#pragma once

#include <cstdint>
#include <string>

#include "core/event.hpp"

namespace drill::core {

class Fingerprint {
 public:
  constexpr void add(std::int64_t time, EventTag tag) noexcept {
    mix(static_cast<std::uint64_t>(time));
    mix((static_cast<std::uint64_t>(tag.kind) << 32) | tag.entity);
  }
  constexpr std::uint64_t value() const noexcept { return state_; }
  /// 16 lowercase hex digits, the form written to results.
  std::string hex() const;

 private:
  constexpr void mix(std::uint64_t word) noexcept {
    std::uint64_t x = state_ ^ (word * 0x9E3779B97F4A7C15ULL);
    x ^= x >> 32;
    x *= 0xD6E8FEB86659FD93ULL;
    x ^= x >> 29;
    state_ = x;
  }
  std::uint64_t state_ = 0xCBF29CE484222325ULL;
};

}  // namespace drill::core
