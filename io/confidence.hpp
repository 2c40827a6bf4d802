// Confidence intervals of a mean across replications.
//
// The 97.5 % quantile of Student's t comes from Boost.Math (exact to double
// precision for every degree of freedom); core/ keeps its own tabulated
// approximation because it uses the standard library only. Results use
// these functions, so a CI printed or written is the exact t interval.
#pragma once

#include <cstdint>

#include "core/statistics.hpp"

namespace drill::io {

/// The 97.5 % quantile of Student's t with `df` degrees of freedom (the
/// factor of a two-sided 95 % interval from df + 1 samples); infinite for df 0.
double student_t_975(std::uint64_t df);

/// Half-width of the 95 % confidence interval of the mean of `t`'s samples:
/// t_{0.975, n-1} * s / sqrt(n); infinite with fewer than two samples.
double confidence_half_width_95(const core::Tally& t);

}  // namespace drill::io
