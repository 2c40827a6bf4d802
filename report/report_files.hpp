// The report's files of a result set: report.html (the page with the
// dashboard data embedded, page/report_page.hpp), timetable.csv and, for a
// drill with a calendar start, timetable.ics (timetable.hpp). Written
// through the ResultFolder like every file of the set, so the manifest lists
// each with its size and SHA-256.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

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

/// report.html's text: the dashboard document (what a live server answers
/// on /api/dashboard once the run or set has ended) and the page around it.
/// With `whole`, the document is one string (`document`, which a live
/// server keeps); without, it is in pieces (`pieces`, views into the live
/// parts of `dashboard`, which must then outlive this): no copy of them and
/// no string of the document's size. The page's bytes are the same.
struct PageDocument {
  std::shared_ptr<const std::string> document;     // with `whole`
  std::shared_ptr<const DashboardPieces> pieces;   // without
  std::vector<std::string_view> html;  // views into the document and static text
};
PageDocument page_document(const DashboardInputs& dashboard, bool whole = true);
/// Writes it into `file` (report.html, created by the caller, which closes
/// it), hashed as it is written; short pieces are gathered into writes of
/// about 256 KiB. Throws io::ResultError.
void write_page_document(io::ResultFolder::File& file, const PageDocument& page);

/// The same hashed (SHA-256, for the manifest) on the thread that built it.
struct PageTexts {
  std::shared_ptr<const std::string> document;
  io::HashedPieces html;  // views into *document and static text
};
PageTexts page_texts(const DashboardInputs& dashboard);
/// The timetables' texts. With `live` (fed the run's boundaries), what it
/// formatted while the run went, finished for `timetable.end`: the same
/// bytes as without.
TimetableTexts timetable_texts(const TimetableSource& timetable, LiveTimetable* live = nullptr);
/// Each throws io::ResultError when a file cannot be written.
void write_page_texts(io::ResultFolder& out, const PageTexts& page);
void write_timetable_texts(io::ResultFolder& out, const TimetableTexts& timetables);

/// All the report's texts, built apart from writing them (a caller may
/// build them on another thread while it writes other files).
struct ReportTexts {
  PageTexts page;
  TimetableTexts timetables;
};
/// The page and the timetables, each on a thread of its own.
ReportTexts report_texts(const DashboardInputs& dashboard, const TimetableSource& timetable,
                         LiveTimetable* live = nullptr);
/// Writes them: report.html, then the timetables. Throws io::ResultError
/// when one cannot be written.
void write_report_texts(io::ResultFolder& out, const ReportTexts& texts);

}  // namespace drill::report
