#include "report/report_files.hpp"

#include <future>
#include <optional>
#include <ostream>
#include <streambuf>
#include <vector>

#include "report/page/report_page.hpp"

namespace drill::report {
namespace {

/// An ostream onto a file of the result set in 64 KiB pieces, so the page
/// is not built a second time in memory around the document.
class FileStream final : private std::streambuf {
 public:
  explicit FileStream(io::ResultFolder::File& file) : file_(file), buffer_(64 * 1024), stream_(this) {
    setp(buffer_.data(), buffer_.data() + buffer_.size());
    stream_.exceptions(std::ios::badbit);
  }
  std::ostream& stream() noexcept { return stream_; }
  void flush() { stream_.flush(); }

 private:
  int_type overflow(int_type ch) override {
    drain();
    if (!traits_type::eq_int_type(ch, traits_type::eof())) {
      *pptr() = traits_type::to_char_type(ch);
      pbump(1);
    }
    return traits_type::not_eof(ch);
  }
  std::streamsize xsputn(const char* s, std::streamsize n) override {
    // Large pieces (the document) go straight through.
    if (n >= static_cast<std::streamsize>(buffer_.size())) {
      drain();
      file_.write(std::string_view(s, static_cast<std::size_t>(n)));
      return n;
    }
    return std::streambuf::xsputn(s, n);
  }
  int sync() override {
    drain();
    return 0;
  }
  void drain() {
    file_.write(std::string_view(pbase(), static_cast<std::size_t>(pptr() - pbase())));
    setp(buffer_.data(), buffer_.data() + buffer_.size());
  }

  io::ResultFolder::File& file_;
  std::vector<char> buffer_;
  std::ostream stream_;
};

}  // namespace

std::string report_html(const std::string& dashboard_json) { return page::report_html_text(dashboard_json); }

ReportTexts report_texts(const DashboardInputs& dashboard, const TimetableSource& timetable) {
  // The timetable on a thread of its own while this one builds the page:
  // neither reads what the other writes, and each text is the same bytes
  // whichever thread built it.
  struct Timetables {
    io::HashedText csv;
    std::optional<io::HashedText> ics;
  };
  std::future<Timetables> timetables = std::async(std::launch::async, [&timetable] {
    Timetables t{.csv = io::HashedText::of(timetable_csv(timetable)), .ics = std::nullopt};
    if (has_calendar(timetable)) t.ics = io::HashedText::of(timetable_ics(timetable));
    return t;
  });
  ReportTexts t;
  auto document = std::make_shared<const std::string>(dashboard_json(dashboard));
  t.html = io::HashedText::of(report_html(*document));
  t.document = std::move(document);
  Timetables both = timetables.get();
  t.csv = std::move(both.csv);
  t.ics = std::move(both.ics);
  return t;
}

void write_report_texts(io::ResultFolder& out, const ReportTexts& texts) {
  out.write(kReportFile, texts.html);
  out.write(kTimetableCsvFile, texts.csv);
  if (texts.ics) out.write(kTimetableIcsFile, *texts.ics);
}

void write_report_files(io::ResultFolder& out, const DashboardInputs& dashboard, const TimetableSource& timetable) {
  {
    const std::string json = dashboard_json(dashboard);
    io::ResultFolder::File file = out.create(kReportFile);
    FileStream html(file);
    page::write_report_html(html.stream(), json);
    html.flush();
    file.close();
  }
  out.write(kTimetableCsvFile, timetable_csv(timetable));
  if (has_calendar(timetable)) out.write(kTimetableIcsFile, timetable_ics(timetable));
}

}  // namespace drill::report
