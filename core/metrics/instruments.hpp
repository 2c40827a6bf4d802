// The instruments a model updates in its hot path.
//
// A model gets each instrument once, at build time, as a reference from the
// `Collector`, and keeps the pointer; every update is then a few arithmetic
// operations on that object: no look-up, no allocation, no string, noexcept.
// Instruments live in the collector (stable addresses) and are read only by
// it, when it takes a snapshot or resets statistics after a warm-up.
//
// Costs per update: counter and gauge one add or store; time-weighted one
// multiply-add; tally Welford's update (a division); quantile the tally plus
// a store while exact and a logarithm for the sketch.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "core/metrics/quantile_sketch.hpp"
#include "core/statistics.hpp"
#include "core/time.hpp"

namespace drill::core::metrics {

/// A total that only grows (until a warm-up reset sets it back to zero).
class Counter {
 public:
  void add(double amount = 1.0) noexcept { value_ += amount; }
  double value() const noexcept { return value_; }
  void reset() noexcept { value_ = 0.0; }

 private:
  double value_ = 0.0;
};

/// A value set from outside; a warm-up reset leaves it as it is.
class Gauge {
 public:
  void set(double value) noexcept { value_ = value; }
  void add(double delta) noexcept { value_ += delta; }
  double value() const noexcept { return value_; }

 private:
  double value_ = 0.0;
};

/// A piecewise-constant level over simulated time (busy units, queue length,
/// fuel on board, aircraft on station): its time average, maximum and
/// integral since the start or the last reset.
class TimeWeightedGauge {
 public:
  explicit TimeWeightedGauge(SimTime start = SimTime::zero(), double initial = 0.0) noexcept : level_(start, initial) {}
  /// The level becomes `value` at `now`; `now` never goes backwards.
  void set(SimTime now, double value) noexcept { level_.set(now, value); }
  void add(SimTime now, double delta) noexcept { level_.add(now, delta); }

  double current() const noexcept { return level_.current(); }
  double max() const noexcept { return level_.max(); }
  /// In value-seconds since the start or the last reset.
  double integral(SimTime now) const noexcept { return level_.integral(now); }
  double mean(SimTime now) const noexcept { return level_.mean(now); }
  /// Statistics restart at `now` from the current level.
  void reset(SimTime now) noexcept { level_ = TimeWeighted(now, level_.current()); }

 private:
  TimeWeighted level_;
};

/// Observations (waits, transfer sizes): count, mean, variance, min, max.
class TallyInstrument {
 public:
  void add(double x) noexcept { tally_.add(x); }
  const Tally& stats() const noexcept { return tally_; }
  void reset() noexcept { tally_ = Tally{}; }

 private:
  Tally tally_;
};

/// A tally that also answers quantiles: exactly while it holds at most
/// kExactCapacity observations, then from a `QuantileSketch` (relative error
/// QuantileSketch::kRelativeError). Both use the nearest-rank definition, the
/// k-th smallest with k = max(1, ceil(q n)). Memory is allocated once, when
/// the instrument is made (about 21 KB).
class QuantileInstrument {
 public:
  static constexpr std::size_t kExactCapacity = 512;

  QuantileInstrument() { exact_.reserve(kExactCapacity); }
  void add(double x) noexcept {
    tally_.add(x);
    if (exact_.size() < kExactCapacity) exact_.push_back(x);  // within the reserved capacity
    sketch_.add(x);
  }
  const Tally& stats() const noexcept { return tally_; }
  bool exact() const noexcept { return tally_.count() <= kExactCapacity; }
  /// Quantiles for `qs` (ascending, in [0, 1]) into `out`. Allocates
  /// nothing; `scratch` must hold kExactCapacity values.
  void quantiles(std::span<const double> qs, std::span<double> out, std::span<double> scratch) const noexcept;
  void reset() noexcept {
    tally_ = Tally{};
    exact_.clear();
    sketch_.clear();
  }

 private:
  Tally tally_;
  std::vector<double> exact_;
  QuantileSketch sketch_;
};

}  // namespace drill::core::metrics
