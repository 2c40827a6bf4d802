#include "models/scenario/suggest.hpp"

#include <gtest/gtest.h>

namespace drill::models::scenario {
namespace {

TEST(EditDistance, CountsInsertionsDeletionsSubstitutionsAndSwaps) {
  EXPECT_EQ(edit_distance("", ""), 0u);
  EXPECT_EQ(edit_distance("abc", ""), 3u);
  EXPECT_EQ(edit_distance("F18", "FA18"), 1u);
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
  EXPECT_EQ(edit_distance("fule", "fuel"), 1u);  // a swap of neighbours is one edit
}

TEST(EditDistance, IgnoresCase) { EXPECT_EQ(edit_distance("fa18", "FA18"), 0u); }

TEST(ClosestMatch, SuggestsCloseCandidate) {
  const std::vector<std::string> keys{"fuel_capacity", "fuel_burn", "cruise_speed"};
  EXPECT_EQ(closest_match("fuel_capcity", keys), "fuel_capacity");
  EXPECT_EQ(closest_match("crusie_speed", keys), "cruise_speed");
}

TEST(ClosestMatch, RefusesDistantCandidates) {
  const std::vector<std::string> keys{"name", "type", "base", "count"};
  EXPECT_FALSE(closest_match("squadron_leader", keys).has_value());
  EXPECT_FALSE(closest_match("xy", keys).has_value());
}

TEST(ClosestMatch, PrefersEarliestOnTies) {
  EXPECT_EQ(closest_match("ab", {"ax", "xb"}), "ax");
}

TEST(SuggestionHint, ListsShortCandidateSetsWhenNothingIsClose) {
  EXPECT_EQ(suggestion_hint("F18", {"FA18", "P8"}), "did you mean 'FA18'?");
  EXPECT_EQ(suggestion_hint("zzzz", {"kn", "km/h"}), "expected one of: kn, km/h");
  EXPECT_EQ(suggestion_hint("zzzz", {}), "");
}

}  // namespace
}  // namespace drill::models::scenario
