// Probability distributions sampled from a `RandomStream`.
//
// `Distribution` is an immutable value type: a tagged union of small
// parameter structs, built only through factories that validate their
// arguments and throw std::invalid_argument with a message naming the
// distribution and the offending parameter, e.g.
// "triangular: mode 5 is outside [min 6, max 9]". After construction a
// distribution is known good, and sampling cannot fail.
//
// Invariants:
// - Every algorithm is implemented here, not taken from <random> (whose
//   distributions differ between standard libraries). Sampling uses only
//   IEEE + - * /, sqrt, floor, fabs, log and exp, so a given stream yields
//   the same bits wherever those agree (sqrt is exact everywhere; log and exp
//   are the platform libm's). Builds that contract a*b+c into fused
//   multiply-adds (some non-x86 targets) need -ffp-contract=off to keep this.
// - `sample()` is const and keeps no cache (the normal draws a fresh pair
//   each time), so one distribution may be shared by many streams and a
//   sample depends only on the stream it is given.
// - All families except normal, lognormal and Poisson with mean >= 10 sample
//   by inversion: one draw per sample, monotone in it, which keeps common
//   random numbers in step across configurations. Those three use rejection
//   (two draws per attempt, about 1.3 attempts on average).
//
// Costs: sample() allocates nothing and is O(1), except Poisson inversion for
// small means (O(mean) steps, mean < 10) and empirical (O(log n) search).
// Copying a distribution is cheap: an empirical table is shared, immutable.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "core/random.hpp"

namespace drill::core {

class Distribution {
 public:
  // Parameter structs, public so that models and tools can inspect a
  // distribution (e.g. through `parameters()` and std::visit). Build them only
  // through the factories below, which enforce the stated invariants.
  struct Constant {
    double value;
  };
  struct Uniform {  // min <= max, max - min finite
    double min, max;
  };
  struct Exponential {  // mean > 0
    double mean;
  };
  struct Normal {  // sd >= 0
    double mean, sd;
  };
  struct Lognormal {  // exp(Normal(mu, sigma)); sigma >= 0
    double mu, sigma;
    bool from_moments;  // built from the variable's mean and sd (for describe)
    double mean, sd;    // of the variable itself
  };
  struct Triangular {  // min <= mode <= max, min < max
    double min, mode, max;
  };
  struct Weibull {  // shape > 0, scale > 0
    double shape, scale;
  };
  struct Poisson {  // 0 <= mean <= 1e9 (see the factory)
    double mean;
    // Set up once by the factory, used on the sampling path.
    double exp_neg_mean;                     // inversion (mean < 10)
    double log_mean, a, b, log_inv_alpha, vr;  // PTRS (mean >= 10)
  };
  struct Empirical {  // values with positive total weight, shared table
    struct Table {
      std::vector<double> values;
      std::vector<double> weights;
      // cumulative[i] = weights[0..i] / total; the entry of the last positive
      // weight and all after it are exactly 1.0, so a search for u < 1 always
      // lands on a value with positive weight.
      std::vector<double> cumulative;
      double mean;
    };
    std::shared_ptr<const Table> table;
  };
  struct Bernoulli {  // 0 <= p <= 1; samples 1.0 with probability p, else 0.0
    double p;
  };

  using Parameters = std::variant<Constant, Uniform, Exponential, Normal, Lognormal,
                                  Triangular, Weibull, Poisson, Empirical, Bernoulli>;

  /// The constant 0.
  Distribution() noexcept : p_(Constant{0.0}) {}

  static Distribution constant(double value);
  /// Continuous uniform on [min, max]; min == max is allowed (a constant).
  static Distribution uniform(double min, double max);
  static Distribution exponential(double mean);
  static Distribution normal(double mean, double sd);
  /// Lognormal whose values have mean `mean` (> 0) and standard deviation `sd`.
  static Distribution lognormal(double mean, double sd);
  /// Lognormal given the parameters of the underlying normal: exp(N(mu, sigma)).
  static Distribution lognormal_mu_sigma(double mu, double sigma);
  static Distribution triangular(double min, double mode, double max);
  static Distribution weibull(double shape, double scale);
  /// Poisson counts: inversion for mean < 10, Hormann's PTRS rejection above.
  /// Means above 1e9 are rejected: there the acceptance test would lose
  /// precision, and a normal(mean, sqrt(mean)) is indistinguishable anyway.
  static Distribution poisson(double mean);
  /// Discrete: `values[i]` with probability weights[i] / sum(weights).
  /// Weights must be finite, non-negative and not all zero.
  static Distribution empirical(std::span<const double> values, std::span<const double> weights);
  static Distribution bernoulli(double p);

  /// One sample; see each factory for the method. Allocation-free.
  double sample(RandomStream& rng) const noexcept;
  /// The exact mean of the distribution (not of any sample).
  double mean() const noexcept;
  /// Name and parameters in the form models are written in, with numbers in
  /// their shortest round-trip form: "exponential(mean=2400)".
  std::string describe() const;
  /// The family name: "exponential", "lognormal", ...
  std::string_view kind() const noexcept;

  const Parameters& parameters() const noexcept { return p_; }

 private:
  explicit Distribution(Parameters p) noexcept : p_(std::move(p)) {}
  Parameters p_;
};

}  // namespace drill::core
