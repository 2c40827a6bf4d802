#include "models/scenario/distribution_spec.hpp"

#include <cmath>

#include <gtest/gtest.h>

namespace drill::models::scenario {
namespace {

DistributionSpec ok(std::string_view text, Dimension dim = Dimension::duration) {
  auto r = parse_distribution(text, dim);
  EXPECT_TRUE(r.ok()) << text << ": " << (r.ok() ? "" : r.error().message);
  return r.ok() ? *r : DistributionSpec{};
}

std::string error_of(std::string_view text, Dimension dim = Dimension::duration) {
  auto r = parse_distribution(text, dim);
  EXPECT_FALSE(r.ok()) << text;
  return r.ok() ? "" : r.error().message;
}

TEST(DistributionSpec, PlainQuantityIsAConstant) {
  const DistributionSpec d = ok("45min");
  EXPECT_EQ(d.kind, DistributionKind::constant);
  EXPECT_DOUBLE_EQ(d.param("value"), 2700.0);
  EXPECT_DOUBLE_EQ(d.mean(), 2700.0);
}

TEST(DistributionSpec, ExponentialHasMeanInSeconds) {
  const DistributionSpec d = ok("exponential(mean: 40min)");
  EXPECT_EQ(d.kind, DistributionKind::exponential);
  EXPECT_EQ(d.dimension, Dimension::duration);
  EXPECT_DOUBLE_EQ(d.param("mean"), 2400.0);
}

TEST(DistributionSpec, TriangularKeepsParametersInSignatureOrder) {
  const DistributionSpec d = ok("triangular(max: 3h, min: 1h, mode: 90min)");
  ASSERT_EQ(d.params.size(), 3u);
  EXPECT_EQ(d.params[0].name, "min");
  EXPECT_EQ(d.params[1].name, "mode");
  EXPECT_EQ(d.params[2].name, "max");
  EXPECT_DOUBLE_EQ(d.param("mode"), 5400.0);
  EXPECT_DOUBLE_EQ(d.mean(), (3600.0 + 5400.0 + 10800.0) / 3.0);
}

TEST(DistributionSpec, ParsesEveryKind) {
  EXPECT_EQ(ok("uniform(min: 10min, max: 20min)").kind, DistributionKind::uniform);
  EXPECT_EQ(ok("normal(mean: 2h, sd: 15min)").kind, DistributionKind::normal);
  EXPECT_EQ(ok("lognormal(mean: 2h, sd: 30min)").kind, DistributionKind::lognormal);
  const DistributionSpec w = ok("weibull(shape: 1.5, scale: 100h)");
  EXPECT_EQ(w.kind, DistributionKind::weibull);
  EXPECT_DOUBLE_EQ(w.param("shape"), 1.5);
  EXPECT_DOUBLE_EQ(w.param("scale"), 360000.0);
  EXPECT_NEAR(w.mean(), 360000.0 * std::tgamma(1.0 + 1.0 / 1.5), 1e-6);
}

TEST(DistributionSpec, UsesTheDimensionAskedFor) {
  const DistributionSpec d = ok("uniform(min: 500 kg, max: 2 t)", Dimension::mass);
  EXPECT_DOUBLE_EQ(d.param("min"), 0.5);
  EXPECT_DOUBLE_EQ(d.param("max"), 2.0);
}

TEST(DistributionSpec, AcceptsCompactSpelling) {
  EXPECT_EQ(ok("exponential(mean:40min)"), ok("exponential( mean : 40min )"));
}

TEST(DistributionSpec, RejectsUnknownKindWithSuggestion) {
  auto r = parse_distribution("expnential(mean: 40min)", Dimension::duration);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "unknown distribution 'expnential'");
  EXPECT_EQ(r.error().hint, "did you mean 'exponential'?");
}

TEST(DistributionSpec, RejectsUnknownMissingAndRepeatedParameters) {
  auto r = parse_distribution("exponential(men: 40min)", Dimension::duration);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "unknown parameter 'men' for exponential");
  EXPECT_EQ(r.error().hint, "did you mean 'mean'?");
  EXPECT_EQ(error_of("triangular(min: 1h, max: 3h)"), "missing parameter 'mode' for triangular");
  EXPECT_EQ(error_of("uniform(min: 1h, min: 2h, max: 3h)"), "parameter 'min' given twice");
}

TEST(DistributionSpec, RejectsParametersWithoutUnits) {
  EXPECT_EQ(error_of("exponential(mean: 40)"), "exponential mean: missing unit in duration '40'");
}

TEST(DistributionSpec, ChecksRanges) {
  EXPECT_EQ(error_of("triangular(min: 1h, mode: 4h, max: 3h)"), "triangular mode must lie in [min, max]");
  EXPECT_EQ(error_of("triangular(min: 3h, mode: 3h, max: 3h)"), "triangular min must be less than max");
  EXPECT_EQ(error_of("uniform(min: 3h, max: 1h)"), "uniform min must not exceed max");
  EXPECT_EQ(error_of("exponential(mean: 0s)"), "exponential mean must be positive");
  EXPECT_EQ(error_of("lognormal(mean: 2h, sd: 0s)"), "lognormal sd must be positive");
  EXPECT_EQ(error_of("weibull(shape: 0, scale: 1h)"), "weibull shape must be positive");
  EXPECT_EQ(error_of("normal(mean: 1h, sd: -5min)"), "normal sd must not be negative");
  EXPECT_EQ(error_of("-5min"), "constant value must not be negative");
}

TEST(DistributionSpec, RejectsMalformedText) {
  EXPECT_NE(error_of("exponential(mean: 40min").find("missing ')'"), std::string::npos);
  EXPECT_NE(error_of("exponential(40min)").find("expected 'name: value'"), std::string::npos);
}

}  // namespace
}  // namespace drill::models::scenario
