// Streaming statistics that components keep about themselves.
//
// `Tally` summarises observations (wait times, say): count, mean, variance
// (Welford's update, stable for long runs), min and max, in O(1) memory.
// `TimeWeighted` integrates a piecewise-constant quantity over simulated time
// (units busy, queue length, fuel level): its mean is the time average, the
// figure behind utilisation and mean queue length. Both cost a few flops per
// update and allocate nothing.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

#include "core/time.hpp"

namespace drill::core {

class Tally {
 public:
  void add(double x) noexcept {
    ++n_;
    const double d = x - mean_;
    mean_ += d / static_cast<double>(n_);
    m2_ += d * (x - mean_);
    min_ = std::min(min_, x);
    max_ = std::max(max_, x);
  }
  std::uint64_t count() const noexcept { return n_; }
  double mean() const noexcept { return n_ ? mean_ : 0.0; }
  /// Sample variance (n - 1 in the denominator); 0 with fewer than two.
  double variance() const noexcept { return n_ > 1 ? m2_ / static_cast<double>(n_ - 1) : 0.0; }
  double stddev() const noexcept { return std::sqrt(variance()); }
  double min() const noexcept { return n_ ? min_ : 0.0; }
  double max() const noexcept { return n_ ? max_ : 0.0; }

 private:
  std::uint64_t n_ = 0;
  double mean_ = 0.0;
  double m2_ = 0.0;
  double min_ = std::numeric_limits<double>::infinity();
  double max_ = -std::numeric_limits<double>::infinity();
};

class TimeWeighted {
 public:
  explicit TimeWeighted(SimTime start = SimTime::zero(), double initial = 0.0) noexcept
      : start_(start), last_(start), value_(initial), max_(initial) {}

  /// The quantity changes to `value` at `now` (which must not go backwards).
  void set(SimTime now, double value) noexcept {
    accumulate(now);
    value_ = value;
    max_ = std::max(max_, value);
  }
  void add(SimTime now, double delta) noexcept { set(now, value_ + delta); }

  double current() const noexcept { return value_; }
  double max() const noexcept { return max_; }
  /// Integral of the quantity from the start up to `now`, in value-seconds.
  double integral(SimTime now) const noexcept {
    return area_ + value_ * (now - last_).seconds();
  }
  /// Time average from the start up to `now`; the current value if no time has passed.
  double mean(SimTime now) const noexcept {
    const double span = (now - start_).seconds();
    return span > 0.0 ? integral(now) / span : value_;
  }

 private:
  void accumulate(SimTime now) noexcept {
    area_ += value_ * (now - last_).seconds();
    last_ = now;
  }
  SimTime start_;
  SimTime last_;
  double value_;
  double max_;
  double area_ = 0.0;
};

}  // namespace drill::core
