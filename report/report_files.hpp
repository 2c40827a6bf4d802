// The report's files of a result set: report.html (the page with the
// dashboard data embedded, page/report_page.hpp), timetable.csv and, for a
// drill with a calendar start, timetable.ics (timetable.hpp). Written
// through the ResultFolder like every file of the set, so the manifest lists
// each with its size and SHA-256.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
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
/// page_document(dashboard) makes the document one string (`document`,
/// which a live server keeps); page_document(dashboard, stream) makes it in
/// pieces (`pieces`, views into the live parts of `dashboard`, which must
/// then outlive this): no copy of them and no string of the document's
/// size. The page's bytes are the same.
struct PageDocument {
  std::shared_ptr<const std::string> document;     // whole
  std::shared_ptr<const DashboardPieces> pieces;   // in pieces
  std::vector<std::string_view> html;  // views into the document and static text
};
PageDocument page_document(const DashboardInputs& dashboard);
/// Writes it into `file` (report.html, created by the caller, which closes
/// it), hashed as it is written; short pieces are gathered into writes of
/// about 256 KiB. Throws io::ResultError.
void write_page_document(io::ResultFolder::File& file, const PageDocument& page);

/// report.html written while its document is built: the thread that builds
/// the document (page_document with the stream) hands each piece on as it is
/// made, and another thread writes the page from them as they come
/// (write_page_stream), so the copy into the file overlaps the building.
/// The bytes are page_document's whatever the timing.
class PageStream final : public PieceSink {
 public:
  void put(std::string_view piece) override;
  /// No more pieces: the document is built (`complete`), or building it
  /// failed.
  void close(bool complete) noexcept;
  /// Writes report.html into `file` (created by the caller, which closes
  /// it) from the pieces as they come, until close(): the page's head, the
  /// pieces escaped, the tail (not after a failure: the caller then has the
  /// builder's exception). Short pieces are gathered into writes of about
  /// 256 KiB. Throws io::ResultError.
  void write_into(io::ResultFolder::File& file);

 private:
  std::mutex mutex_;
  std::condition_variable ready_;
  std::vector<std::string_view> pending_;  // guarded by mutex_
  bool closed_ = false;                    // guarded by mutex_
  bool complete_ = false;                  // guarded by mutex_: closed after the last piece
};

/// The document in pieces, each piece handed to `stream` as it is made;
/// the stream is closed when the document is built or the building throws.
PageDocument page_document(const DashboardInputs& dashboard, PageStream& stream);

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
