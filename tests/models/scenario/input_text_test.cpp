// Drill text that every output must be able to carry: valid UTF-8, and a
// calendar start that is a real date whose drill ends by the year 9999.
#include <gtest/gtest.h>

#include <string>

#include "models/scenario/calendar.hpp"
#include "models/scenario/load_drill.hpp"
#include "models/scenario/utf8.hpp"

namespace drill::models::scenario {
namespace {

TEST(Utf8, AcceptsAsciiAndWellFormedMultiByteText) {
  EXPECT_FALSE(first_invalid_utf8("plain"));
  EXPECT_FALSE(first_invalid_utf8("Kiel \xC3\xBC \xE2\x82\xAC \xF0\x9F\x9A\xA2"));  // ü € ship
}

TEST(Utf8, FindsTheFirstBadByte) {
  EXPECT_EQ(first_invalid_utf8("Small \xFF\xFE drill"), 6u);
  EXPECT_EQ(first_invalid_utf8("ab\xC3"), 2u);              // truncated
  EXPECT_EQ(first_invalid_utf8("\xC0\xAF"), 0u);            // overlong '/'
  EXPECT_EQ(first_invalid_utf8("x\xED\xA0\x80"), 1u);       // a surrogate
  EXPECT_EQ(first_invalid_utf8("\xF4\x90\x80\x80"), 0u);    // past U+10FFFF
  EXPECT_EQ(first_invalid_utf8("\xE2\x82"), 0u);            // truncated three-byte form
}

TEST(InputText, ADrillWithInvalidUtf8IsRefusedAtItsLineAndColumn) {
  const LoadResult r =
      load_drill_from_string("drill:\n  name: \"Small \xFF\xFE drill\"\n  horizon: 1d\n", "bad.yaml");
  EXPECT_EQ(r.status, LoadStatus::invalid);
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].line, 2);
  EXPECT_EQ(r.diagnostics[0].column, 16);
  EXPECT_NE(r.diagnostics[0].message.find("not valid UTF-8 (byte 0xFF)"), std::string::npos);
}

TEST(InputText, AnImpossibleCalendarStartIsAnErrorAtTheStartKey) {
  const LoadResult r =
      load_drill_from_string("drill:\n  name: x\n  start: \"2026-13-45 99:99Z\"\n  horizon: 1d\n", "x.yaml");
  EXPECT_EQ(r.status, LoadStatus::invalid);
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].line, 3);
  EXPECT_EQ(r.diagnostics[0].path, "drill.start");
  EXPECT_NE(r.diagnostics[0].message.find("not a valid UTC date and time"), std::string::npos);
}

TEST(InputText, ADrillEndingPastTheYear9999IsRefused) {
  const LoadResult r =
      load_drill_from_string("drill:\n  name: x\n  start: \"9999-12-31 23:59Z\"\n  horizon: 1d\n", "x.yaml");
  EXPECT_EQ(r.status, LoadStatus::invalid);
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_NE(r.diagnostics[0].message.find("past what its outputs can write"), std::string::npos);
  // Ending on the last writable second is fine.
  const LoadResult ok =
      load_drill_from_string("drill:\n  name: x\n  start: \"9999-12-30 23:59:59Z\"\n  horizon: 1d\n", "x.yaml");
  EXPECT_TRUE(ok.ok()) << format(ok.diagnostics);
}

TEST(InputText, AValidStartIsTheDrillsCalendarAndFreeTextIsALabelOnly) {
  const LoadResult r =
      load_drill_from_string("drill:\n  name: x\n  start: \"2026-09-14 06:30Z\"\n  horizon: 1d\n", "x.yaml");
  ASSERT_TRUE(r.ok()) << format(r.diagnostics);
  ASSERT_TRUE(r.drill->drill.calendar_start);
  EXPECT_EQ(*r.drill->drill.calendar_start, *parse_utc_date_time("2026-09-14T06:30:00Z"));
  const LoadResult label =
      load_drill_from_string("drill:\n  name: x\n  start: \"exercise day one\"\n  horizon: 1d\n", "x.yaml");
  ASSERT_TRUE(label.ok()) << format(label.diagnostics);
  EXPECT_FALSE(label.drill->drill.calendar_start);
}

}  // namespace
}  // namespace drill::models::scenario
