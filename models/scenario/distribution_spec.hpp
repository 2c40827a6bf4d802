// Stochastic parameters as written in a drill: `exponential(mean: 40min)`,
// `triangular(min: 1h, mode: 90min, max: 3h)`, or a plain constant `45min`.
//
// A `DistributionSpec` is a plain value: the kind and its named parameters in
// base units (see quantity.hpp; durations in seconds). It samples nothing:
// the models turn it into a sampler on the project's own RNG. A spec that
// came out of `parse_distribution` is valid: every parameter of its kind is
// present exactly once and in range, so a sampler needs no further checks.
//
// Parameters per kind (the value of `shape` is a plain number, the others
// carry the dimension asked for):
//   constant    value               value >= 0
//   exponential mean                mean > 0
//   uniform     min, max            0 <= min <= max
//   triangular  min, mode, max      0 <= min <= mode <= max, min < max
//   normal      mean, sd            mean >= 0, sd >= 0
//   lognormal   mean, sd            mean > 0, sd > 0 (of the value, not its log)
//   weibull     shape, scale        shape > 0, scale > 0
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "models/scenario/quantity.hpp"

namespace drill::models::scenario {

enum class DistributionKind { constant, exponential, uniform, triangular, normal, lognormal, weibull };

std::string_view to_string(DistributionKind k);

struct DistributionParam {
  std::string name;
  double value = 0.0;
  friend bool operator==(const DistributionParam&, const DistributionParam&) = default;
};

struct DistributionSpec {
  DistributionKind kind = DistributionKind::constant;
  Dimension dimension = Dimension::duration;
  /// In the order of the kind's signature above.
  std::vector<DistributionParam> params{{"value", 0.0}};

  static DistributionSpec constant(double value, Dimension dim);

  /// The named parameter; the name must belong to the kind.
  double param(std::string_view name) const;
  /// The distribution's mean in base units (for planning checks and reports).
  double mean() const;

  friend bool operator==(const DistributionSpec&, const DistributionSpec&) = default;
};

/// Parses a distribution whose values have dimension `dim` (a constant is
/// written as a bare quantity). Errors name the kind's parameters and units.
Parsed<DistributionSpec> parse_distribution(std::string_view text, Dimension dim);

}  // namespace drill::models::scenario
