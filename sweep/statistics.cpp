#include "sweep/statistics.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "io/confidence.hpp"

namespace drill::sweep {

namespace {

// io::student_t_975 (Boost's quantile, about 2 us a call), remembering the
// last answer: a design point's summaries, one per series, all ask for the
// same degrees of freedom (every run adds a value to every series), so a
// point of 67 series costs one quantile rather than 67 on the thread that
// stores the runs.
double student_t_975(std::uint64_t df) {
  thread_local std::uint64_t last_df = 0;
  thread_local double last_t = io::student_t_975(0);
  if (df != last_df) {
    last_t = io::student_t_975(df);
    last_df = df;
  }
  return last_t;
}

}  // namespace

void SeriesAccumulator::add(double value) noexcept {
  // The same update as core::Tally, so a sweep's point and a run's
  // --replications aggregate give the same bits for the same values.
  ++n_;
  const double d = value - mean_;
  mean_ += d / static_cast<double>(n_);
  m2_ += d * (value - mean_);
  if (n_ == 1) {
    min_ = value;
    max_ = value;
  } else {
    min_ = std::min(min_, value);
    max_ = std::max(max_, value);
  }
}

SeriesSummary SeriesAccumulator::summary() const noexcept {
  SeriesSummary s;
  s.n = n_;
  if (n_ == 0) return s;
  s.mean = mean_;
  s.min = min_;
  s.max = max_;
  if (n_ < 2) {
    s.sd = s.ci_low = s.ci_high = std::numeric_limits<double>::quiet_NaN();
    return s;
  }
  s.sd = std::sqrt(m2_ / static_cast<double>(n_ - 1));
  const double half = student_t_975(n_ - 1) * s.sd / std::sqrt(static_cast<double>(n_));
  s.ci_low = mean_ - half;
  s.ci_high = mean_ + half;
  return s;
}

bool precise_enough(const SeriesSummary& s, double target) noexcept {
  if (s.n < 2) return false;
  const double half = s.half_width();
  // A NaN anywhere compares false: never precise.
  return half <= target * std::abs(s.mean);
}

WarmUpResult mser5(std::span<const double> values, double step_s) {
  constexpr std::size_t kBatch = 5;
  WarmUpResult r;
  const std::size_t k = values.size() / kBatch;
  r.batches = k;
  if (k == 0) return r;
  std::vector<double> z(k);
  for (std::size_t j = 0; j < k; ++j) {
    double sum = 0;
    for (std::size_t i = 0; i < kBatch; ++i) sum += values[j * kBatch + i];
    z[j] = sum / static_cast<double>(kBatch);
  }
  // Welford over the suffix Z_d.. from the end, so every d costs O(1) and
  // the sum of squares is taken about the suffix's own mean (stable).
  std::vector<double> mser(k / 2 + 1);
  double mean = 0;
  double m2 = 0;
  std::size_t n = 0;
  for (std::size_t d = k; d-- > 0;) {
    ++n;
    const double delta = z[d] - mean;
    mean += delta / static_cast<double>(n);
    m2 += delta * (z[d] - mean);
    if (d < mser.size()) mser[d] = m2 / (static_cast<double>(n) * static_cast<double>(n));
  }
  std::size_t best = 0;
  for (std::size_t d = 1; d < mser.size(); ++d) {
    if (mser[d] < mser[best]) best = d;
  }
  r.truncation_batches = best;
  r.truncation_time_s = static_cast<double>(best * kBatch) * step_s;
  return r;
}

Bisection::Bisection(std::int64_t from, std::int64_t to, Find find) : lo_(from), hi_(to), find_(find) {
  if (from > to) {
    throw std::invalid_argument("search range from " + std::to_string(from) + " to " + std::to_string(to) +
                                ": from is greater than to");
  }
}

namespace {

// The midpoint of [lo, hi] rounded down (up), without overflow for any
// int64 range.
std::int64_t middle(std::int64_t lo, std::int64_t hi, bool round_up) noexcept {
  const auto span = static_cast<std::uint64_t>(hi) - static_cast<std::uint64_t>(lo);
  const std::uint64_t half = span / 2 + (round_up ? span % 2 : 0);
  return static_cast<std::int64_t>(static_cast<std::uint64_t>(lo) + half);
}

}  // namespace

std::optional<std::int64_t> Bisection::next() const noexcept {
  switch (stage_) {
    case Stage::first:
      return find_ == Find::smallest ? hi_ : lo_;
    case Stage::halving:
      if (lo_ == hi_) return std::nullopt;
      // Smallest: hi_ meets, so probe the lower middle; largest: lo_ meets,
      // the upper middle. Either way the probe is never the known end.
      return middle(lo_, hi_, find_ == Find::largest);
    case Stage::none_meets:
      return std::nullopt;
  }
  return std::nullopt;
}

void Bisection::record(std::int64_t value, bool meets) {
  const auto expected = next();
  if (!expected) throw std::logic_error("search: a probe recorded after the answer was known");
  if (*expected != value) {
    throw std::logic_error("search: probe of " + std::to_string(value) + " recorded, but " +
                           std::to_string(*expected) + " was the value to probe");
  }
  if (stage_ == Stage::first) {
    stage_ = meets ? Stage::halving : Stage::none_meets;
    return;
  }
  if (find_ == Find::smallest) {
    if (meets) {
      hi_ = value;
    } else {
      lo_ = value + 1;
    }
  } else {
    if (meets) {
      lo_ = value;
    } else {
      hi_ = value - 1;
    }
  }
}

std::optional<std::int64_t> Bisection::answer() const noexcept {
  if (stage_ != Stage::halving || lo_ != hi_) return std::nullopt;
  return lo_;
}

}  // namespace drill::sweep
