// Simulated time as integer ticks.
//
// `SimTime` is a point on the simulation clock, `Duration` a span between two
// points. Both count microsecond ticks in an int64 (about 292,000 years either
// way), so same-time ordering is exact and nothing accumulates rounding error.
// They are distinct types: a point plus a point does not compile.
//
// Arithmetic saturates at the ends of the range, so `SimTime::max()` works as
// "never" and `never + hours(1)` stays "never" instead of overflowing.
// Everything here is constexpr and costs what an int64 costs.
#pragma once

#include <compare>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

namespace drill::core {

namespace detail {
inline constexpr std::int64_t kTickMax = std::numeric_limits<std::int64_t>::max();
inline constexpr std::int64_t kTickMin = std::numeric_limits<std::int64_t>::min();

constexpr std::int64_t sat_add(std::int64_t a, std::int64_t b) noexcept {
  std::int64_t r = 0;
  if (__builtin_add_overflow(a, b, &r)) return b > 0 ? kTickMax : kTickMin;
  return r;
}
constexpr std::int64_t sat_sub(std::int64_t a, std::int64_t b) noexcept {
  std::int64_t r = 0;
  if (__builtin_sub_overflow(a, b, &r)) return b < 0 ? kTickMax : kTickMin;
  return r;
}
constexpr std::int64_t sat_mul(std::int64_t a, std::int64_t b) noexcept {
  std::int64_t r = 0;
  if (__builtin_mul_overflow(a, b, &r)) return ((a < 0) != (b < 0)) ? kTickMin : kTickMax;
  return r;
}
}  // namespace detail

/// A span of simulated time in microsecond ticks.
class Duration {
 public:
  static constexpr std::int64_t kTicksPerSecond = 1'000'000;

  constexpr Duration() noexcept = default;
  static constexpr Duration from_ticks(std::int64_t t) noexcept { return Duration{t}; }
  static constexpr Duration zero() noexcept { return Duration{0}; }
  static constexpr Duration max() noexcept { return Duration{detail::kTickMax}; }

  constexpr std::int64_t ticks() const noexcept { return ticks_; }
  constexpr double seconds() const noexcept {
    return static_cast<double>(ticks_) / static_cast<double>(kTicksPerSecond);
  }
  constexpr double hours() const noexcept { return seconds() / 3600.0; }

  constexpr auto operator<=>(const Duration&) const noexcept = default;

  constexpr Duration operator-() const noexcept {
    return Duration{ticks_ == detail::kTickMin ? detail::kTickMax : -ticks_};
  }
  constexpr Duration& operator+=(Duration d) noexcept {
    ticks_ = detail::sat_add(ticks_, d.ticks_);
    return *this;
  }
  constexpr Duration& operator-=(Duration d) noexcept {
    ticks_ = detail::sat_sub(ticks_, d.ticks_);
    return *this;
  }
  friend constexpr Duration operator+(Duration a, Duration b) noexcept { return a += b; }
  friend constexpr Duration operator-(Duration a, Duration b) noexcept { return a -= b; }
  friend constexpr Duration operator*(Duration a, std::int64_t k) noexcept {
    return Duration{detail::sat_mul(a.ticks_, k)};
  }
  friend constexpr Duration operator*(std::int64_t k, Duration a) noexcept { return a * k; }
  /// Integer division truncating toward zero; `k` must not be zero.
  friend constexpr Duration operator/(Duration a, std::int64_t k) noexcept {
    return Duration{a.ticks_ / k};
  }
  /// How many whole `b` fit in `a`; `b` must not be zero.
  friend constexpr std::int64_t operator/(Duration a, Duration b) noexcept {
    return a.ticks_ / b.ticks_;
  }
  friend constexpr Duration operator%(Duration a, Duration b) noexcept {
    return Duration{a.ticks_ % b.ticks_};
  }

 private:
  constexpr explicit Duration(std::int64_t t) noexcept : ticks_(t) {}
  std::int64_t ticks_ = 0;
};

constexpr Duration microseconds(std::int64_t n) noexcept { return Duration::from_ticks(n); }
constexpr Duration milliseconds(std::int64_t n) noexcept { return microseconds(n) * 1'000; }
constexpr Duration seconds(std::int64_t n) noexcept { return microseconds(n) * 1'000'000; }
constexpr Duration minutes(std::int64_t n) noexcept { return seconds(n) * 60; }
constexpr Duration hours(std::int64_t n) noexcept { return minutes(n) * 60; }
constexpr Duration days(std::int64_t n) noexcept { return hours(n) * 24; }

namespace detail {
/// seconds_f's general path: ticks `x` of 2^52 and more in magnitude,
/// infinite or NaN.
Duration rounded_ticks(double x) noexcept;
}  // namespace detail

/// Rounds a real number of seconds to the nearest tick (half away from zero),
/// saturating. Used where a model computes a span from physics (distance/speed),
/// several times an event, hence inline.
inline Duration seconds_f(double s) noexcept {
  const double x = s * static_cast<double>(Duration::kTicksPerSecond);
  // Below 2^52 in magnitude the truncation and the fraction left are both
  // exact, so rounding half away from zero by hand gives std::round's
  // result bit for bit without its library call. Larger, infinite and NaN
  // values take the general path.
  constexpr double kExactBelow = 4503599627370496.0;  // 2^52
  if (x > -kExactBelow && x < kExactBelow) [[likely]] {
    const auto whole = static_cast<std::int64_t>(x);
    const double fraction = x - static_cast<double>(whole);
    return Duration::from_ticks(whole + (fraction >= 0.5 ? 1 : 0) - (fraction <= -0.5 ? 1 : 0));
  }
  return detail::rounded_ticks(x);
}
inline Duration hours_f(double h) noexcept { return seconds_f(h * 3600.0); }

/// A point on the simulation clock; zero is the start of the run (D+0 00:00).
class SimTime {
 public:
  constexpr SimTime() noexcept = default;
  static constexpr SimTime from_ticks(std::int64_t t) noexcept { return SimTime{t}; }
  static constexpr SimTime zero() noexcept { return SimTime{0}; }
  /// "Never": later than every reachable time.
  static constexpr SimTime max() noexcept { return SimTime{detail::kTickMax}; }

  constexpr std::int64_t ticks() const noexcept { return ticks_; }
  constexpr Duration since_start() const noexcept { return Duration::from_ticks(ticks_); }
  constexpr double seconds() const noexcept { return since_start().seconds(); }
  constexpr double hours() const noexcept { return since_start().hours(); }

  constexpr auto operator<=>(const SimTime&) const noexcept = default;

  constexpr SimTime& operator+=(Duration d) noexcept {
    ticks_ = detail::sat_add(ticks_, d.ticks());
    return *this;
  }
  constexpr SimTime& operator-=(Duration d) noexcept {
    ticks_ = detail::sat_sub(ticks_, d.ticks());
    return *this;
  }
  friend constexpr SimTime operator+(SimTime t, Duration d) noexcept { return t += d; }
  friend constexpr SimTime operator+(Duration d, SimTime t) noexcept { return t += d; }
  friend constexpr SimTime operator-(SimTime t, Duration d) noexcept { return t -= d; }
  friend constexpr Duration operator-(SimTime a, SimTime b) noexcept {
    return Duration::from_ticks(detail::sat_sub(a.ticks_, b.ticks_));
  }

 private:
  constexpr explicit SimTime(std::int64_t t) noexcept : ticks_(t) {}
  std::int64_t ticks_ = 0;
};

constexpr SimTime at(Duration since_start) noexcept { return SimTime::from_ticks(since_start.ticks()); }

/// `D+1 06:30:00` (day counted from the start, then time of day); sub-second
/// parts appear only when non-zero (`D+0 00:00:01.250`). `SimTime::max()`
/// prints as `never`.
std::string format(SimTime t);
/// `2h30m`, `45s`, `1d2h`, `250ms`, `0s`; negative spans get a leading `-`.
std::string format(Duration d);

/// Parses a span written as one or more number-unit pairs, e.g. `90s`,
/// `45min`, `2h30m`, `1.5h`, `3d`, `250ms`, `10us`. Units: d, h, min or m,
/// s, ms, us. Decimal fractions are converted exactly (no floating point);
/// a fraction finer than a microsecond is rejected. Returns nullopt on any
/// malformed input, including an empty string or a bare number.
std::optional<Duration> parse_duration(std::string_view text);

/// Parses a point relative to the start: `D+1 06:00`, `D+0 18:30:15`, or a
/// bare span (`36h`) meaning that long after the start.
std::optional<SimTime> parse_sim_time(std::string_view text);

}  // namespace drill::core
