// The report's files of a result set: report.html (the page with the
// dashboard data embedded, page/report_page.hpp), timetable.csv and, for a
// drill with a calendar start, timetable.ics (timetable.hpp). Written
// through the ResultFolder like every file of the set, so the manifest lists
// each with its size and SHA-256.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "io/result_files.hpp"
#include "io/sha256.hpp"
#include "report/dashboard_json.hpp"
#include "report/live_timetable.hpp"
#include "report/timetable.hpp"

namespace drill::report {

/// The names written, in order (timetable.ics only with a calendar start).
inline constexpr const char* kReportFile = "report.html";
inline constexpr const char* kTimetableCsvFile = "timetable.csv";
inline constexpr const char* kTimetableIcsFile = "timetable.ics";

/// The files' texts, built apart from writing them (a caller may build them
/// on another thread while it writes other files).
struct ReportTexts {
  /// The dashboard document report.html embeds (what a live server answers
  /// on /api/dashboard once the run or set has ended).
  std::shared_ptr<const std::string> document;
  // Each hashed (SHA-256, for the manifest) on the thread that built it.
  io::HashedPieces html;  // views into *document and static text
  io::HashedPieces csv;               // views into `timetable_storage`
  std::optional<io::HashedPieces> ics;  // none without a calendar start
  std::vector<std::string> timetable_storage;
};
/// With `live` (fed the run's boundaries), the timetables are what it
/// formatted while the run went, finished for `timetable.end`: the same
/// bytes as without.
ReportTexts report_texts(const DashboardInputs& dashboard, const TimetableSource& timetable,
                         LiveTimetable* live = nullptr);
/// Writes them. Throws io::ResultError when one cannot be written.
void write_report_texts(io::ResultFolder& out, const ReportTexts& texts);

/// The two halves of the report's files, for a caller that builds and
/// writes them apart: report.html (the dashboard document and the page
/// around it, hashed on the thread that built it) and the timetables (as
/// report_texts makes them).
struct PageTexts {
  std::shared_ptr<const std::string> document;
  io::HashedPieces html;  // views into *document and static text
};
PageTexts page_texts(const DashboardInputs& dashboard);
TimetableTexts timetable_texts(const TimetableSource& timetable, LiveTimetable* live = nullptr);
/// Each throws io::ResultError when a file cannot be written.
void write_page_texts(io::ResultFolder& out, const PageTexts& page);
void write_timetable_texts(io::ResultFolder& out, const TimetableTexts& timetables);

}  // namespace drill::report
