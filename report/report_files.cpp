#include "report/report_files.hpp"

#include <future>
#include <optional>

#include "report/page/report_page.hpp"

namespace drill::report {

ReportTexts report_texts(const DashboardInputs& dashboard, const TimetableSource& timetable, LiveTimetable* live) {
  // The timetable on a thread of its own while this one builds the page:
  // neither reads what the other writes, and each text is the same bytes
  // whichever thread built it.
  std::future<TimetableTexts> timetables = std::async(std::launch::async, [&timetable, live] {
    if (live) return live->finish(timetable.recorder, timetable.end);
    return TimetableTexts::of(timetable_csv(timetable),
                              has_calendar(timetable) ? std::optional(timetable_ics(timetable)) : std::nullopt);
  });
  ReportTexts t;
  auto document = std::make_shared<const std::string>(dashboard_json(dashboard));
  t.html = io::HashedPieces::of(page::report_html_pieces(*document));
  t.document = std::move(document);
  TimetableTexts both = timetables.get();
  t.csv = std::move(both.csv);
  t.ics = std::move(both.ics);
  t.timetable_storage = std::move(both.storage);
  return t;
}

void write_report_texts(io::ResultFolder& out, const ReportTexts& texts) {
  out.write(kReportFile, texts.html);
  out.write(kTimetableCsvFile, texts.csv);
  if (texts.ics) out.write(kTimetableIcsFile, *texts.ics);
}

}  // namespace drill::report
