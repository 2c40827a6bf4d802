#include "core/distributions.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

namespace drill::core {
namespace {

constexpr std::uint64_t kSeed = 20240601;
constexpr int kSamples = 200'000;

struct Moments {
  double mean, var;
  double mean_se, var_se;  // standard errors estimated from the sample itself
};

Moments moments(const Distribution& d, std::string_view stream_name, int n = kSamples) {
  auto rng = RandomStream::derive(kSeed, 0, stream_name);
  std::vector<double> xs(static_cast<std::size_t>(n));
  double sum = 0.0;
  for (auto& x : xs) sum += x = d.sample(rng);
  const double mean = sum / n;
  double m2 = 0.0, m4 = 0.0;
  for (const double x : xs) {
    const double c = (x - mean) * (x - mean);
    m2 += c;
    m4 += c * c;
  }
  m2 /= n;
  m4 /= n;
  return {mean, m2, std::sqrt(m2 / n), std::sqrt((m4 - m2 * m2) / n)};
}

// Sample mean and variance within five standard errors of the exact values.
void expect_moments(const Distribution& d, double mean, double var, int n = kSamples) {
  const Moments m = moments(d, d.describe(), n);
  EXPECT_NEAR(m.mean, mean, 5 * m.mean_se) << d.describe();
  EXPECT_NEAR(m.var, var, 5 * m.var_se) << d.describe();
  EXPECT_DOUBLE_EQ(d.mean(), mean) << d.describe();
}

// Upper 0.1% point of chi-square with `df` degrees of freedom (Wilson-Hilferty).
double chi_square_limit(int df) {
  const double k = static_cast<double>(df);
  const double t = 1.0 - 2.0 / (9.0 * k) + 3.09 * std::sqrt(2.0 / (9.0 * k));
  return k * t * t * t;
}

// Chi-square of observed counts of integer outcomes against `pmf`, pooling
// outcomes below `first` into the first cell and above `last` into the last.
double poisson_chi_square(const Distribution& d, double mean, int first, int last, int* df) {
  auto rng = RandomStream::derive(kSeed, 0, d.describe());
  std::vector<double> observed(static_cast<std::size_t>(last - first + 1), 0.0);
  int not_counts = 0;
  for (int i = 0; i < kSamples; ++i) {
    const double k = d.sample(rng);
    not_counts += k != std::floor(k) || k < 0.0;
    const int cell = std::clamp(static_cast<int>(k), first, last) - first;
    ++observed[static_cast<std::size_t>(cell)];
  }
  EXPECT_EQ(not_counts, 0) << d.describe();
  auto pmf = [mean](int k) { return std::exp(-mean + k * std::log(mean) - std::lgamma(k + 1.0)); };
  double chi2 = 0.0;
  double below = 0.0;
  for (int k = 0; k < first; ++k) below += pmf(k);
  double inner = 0.0;
  for (int k = first; k <= last; ++k) {
    double p = pmf(k);
    if (k == first) p += below;
    if (k == last) p = 1.0 - inner;
    inner += p;
    const double expected = p * kSamples;
    const double o = observed[static_cast<std::size_t>(k - first)];
    chi2 += (o - expected) * (o - expected) / expected;
  }
  *df = last - first;
  return chi2;
}

std::string error_of(const std::function<void()>& build) {
  try {
    build();
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "<accepted>";
}

// ---------------------------------------------------------------- golden

TEST(Distribution, GoldenSamplesForFixedStreamArePinned) {
  const double values[] = {1, 2, 3};
  const double weights[] = {1, 2, 3};
  struct Case {
    Distribution d;
    std::vector<double> expected;
  };
  const std::vector<Case> cases = {
      {Distribution::uniform(2, 5),
       {0x1.662b678b3f30ep+1, 0x1.8590470fea94cp+1, 0x1.98363ad73cb11p+1, 0x1.3222f06b22a23p+2,
        0x1.302f10b686057p+2, 0x1.cc11ecab3f05ap+1}},
      {Distribution::exponential(2400),
       {0x1.73344b9db3a79p+9, 0x1.007666292464ep+10, 0x1.2ee4264324554p+10, 0x1.8a3c34911960bp+12,
        0x1.767834fef7373p+12, 0x1.c6d848a06a715p+10}},
      {Distribution::normal(10, 2),
       {0x1.dc21fd87ffe7p+2, 0x1.353e18e437addp+3, 0x1.75bae4e2dd55bp+3, 0x1.3adbd1451908cp+3,
        0x1.5b557e3e5759p+3, 0x1.8c8f3a0692e2p+2}},
      {Distribution::lognormal(10, 3),
       {0x1.a4f81b9b36268p+2, 0x1.23bf637a523a3p+3, 0x1.882a867f41d4fp+3, 0x1.2b5c5b9257145p+3,
        0x1.5b72386b42872p+3, 0x1.5ebf0951b693ap+2}},
      {Distribution::lognormal_mu_sigma(1, 0.5),
       {0x1.6ee4afef8796cp+0, 0x1.3fe4b5fbb44a9p+1, 0x1.08b6b9ca63b42p+2, 0x1.4e3dce03221aep+1,
        0x1.aec5655e1d388p+1, 0x1.0cdf67176a63p+0}},
      {Distribution::triangular(1, 2, 4),
       {0x1.e4b72f298fdf5p+0, 0x1.02cc0cf430963p+1, 0x1.0c68137d6b0eap+1, 0x1.abbfe8f68c4aap+1,
        0x1.a60307c49803fp+1, 0x1.296115204e234p+1}},
      {Distribution::weibull(1.5, 100),
       {0x1.6de9b880298a1p+5, 0x1.c5f268a68eecfp+5, 0x1.fb33815561d8cp+5, 0x1.7ce54cb484031p+7,
        0x1.700e3fd056c64p+7, 0x1.4c8ef81760a1ap+6}},
      {Distribution::poisson(3), {2, 2, 2, 6, 6, 3}},
      {Distribution::poisson(200), {190, 196, 224, 199, 218, 192}},
      {Distribution::empirical(values, weights), {2, 2, 2, 3, 3, 3}},
      {Distribution::bernoulli(0.3), {1, 0, 0, 0, 0, 0}},
  };
  for (const auto& c : cases) {
    auto rng = RandomStream::derive(kSeed, 0, "golden");
    for (const double expected : c.expected) EXPECT_EQ(c.d.sample(rng), expected) << c.d.describe();
  }
}

// ---------------------------------------------------------------- behaviour

TEST(Distribution, SampleDependsOnlyOnTheStreamItIsGiven) {
  // No cached state in the distribution: interleaving two streams through one
  // normal gives each stream the same values as drawing from it alone.
  const auto d = Distribution::normal(0, 1);
  auto a = RandomStream::derive(kSeed, 0, "a");
  auto b = RandomStream::derive(kSeed, 0, "b");
  auto a_alone = RandomStream::derive(kSeed, 0, "a");
  for (int i = 0; i < 20; ++i) {
    const double from_a = d.sample(a);
    d.sample(b);
    EXPECT_EQ(from_a, d.sample(a_alone));
  }
}

TEST(Distribution, DefaultIsConstantZeroAndConstantNeverDraws) {
  auto rng = RandomStream::derive(kSeed, 0, "c");
  const auto before = rng;
  EXPECT_EQ(Distribution().sample(rng), 0.0);
  EXPECT_EQ(Distribution::constant(42.5).sample(rng), 42.5);
  EXPECT_EQ(rng, before);
}

TEST(Distribution, CopiesShareTheEmpiricalTable) {
  const double v[] = {1, 2};
  const double w[] = {1, 1};
  const auto d = Distribution::empirical(v, w);
  const Distribution copy = d;
  EXPECT_EQ(std::get<Distribution::Empirical>(d.parameters()).table,
            std::get<Distribution::Empirical>(copy.parameters()).table);
}

// ---------------------------------------------------------------- moments

TEST(Distribution, UniformMomentsMatchAndStayInRange) {
  const auto d = Distribution::uniform(-2, 6);
  expect_moments(d, 2.0, 64.0 / 12.0);
  auto rng = RandomStream::derive(kSeed, 0, "range");
  for (int i = 0; i < 10'000; ++i) {
    const double x = d.sample(rng);
    ASSERT_GE(x, -2.0);
    ASSERT_LE(x, 6.0);
  }
}

TEST(Distribution, ExponentialMomentsMatch) { expect_moments(Distribution::exponential(2400), 2400, 2400.0 * 2400.0); }

TEST(Distribution, NormalMomentsMatch) { expect_moments(Distribution::normal(-3, 2.5), -3, 6.25); }

TEST(Distribution, LognormalFromMeanAndSdHasThatMeanAndSd) {
  expect_moments(Distribution::lognormal(10, 3), 10, 9);
}

TEST(Distribution, LognormalFromMuSigmaMatchesTheUnderlyingNormal) {
  const double mu = 0.5, sigma = 0.4;
  const double mean = std::exp(mu + sigma * sigma / 2);
  const double var = (std::exp(sigma * sigma) - 1) * mean * mean;
  const auto d = Distribution::lognormal_mu_sigma(mu, sigma);
  expect_moments(d, mean, var);
  // The log of the samples is normal(mu, sigma).
  auto rng = RandomStream::derive(kSeed, 0, "log");
  double sum = 0.0, sum_sq = 0.0;
  for (int i = 0; i < kSamples; ++i) {
    const double y = std::log(d.sample(rng));
    sum += y;
    sum_sq += y * y;
  }
  EXPECT_NEAR(sum / kSamples, mu, 5 * sigma / std::sqrt(kSamples));
  EXPECT_NEAR(sum_sq / kSamples - (sum / kSamples) * (sum / kSamples), sigma * sigma,
              5 * sigma * sigma * std::sqrt(2.0 / kSamples));
}

TEST(Distribution, BothLognormalFactoriesAgreeOnTheSameParameters) {
  const auto by_moments = Distribution::lognormal(10, 3);
  const auto& p = std::get<Distribution::Lognormal>(by_moments.parameters());
  const auto by_mu_sigma = Distribution::lognormal_mu_sigma(p.mu, p.sigma);
  EXPECT_NEAR(by_mu_sigma.mean(), 10.0, 1e-12);
  auto a = RandomStream::derive(kSeed, 0, "ln");
  auto b = RandomStream::derive(kSeed, 0, "ln");
  for (int i = 0; i < 10; ++i) EXPECT_EQ(by_moments.sample(a), by_mu_sigma.sample(b));
}

TEST(Distribution, TriangularMomentsMatchIncludingModeAtAnEnd) {
  for (const auto [a, c, b] : {std::array{1.0, 2.0, 4.0}, std::array{0.0, 0.0, 3.0}, std::array{-5.0, 5.0, 5.0}}) {
    const double var = (a * a + b * b + c * c - a * b - a * c - b * c) / 18.0;
    expect_moments(Distribution::triangular(a, c, b), (a + b + c) / 3.0, var);
  }
}

TEST(Distribution, WeibullMomentsMatch) {
  for (const double shape : {0.8, 1.5, 3.0}) {
    const double scale = 100;
    const double g1 = std::tgamma(1 + 1 / shape), g2 = std::tgamma(1 + 2 / shape);
    expect_moments(Distribution::weibull(shape, scale), scale * g1, scale * scale * (g2 - g1 * g1));
  }
}

TEST(Distribution, PoissonMeanThreeMatchesItsProbabilities) {
  const auto d = Distribution::poisson(3);
  expect_moments(d, 3, 3);
  int df = 0;
  const double chi2 = poisson_chi_square(d, 3, 0, 10, &df);
  EXPECT_LT(chi2, chi_square_limit(df));
}

TEST(Distribution, PoissonMeanTwoHundredMatchesItsProbabilities) {
  const auto d = Distribution::poisson(200);
  expect_moments(d, 200, 200);
  int df = 0;
  const double chi2 = poisson_chi_square(d, 200, 160, 240, &df);
  EXPECT_LT(chi2, chi_square_limit(df));
}

TEST(Distribution, PoissonIsRightOnBothSidesOfTheMethodSwitch) {
  for (const double mean : {0.0, 0.05, 9.99, 10.0, 12.5, 1e6})
    expect_moments(Distribution::poisson(mean), mean, mean, kSamples / 4);
  int df = 0;
  const double chi2 = poisson_chi_square(Distribution::poisson(10), 10, 2, 20, &df);
  EXPECT_LT(chi2, chi_square_limit(df));
}

TEST(Distribution, EmpiricalFrequenciesFollowWeightsAndSkipZeroWeights) {
  const double values[] = {10, 20, 30, 40, 50};
  const double weights[] = {0, 1, 0, 3, 0};  // zero weights first, inside and last
  const auto d = Distribution::empirical(values, weights);
  EXPECT_DOUBLE_EQ(d.mean(), (20 * 1 + 40 * 3) / 4.0);
  auto rng = RandomStream::derive(kSeed, 0, "emp");
  int twenty = 0;
  for (int i = 0; i < kSamples; ++i) {
    const double x = d.sample(rng);
    ASSERT_TRUE(x == 20 || x == 40) << x;
    twenty += x == 20;
  }
  EXPECT_NEAR(twenty / double(kSamples), 0.25, 5 * std::sqrt(0.25 * 0.75 / kSamples));
}

TEST(Distribution, EmpiricalMomentsMatch) {
  const double values[] = {1, 2, 5};
  const double weights[] = {2, 5, 3};
  const double mean = (1 * 2 + 2 * 5 + 5 * 3) / 10.0;
  const double var = (1 * 2 + 4 * 5 + 25 * 3) / 10.0 - mean * mean;
  expect_moments(Distribution::empirical(values, weights), mean, var);
}

TEST(Distribution, BernoulliFrequencyMatchesP) {
  expect_moments(Distribution::bernoulli(0.3), 0.3, 0.21);
  auto rng = RandomStream::derive(kSeed, 0, "b");
  for (int i = 0; i < 100; ++i) {
    EXPECT_EQ(Distribution::bernoulli(0).sample(rng), 0.0);
    EXPECT_EQ(Distribution::bernoulli(1).sample(rng), 1.0);
  }
}

// ---------------------------------------------------------------- text

TEST(Distribution, DescribePrintsFamilyAndShortestParameters) {
  const double v[] = {1, 2.5};
  const double w[] = {0.25, 0.75};
  EXPECT_EQ(Distribution::exponential(2400).describe(), "exponential(mean=2400)");
  EXPECT_EQ(Distribution::uniform(0.1, 2).describe(), "uniform(min=0.1, max=2)");
  EXPECT_EQ(Distribution::normal(5, 1.5).describe(), "normal(mean=5, sd=1.5)");
  EXPECT_EQ(Distribution::lognormal(10, 3).describe(), "lognormal(mean=10, sd=3)");
  EXPECT_EQ(Distribution::lognormal_mu_sigma(1, 0.5).describe(), "lognormal(mu=1, sigma=0.5)");
  EXPECT_EQ(Distribution::triangular(1, 2, 4).describe(), "triangular(min=1, mode=2, max=4)");
  EXPECT_EQ(Distribution::weibull(1.5, 100).describe(), "weibull(shape=1.5, scale=100)");
  EXPECT_EQ(Distribution::poisson(3).describe(), "poisson(mean=3)");
  EXPECT_EQ(Distribution::empirical(v, w).describe(), "empirical(values=[1, 2.5], weights=[0.25, 0.75])");
  EXPECT_EQ(Distribution::bernoulli(0.3).describe(), "bernoulli(p=0.3)");
  EXPECT_EQ(Distribution::constant(-7).describe(), "constant(value=-7)");
  EXPECT_EQ(Distribution::weibull(1.5, 100).kind(), "weibull");
}

// ---------------------------------------------------------------- validation

TEST(Distribution, FactoriesRejectBadParametersNamingThem) {
  const double nan = std::nan("");
  const double inf = INFINITY;
  EXPECT_EQ(error_of([] { Distribution::triangular(6, 5, 9); }), "triangular: mode 5 is outside [min 6, max 9]");
  EXPECT_EQ(error_of([] { Distribution::triangular(6, 10, 9); }), "triangular: mode 10 is outside [min 6, max 9]");
  EXPECT_EQ(error_of([] { Distribution::triangular(3, 3, 3); }), "triangular: min 3 must be less than max 3");
  EXPECT_EQ(error_of([] { Distribution::exponential(-3); }), "exponential: mean must be positive and finite, got -3");
  EXPECT_EQ(error_of([] { Distribution::exponential(0); }), "exponential: mean must be positive and finite, got 0");
  EXPECT_EQ(error_of([&] { Distribution::exponential(nan); }), "exponential: mean must be positive and finite, got nan");
  EXPECT_EQ(error_of([] { Distribution::uniform(5, 1); }), "uniform: min 5 is greater than max 1");
  EXPECT_EQ(error_of([&] { Distribution::uniform(0, inf); }), "uniform: max must be finite, got inf");
  EXPECT_EQ(error_of([] { Distribution::uniform(-1e308, 1e308); }),
            "uniform: range [min -1e+308, max 1e+308] is too wide for a double");
  EXPECT_EQ(error_of([] { Distribution::normal(0, -1); }), "normal: sd must be non-negative and finite, got -1");
  EXPECT_EQ(error_of([] { Distribution::lognormal(0, 1); }), "lognormal: mean must be positive and finite, got 0");
  EXPECT_EQ(error_of([] { Distribution::lognormal(1, -1); }), "lognormal: sd must be non-negative and finite, got -1");
  EXPECT_EQ(error_of([] { Distribution::lognormal_mu_sigma(1, -0.5); }),
            "lognormal: sigma must be non-negative and finite, got -0.5");
  EXPECT_EQ(error_of([] { Distribution::lognormal_mu_sigma(800, 1); }),
            "lognormal: mu 800 and sigma 1 give a mean or sd beyond double range");
  EXPECT_EQ(error_of([] { Distribution::weibull(0, 1); }), "weibull: shape must be positive and finite, got 0");
  EXPECT_EQ(error_of([] { Distribution::weibull(2, -1); }), "weibull: scale must be positive and finite, got -1");
  EXPECT_EQ(error_of([] { Distribution::poisson(-0.5); }), "poisson: mean must be non-negative and finite, got -0.5");
  EXPECT_EQ(error_of([] { Distribution::poisson(2e9); }), "poisson: mean 2e+09 exceeds 1e9; use a normal approximation");
  EXPECT_EQ(error_of([] { Distribution::bernoulli(1.5); }), "bernoulli: p must be in [0, 1], got 1.5");
  EXPECT_EQ(error_of([&] { Distribution::bernoulli(nan); }), "bernoulli: p must be in [0, 1], got nan");
  EXPECT_EQ(error_of([&] { Distribution::constant(inf); }), "constant: value must be finite, got inf");

  const double v2[] = {1, 2};
  const double w1[] = {1};
  const double w_neg[] = {1, -1};
  const double w_zero[] = {0, 0};
  const double v_nan[] = {1, nan};
  const double w_ok[] = {1, 1};
  EXPECT_EQ(error_of([&] { Distribution::empirical({}, {}); }), "empirical: values must not be empty");
  EXPECT_EQ(error_of([&] { Distribution::empirical(v2, w1); }),
            "empirical: 2 values but 1 weights; give one weight per value");
  EXPECT_EQ(error_of([&] { Distribution::empirical(v2, w_neg); }),
            "empirical: weight[1] must be non-negative and finite, got -1");
  EXPECT_EQ(error_of([&] { Distribution::empirical(v2, w_zero); }), "empirical: weights must not all be zero");
  EXPECT_EQ(error_of([&] { Distribution::empirical(v_nan, w_ok); }), "empirical: value[1] must be finite, got nan");
}

TEST(Distribution, FactoriesAcceptDegenerateButValidParameters) {
  auto rng = RandomStream::derive(kSeed, 0, "degenerate");
  EXPECT_EQ(Distribution::uniform(3, 3).sample(rng), 3.0);
  EXPECT_EQ(Distribution::normal(4, 0).sample(rng), 4.0);
  EXPECT_EQ(Distribution::poisson(0).sample(rng), 0.0);
  EXPECT_NEAR(Distribution::lognormal(5, 0).sample(rng), 5.0, 1e-12);
}

}  // namespace
}  // namespace drill::core
