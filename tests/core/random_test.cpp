#include "core/random.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

namespace drill::core {
namespace {

constexpr std::uint64_t kSeed = 20240601;

std::vector<std::uint64_t> draws(RandomStream s, int n) {
  std::vector<std::uint64_t> out;
  for (int i = 0; i < n; ++i) out.push_back(s.next_u64());
  return out;
}

// Upper 0.1% point of chi-square with `df` degrees of freedom
// (Wilson-Hilferty); tight enough for the bucket tests below.
double chi_square_limit(int df) {
  const double k = static_cast<double>(df);
  const double t = 1.0 - 2.0 / (9.0 * k) + 3.09 * std::sqrt(2.0 / (9.0 * k));
  return k * t * t * t;
}

TEST(RandomDetail, SplitMix64MatchesPublishedFirstOutput) {
  std::uint64_t counter = 0;
  EXPECT_EQ(detail::splitmix64_next(counter), 0xe220a8397b1dcdafULL);
  EXPECT_EQ(detail::splitmix64_next(counter), 0x6e789e6aa1b965f4ULL);
}

TEST(RandomDetail, Fnv1a64MatchesPublishedVectors) {
  static_assert(detail::fnv1a64("") == 0xcbf29ce484222325ULL);
  EXPECT_EQ(detail::fnv1a64("a"), 0xaf63dc4c8601ec8cULL);
  EXPECT_EQ(detail::fnv1a64("foobar"), 0x85944171f73967e8ULL);
}

TEST(RandomStream, GeneratorMatchesXoshiro256StarStarReference) {
  // Known answers of xoshiro256** started from state {1, 2, 3, 4}.
  const auto s = RandomStream::restore({0, {1, 2, 3, 4}});
  EXPECT_EQ(draws(s, 4),
            (std::vector<std::uint64_t>{11520, 0, 1509978240, 1215971899390074240ULL}));
}

TEST(RandomStream, GoldenNextU64ForFixedSeedAndName) {
  EXPECT_EQ(draws(RandomStream::derive(kSeed, 0, "golden"), 4),
            (std::vector<std::uint64_t>{0x441cefb22a209d9bULL, 0x590ada0a9c633503ULL,
                                        0x65797c8f7dcb665aULL, 0xed83eb398382f1b2ULL}));
  EXPECT_EQ(RandomStream(7).next_u64(), 0xe99352d6780db32fULL);
}

TEST(RandomStream, GoldenUniform01AndUniformInt) {
  auto u = RandomStream::derive(kSeed, 0, "golden");
  for (const double expected : {0x1.1073bec8a8826p-2, 0x1.642b682a718ccp-2, 0x1.95e5f23df72d8p-2,
                                0x1.db07d6730705ep-1})
    EXPECT_EQ(u.uniform01(), expected);
  auto r = RandomStream::derive(kSeed, 3, "golden");
  for (const std::int64_t expected : {596, 360, 932, 214, 484, 413}) EXPECT_EQ(r.uniform_int(-5, 1000), expected);
}

TEST(RandomStream, SameSeedAndNameGiveSameSequence) {
  EXPECT_EQ(draws(RandomStream::derive(kSeed, 2, "sortie"), 100),
            draws(RandomStream::derive(kSeed, 2, "sortie"), 100));
}

TEST(RandomStream, DifferentNamesReplicationsAndSeedsGiveDifferentSequences) {
  const auto base = draws(RandomStream::derive(kSeed, 0, "sortie"), 4);
  EXPECT_NE(base, draws(RandomStream::derive(kSeed, 0, "sorties"), 4));
  EXPECT_NE(base, draws(RandomStream::derive(kSeed, 0, "Sortie"), 4));
  EXPECT_NE(base, draws(RandomStream::derive(kSeed, 0, ""), 4));
  EXPECT_NE(base, draws(RandomStream::derive(kSeed, 1, "sortie"), 4));
  EXPECT_NE(base, draws(RandomStream::derive(kSeed + 1, 0, "sortie"), 4));
  EXPECT_NE(RandomStream::derive(kSeed, 0, "sortie").identity(),
            RandomStream::derive(kSeed, 0, "sortie").substream(std::uint64_t{0}).identity());
}

TEST(RandomStream, ManyDerivedStreamsHaveDistinctIdentitiesAndFirstDraws) {
  std::vector<std::uint64_t> ids, firsts;
  for (std::uint64_t rep = 0; rep < 20; ++rep)
    for (int unit = 0; unit < 50; ++unit) {
      auto s = RandomStream::derive(kSeed, rep, "unit-" + std::to_string(unit));
      ids.push_back(s.identity());
      firsts.push_back(s.next_u64());
    }
  for (auto* v : {&ids, &firsts}) {
    std::sort(v->begin(), v->end());
    EXPECT_EQ(std::adjacent_find(v->begin(), v->end()), v->end());
  }
}

TEST(RandomStream, AddingAStreamDoesNotChangeAnother) {
  // Run A: only the "ship" stream. Run B: a new "tanker" stream is derived
  // first and drawn from, interleaved with "ship".
  auto ship_a = RandomStream::derive(kSeed, 0, "ship");
  std::vector<std::uint64_t> a, b;
  for (int i = 0; i < 50; ++i) a.push_back(ship_a.next_u64());
  auto tanker = RandomStream::derive(kSeed, 0, "tanker");
  auto ship_b = RandomStream::derive(kSeed, 0, "ship");
  for (int i = 0; i < 50; ++i) {
    tanker.next_u64();
    b.push_back(ship_b.next_u64());
  }
  EXPECT_EQ(a, b);
}

TEST(RandomStream, DeriveEqualsSubstreamsOfTheRoot) {
  EXPECT_EQ(RandomStream::derive(kSeed, 4, "berth"),
            RandomStream(kSeed).substream(std::uint64_t{4}).substream("berth"));
}

TEST(RandomStream, SubstreamDependsOnIdentityNotConsumedState) {
  auto parent = RandomStream::derive(kSeed, 0, "airwing");
  const auto before_named = parent.substream("F-1");
  const auto before_indexed = parent.substream(std::uint64_t{7});
  for (int i = 0; i < 10; ++i) parent.next_u64();
  EXPECT_EQ(parent.substream("F-1"), before_named);
  EXPECT_EQ(parent.substream(std::uint64_t{7}), before_indexed);
  EXPECT_NE(draws(parent.substream("F-1"), 4), draws(parent.substream("F-2"), 4));
  EXPECT_NE(draws(parent.substream("7"), 4), draws(parent.substream(std::uint64_t{7}), 4));
}

TEST(RandomStream, StateRoundTripsThroughRestore) {
  auto s = RandomStream::derive(kSeed, 0, "checkpoint");
  for (int i = 0; i < 5; ++i) s.next_u64();
  const auto saved = s.state();
  const auto expected = draws(s, 10);
  const auto restored = RandomStream::restore(saved);
  EXPECT_EQ(restored, s);
  EXPECT_EQ(draws(restored, 10), expected);
  EXPECT_EQ(restored.substream("x"), s.substream("x"));
}

TEST(RandomStream, Uniform01IsAMultipleOfTwoToTheMinus53InUnitInterval) {
  auto s = RandomStream::derive(kSeed, 0, "u01");
  double sum = 0.0, sum_sq = 0.0;
  constexpr int kN = 200'000;
  for (int i = 0; i < kN; ++i) {
    const double u = s.uniform01();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    const double scaled = u * 0x1.0p53;
    ASSERT_EQ(scaled, std::floor(scaled));
    sum += u;
    sum_sq += u * u;
  }
  const double mean = sum / kN;
  const double var = sum_sq / kN - mean * mean;
  // Standard errors: sqrt(1/12/n) ~ 6.5e-4 for the mean, ~2.0e-4 for the variance.
  EXPECT_NEAR(mean, 0.5, 5 * 6.5e-4);
  EXPECT_NEAR(var, 1.0 / 12.0, 5 * 2.0e-4);
}

TEST(RandomStream, UniformIntHasNoBiasOverSmallRanges) {
  auto s = RandomStream::derive(kSeed, 0, "dice");
  for (const auto& [lo, hi] : std::array<std::pair<std::int64_t, std::int64_t>, 4>{
           {{0, 1}, {1, 6}, {-3, 3}, {100, 112}}}) {
    const int buckets = static_cast<int>(hi - lo + 1);
    const int per_bucket = 20'000;
    std::vector<int> counts(static_cast<std::size_t>(buckets), 0);
    for (int i = 0; i < buckets * per_bucket; ++i) {
      const std::int64_t v = s.uniform_int(lo, hi);
      ASSERT_GE(v, lo);
      ASSERT_LE(v, hi);
      ++counts[static_cast<std::size_t>(v - lo)];
    }
    double chi2 = 0.0;
    for (const int c : counts) chi2 += (c - per_bucket) * double(c - per_bucket) / per_bucket;
    EXPECT_LT(chi2, chi_square_limit(buckets - 1)) << "range [" << lo << ", " << hi << "]";
  }
}

TEST(RandomStream, UniformIntAvoidsModuloBiasOnHugeRange) {
  // A span of 3 * 2^62: taking x mod span would put half of all draws in the
  // lowest third. Unbiased sampling puts a third in each.
  auto s = RandomStream::derive(kSeed, 0, "huge");
  const std::int64_t lo = std::numeric_limits<std::int64_t>::min();
  const std::int64_t hi = (std::int64_t{1} << 62) - 1;  // lo + 3 * 2^62 - 1
  constexpr int kN = 90'000;
  std::array<int, 3> thirds{};
  for (int i = 0; i < kN; ++i) {
    const std::uint64_t offset = static_cast<std::uint64_t>(s.uniform_int(lo, hi)) - static_cast<std::uint64_t>(lo);
    ++thirds[static_cast<std::size_t>(offset >> 62)];
  }
  double chi2 = 0.0;
  for (const int c : thirds) chi2 += (c - kN / 3.0) * (c - kN / 3.0) / (kN / 3.0);
  EXPECT_LT(chi2, chi_square_limit(2));
}

TEST(RandomStream, UniformIntHandlesFullRangeAndSinglePoint) {
  auto s = RandomStream::derive(kSeed, 0, "edges");
  constexpr auto kMin = std::numeric_limits<std::int64_t>::min();
  constexpr auto kMax = std::numeric_limits<std::int64_t>::max();
  int negatives = 0;
  for (int i = 0; i < 1000; ++i) negatives += s.uniform_int(kMin, kMax) < 0;
  EXPECT_NEAR(negatives, 500, 80);
  for (int i = 0; i < 10; ++i) EXPECT_EQ(s.uniform_int(-9, -9), -9);
  for (int i = 0; i < 10; ++i) EXPECT_EQ(s.uniform_int(kMax, kMax), kMax);
}

}  // namespace
}  // namespace drill::core
