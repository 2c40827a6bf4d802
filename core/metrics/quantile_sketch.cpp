#include "core/metrics/quantile_sketch.hpp"

#include <algorithm>
#include <cmath>

#include "core/spare_arrays.hpp"

namespace drill::core::metrics {

namespace {
constexpr double kGamma = (1.0 + QuantileSketch::kRelativeError) / (1.0 - QuantileSketch::kRelativeError);
const double kLogGamma = std::log(kGamma);
// Bucket i (i >= 1) holds (g^(k-1), g^k] with k = i - 1 + kFirstExponent.
const int kFirstExponent = static_cast<int>(std::ceil(std::log(QuantileSketch::kMinValue) / kLogGamma));
const int kLastExponent = static_cast<int>(std::ceil(std::log(QuantileSketch::kMaxValue) / kLogGamma));

std::uint64_t nearest_rank(double q, std::uint64_t n) noexcept {
  // k-th smallest, 1-based: max(1, ceil(q n)), at most n.
  const double r = std::ceil(q * static_cast<double>(n));
  if (!(r >= 1.0)) return 1;
  if (r >= static_cast<double>(n)) return n;
  return static_cast<std::uint64_t>(r);
}
}  // namespace

const std::size_t QuantileSketch::kBuckets = static_cast<std::size_t>(kLastExponent - kFirstExponent + 2);

namespace {
struct BucketsTag {};
/// Bucket arrays kept for the thread's next sketch (core/spare_arrays.hpp).
using SpareBuckets = SpareArrays<std::uint64_t, BucketsTag>;
}  // namespace

QuantileSketch::QuantileSketch() : counts_(SpareBuckets::take(kBuckets)), lo_(kBuckets) {}

QuantileSketch::~QuantileSketch() { SpareBuckets::give(std::move(counts_)); }

std::size_t QuantileSketch::bucket(double x) const noexcept {
  // x >= kMinValue: add() counts the rest (NaN and negatives too) in zeros_.
  if (x >= kMaxValue) return kBuckets - 1;
  const int k = static_cast<int>(std::ceil(std::log(x) / kLogGamma));
  const int i = std::clamp(k - kFirstExponent + 1, 1, static_cast<int>(kBuckets) - 1);
  return static_cast<std::size_t>(i);
}

double QuantileSketch::value_of(std::size_t i) const noexcept {
  if (i == 0) return 0.0;
  const int k = static_cast<int>(i) - 1 + kFirstExponent;
  return 2.0 * std::exp(k * kLogGamma) / (kGamma + 1.0);
}

void QuantileSketch::add_positive(double x) noexcept {
  const std::size_t i = bucket(x);
  // Widening the occupied range clears the buckets it takes in.
  std::uint64_t* const counts = counts_.get();
  if (lo_ > hi_) {
    counts[i] = 0;
    lo_ = hi_ = i;
  } else if (i < lo_) {
    std::fill(counts + i, counts + lo_, 0);
    lo_ = i;
  } else if (i > hi_) {
    std::fill(counts + hi_ + 1, counts + i + 1, 0);
    hi_ = i;
  }
  ++counts[i];
}

void QuantileSketch::clear() noexcept {
  zeros_ = 0;
  n_ = 0;
  lo_ = kBuckets;
  hi_ = 0;
}

void QuantileSketch::quantiles(std::span<const double> qs, std::span<double> out) const noexcept {
  std::size_t next = 0;
  if (n_ == 0) {
    for (double& o : out) o = 0.0;
    return;
  }
  // The zero bucket first, then the occupied positive range.
  std::uint64_t seen = zeros_;
  while (next < qs.size() && nearest_rank(qs[next], n_) <= seen) out[next++] = value_of(0);
  for (std::size_t i = lo_; i <= hi_ && next < qs.size(); ++i) {
    seen += counts_[i];
    while (next < qs.size() && nearest_rank(qs[next], n_) <= seen) out[next++] = value_of(i);
  }
  for (; next < qs.size(); ++next) out[next] = value_of(lo_ <= hi_ ? hi_ : 0);
}

double QuantileSketch::quantile(double q) const noexcept {
  double out = 0.0;
  quantiles(std::span<const double>(&q, 1), std::span<double>(&out, 1));
  return out;
}

}  // namespace drill::core::metrics
