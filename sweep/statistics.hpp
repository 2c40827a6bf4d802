// The statistics a sweep reports per design point: the spread of a series
// over replications (mean, standard deviation, 95 % confidence interval with
// Student's t), the sequential stopping rule, MSER-5 warm-up detection and
// the bisection of a what-if search. Pure arithmetic: no I/O, no runs.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace drill::sweep {

/// A series over a point's replications so far (added in replication order).
struct SeriesSummary {
  std::uint64_t n = 0;
  double mean = 0;
  // Sample standard deviation, and the mean -+ t(0.975, n-1) sd / sqrt(n).
  // NaN (NULL in sweep.db) for n < 2: one value has no spread and gives no
  // interval, and a bound of NaN meets no target (a search never takes one
  // run's mean for a 95 % bound).
  double sd = 0;
  double ci_low = 0;
  double ci_high = 0;
  double min = 0;
  double max = 0;
  /// (ci_high - ci_low) / 2: NaN for n = 1, 0 for n = 0.
  double half_width() const noexcept { return (ci_high - ci_low) / 2; }
};

/// A series over a point's replications so far, added in replication
/// order (Welford's running mean and variance, so the figures do not
/// depend on anything but the values and their order).
class SeriesAccumulator {
 public:
  void add(double value) noexcept;
  std::uint64_t count() const noexcept { return n_; }
  SeriesSummary summary() const noexcept;

 private:
  std::uint64_t n_ = 0;
  double mean_ = 0;
  double m2_ = 0;
  double min_ = 0;
  double max_ = 0;
};

/// True once a series' relative 95 % half-width is at most `target`
/// (half_width <= target * |mean|; n >= 2).
bool precise_enough(const SeriesSummary& s, double target) noexcept;

/// MSER-5 on a series sampled at equal steps: batch means of 5 (a last
/// incomplete batch is left out), the truncation d (in batches, at most
/// half of them) that minimises the MSER statistic
///   MSER(d) = sum_{j>=d} (Z_j - mean(Z_d..))^2 / (k - d)^2
/// over the k batch means Z; on a tie the smaller d. truncation_time_s is
/// d * 5 * step_s, counted from the first value. Fewer than 5 values (no
/// batch): all zero. O(number of values) time, O(batches) memory.
struct WarmUpResult {
  std::size_t batches = 0;
  std::size_t truncation_batches = 0;
  double truncation_time_s = 0;
};
WarmUpResult mser5(std::span<const double> values, double step_s);

/// Bisection for the smallest (largest) whole number in [from, to] that
/// meets a condition assumed monotone in it; next() says which value to
/// probe, record() what that probe found.
class Bisection {
 public:
  enum class Find { smallest, largest };
  /// Throws std::invalid_argument if from > to.
  Bisection(std::int64_t from, std::int64_t to, Find find);
  /// The value to probe next; nullopt once the answer is known.
  std::optional<std::int64_t> next() const noexcept;
  /// What probing `value` (the last next()) found.
  void record(std::int64_t value, bool meets);
  bool done() const noexcept { return !next().has_value(); }
  /// The answer once done; nullopt when no value in the range meets it.
  std::optional<std::int64_t> answer() const noexcept;

 private:
  // The first probe is the end of the range that must meet the condition
  // for any value to (to for smallest, from for largest); then halving.
  // Once that end meets it, [lo_, hi_] holds the answer: the end known to
  // meet it (hi_ for smallest, lo_ for largest) and every value not yet
  // ruled out; each probe halves it, so at most 1 + ceil(log2(to - from + 1))
  // probes.
  enum class Stage : unsigned char { first, halving, none_meets };
  std::int64_t lo_, hi_;
  Find find_;
  Stage stage_ = Stage::first;
};

}  // namespace drill::sweep
