// The JSON bodies the server reads: a WebSocket subscription and a
// control request; each is a value or a refusal.
#include "server/request_bodies.hpp"

#include <gtest/gtest.h>

namespace drill::server {
namespace {

TEST(RequestBodies, SubscriptionsAreReadOrRefused) {
  const auto s = parse_subscription(
      R"({"subscribe": {"metrics": ["drill_fuel_on_board_tonnes", "*"], "labels": {"unit": "argyll", "base": "b"},
          "timeline": true, "messages": true, "tracks": true}})");
  ASSERT_TRUE(s);
  EXPECT_TRUE(s->all_metrics);
  EXPECT_EQ(s->metrics, std::vector<std::string>{"drill_fuel_on_board_tonnes"});
  // Label filters in order, whatever order they came in.
  EXPECT_EQ(s->labels, (std::vector<std::pair<std::string, std::string>>{{"base", "b"}, {"unit", "argyll"}}));
  EXPECT_TRUE(s->timeline);
  EXPECT_TRUE(s->messages);
  EXPECT_TRUE(s->tracks);
  const auto plain = parse_subscription(R"({"subscribe": {"metrics": []}})");
  ASSERT_TRUE(plain);
  EXPECT_FALSE(plain->timeline);
  EXPECT_FALSE(plain->messages);
  EXPECT_FALSE(plain->tracks);
  for (const char* bad : {"", "[]", "{}", R"({"subscribe": 1})", R"({"subscribe": {"metrics": "x"}})",
                          R"({"subscribe": {"labels": ["x"]}})", R"({"subscribe": {"messages": "yes"}})",
                          R"({"subscribe": {"timeline": 1}})", R"({"subscribe": {"tracks": "all"}})",
                          R"({"subscribe": {"metrics": [[[[[[[[[["deep"]]]]]]]]]]}})"})
    EXPECT_FALSE(parse_subscription(bad)) << bad;
}

TEST(RequestBodies, ControlRequestsAreReadOrRefused) {
  EXPECT_EQ(parse_control(R"({"action": "pause"})")->action, ControlRequest::Action::pause);
  EXPECT_EQ(parse_control(R"({"action": "resume"})")->action, ControlRequest::Action::resume);
  const auto paced = parse_control(R"({"action": "pace", "pace": 600})");
  ASSERT_TRUE(paced);
  EXPECT_EQ(paced->pace, 600.0);
  const auto unpaced = parse_control(R"({"action": "pace", "pace": null})");
  ASSERT_TRUE(unpaced);
  EXPECT_FALSE(unpaced->pace);
  for (const char* bad : {"", R"({"action": "stop"})", R"({"action": "pace"})", R"({"action": "pace", "pace": -1})",
                          R"({"action": "pace", "pace": "600x"})", R"({"pace": 1})"})
    EXPECT_FALSE(parse_control(bad)) << bad;
}

}  // namespace
}  // namespace drill::server
