#include "core/distributions.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <stdexcept>

namespace drill::core {

namespace {

using D = Distribution;

std::string num(double x) {
  std::array<char, 32> buf{};
  const auto res = std::to_chars(buf.data(), buf.data() + buf.size(), x);
  return std::string(buf.data(), res.ptr);
}

[[noreturn]] void reject(std::string_view family, const std::string& what) {
  throw std::invalid_argument(std::string(family) + ": " + what);
}

void require_finite(std::string_view family, std::string_view param, double v) {
  if (!std::isfinite(v)) reject(family, std::string(param) + " must be finite, got " + num(v));
}

void require_positive(std::string_view family, std::string_view param, double v) {
  if (!(v > 0.0) || !std::isfinite(v))
    reject(family, std::string(param) + " must be positive and finite, got " + num(v));
}

void require_non_negative(std::string_view family, std::string_view param, double v) {
  if (!(v >= 0.0) || !std::isfinite(v))
    reject(family, std::string(param) + " must be non-negative and finite, got " + num(v));
}

// ---------------------------------------------------------------- sampling

// Marsaglia's polar method. Only one of the pair is used: keeping the other
// would make a sample depend on which stream drew the previous one.
double standard_normal(RandomStream& rng) noexcept {
  for (;;) {
    // 2u - 1 is exact for a 53-bit u, so u, v lie on a grid in [-1, 1).
    const double u = 2.0 * rng.uniform01() - 1.0;
    const double v = 2.0 * rng.uniform01() - 1.0;
    const double s = u * u + v * v;
    if (s < 1.0 && s > 0.0) return u * std::sqrt(-2.0 * std::log(s) / s);
  }
}

// log(k!) for k = 0..29, correctly rounded (computed once in high precision).
constexpr std::array<double, 30> kLogFactorial = {
    0.0,                0.0,                0.6931471805599453, 1.791759469228055,
    3.1780538303479458, 4.787491742782046,  6.579251212010101,  8.525161361065415,
    10.60460290274525,  12.801827480081469, 15.104412573075516, 17.502307845873887,
    19.987214495661885, 22.552163853123425, 25.19122118273868,  27.89927138384089,
    30.671860106080672, 33.50507345013689,  36.39544520803305,  39.339884187199495,
    42.335616460753485, 45.38013889847691,  48.47118135183523,  51.60667556776438,
    54.78472939811232,  58.00360522298052,  61.261701761002,    64.55753862700634,
    67.88974313718154,  71.25703896716801,
};

// log(k!) for a whole number k >= 0. Beyond the table, Stirling's series to
// the n^-7 term; its truncation error (< 1/(1188 n^9)) is below double
// precision for n >= 30. Implemented here rather than via lgamma, whose
// accuracy differs between libms.
double log_factorial(double k) noexcept {
  if (k < static_cast<double>(kLogFactorial.size())) return kLogFactorial[static_cast<std::size_t>(k)];
  constexpr double kHalfLog2Pi = 0.9189385332046728;
  const double r = 1.0 / k;
  const double r2 = r * r;
  const double series = r * (1.0 / 12.0 - r2 * (1.0 / 360.0 - r2 * (1.0 / 1260.0 - r2 / 1680.0)));
  return (k + 0.5) * std::log(k) - k + kHalfLog2Pi + series;
}

double sample_of(const D::Constant& d, RandomStream&) noexcept { return d.value; }

double sample_of(const D::Uniform& d, RandomStream& rng) noexcept {
  return d.min + (d.max - d.min) * rng.uniform01();
}

double sample_of(const D::Exponential& d, RandomStream& rng) noexcept {
  // 1 - u lies in (0, 1], so the log is finite.
  return -d.mean * std::log(1.0 - rng.uniform01());
}

double sample_of(const D::Normal& d, RandomStream& rng) noexcept {
  return d.mean + d.sd * standard_normal(rng);
}

double sample_of(const D::Lognormal& d, RandomStream& rng) noexcept {
  return std::exp(d.mu + d.sigma * standard_normal(rng));
}

double sample_of(const D::Triangular& d, RandomStream& rng) noexcept {
  const double u = rng.uniform01();
  const double width = d.max - d.min;
  if (u * width < d.mode - d.min) return d.min + std::sqrt(u * width * (d.mode - d.min));
  return d.max - std::sqrt((1.0 - u) * width * (d.max - d.mode));
}

double sample_of(const D::Weibull& d, RandomStream& rng) noexcept {
  // Inverse CDF: scale * E^(1/shape) with E ~ exponential(1); the power is
  // written as exp(log(E)/shape) to stay within log and exp.
  const double e = -std::log(1.0 - rng.uniform01());
  if (e == 0.0) return 0.0;
  return d.scale * std::exp(std::log(e) / d.shape);
}

double sample_of(const D::Poisson& d, RandomStream& rng) noexcept {
  if (d.mean < 10.0) {
    // Inversion by sequential search: one draw, monotone in it. Stops once
    // the remaining mass no longer changes the cumulative sum.
    const double u = rng.uniform01();
    double p = d.exp_neg_mean;
    double cdf = p;
    double k = 0.0;
    while (u >= cdf) {
      k += 1.0;
      p *= d.mean / k;
      const double next = cdf + p;
      if (next == cdf) break;
      cdf = next;
    }
    return k;
  }
  // PTRS: transformed rejection with squeeze (Hormann 1993, "The transformed
  // rejection method for generating Poisson random variables").
  for (;;) {
    const double u = rng.uniform01() - 0.5;
    const double v = rng.uniform01();
    const double us = 0.5 - std::fabs(u);
    const double k = std::floor((2.0 * d.a / us + d.b) * u + d.mean + 0.43);
    if (us >= 0.07 && v <= d.vr) return k;
    if (k < 0.0 || (us < 0.013 && v > us)) continue;
    if (std::log(v) + d.log_inv_alpha - std::log(d.a / (us * us) + d.b) <=
        -d.mean + k * d.log_mean - log_factorial(k))
      return k;
  }
}

double sample_of(const D::Empirical& d, RandomStream& rng) noexcept {
  // Inversion over the cumulative table: one draw, monotone in it.
  const auto& cum = d.table->cumulative;
  const auto it = std::upper_bound(cum.begin(), cum.end(), rng.uniform01());
  return d.table->values[static_cast<std::size_t>(it - cum.begin())];
}

double sample_of(const D::Bernoulli& d, RandomStream& rng) noexcept {
  return rng.uniform01() < d.p ? 1.0 : 0.0;
}

// ---------------------------------------------------------------- moments

double mean_of(const D::Constant& d) noexcept { return d.value; }
double mean_of(const D::Uniform& d) noexcept { return 0.5 * (d.min + d.max); }
double mean_of(const D::Exponential& d) noexcept { return d.mean; }
double mean_of(const D::Normal& d) noexcept { return d.mean; }
double mean_of(const D::Lognormal& d) noexcept { return d.mean; }
double mean_of(const D::Triangular& d) noexcept { return (d.min + d.mode + d.max) / 3.0; }
// tgamma appears only here, never on the sampling path, so it cannot make
// runs differ between platforms.
double mean_of(const D::Weibull& d) noexcept { return d.scale * std::tgamma(1.0 + 1.0 / d.shape); }
double mean_of(const D::Poisson& d) noexcept { return d.mean; }
double mean_of(const D::Empirical& d) noexcept { return d.table->mean; }
double mean_of(const D::Bernoulli& d) noexcept { return d.p; }

// ---------------------------------------------------------------- text

std::string describe_of(const D::Constant& d) { return "constant(value=" + num(d.value) + ")"; }
std::string describe_of(const D::Uniform& d) {
  return "uniform(min=" + num(d.min) + ", max=" + num(d.max) + ")";
}
std::string describe_of(const D::Exponential& d) { return "exponential(mean=" + num(d.mean) + ")"; }
std::string describe_of(const D::Normal& d) {
  return "normal(mean=" + num(d.mean) + ", sd=" + num(d.sd) + ")";
}
std::string describe_of(const D::Lognormal& d) {
  if (d.from_moments) return "lognormal(mean=" + num(d.mean) + ", sd=" + num(d.sd) + ")";
  return "lognormal(mu=" + num(d.mu) + ", sigma=" + num(d.sigma) + ")";
}
std::string describe_of(const D::Triangular& d) {
  return "triangular(min=" + num(d.min) + ", mode=" + num(d.mode) + ", max=" + num(d.max) + ")";
}
std::string describe_of(const D::Weibull& d) {
  return "weibull(shape=" + num(d.shape) + ", scale=" + num(d.scale) + ")";
}
std::string describe_of(const D::Poisson& d) { return "poisson(mean=" + num(d.mean) + ")"; }
std::string describe_of(const D::Empirical& d) {
  auto list = [](const std::vector<double>& xs) {
    std::string s = "[";
    for (std::size_t i = 0; i < xs.size(); ++i) s += (i ? ", " : "") + num(xs[i]);
    return s + "]";
  };
  return "empirical(values=" + list(d.table->values) + ", weights=" + list(d.table->weights) + ")";
}
std::string describe_of(const D::Bernoulli& d) { return "bernoulli(p=" + num(d.p) + ")"; }

constexpr std::string_view kind_of(const D::Constant&) noexcept { return "constant"; }
constexpr std::string_view kind_of(const D::Uniform&) noexcept { return "uniform"; }
constexpr std::string_view kind_of(const D::Exponential&) noexcept { return "exponential"; }
constexpr std::string_view kind_of(const D::Normal&) noexcept { return "normal"; }
constexpr std::string_view kind_of(const D::Lognormal&) noexcept { return "lognormal"; }
constexpr std::string_view kind_of(const D::Triangular&) noexcept { return "triangular"; }
constexpr std::string_view kind_of(const D::Weibull&) noexcept { return "weibull"; }
constexpr std::string_view kind_of(const D::Poisson&) noexcept { return "poisson"; }
constexpr std::string_view kind_of(const D::Empirical&) noexcept { return "empirical"; }
constexpr std::string_view kind_of(const D::Bernoulli&) noexcept { return "bernoulli"; }

}  // namespace

// ---------------------------------------------------------------- factories

Distribution Distribution::constant(double value) {
  require_finite("constant", "value", value);
  return Distribution(Constant{value});
}

Distribution Distribution::uniform(double min, double max) {
  require_finite("uniform", "min", min);
  require_finite("uniform", "max", max);
  if (min > max) reject("uniform", "min " + num(min) + " is greater than max " + num(max));
  if (!std::isfinite(max - min))
    reject("uniform", "range [min " + num(min) + ", max " + num(max) + "] is too wide for a double");
  return Distribution(Uniform{min, max});
}

Distribution Distribution::exponential(double mean) {
  require_positive("exponential", "mean", mean);
  return Distribution(Exponential{mean});
}

Distribution Distribution::normal(double mean, double sd) {
  require_finite("normal", "mean", mean);
  require_non_negative("normal", "sd", sd);
  return Distribution(Normal{mean, sd});
}

Distribution Distribution::lognormal(double mean, double sd) {
  require_positive("lognormal", "mean", mean);
  require_non_negative("lognormal", "sd", sd);
  const double cv = sd / mean;
  const double sigma2 = std::log(1.0 + cv * cv);
  const double mu = std::log(mean) - 0.5 * sigma2;
  if (!std::isfinite(mu) || !std::isfinite(sigma2))
    reject("lognormal", "mean " + num(mean) + " and sd " + num(sd) + " are out of range");
  return Distribution(Lognormal{mu, std::sqrt(sigma2), true, mean, sd});
}

Distribution Distribution::lognormal_mu_sigma(double mu, double sigma) {
  require_finite("lognormal", "mu", mu);
  require_non_negative("lognormal", "sigma", sigma);
  const double s2 = sigma * sigma;
  const double mean = std::exp(mu + 0.5 * s2);
  const double sd = mean * std::sqrt(std::exp(s2) - 1.0);
  if (!std::isfinite(mean) || !std::isfinite(sd))
    reject("lognormal", "mu " + num(mu) + " and sigma " + num(sigma) + " give a mean or sd beyond double range");
  return Distribution(Lognormal{mu, sigma, false, mean, sd});
}

Distribution Distribution::triangular(double min, double mode, double max) {
  require_finite("triangular", "min", min);
  require_finite("triangular", "mode", mode);
  require_finite("triangular", "max", max);
  if (!(min < max)) reject("triangular", "min " + num(min) + " must be less than max " + num(max));
  if (mode < min || mode > max)
    reject("triangular", "mode " + num(mode) + " is outside [min " + num(min) + ", max " + num(max) + "]");
  if (!std::isfinite(max - min))
    reject("triangular", "range [min " + num(min) + ", max " + num(max) + "] is too wide for a double");
  return Distribution(Triangular{min, mode, max});
}

Distribution Distribution::weibull(double shape, double scale) {
  require_positive("weibull", "shape", shape);
  require_positive("weibull", "scale", scale);
  return Distribution(Weibull{shape, scale});
}

Distribution Distribution::poisson(double mean) {
  require_non_negative("poisson", "mean", mean);
  if (mean > 1e9) reject("poisson", "mean " + num(mean) + " exceeds 1e9; use a normal approximation");
  Poisson p{};
  p.mean = mean;
  p.exp_neg_mean = std::exp(-mean);
  if (mean >= 10.0) {
    // Constants of PTRS as given by Hormann (1993).
    p.log_mean = std::log(mean);
    p.b = 0.931 + 2.53 * std::sqrt(mean);
    p.a = -0.059 + 0.02483 * p.b;
    p.log_inv_alpha = std::log(1.1239 + 1.1328 / (p.b - 3.4));
    p.vr = 0.9277 - 3.6224 / (p.b - 2.0);
  }
  return Distribution(p);
}

Distribution Distribution::empirical(std::span<const double> values, std::span<const double> weights) {
  if (values.empty()) reject("empirical", "values must not be empty");
  if (values.size() != weights.size())
    reject("empirical", std::to_string(values.size()) + " values but " + std::to_string(weights.size()) +
                            " weights; give one weight per value");
  auto table = std::make_shared<Empirical::Table>();
  table->values.assign(values.begin(), values.end());
  table->weights.assign(weights.begin(), weights.end());
  table->cumulative.resize(values.size());
  double total = 0.0;
  double weighted = 0.0;
  std::size_t last_positive = 0;
  for (std::size_t i = 0; i < values.size(); ++i) {
    std::string at = "[";  // built by appends: GCC 12 -O3 misreports "[" + s (-Wrestrict)
    at += std::to_string(i);
    at += ']';
    require_finite("empirical", "value" + at, values[i]);
    require_non_negative("empirical", "weight" + at, weights[i]);
    total += weights[i];
    weighted += values[i] * weights[i];
    table->cumulative[i] = total;
    if (weights[i] > 0.0) last_positive = i;
  }
  if (!(total > 0.0)) reject("empirical", "weights must not all be zero");
  if (!std::isfinite(total) || !std::isfinite(weighted))
    reject("empirical", "sum of weights or of weighted values overflows a double");
  for (std::size_t i = 0; i < values.size(); ++i)
    table->cumulative[i] = i >= last_positive ? 1.0 : table->cumulative[i] / total;
  table->mean = weighted / total;
  return Distribution(Empirical{std::move(table)});
}

Distribution Distribution::bernoulli(double p) {
  if (!(p >= 0.0 && p <= 1.0)) reject("bernoulli", "p must be in [0, 1], got " + num(p));
  return Distribution(Bernoulli{p});
}

// ---------------------------------------------------------------- dispatch

double Distribution::sample(RandomStream& rng) const noexcept {
  return std::visit([&rng](const auto& d) { return sample_of(d, rng); }, p_);
}

double Distribution::mean() const noexcept {
  return std::visit([](const auto& d) { return mean_of(d); }, p_);
}

std::string Distribution::describe() const {
  return std::visit([](const auto& d) { return describe_of(d); }, p_);
}

std::string_view Distribution::kind() const noexcept {
  return std::visit([](const auto& d) { return kind_of(d); }, p_);
}

}  // namespace drill::core
