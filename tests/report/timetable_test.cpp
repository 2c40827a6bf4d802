// The timetable's iCalendar lines: folded at 75 octets, never inside a
// UTF-8 sequence, CRLF-terminated, and unfolding gives the line back.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "report/timetable.hpp"

namespace drill::report {
namespace {

std::vector<std::string> physical_lines(const std::string& text) {
  std::vector<std::string> out;
  std::size_t from = 0;
  for (std::size_t at = text.find("\r\n"); at != std::string::npos; at = text.find("\r\n", from)) {
    out.push_back(text.substr(from, at - from));
    from = at + 2;
  }
  EXPECT_EQ(from, text.size()) << "text after the last CRLF";
  return out;
}

std::string unfold(const std::vector<std::string>& lines) {
  std::string out;
  for (std::size_t i = 0; i < lines.size(); ++i) out += i ? lines[i].substr(1) : lines[i];
  return out;
}

TEST(IcsLine, AShortLineIsOneLineEndingInCrlf) {
  std::string out;
  append_ics_line(out, "BEGIN:VEVENT");
  EXPECT_EQ(out, "BEGIN:VEVENT\r\n");
}

TEST(IcsLine, ALongLineIsFoldedAt75OctetsAndUnfoldsToItself) {
  const std::string line = "SUMMARY:" + std::string(200, 'x');
  std::string out;
  append_ics_line(out, line);
  const std::vector<std::string> lines = physical_lines(out);
  ASSERT_GE(lines.size(), 3u);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    EXPECT_LE(lines[i].size(), 75u);
    if (i) {
      EXPECT_EQ(lines[i][0], ' ');
    }
  }
  EXPECT_EQ(lines[0].size(), 75u);
  EXPECT_EQ(unfold(lines), line);
}

TEST(IcsLine, AFoldNeverSplitsAUtf8Sequence) {
  std::string line = "LOCATION:";
  for (int i = 0; i < 60; ++i) line += "\xc3\xa9\xe2\x82\xac";  // é€
  std::string out;
  append_ics_line(out, line);
  const std::vector<std::string> lines = physical_lines(out);
  for (const std::string& l : lines) {
    EXPECT_LE(l.size(), 75u);
    // No physical line starts with a continuation byte (after the fold's space).
    const std::size_t first = &l == &lines.front() ? 0 : 1;
    ASSERT_LT(first, l.size());
    EXPECT_NE(static_cast<unsigned char>(l[first]) & 0xC0, 0x80u) << l;
  }
  EXPECT_EQ(unfold(lines), line);
}

TEST(DPlus, AppendsWhatCoreFormatWrites) {
  for (std::int64_t us : {0LL, 1LL, 999LL, 1000LL, 250'000LL, 60'000'000LL, 83'499'060'962LL, 86'400'000'000LL,
                          432'000'000'000LL + 125LL, 365LL * 86'400'000'000LL + 3'599'999'999LL, -5'000'000LL}) {
    std::string out = "x";
    append_d_plus(out, core::SimTime::from_ticks(us));
    EXPECT_EQ(out, "x" + core::format(core::SimTime::from_ticks(us))) << us;
  }
}

}  // namespace
}  // namespace drill::report
