// A streaming quantile sketch with a relative error bound (DDSketch: Masson,
// Rim and Lee, "DDSketch: a fast and fully-mergeable quantile sketch with
// relative-error guarantees", VLDB 2019), on a fixed bucket array.
//
// Bound: for a non-negative value x with kMinValue <= x <= kMaxValue, the
// bucket of x is (g^(i-1), g^i] with g = (1 + a) / (1 - a), and the sketch
// answers 2 g^i / (g + 1), within a relative error a = kRelativeError of x.
// So `quantile(q)` is within a * v of v, the exact nearest-rank q-quantile of
// the values added (v = the k-th smallest, k = max(1, ceil(q n))). Values
// below kMinValue count in a zero bucket answered as 0 (absolute error below
// kMinValue); values above kMaxValue are answered as about kMaxValue; negative
// values count as zero (the instruments that use this record durations and
// sizes). Tested against exact quantiles in tests/core/metrics.
//
// Cost: `add` is a logarithm and an increment (a value below kMinValue
// only increments), no allocation; the bucket array (about 2,100 counts,
// 17 KB) is taken once by the constructor (an array the thread's earlier
// sketches gave back where there is one: core/spare_arrays.hpp; a sketch
// gives its array back as it goes) and left as it comes: only
// the occupied range [lo_, hi_] holds counts, and a value outside it clears
// the buckets between it and the range as it widens it. (Cleared whole up
// front, the array cost every run of a drill a 17 KB memset per quantile
// instrument, most of which never leave their exact buffer.) `clear` is
// constant time. Quantile queries walk the occupied bucket range once for
// all quantiles (the zero bucket, then the occupied positive buckets only).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>

namespace drill::core::metrics {

class QuantileSketch {
 public:
  static constexpr double kRelativeError = 0.01;
  static constexpr double kMinValue = 1e-6;
  static constexpr double kMaxValue = 1e12;

  QuantileSketch();
  ~QuantileSketch();
  QuantileSketch(QuantileSketch&&) noexcept = default;
  QuantileSketch& operator=(QuantileSketch&&) = delete;

  void add(double x) noexcept {
    ++n_;
    // Zero waits are the common case; they touch no bucket array.
    if (!(x >= kMinValue)) {
      ++zeros_;
    } else {
      add_positive(x);
    }
  }
  void clear() noexcept;
  std::uint64_t count() const noexcept { return n_; }
  /// Nearest-rank quantiles for `qs` (ascending, each in [0, 1]) into `out`
  /// (same size). With no values every answer is 0.
  void quantiles(std::span<const double> qs, std::span<double> out) const noexcept;
  double quantile(double q) const noexcept;

 private:
  void add_positive(double x) noexcept;
  /// The positive bucket (1 and up) of x >= kMinValue.
  std::size_t bucket(double x) const noexcept;
  double value_of(std::size_t bucket) const noexcept;

  static const std::size_t kBuckets;  // the zero bucket and the positive ones
  // [0], the zero bucket, is unused: zeros_ counts it. Only [lo_, hi_] is
  // written; the rest is as allocated.
  std::unique_ptr<std::uint64_t[]> counts_;
  std::uint64_t n_ = 0;
  std::uint64_t zeros_ = 0;
  std::size_t lo_;  // occupied range of the positive buckets [lo_, hi_], empty when lo_ > hi_
  std::size_t hi_ = 0;
};

}  // namespace drill::core::metrics
