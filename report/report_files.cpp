#include "report/report_files.hpp"

#include <sstream>

#include "report/page/report_page.hpp"

namespace drill::report {

std::string report_html(const std::string& dashboard_json) {
  std::ostringstream html;
  page::write_report_html(html, dashboard_json);
  return std::move(html).str();
}

void write_report_files(io::ResultFolder& out, const DashboardInputs& dashboard, const TimetableSource& timetable) {
  out.write(kReportFile, report_html(dashboard_json(dashboard)));
  out.write(kTimetableCsvFile, timetable_csv(timetable));
  if (has_calendar(timetable)) out.write(kTimetableIcsFile, timetable_ics(timetable));
}

}  // namespace drill::report
