#include "report/report_files.hpp"

#include <future>
#include <optional>

#include "report/page/report_page.hpp"

namespace drill::report {

PageDocument page_document(const DashboardInputs& dashboard, bool whole) {
  PageDocument p;
  if (whole) {
    p.document = std::make_shared<const std::string>(dashboard_json(dashboard));
    p.html = page::report_html_pieces(*p.document);
  } else {
    p.pieces = std::make_shared<const DashboardPieces>(dashboard_json_pieces(dashboard));
    p.html = page::report_html_pieces(p.pieces->pieces);
  }
  return p;
}

void write_page_document(io::ResultFolder::File& file, const PageDocument& page) {
  // The short pieces (the document's own texts between the live rows and
  // the escapes) gathered into one buffer, reused, so the writes stay few.
  constexpr std::size_t kWrite = 256 * 1024;
  std::string buffer;
  buffer.reserve(kWrite);
  for (std::string_view piece : page.html) {
    if (buffer.size() + piece.size() > kWrite && !buffer.empty()) {
      file.write(buffer);
      buffer.clear();
    }
    if (piece.size() >= kWrite)
      file.write(piece);
    else
      buffer += piece;
  }
  if (!buffer.empty()) file.write(buffer);
}

PageTexts page_texts(const DashboardInputs& dashboard) {
  PageDocument d = page_document(dashboard);
  return PageTexts{std::move(d.document), io::HashedPieces::of(std::move(d.html))};
}

TimetableTexts timetable_texts(const TimetableSource& timetable, LiveTimetable* live) {
  if (live) return live->finish(timetable.recorder, timetable.end);
  return TimetableTexts::of(timetable_csv(timetable),
                            has_calendar(timetable) ? std::optional(timetable_ics(timetable)) : std::nullopt);
}

ReportTexts report_texts(const DashboardInputs& dashboard, const TimetableSource& timetable, LiveTimetable* live) {
  // The live formatter's worker first, so that the page takes the activity
  // rows it formatted while the run went. Then the timetable on a
  // thread of its own while this one builds the page: neither reads what
  // the other writes, and each text is the same bytes whichever thread
  // built it.
  DashboardInputs page_inputs = dashboard;
  if (live) {
    live->stop(timetable.recorder);
    page_inputs.live = live->document();
  }
  std::future<TimetableTexts> timetables =
      std::async(std::launch::async, [&timetable, live] { return timetable_texts(timetable, live); });
  PageTexts page = page_texts(page_inputs);
  return ReportTexts{std::move(page), timetables.get()};
}

void write_page_texts(io::ResultFolder& out, const PageTexts& page) { out.write(kReportFile, page.html); }

void write_timetable_texts(io::ResultFolder& out, const TimetableTexts& timetables) {
  out.write(kTimetableCsvFile, timetables.csv);
  if (timetables.ics) out.write(kTimetableIcsFile, *timetables.ics);
}

void write_report_texts(io::ResultFolder& out, const ReportTexts& texts) {
  write_page_texts(out, texts.page);
  write_timetable_texts(out, texts.timetables);
}

}  // namespace drill::report
