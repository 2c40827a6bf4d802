#include "report/report_files.hpp"

#include <future>
#include <string>
#include <vector>
#include <optional>

#include "report/page/report_page.hpp"

namespace drill::report {

namespace {

/// The short pieces of report.html (the document's own texts between the
/// live rows, the escapes) gathered into one buffer, reused, so the writes
/// stay few: about 256 KiB each; a long piece goes as it is.
class GatheredWrites {
 public:
  explicit GatheredWrites(io::ResultFolder::File& file) : file_(file) { buffer_.reserve(kWrite); }
  void put(std::string_view piece) {
    if (buffer_.size() + piece.size() > kWrite && !buffer_.empty()) flush();
    if (piece.size() >= kWrite)
      file_.write(piece);
    else
      buffer_ += piece;
  }
  void flush() {
    if (buffer_.empty()) return;
    file_.write(buffer_);
    buffer_.clear();
  }

 private:
  static constexpr std::size_t kWrite = 256 * 1024;
  io::ResultFolder::File& file_;
  std::string buffer_;
};

}  // namespace

void PageStream::put(std::string_view piece) {
  {
    const std::lock_guard lock(mutex_);
    pending_.push_back(piece);
  }
  ready_.notify_one();
}

void PageStream::close(bool complete) noexcept {
  {
    const std::lock_guard lock(mutex_);
    closed_ = true;
    complete_ = complete;
  }
  ready_.notify_one();
}

void PageStream::write_into(io::ResultFolder::File& file) {
  GatheredWrites out(file);
  out.put(page::report_html_head());
  std::vector<std::string_view> taken, escaped;
  for (;;) {
    bool closed = false, complete = false;
    {
      std::unique_lock lock(mutex_);
      ready_.wait(lock, [this] { return closed_ || !pending_.empty(); });
      taken.swap(pending_);
      closed = closed_;
      complete = complete_;
    }
    for (std::string_view piece : taken) {
      escaped.clear();
      page::append_escaped(piece, escaped);
      for (std::string_view p : escaped) out.put(p);
    }
    taken.clear();
    if (closed) {
      if (!complete) return;  // the builder failed: it rethrows
      break;
    }
  }
  out.put(page::report_html_tail());
  out.flush();
}

PageDocument page_document(const DashboardInputs& dashboard, PageStream& stream) {
  // Closed on every way out, so the writer never waits for ever.
  struct Closer {
    PageStream& s;
    bool complete = false;
    ~Closer() { s.close(complete); }
  } closer{stream};
  auto pieces = std::make_shared<DashboardPieces>();
  dashboard_json_pieces(dashboard, *pieces, stream);
  PageDocument p;
  p.html = page::report_html_pieces(pieces->pieces);
  p.pieces = std::move(pieces);
  closer.complete = true;
  return p;
}

PageDocument page_document(const DashboardInputs& dashboard) {
  PageDocument p;
  p.document = std::make_shared<const std::string>(dashboard_json(dashboard));
  p.html = page::report_html_pieces(*p.document);
  return p;
}

void write_page_document(io::ResultFolder::File& file, const PageDocument& page) {
  GatheredWrites out(file);
  for (std::string_view piece : page.html) out.put(piece);
  out.flush();
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
