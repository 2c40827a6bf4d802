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
// a sorted insert while exact (a binary search and a move of at most 4 KB)
// and a logarithm for the sketch.
//
// Change tracking: every instrument has a dirty flag. The first update that
// changes it after the collector's last `changes` read sets the flag and
// notes the instrument's series in the collector's `ChangeLog` (one test and,
// once per sample interval, one store into reserved memory); later updates
// see the flag and do nothing more. A gauge set to the value it holds, or a
// time-weighted level set to its current level, is not a change.
#pragma once

#include <algorithm>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "core/metrics/quantile_sketch.hpp"
#include "core/statistics.hpp"
#include "core/time.hpp"

namespace drill::core::metrics {

class Collector;

/// The series (by creation index) whose instruments changed since the
/// collector's last `changes` read. The collector reserves room for every
/// series when it makes the instrument, and a series is noted at most once
/// between two reads (its instrument's dirty flag), so noting never
/// allocates and never reallocates.
class ChangeLog {
 public:
  void note(std::uint32_t series) noexcept {
    assert(list_.size() < list_.capacity() && "ChangeLog: a series is noted at most once between reads");
    list_.push_back(series);
  }
  std::span<std::uint32_t> noted() noexcept { return list_; }
  std::size_t size() const noexcept { return list_.size(); }

 private:
  friend class Collector;
  std::vector<std::uint32_t> list_;
};

/// The dirty flag and the way back to the collector's ChangeLog that every
/// instrument carries. An instrument made outside a collector (no log)
/// only keeps the flag; so does a copy (only the collector's own instrument
/// may note its series).
class Tracked {
 public:
  Tracked() noexcept = default;
  Tracked(const Tracked& other) noexcept : dirty_(other.dirty_) {}
  /// Assigning to an instrument changes it.
  Tracked& operator=(const Tracked&) noexcept {
    touch();
    return *this;
  }
  /// Changed since the collector's last `changes` read.
  bool changed() const noexcept { return dirty_; }

 protected:
  void touch() noexcept {
    if (dirty_) return;
    dirty_ = true;
    if (log_) log_->note(series_);
  }

 private:
  friend class Collector;
  ChangeLog* log_ = nullptr;
  std::uint32_t series_ = 0;
  bool dirty_ = false;
};

/// A total that only grows (until a warm-up reset sets it back to zero).
class Counter : public Tracked {
 public:
  void add(double amount = 1.0) noexcept {
    value_ += amount;
    touch();
  }
  double value() const noexcept { return value_; }
  void reset() noexcept { value_ = 0.0; }

 private:
  double value_ = 0.0;
};

/// A value set from outside; a warm-up reset leaves it as it is.
class Gauge : public Tracked {
 public:
  void set(double value) noexcept {
    if (value == value_) return;
    value_ = value;
    touch();
  }
  void add(double delta) noexcept { set(value_ + delta); }
  double value() const noexcept { return value_; }

 private:
  double value_ = 0.0;
};

/// A piecewise-constant level over simulated time (busy units, queue length,
/// fuel on board, aircraft on station): its time average, maximum and
/// integral since the start or the last reset.
class TimeWeightedGauge : public Tracked {
 public:
  explicit TimeWeightedGauge(SimTime start = SimTime::zero(), double initial = 0.0) noexcept : level_(start, initial) {}
  /// The level becomes `value` at `now`; `now` never goes backwards. The
  /// same level again is no change (the integral grows with time alone).
  void set(SimTime now, double value) noexcept {
    if (value == level_.current()) return;
    level_.set(now, value);
    touch();
  }
  void add(SimTime now, double delta) noexcept { set(now, level_.current() + delta); }

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
class TallyInstrument : public Tracked {
 public:
  void add(double x) noexcept {
    tally_.add(x);
    touch();
  }
  const Tally& stats() const noexcept { return tally_; }
  void reset() noexcept { tally_ = Tally{}; }

 private:
  Tally tally_;
};

/// A tally that also answers quantiles: exactly while it holds at most
/// kExactCapacity observations, then from a `QuantileSketch` (relative error
/// QuantileSketch::kRelativeError). Both use the nearest-rank definition, the
/// k-th smallest with k = max(1, ceil(q n)). Memory is taken once, when
/// the instrument is made (about 21 KB, from the arrays the thread's last
/// run gave back where there are some: core/spare_arrays.hpp).
class QuantileInstrument : public Tracked {
 public:
  static constexpr std::size_t kExactCapacity = 512;

  QuantileInstrument();
  ~QuantileInstrument();
  QuantileInstrument(QuantileInstrument&&) noexcept = default;
  QuantileInstrument& operator=(QuantileInstrument&&) = delete;

  void add(double x) noexcept {
    tally_.add(x);
    // Kept sorted (the first kExactCapacity), so quantiles are a look-up.
    if (exact_count_ < kExactCapacity) {
      double* const first = exact_.get();
      double* const at = std::upper_bound(first, first + exact_count_, x);
      std::move_backward(at, first + exact_count_, first + exact_count_ + 1);
      *at = x;
      ++exact_count_;
    }
    sketch_.add(x);
    touch();
  }
  const Tally& stats() const noexcept { return tally_; }
  bool exact() const noexcept { return tally_.count() <= kExactCapacity; }
  /// Quantiles for `qs` (ascending, in [0, 1]) into `out`. Allocates
  /// nothing; costs a look-up per quantile while exact, one walk of the
  /// sketch's occupied buckets after.
  void quantiles(std::span<const double> qs, std::span<double> out) const noexcept;
  void reset() noexcept {
    tally_ = Tally{};
    exact_count_ = 0;
    sketch_.clear();
  }

 private:
  Tally tally_;
  std::unique_ptr<double[]> exact_;  // kExactCapacity values, the first exact_count_ of them sorted
  std::size_t exact_count_ = 0;
  QuantileSketch sketch_;
};

}  // namespace drill::core::metrics
