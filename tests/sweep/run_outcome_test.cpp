// What a sweep keeps of a run, and its bytes for another process.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <stdexcept>

#include "sweep/run_outcome.hpp"

namespace drill::sweep {
namespace {

RunOutcome sample_outcome() {
  RunOutcome o;
  o.ticket = RunTicket{PointId{7}, 123456789012ull};
  o.fingerprint = 0xfedcba9876543210ull;
  o.events = 1ull << 40;
  o.completed = true;
  o.series = {SeriesKey{"time_below_critical_fuel", "", "seconds", "value"},
              SeriesKey{"ship_fuel", "unit=tidespring", "tonnes", "mean"},
              SeriesKey{"sorties_per_aircraft", "squadron=sqn_809,base=qe_deck", "", "per_day"},
              SeriesKey{"odd", "unit=caf\xc3\xa9", "ratio", "value"}};
  o.values = {0.1 + 0.2, -0.0, std::numeric_limits<double>::infinity(), std::numeric_limits<double>::denorm_min()};
  o.samples = {Sample{1, 0, 1800.5}, Sample{1, 3600, 1799.25}, Sample{0, 3600, std::nan("")}};
  o.value_array = "[3.0000000000000004e-01,-0e+00,9e999,5e-324]";
  o.summary_json = std::string("{\n  \"a\": \"\\u0000\"\n}\n") + std::string(1, '\0') + "tail";
  o.wall_seconds = 0.0123;
  return o;
}

bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

TEST(RunOutcome, DecodeOfEncodeIsTheSameOutcomeBitForBit) {
  const RunOutcome o = sample_outcome();
  const RunOutcome back = decode(encode(o));
  EXPECT_EQ(back.ticket, o.ticket);
  EXPECT_EQ(back.fingerprint, o.fingerprint);
  EXPECT_EQ(back.events, o.events);
  EXPECT_EQ(back.completed, o.completed);
  EXPECT_EQ(back.series, o.series);
  ASSERT_EQ(back.values.size(), o.values.size());
  for (std::size_t i = 0; i < o.values.size(); ++i) EXPECT_TRUE(same_bits(back.values[i], o.values[i])) << i;
  ASSERT_EQ(back.samples.size(), o.samples.size());
  for (std::size_t i = 0; i < o.samples.size(); ++i) {
    EXPECT_EQ(back.samples[i].series, o.samples[i].series);
    EXPECT_TRUE(same_bits(back.samples[i].time_s, o.samples[i].time_s));
    EXPECT_TRUE(same_bits(back.samples[i].value, o.samples[i].value));
  }
  EXPECT_EQ(back.value_array, o.value_array);
  EXPECT_EQ(back.summary_json, o.summary_json);
  EXPECT_TRUE(same_bits(back.wall_seconds, o.wall_seconds));
  EXPECT_EQ(encode(back), encode(o));
}

TEST(RunOutcome, DecodeSharesTheLikelySeriesOnlyWhenTheyAreTheOutcomes) {
  const RunOutcome o = sample_outcome();
  const std::string bytes = encode(o);
  const SeriesList same = std::vector<SeriesKey>(o.series.begin(), o.series.end());
  const RunOutcome shared = decode(bytes, same);
  EXPECT_TRUE(shared.series.shares(same));
  EXPECT_EQ(encode(shared), bytes);

  std::vector<SeriesKey> keys(o.series.begin(), o.series.end());
  keys.back().statistic = "mean";  // the last field of the last key differs
  const SeriesList other = keys;
  const RunOutcome apart = decode(bytes, other);
  EXPECT_FALSE(apart.series.shares(other));
  EXPECT_EQ(apart.series, o.series);
  EXPECT_EQ(encode(apart), bytes);
  keys.pop_back();
  EXPECT_EQ(decode(bytes, SeriesList(keys)).series, o.series);  // fewer keys
  for (std::size_t n = 0; n < bytes.size(); ++n) EXPECT_THROW(decode(bytes.substr(0, n), same), std::runtime_error) << n;
}

// An outcome with the series of the sender's previous one carries a mark
// instead of its keys; the receiver gives it the previous outcome's keys.
TEST(RunOutcome, TheSeriesOfThePreviousOutcomeAreSentAsAMark) {
  const RunOutcome first = sample_outcome();
  RunOutcome second = sample_outcome();
  second.ticket.replication = 8;
  second.series = first.series;  // shared, as a point's runs are
  const std::string full = encode(second);
  const std::string marked = encode(second, first.series);
  EXPECT_LT(marked.size() + 100, full.size());
  const SeriesList received = std::vector<SeriesKey>(first.series.begin(), first.series.end());
  const RunOutcome back = decode(marked, received);
  EXPECT_TRUE(back.series.shares(received));
  EXPECT_EQ(back.ticket, second.ticket);
  EXPECT_EQ(encode(back, received), marked);
  EXPECT_EQ(encode(back), full);
  // Equal keys in another list are the same series too.
  EXPECT_EQ(encode(second, received), marked);
  // Other series, or none before: the keys go along.
  std::vector<SeriesKey> keys(first.series.begin(), first.series.end());
  keys.back().unit = "tonnes";
  EXPECT_EQ(encode(second, SeriesList(keys)), full);
  EXPECT_EQ(decode(full, SeriesList(keys)).series, second.series);
  // A mark with no previous series is refused.
  EXPECT_THROW(decode(marked), std::runtime_error);
}

TEST(RunOutcome, SeriesListsCompareByTheirKeys) {
  const SeriesList a = {SeriesKey{"m", "", "s", "value"}};
  const SeriesList b = {SeriesKey{"m", "", "s", "value"}};
  const SeriesList c = a;
  EXPECT_EQ(a, b);
  EXPECT_FALSE(a.shares(b));
  EXPECT_TRUE(a.shares(c));
  EXPECT_NE(a, SeriesList({SeriesKey{"m", "", "s", "mean"}}));
  EXPECT_EQ(SeriesList(), SeriesList(std::vector<SeriesKey>{}));
  EXPECT_TRUE(SeriesList().empty());
  EXPECT_EQ(SeriesList().size(), 0u);
}

TEST(RunOutcome, AnOutcomeWithoutSummaryOrSamplesRoundTrips) {
  RunOutcome o;
  o.completed = false;
  const RunOutcome back = decode(encode(o));
  EXPECT_FALSE(back.completed);
  EXPECT_FALSE(back.summary_json.has_value());
  EXPECT_TRUE(back.series.empty());
  EXPECT_TRUE(back.samples.empty());
}

TEST(RunOutcome, DecodeRefusesBytesThatAreNotAnOutcome) {
  const std::string good = encode(sample_outcome());
  EXPECT_THROW(decode(""), std::runtime_error);
  EXPECT_THROW(decode("hello world"), std::runtime_error);
  EXPECT_THROW(decode(good + "x"), std::runtime_error);
  // Every truncation is refused, none reads past the end.
  for (std::size_t n = 0; n < good.size(); ++n) EXPECT_THROW(decode(good.substr(0, n)), std::runtime_error) << n;
  // A count far beyond the bytes left is refused before allocating.
  std::string huge = "DRO2";
  huge += std::string(6, '\0');
  huge += std::string(9, '\xff') + '\x01';
  EXPECT_THROW(decode(huge), std::runtime_error);
}

TEST(RunOutcome, FindNamesASeriesByKeyTextOrAMeasureWithOneSeries) {
  RunOutcome o = sample_outcome();
  EXPECT_EQ(o.find("time_below_critical_fuel"), 0u);
  EXPECT_EQ(o.find("ship_fuel{unit=tidespring}"), 1u);
  EXPECT_EQ(o.find("ship_fuel"), 1u);  // its only series
  EXPECT_FALSE(o.find("ship_fuel{unit=argyll}"));
  EXPECT_FALSE(o.find("no_such_measure"));
  std::vector<SeriesKey> more = o.series.keys();
  more.push_back(SeriesKey{"ship_fuel", "unit=argyll", "tonnes", "mean"});
  o.series = std::move(more);
  o.values.push_back(1);
  EXPECT_FALSE(o.find("ship_fuel"));  // two series now: ambiguous
  EXPECT_EQ(o.find("ship_fuel{unit=argyll}"), 4u);
}

}  // namespace
}  // namespace drill::sweep
