// Every result set has report.html, timetable.csv and timetable.ics, listed
// in its manifest; read by independent parsers (read_report.py: json, csv,
// python3-icalendar) they hold what the run recorded; they are
// byte-identical for the same seed and any number of threads; a drill
// without a calendar gets no .ics.
#include <unistd.h>

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "engine/result_set.hpp"
#include "io/result_check.hpp"
#include "io/sha256.hpp"
#include "report/page/report_page.hpp"
#include "report/report_files.hpp"
#include "../engine/example_drills.hpp"

namespace drill::report {
namespace {

namespace fs = std::filesystem;
namespace cm = core::metrics;

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

/// The number after `"key": ` in read_report.py's line; -1 if absent or null.
long long number(const std::string& line, const std::string& key) {
  const std::string k = "\"" + key + "\": ";
  const std::size_t at = line.find(k);
  if (at == std::string::npos) return -1;
  return std::atoll(line.c_str() + at + k.size()) + (line.compare(at + k.size(), 4, "null") == 0 ? -1 : 0);
}

struct Counter final : models::ActivityListener {
  std::uint64_t starts = 0, ends = 0, waits = 0;
  void on_activity(const models::ActivityRecord& r) override {
    if (r.activity == models::Activity::link_down) return;
    ++(r.edge == models::ActivityEdge::start ? starts : ends);
    if (r.edge == models::ActivityEdge::start && r.activity == models::Activity::waiting_for_resource) ++waits;
  }
};

class ReportFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("drillsim-report-" + std::to_string(::getpid()) + "-" +
                                         ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_);
  }
  void TearDown() override { fs::remove_all(root_); }

  /// read_report.py's line for `dir`; fails the test when it fails.
  std::string read_report(const fs::path& dir) {
    const fs::path out = root_ / "read_report.out";
    const std::string cmd = std::string("/usr/bin/python3 '") + READ_REPORT_PY + "' '" + dir.string() + "' > '" +
                            out.string() + "' 2>&1";
    const int rc = std::system(cmd.c_str());
    const std::string text = read(out);
    EXPECT_EQ(rc, 0) << "read_report.py failed (is python3-icalendar installed?):\n" << text;
    return text;
  }

  engine::SingleOutcome run_one(const engine::DrillSource& d, const fs::path& dir, engine::RunRequest request = {},
                                const engine::RunHooks& hooks = {}) {
    io::ResultFolder out(dir);
    engine::SingleOutcome o = engine::run_single(d, request, who_, &out, hooks);
    out.commit();
    return o;
  }

  fs::path root_;
  const engine::Invocation who_{"9.9.9", "abcdef012345", {"drillsim", "run"}};
};

TEST_F(ReportFilesTest, TheJointDrillsReportHoldsEveryActivityUnitAndTaskAndTheSetVerifies) {
  const engine::DrillSource d = engine::testing::load_config("joint_drill.yaml");
  Counter counter;
  engine::RunRequest request;
  request.replication = 0;
  run_one(d, root_ / "out", request, engine::RunHooks{.activity_listeners = {&counter}});
  for (const char* f : {kReportFile, kTimetableCsvFile, kTimetableIcsFile}) EXPECT_TRUE(fs::exists(root_ / "out" / f)) << f;
  EXPECT_TRUE(io::verify_result_set(root_ / "out").empty());
  const std::string manifest = read(root_ / "out" / "manifest.json");
  for (const char* f : {kReportFile, kTimetableCsvFile, kTimetableIcsFile})
    EXPECT_NE(manifest.find(std::string("\"") + f + "\""), std::string::npos) << f;

  const std::string line = read_report(root_ / "out");
  ASSERT_GT(counter.starts, 0u);
  EXPECT_EQ(number(line, "activities"), static_cast<long long>(counter.starts)) << line;
  EXPECT_EQ(number(line, "open_activities"), static_cast<long long>(counter.starts - counter.ends)) << line;
  // One event per planned activity: every activity but the waits for a resource.
  ASSERT_GT(counter.waits, 0u);
  EXPECT_EQ(number(line, "planned_activities"), static_cast<long long>(counter.starts - counter.waits)) << line;
  EXPECT_EQ(number(line, "vevents"), static_cast<long long>(counter.starts - counter.waits)) << line;
  EXPECT_EQ(number(line, "csv_rows"), static_cast<long long>(counter.starts)) << line;
  EXPECT_EQ(number(line, "csv_open_rows"), static_cast<long long>(counter.starts - counter.ends)) << line;
  EXPECT_NE(line.find("\"uids_unique\": true"), std::string::npos) << line;
  EXPECT_NE(line.find("\"all_utc\": true"), std::string::npos) << line;

  const engine::DrillRun model(d.spec, engine::testing::settings_for(d, core::days(1)));
  EXPECT_EQ(number(line, "units"),
            static_cast<long long>(model.model().ship_count() + model.model().aircraft_count())) << line;
  EXPECT_EQ(number(line, "ships"), static_cast<long long>(model.model().ship_count())) << line;
  EXPECT_EQ(number(line, "tracks"), static_cast<long long>(model.model().ship_count())) << line;
  EXPECT_LE(number(line, "max_series_points"), 2000) << line;
  for (const auto& t : d.spec.plan.tasks)
    EXPECT_TRUE(std::regex_search(line, std::regex("\"" + t.name + "\": \"(on_time|late|not_done)\""))) << t.name;
  EXPECT_EQ(line.find("pending"), std::string::npos) << "a completed run has no pending task";
}

TEST_F(ReportFilesTest, ASingleRunsReportIsItsDocumentInThePageWithItsDigestListed) {
  // report.html is written by the run's thread from page_document() and
  // hashed as it is written; the document is the one the outcome carries.
  const engine::DrillSource d = engine::testing::load_config("joint_drill.yaml");
  DashboardRecorder recorder;
  engine::RunRequest request;
  request.replication = 0;
  const engine::SingleOutcome o = run_one(d, root_ / "out", request, engine::RunHooks{.recorder = &recorder});
  ASSERT_TRUE(o.dashboard);
  const std::string html = read(root_ / "out" / kReportFile);
  EXPECT_TRUE(html == page::report_html_text(*o.dashboard));
  EXPECT_NE(read(root_ / "out" / "manifest.json").find(io::sha256_hex(html)), std::string::npos);
  EXPECT_TRUE(io::verify_result_set(root_ / "out").empty());

  // page_texts() is the same page, hashed.
  const DashboardInputs in{.spec = d.spec, .run = {}, .recorder = recorder};
  const PageDocument page = page_document(in);
  const PageTexts hashed = page_texts(in);
  std::string a, b;
  for (std::string_view piece : page.html) a += piece;
  for (std::string_view piece : hashed.html.pieces) b += piece;
  EXPECT_TRUE(a == b);
  EXPECT_TRUE(a == page::report_html_text(*page.document));
  EXPECT_EQ(hashed.html.sha256_hex, io::sha256_hex(a));
}

TEST(ReportHtmlPieces, ADocumentInPiecesIsEscapedAsTheWhole) {
  const std::vector<std::string_view> doc = {"{\"a\":\"</script>\",", "\"b\":[1,2],", "\"c\":\"<!-- x </b\"}\n"};
  std::string whole;
  for (std::string_view piece : doc) whole += piece;
  std::string html;
  for (std::string_view piece : page::report_html_pieces(doc)) html += piece;
  EXPECT_TRUE(html == page::report_html_text(whole));
  EXPECT_EQ(html.find("</script>\""), std::string::npos);
  EXPECT_NE(html.find("<\\/script>"), std::string::npos);
  EXPECT_NE(html.find("\\u003c!-- x <\\/b"), std::string::npos);
}

TEST_F(ReportFilesTest, TheSameSeedGivesTheSameReportBytes) {
  const engine::DrillSource d = engine::testing::load_config("joint_drill.yaml");
  engine::RunRequest request;
  request.replication = 0;
  EXPECT_FALSE(run_one(d, root_ / "a", request).dashboard) << "no recorder shared: the page from the document's pieces";
  run_one(d, root_ / "b", request);
  for (const char* f : {kReportFile, kTimetableCsvFile, kTimetableIcsFile})
    EXPECT_TRUE(read(root_ / "a" / f) == read(root_ / "b" / f)) << f << " differs between two runs";
  // A run that shares its recorder writes the page from the whole document:
  // the same bytes.
  DashboardRecorder recorder;
  EXPECT_TRUE(run_one(d, root_ / "c", request, engine::RunHooks{.recorder = &recorder}).dashboard);
  EXPECT_TRUE(read(root_ / "a" / kReportFile) == read(root_ / "c" / kReportFile));
}

TEST_F(ReportFilesTest, ASetsReportIsReplicationZeroWithTheAggregateAndTheSameForAnyJobs) {
  const engine::DrillSource d = engine::testing::load_config("joint_drill.yaml");
  for (unsigned jobs : {1u, 2u}) {
    engine::RunRequest request;
    request.replications = 3;
    request.jobs = jobs;
    io::ResultFolder out(root_ / ("jobs" + std::to_string(jobs)));
    engine::run_set(d, request, who_, &out);
    out.commit();
  }
  for (const char* f : {kReportFile, kTimetableCsvFile, kTimetableIcsFile})
    EXPECT_TRUE(read(root_ / "jobs1" / f) == read(root_ / "jobs2" / f)) << f << " differs between --jobs 1 and 2";
  EXPECT_TRUE(io::verify_result_set(root_ / "jobs2").empty());

  // Replication 0 in detail: the same timeline as its single run.
  engine::RunRequest single;
  single.replication = 0;
  run_one(d, root_ / "single", single);
  EXPECT_TRUE(read(root_ / "single" / kTimetableIcsFile) == read(root_ / "jobs2" / kTimetableIcsFile));

  const std::string line = read_report(root_ / "jobs2");
  EXPECT_EQ(number(line, "aggregate_replications"), 3) << line;
  EXPECT_EQ(number(line, "aggregate_values"), 3) << line;
  EXPECT_EQ(number(line, "vevents"), number(line, "planned_activities")) << line;
  EXPECT_LT(number(line, "planned_activities"), number(line, "activities")) << line;
}

TEST_F(ReportFilesTest, ADrillWithoutACalendarGetsDPlusTimesAndNoIcs) {
  std::string yaml = read(fs::path(DRILL_SOURCE_DIR) / "configs" / "small.yaml");
  yaml = std::regex_replace(yaml, std::regex("\n  start: [^\n]*"), "");
  engine::LoadOutcome l = engine::load_text(yaml, "no_calendar.yaml");
  ASSERT_TRUE(l.ok());
  ASSERT_FALSE(l.drill->calendar_start.has_value());
  run_one(*l.drill, root_ / "out");
  EXPECT_TRUE(fs::exists(root_ / "out" / kReportFile));
  EXPECT_FALSE(fs::exists(root_ / "out" / kTimetableIcsFile));
  EXPECT_TRUE(io::verify_result_set(root_ / "out").empty());
  const std::string csv = read(root_ / "out" / kTimetableCsvFile);
  const std::size_t second = csv.find('\n') + 1;
  ASSERT_LT(second, csv.size()) << "no activity in the timetable";
  EXPECT_TRUE(std::regex_search(csv.substr(second, csv.find('\n', second) - second),
                                std::regex("^[^,]+,[a-z_]+,,,D\\+"))) << csv.substr(0, 400);
  EXPECT_NE(read(root_ / "out" / kReportFile).find("\"calendar_start\":null"), std::string::npos);
}

TEST_F(ReportFilesTest, WithoutTheReportNoneOfItsFilesIsWritten) {
  const engine::DrillSource d = engine::testing::load_config("small.yaml");
  engine::RunRequest request;
  request.report = false;
  run_one(d, root_ / "out", request);
  for (const char* f : {kReportFile, kTimetableCsvFile, kTimetableIcsFile}) EXPECT_FALSE(fs::exists(root_ / "out" / f)) << f;
  EXPECT_TRUE(io::verify_result_set(root_ / "out").empty());
}

}  // namespace
}  // namespace drill::report
