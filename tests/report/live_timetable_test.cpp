// The timetable formatted while the run goes (LiveTimetable) is the same
// bytes, with the same SHA-256, as the whole-file timetable_csv() and
// timetable_ics() on the finished recorder: rows ending before and after
// their commit, rows still open at the end, handed on at every boundary or
// only at the last, without a calendar, and a whole drill's run. The
// dashboard document's activity rows it formats (LiveDocumentParts) give
// dashboard_json() the same bytes as without them, whole or in pieces.
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/dashboard_observer.hpp"
#include "engine/result_set.hpp"
#include "engine/run_loop.hpp"
#include "report/dashboard_json.hpp"
#include "report/page/report_page.hpp"
#include "io/sha256.hpp"
#include "io/result_files.hpp"
#include "report/live_timetable.hpp"
#include "report/timetable.hpp"
#include "../engine/example_drills.hpp"

namespace drill::report {
namespace {

using models::Activity;
using models::ActivityEdge;
using models::ActivityRecord;

core::SimTime h(int hours) { return core::at(core::hours(hours)); }

ActivityRecord rec(int hours, std::uint32_t unit, Activity a, ActivityEdge e,
                   std::optional<core::metrics::EntityRef> related = std::nullopt) {
  return ActivityRecord{h(hours), models::UnitId(unit), a, e, related};
}

const io::CalendarStart kStart{std::chrono::sys_days{std::chrono::year{2026} / 6 / 1}};

std::string joined(const io::HashedPieces& text) {
  std::string out;
  for (std::string_view piece : text.pieces) out += piece;
  return out;
}

void expect_same_as_whole_files(const TimetableTexts& live, const TimetableSource& whole) {
  const std::string csv = timetable_csv(whole);
  EXPECT_TRUE(joined(live.csv) == csv) << "timetable.csv differs:\n" << joined(live.csv) << "\nwhole:\n" << csv;
  EXPECT_EQ(live.csv.sha256_hex, io::sha256_hex(csv));
  ASSERT_EQ(live.ics.has_value(), has_calendar(whole));
  if (!live.ics) return;
  const std::string ics = timetable_ics(whole);
  EXPECT_TRUE(joined(*live.ics) == ics) << "timetable.ics differs:\n" << joined(*live.ics) << "\nwhole:\n" << ics;
  EXPECT_EQ(live.ics->sha256_hex, io::sha256_hex(ics));
}

class LiveTimetableTest : public ::testing::Test {
 protected:
  LiveTimetableTest()
      : drill_(engine::testing::load_config("small.yaml")),
        run_(drill_.spec, engine::testing::settings_for(drill_, core::days(1))) {
    recorder_.bind(run_.model());
  }

  /// Records a mix of rows over three boundaries, handing each boundary on
  /// to `live` when `every_boundary`, else only the last.
  void record(LiveTimetable& live, bool every_boundary) {
    const auto boundary = [&](int hours, bool last) {
      recorder_.on_boundary(run_.model(), h(hours), 0, nullptr, last);
      if (every_boundary || last) live.on_boundary(recorder_);
    };
    const core::metrics::EntityRef task = models::TaskId(0);
    recorder_.on_activity(rec(1, 1, Activity::on_station, ActivityEdge::start, task));  // open to the end
    recorder_.on_activity(rec(1, 0, Activity::transit, ActivityEdge::start));
    recorder_.on_activity(rec(2, 0, Activity::transit, ActivityEdge::end));        // ends before its commit
    recorder_.on_activity(rec(2, 2, Activity::refuelling, ActivityEdge::start));  // starts at the boundary
    boundary(2, false);
    recorder_.on_activity(rec(3, 2, Activity::refuelling, ActivityEdge::end));  // ends after its commit
    recorder_.on_activity(rec(3, 0, Activity::transit, ActivityEdge::start));   // the unit's second transit
    recorder_.on_activity(rec(3, 3, Activity::maintenance, ActivityEdge::start));
    boundary(4, false);
    recorder_.on_activity(rec(5, 0, Activity::transit, ActivityEdge::end));
    recorder_.on_activity(rec(6, 3, Activity::maintenance, ActivityEdge::end));
    recorder_.on_activity(rec(6, 0, Activity::waiting_for_resource, ActivityEdge::start));  // open to the end
    boundary(7, true);
  }

  engine::DrillSource drill_;
  engine::DrillRun run_;
  DashboardRecorder recorder_;
};

TEST_F(LiveTimetableTest, EveryBoundaryHandedOnGivesTheWholeFilesBytesAndDigests) {
  LiveTimetable live(drill_.spec, kStart);
  record(live, true);
  ASSERT_EQ(recorder_.row_count(), 6u);
  const TimetableTexts texts = live.finish(recorder_, h(8));
  expect_same_as_whole_files(texts, {recorder_, drill_.spec, kStart, h(8)});
  EXPECT_NE(joined(texts.csv).find(",yes\n"), std::string::npos) << "no row still going on";
  EXPECT_NE(joined(*texts.ics).find("UID:2.transit."), std::string::npos) << "the second transit's number";
}

TEST_F(LiveTimetableTest, TheCalendarHasAnEventPerPlannedActivityAndSaysWhichWereCutByTheRunsEnd) {
  LiveTimetable live(drill_.spec, kStart);
  record(live, true);
  const TimetableTexts texts = live.finish(recorder_, h(8));
  const std::string csv = joined(texts.csv), ics = joined(*texts.ics);
  // Six rows in the CSV, the wait among them; five events: a wait for a
  // resource is not a planned activity.
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 7) << csv;
  EXPECT_NE(csv.find(",waiting_for_resource,"), std::string::npos) << csv;
  std::size_t events = 0;
  for (std::size_t at = ics.find("BEGIN:VEVENT"); at != std::string::npos; at = ics.find("BEGIN:VEVENT", at + 1)) ++events;
  EXPECT_EQ(events, 5u) << ics;
  EXPECT_EQ(ics.find("waiting_for_resource"), std::string::npos) << ics;
  // The D+ times are the CSV's; the one event still going on (on station)
  // says so, and only it has a DESCRIPTION.
  std::size_t descriptions = 0;
  for (std::size_t at = ics.find("DESCRIPTION:"); at != std::string::npos; at = ics.find("DESCRIPTION:", at + 1))
    ++descriptions;
  EXPECT_EQ(descriptions, 1u) << ics;
  EXPECT_NE(ics.find("DESCRIPTION:still going on when the run ended\\, shown ending there\r\n"), std::string::npos) << ics;
  EXPECT_EQ(ics.find("D+"), std::string::npos) << ics;
}

TEST_F(LiveTimetableTest, TheDocumentsLiveActivityRowsGiveTheSameDocument) {
  LiveTimetable live(drill_.spec, kStart);
  record(live, true);
  live.stop(recorder_);
  ASSERT_NE(live.document(), nullptr);
  const LiveDocumentParts& parts = *live.document();
  // Rows 0 (unit 0's first transit, ended) and 1 (unit 1 on station, open):
  // only the rows before the first open one are formatted while the run goes.
  EXPECT_EQ(parts.rows, 1u);
  EXPECT_EQ(parts.joined(), "[0,0,3600000000,7200000000,null]");
  const DashboardInputs whole{.spec = drill_.spec, .run = {}, .recorder = recorder_};
  DashboardInputs with_live = whole;
  with_live.live = &parts;
  EXPECT_EQ(dashboard_json(with_live), dashboard_json(whole));
  // finish() after stop() gives the timetables as before.
  expect_same_as_whole_files(live.finish(recorder_, h(8)), {recorder_, drill_.spec, kStart, h(8)});
}

TEST_F(LiveTimetableTest, OnlyTheLastBoundaryHandedOnGivesTheSameBytes) {
  LiveTimetable every(drill_.spec, kStart);
  record(every, true);
  const TimetableTexts a = every.finish(recorder_, h(8));
  recorder_ = DashboardRecorder();
  recorder_.bind(run_.model());
  LiveTimetable last(drill_.spec, kStart);
  record(last, false);
  const TimetableTexts b = last.finish(recorder_, h(8));
  EXPECT_TRUE(joined(a.csv) == joined(b.csv));
  ASSERT_TRUE(a.ics && b.ics);
  EXPECT_TRUE(joined(*a.ics) == joined(*b.ics));
  EXPECT_EQ(a.ics->sha256_hex, b.ics->sha256_hex);
}

TEST_F(LiveTimetableTest, WithoutACalendarThereIsACsvOnly) {
  LiveTimetable live(drill_.spec, std::nullopt);
  record(live, true);
  const TimetableTexts texts = live.finish(recorder_, h(8));
  expect_same_as_whole_files(texts, {recorder_, drill_.spec, std::nullopt, h(8)});
  EXPECT_FALSE(texts.ics.has_value());
}

TEST_F(LiveTimetableTest, NoRowsGiveTheHeadsOnly) {
  LiveTimetable live(drill_.spec, kStart);
  recorder_.on_boundary(run_.model(), h(1), 0, nullptr, true);
  live.on_boundary(recorder_);
  const TimetableTexts texts = live.finish(recorder_, h(1));
  expect_same_as_whole_files(texts, {recorder_, drill_.spec, kStart, h(1)});
  EXPECT_EQ(joined(texts.csv), TimetableFormat::kCsvHead);
}

/// A result folder in a fresh temporary directory, removed afterwards.
class StagedFolder {
 public:
  explicit StagedFolder(const std::string& name)
      : dir_(std::filesystem::temp_directory_path() / ("drillsim-" + name + "-" + std::to_string(::getpid()))) {
    std::filesystem::remove_all(dir_);
    folder_.emplace(dir_);
  }
  ~StagedFolder() {
    folder_.reset();
    std::filesystem::remove_all(dir_);
  }
  io::ResultFolder& folder() { return *folder_; }
  /// A file of the set, once committed.
  std::string read(const std::string& name) const {
    std::ifstream in(dir_ / name, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }
  bool has(const std::string& name) const { return std::filesystem::exists(dir_ / name); }
  /// The digest the manifest would list for `name` ("" if not written).
  std::string digest(const std::string& name) const {
    for (const io::FileRecord& f : folder_->written())
      if (f.name == name) return f.sha256;
    return "";
  }

 private:
  std::filesystem::path dir_;
  std::optional<io::ResultFolder> folder_;
};

/// The timetables written into `folder` (committed) are the whole files, and
/// the manifest's digests are theirs.
void expect_files_same_as_whole_files(StagedFolder& folder, const TimetableSource& whole) {
  const std::string csv = timetable_csv(whole);
  const std::string ics = has_calendar(whole) ? timetable_ics(whole) : "";
  EXPECT_EQ(folder.digest("timetable.csv"), io::sha256_hex(csv));
  EXPECT_EQ(folder.digest("timetable.ics"), has_calendar(whole) ? io::sha256_hex(ics) : "");
  folder.folder().commit();
  EXPECT_TRUE(folder.read("timetable.csv") == csv) << "timetable.csv differs";
  ASSERT_EQ(folder.has("timetable.ics"), has_calendar(whole));
  EXPECT_TRUE(folder.read("timetable.ics") == ics) << "timetable.ics differs";
}

TEST_F(LiveTimetableTest, WrittenIntoFilesTheyAreTheWholeFilesWithTheirDigests) {
  StagedFolder out("live-timetable-files");
  LiveTimetable live(drill_.spec, kStart);
  live.write_into(out.folder());
  record(live, true);
  live.finish_files(recorder_, h(8));
  ASSERT_EQ(out.folder().written().size(), 2u);
  EXPECT_EQ(out.folder().written()[0].name, "timetable.csv") << "closed first, as whole texts were written";
  expect_files_same_as_whole_files(out, {recorder_, drill_.spec, kStart, h(8)});
}

TEST_F(LiveTimetableTest, WrittenIntoFilesWithoutACalendarThereIsACsvOnly) {
  StagedFolder out("live-timetable-csv-only");
  LiveTimetable live(drill_.spec, std::nullopt);
  live.write_into(out.folder());
  record(live, false);
  live.finish_files(recorder_, h(8));
  EXPECT_EQ(out.folder().written().size(), 1u);
  expect_files_same_as_whole_files(out, {recorder_, drill_.spec, std::nullopt, h(8)});
}

TEST_F(LiveTimetableTest, WrittenIntoFilesNeverHandedABoundaryGivesTheWholeFiles) {
  LiveTimetable fed(drill_.spec, kStart);
  record(fed, false);  // the rows, recorded with another formatter watching
  StagedFolder out("live-timetable-never");
  LiveTimetable never(drill_.spec, kStart);
  never.write_into(out.folder());
  never.finish_files(recorder_, h(8));
  expect_files_same_as_whole_files(out, {recorder_, drill_.spec, kStart, h(8)});
}

TEST(ChunkedText, WrittenIntoAFileItKeepsOneChunkAndTheFileHashesTheText) {
  StagedFolder out("chunked-text");
  std::string whole;
  {
    io::ResultFolder::File file = out.folder().create("text.txt");
    ChunkedText text;
    text.write_into(file);
    for (int i = 0; i < 40'000; ++i) {
      const std::string line = "row " + std::to_string(i) + std::string(static_cast<std::size_t>(i % 97), 'x') + "\n";
      text.end() += line;
      whole += line;
      if (i == 20'000) {
        EXPECT_GT(out.folder().bytes_written(), 0u) << "full chunks go out as the text grows";
        EXPECT_LT(out.folder().bytes_written(), whole.size());
      }
    }
    text.end() += std::string(40'000, 'y');
    whole += std::string(40'000, 'y');
    text.flush();
    EXPECT_EQ(out.folder().bytes_written(), whole.size());
    file.close();
  }
  ASSERT_GT(whole.size(), std::size_t{2} << 20) << "several chunks' worth";
  EXPECT_EQ(out.digest("text.txt"), io::sha256_hex(whole));
  out.folder().commit();
  EXPECT_TRUE(out.read("text.txt") == whole);
}

TEST(ChunkedText, ChunksJoinToWhatWasAppendedAndHashAsOneText) {
  ChunkedText text;
  io::Sha256 digest;
  std::string whole;
  for (int i = 0; i < 30'000; ++i) {
    const std::string line = "row " + std::to_string(i) + std::string(static_cast<std::size_t>(i % 97), 'x') + "\n";
    text.end() += line;
    whole += line;
    if (i % 1000 == 0) text.hash_new(digest);
  }
  text.end() += std::string(40'000, 'y');  // longer than the room kept at a chunk's end
  whole += std::string(40'000, 'y');
  text.hash_new(digest);
  std::vector<std::string> storage;
  const std::vector<std::string_view> pieces = text.release(storage);
  EXPECT_GT(pieces.size(), 1u) << "about 2 MB in one chunk";
  std::string out;
  for (std::string_view p : pieces) out += p;
  EXPECT_TRUE(out == whole);
  EXPECT_EQ(digest.hex(), io::sha256_hex(whole));
}

TEST(LiveTimetableRun, AWholeDrillsFilesAreTheWholeFileTimetablesOfItsRecorder) {
  // The run writes its timetable from its live formatter; the recorder it
  // was given says what the whole-file functions make of the same rows.
  const engine::DrillSource d = engine::testing::load_config("joint_drill.yaml");
  DashboardRecorder recorder;
  engine::RunRequest request;
  request.replication = 0;
  const engine::RunHooks hooks{.recorder = &recorder};
  const auto dir = std::filesystem::temp_directory_path() / ("drillsim-live-timetable-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  core::SimTime end;
  {
    io::ResultFolder out(dir);
    end = engine::run_single(d, request, engine::Invocation{}, &out, hooks).run.end;
    out.commit();
  }
  ASSERT_GT(recorder.row_count(), 100u);
  const TimetableSource whole{recorder, d.spec, d.calendar_start, end};
  const auto read = [&](const char* name) {
    std::ifstream in(dir / name, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  EXPECT_TRUE(read("timetable.csv") == timetable_csv(whole));
  EXPECT_TRUE(read("timetable.ics") == timetable_ics(whole));
  std::filesystem::remove_all(dir);
}

/// A whole drill run (slices of 6 hours) with the report's recorder and a
/// live formatter; returns the run's end.
core::SimTime run_live(const engine::DrillSource& d, core::Duration sample_every, DashboardRecorder& recorder,
                       LiveTimetable& live) {
  engine::RunSettings s = engine::testing::settings_for(d, core::hours(6));
  s.sample_every = sample_every;
  engine::DashboardObserver observer(recorder, &live);
  return engine::run(d.spec, s, engine::RunHooks{.observers = {&observer}, .activity_listeners = {&recorder}}).end;
}

/// The document with and without the live parts, and what they hold.
void expect_same_document(const engine::DrillSource& d, const DashboardRecorder& recorder,
                          const LiveDocumentParts& parts, core::SimTime end) {
  RunHeader header;
  header.drill = d.spec.drill.name;
  header.status = "completed";
  header.now = end;
  const DashboardInputs whole{.spec = d.spec, .run = header, .recorder = recorder};
  DashboardInputs with_live = whole;
  with_live.live = &parts;
  const std::string a = dashboard_json(whole), b = dashboard_json(with_live);
  EXPECT_EQ(a.size(), b.size());
  EXPECT_TRUE(a == b) << "the document differs from byte " << std::distance(a.begin(), std::mismatch(a.begin(), a.end(), b.begin(), b.end()).first);
  // In pieces, the long live parts are pieces of their own (not copied),
  // and the page from the pieces is the page from the whole.
  const DashboardPieces pieces = dashboard_json_pieces(with_live);
  EXPECT_TRUE(pieces.joined() == a);
  for (const std::string& chunk : parts.activities) {
    if (chunk.size() < 512) continue;  // a long one is a piece of its own: not copied
    std::size_t live_pieces = 0;
    for (std::string_view piece : pieces.pieces) live_pieces += piece.data() == chunk.data() ? 1 : 0;
    EXPECT_EQ(live_pieces, 1u);
  }
  std::string html;
  for (std::string_view piece : page::report_html_pieces(pieces.pieces)) html += piece;
  EXPECT_TRUE(html == page::report_html_text(a));
}

/// The joint drill run with a live formatter, stopped after the run.
struct LiveJointRun {
  explicit LiveJointRun(core::Duration sample_every,
                        LiveTimetable::DocumentRows rows = LiveTimetable::DocumentRows::formatted)
      : d(engine::testing::load_config("joint_drill.yaml")),
        live(d.spec, d.calendar_start, rows),
        end(run_live(d, sample_every, recorder, live)) {
    live.stop(recorder);
  }
  engine::DrillSource d;
  DashboardRecorder recorder;
  LiveTimetable live;
  core::SimTime end;
};

TEST(LiveDocumentRun, AWholeDrillsLivePartsGiveTheSameDocument) {
  LiveJointRun run(core::minutes(30));
  ASSERT_NE(run.live.document(), nullptr);
  const LiveDocumentParts& parts = *run.live.document();
  ASSERT_GT(run.recorder.row_count(), 50u);
  EXPECT_GT(parts.rows, run.recorder.row_count() / 2) << "most rows are formatted while the run goes";
  EXPECT_GE(parts.joined().size(), 512u);
  expect_same_document(run.d, run.recorder, parts, run.end);
}

TEST(LiveDocumentRun, RowsLeftOutGiveNoPartsAndTheSameTimetables) {
  // A run whose document is built whole (a live server keeps it) has the
  // worker format the timetables only.
  LiveJointRun run(core::minutes(30), LiveTimetable::DocumentRows::left_out);
  EXPECT_EQ(run.live.document(), nullptr);
  ASSERT_GT(run.recorder.row_count(), 50u);
  const TimetableTexts texts = run.live.finish(run.recorder, run.end);
  expect_same_as_whole_files(texts, {run.recorder, run.d.spec, run.d.calendar_start, run.end});
}

TEST(LiveDocumentRun, StaleRowsAreFormattedAgain) {
  // Parts that no longer match the recorder (more rows than it has) are
  // not taken: the document is still the same.
  LiveJointRun run(core::hours(1));
  ASSERT_NE(run.live.document(), nullptr);
  LiveDocumentParts parts = *run.live.document();
  parts.rows = run.recorder.row_count() + 1;
  parts.activities = {"stale"};
  expect_same_document(run.d, run.recorder, parts, run.end);
}

TEST_F(LiveTimetableTest, RowsOfMegabytesGoInChunksAndGiveTheSameDocumentPageAndFiles) {
  // 40,000 rows of about 30 bytes in the document: more than one chunk of
  // 1 MiB, in the live parts and in the document's own text alike.
  LiveTimetable live(drill_.spec, kStart);
  constexpr int kRows = 40'000;
  core::SimTime t;
  for (int i = 0; i < kRows; ++i) {
    t = core::at(core::seconds(10 * i + 1));
    recorder_.on_activity(ActivityRecord{t, models::UnitId(0), Activity::transit, ActivityEdge::start, std::nullopt});
    recorder_.on_activity(
        ActivityRecord{t + core::seconds(5), models::UnitId(0), Activity::transit, ActivityEdge::end, std::nullopt});
    if (i % 1000 == 999) {
      recorder_.on_boundary(run_.model(), t + core::seconds(6), 0, nullptr, false);
      live.on_boundary(recorder_);
    }
  }
  const core::SimTime end = t + core::seconds(9);
  recorder_.on_boundary(run_.model(), end, 0, nullptr, true);
  live.on_boundary(recorder_);
  live.stop(recorder_);
  ASSERT_NE(live.document(), nullptr);
  const LiveDocumentParts& parts = *live.document();
  EXPECT_EQ(parts.rows, static_cast<std::size_t>(kRows));
  EXPECT_GT(parts.activities.size(), 1u) << "one chunk";
  for (const std::string& chunk : parts.activities) EXPECT_LE(chunk.size(), std::size_t{1} << 20);
  expect_same_document(drill_, recorder_, parts, end);

  const DashboardInputs whole{.spec = drill_.spec, .run = {}, .recorder = recorder_};
  const DashboardPieces pieces = dashboard_json_pieces(whole);
  const std::string text = dashboard_json(whole);
  EXPECT_GT(pieces.pieces.size(), 1u) << "the document's own text in one piece";
  EXPECT_TRUE(pieces.joined() == text);
  std::string html;
  for (std::string_view piece : page::report_html_pieces(pieces.pieces)) html += piece;
  EXPECT_TRUE(html == page::report_html_text(text));
  expect_same_as_whole_files(live.finish(recorder_, end), {recorder_, drill_.spec, kStart, end});
}

}  // namespace
}  // namespace drill::report
