// The report's files of a result set: report.html (the page with the
// dashboard data embedded, page/report_page.hpp), timetable.csv and, for a
// drill with a calendar start, timetable.ics (timetable.hpp). Written
// through the ResultFolder like every file of the set, so the manifest lists
// each with its size and SHA-256.
#pragma once

#include <string>

#include "io/result_files.hpp"
#include "report/dashboard_json.hpp"
#include "report/timetable.hpp"

namespace drill::report {

/// The names written, in order (timetable.ics only with a calendar start).
inline constexpr const char* kReportFile = "report.html";
inline constexpr const char* kTimetableCsvFile = "timetable.csv";
inline constexpr const char* kTimetableIcsFile = "timetable.ics";

/// report.html's text for a dashboard document.
std::string report_html(const std::string& dashboard_json);

/// Writes the three files (two without a calendar). Throws io::ResultError
/// when one cannot be written.
void write_report_files(io::ResultFolder& out, const DashboardInputs& dashboard, const TimetableSource& timetable);

}  // namespace drill::report
