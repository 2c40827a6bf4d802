// Reading untrusted request text: targets, parameters, tokens, addresses.
#include "server/request.hpp"

#include <gtest/gtest.h>

namespace drill::server {
namespace {

TEST(Request, TargetsSplitIntoPathAndDecodedParameters) {
  const auto t = parse_target("/api/series?metric=drill_x&label=unit%3Aargyll&label=base:a+b&since=5");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->path, "/api/series");
  EXPECT_EQ(t->param("metric"), "drill_x");
  EXPECT_EQ(t->params_named("label"), (std::vector<std::string>{"unit:argyll", "base:a b"}));
  EXPECT_EQ(t->param("since"), "5");
  EXPECT_FALSE(t->param("limit"));
}

TEST(Request, MalformedTargetsAreRefused) {
  EXPECT_FALSE(parse_target(""));
  EXPECT_FALSE(parse_target("api/run"));
  EXPECT_FALSE(parse_target("http://x/api/run"));
  EXPECT_FALSE(parse_target("/a%2"));
  EXPECT_FALSE(parse_target("/a%zz"));
  EXPECT_FALSE(parse_target("/a%00b"));
  EXPECT_FALSE(parse_target("/../etc/passwd"));
  EXPECT_FALSE(parse_target("/%2e%2e/etc/passwd"));
  EXPECT_FALSE(parse_target("/x?y=%4"));
}

TEST(Request, LabelsAndIntegers) {
  EXPECT_EQ(parse_label("unit:argyll"), std::make_pair(std::string("unit"), std::string("argyll")));
  EXPECT_EQ(parse_label("link:a:b"), std::make_pair(std::string("link"), std::string("a:b")));
  EXPECT_FALSE(parse_label("argyll"));
  EXPECT_FALSE(parse_label(":argyll"));
  EXPECT_EQ(parse_integer("123"), 123);
  EXPECT_EQ(parse_integer("-5"), -5);
  EXPECT_FALSE(parse_integer("12x"));
  EXPECT_FALSE(parse_integer(""));
  EXPECT_FALSE(parse_integer("99999999999999999999"));
}

TEST(Request, BearerTokensMatchExactly) {
  EXPECT_TRUE(bearer_matches("Bearer s3cret", "s3cret"));
  EXPECT_TRUE(bearer_matches("bearer s3cret", "s3cret"));
  EXPECT_FALSE(bearer_matches("Bearer s3cre", "s3cret"));
  EXPECT_FALSE(bearer_matches("Bearer s3cret2", "s3cret"));
  EXPECT_FALSE(bearer_matches("Basic s3cret", "s3cret"));
  EXPECT_FALSE(bearer_matches("", "s3cret"));
  EXPECT_FALSE(bearer_matches("Bearer ", "s3cret"));
  EXPECT_TRUE(constant_time_equal("abc", "abc"));
  EXPECT_FALSE(constant_time_equal("abc", "abd"));
  EXPECT_FALSE(constant_time_equal("abc", "ab"));
  EXPECT_FALSE(constant_time_equal("", "a"));
}

TEST(Request, ServeAddressesAndPaces) {
  auto a = parse_serve_address("8080");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->address, "127.0.0.1");
  EXPECT_EQ(a->port, 8080);
  a = parse_serve_address("0.0.0.0:0");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->address, "0.0.0.0");
  EXPECT_EQ(a->port, 0);
  a = parse_serve_address("[::1]:9000");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->address, "::1");
  EXPECT_FALSE(parse_serve_address("65536"));
  EXPECT_FALSE(parse_serve_address("x"));
  EXPECT_FALSE(parse_serve_address(":80"));
  EXPECT_FALSE(parse_serve_address("-1"));
  EXPECT_TRUE(is_loopback("127.0.0.1"));
  EXPECT_TRUE(is_loopback("::1"));
  EXPECT_FALSE(is_loopback("0.0.0.0"));
  EXPECT_FALSE(is_loopback("192.168.1.4"));
  // Only real loopback addresses and the name localhost (in any case): a
  // name that merely starts like one is its owner's to resolve.
  EXPECT_TRUE(is_loopback("127.255.3.9"));
  EXPECT_TRUE(is_loopback("0:0:0:0:0:0:0:1"));
  EXPECT_TRUE(is_loopback("localhost"));
  EXPECT_TRUE(is_loopback("LocalHost"));
  for (const char* name : {"127.attacker.example", "127.0.0.1.evil.example", "127.0.0.256", "127.0.0", "127.0.0.01",
                           "127.0.0.1.", "localhost.evil.example", "::2", "::1x", "", "127"})
    EXPECT_FALSE(is_loopback(name)) << name;
  EXPECT_TRUE(is_ip_address("10.1.2.3"));
  EXPECT_TRUE(is_ip_address("fe80::1"));
  EXPECT_FALSE(is_ip_address("999.1.1.1"));
  EXPECT_FALSE(is_ip_address("foo"));
  EXPECT_FALSE(is_ip_address("localhost"));
  EXPECT_TRUE(equal_ignoring_case("LOCALHOST:80", "localhost:80"));
  EXPECT_FALSE(equal_ignoring_case("localhost", "localhost:80"));
  EXPECT_EQ(parse_pace("600x"), 600.0);
  EXPECT_EQ(parse_pace("2.5"), 2.5);
  EXPECT_FALSE(parse_pace("0x"));
  EXPECT_FALSE(parse_pace("-3x"));
  EXPECT_FALSE(parse_pace("fast"));
}

}  // namespace
}  // namespace drill::server
