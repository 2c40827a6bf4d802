// timetable.csv and timetable.ics formatted while the run goes: a row whose
// activity has ended never changes again, so its lines are formatted on a
// thread of its own while the run thread simulates, appended to the texts
// in row id order (a row that ends before a row above it waits, as a row,
// until that one has ended) and hashed (SHA-256, for the manifest) as they
// grow. What is left for the end is the rows still going on and those after
// them (on the large drill about 5 % of the rows).
//
// The run thread calls on_boundary() after the recorder's own boundary
// (engine/ adds it as an observer behind the recorder's): it numbers the
// newly committed rows (IcsNumbering, id order) and hands the rows that
// have ended (a pointer to each: the recorder's rows never move) to the
// worker, 1,024 at a time (all that are left at the recorder's last
// boundary). finish() then
// takes the worker's pieces (joining it), formats the rows still open as
// ending at the run's end, and returns the two texts: the same bytes as
// timetable_csv() and timetable_ics() on the finished recorder, whatever the
// threads' timing (each row's text depends on the row alone, and the pieces
// are joined in id order). Tested against them.
//
// The same worker formats the dashboard document's activity rows
// (LiveDocumentParts, dashboard_json.hpp): the rows that have ended, in id
// order, as it appends them to the timetable. stop() hands over what is
// left and joins the worker; document() then holds the rows, which
// dashboard_json takes as they are (the same bytes as without: tested).
//
// Threads: the worker reads only the rows handed over (ended: the run
// thread never writes them again), a TimetableFormat with its own names and
// the drill spec, which nobody changes; the hand-off is a mutex-guarded
// queue of batches. The recorder must outlive the worker (stop(), or this
// object's end). The destructor stops and joins the worker.
// Costs: per ended row 16 bytes on the run thread and a lock per 1,024
// rows; its ~150 + ~300 + ~45 bytes formatted on the worker straight into
// the texts, which grow in chunks and are not copied at the end.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "core/time.hpp"
#include "io/result_files.hpp"
#include "io/sha256.hpp"
#include "io/utc_time.hpp"
#include "models/scenario/spec.hpp"
#include "report/dashboard_json.hpp"
#include "report/dashboard_recorder.hpp"
#include "report/timetable.hpp"

namespace drill::report {

/// The two files' texts, each with its SHA-256, in pieces (views into
/// `storage`, which they share; moving this keeps them valid).
struct TimetableTexts {
  io::HashedPieces csv;
  std::optional<io::HashedPieces> ics;  // none without a calendar start
  std::vector<std::string> storage;
  /// The whole files' texts as they are.
  static TimetableTexts of(std::string csv, std::optional<std::string> ics);
};

/// A text that grows at its end in chunks of about 1 MiB that never move,
/// so appending never copies what is there (a text of tens of MB grown as
/// one string is copied about twice over, on fresh pages each time), and
/// that is hashed as it grows. Or, written into a file as it grows: then it
/// keeps one chunk, written out (and hashed by the file) each time it is
/// nearly full and reused, so the text never takes more than a chunk of
/// memory; where the chunks end depends on the text alone, not on timing.
class ChunkedText {
 public:
  /// From now on, writes full chunks into `file` (which must outlive this)
  /// instead of keeping them; flush() writes the rest.
  void write_into(io::ResultFolder::File& file) noexcept { file_ = &file; }
  /// The string to append to: the last chunk, or a new one (with a file:
  /// the same one, written out and emptied) when little room is left (a
  /// longer append still works: that chunk then grows). Throws
  /// io::ResultError when the file cannot be written.
  std::string& end();
  /// Feeds `digest` what was appended since the last call (not with a file).
  void hash_new(io::Sha256& digest);
  /// Views of the chunks, in order; moves the chunks to the back of
  /// `storage` (not with a file).
  std::vector<std::string_view> release(std::vector<std::string>& storage);
  /// With a file: writes what it has not been written yet.
  void flush();

 private:
  static constexpr std::size_t kChunk = std::size_t{1} << 20, kRoom = 16 * 1024;
  std::vector<std::string> chunks_;
  std::size_t hashed_chunk_ = 0, hashed_at_ = 0;  // fed up to hashed_at_ in chunks_[hashed_chunk_]
  io::ResultFolder::File* file_ = nullptr;
};

class LiveTimetable {
 public:
  /// Whether the worker also formats the dashboard document's activity
  /// rows (document()). A run whose document is wanted as one string (a
  /// live server keeps it) builds it whole after the run instead: the rows
  /// formatted here as well would be a second copy of them in memory.
  enum class DocumentRows { formatted, left_out };

  /// `spec` must outlive this.
  LiveTimetable(const models::scenario::DrillSpec& spec, std::optional<io::CalendarStart> calendar_start,
                DocumentRows document_rows = DocumentRows::formatted);
  LiveTimetable(const LiveTimetable&) = delete;
  LiveTimetable& operator=(const LiveTimetable&) = delete;
  ~LiveTimetable();

  /// After each of the recorder's boundaries, on the thread that records
  /// (calls that skip boundaries give the same texts, the work comes later).
  void on_boundary(const DashboardRecorder& recorder);

  /// Once, after the recorder's last boundary: hands over what is left and
  /// waits for the worker. Throws what formatting threw (std::bad_alloc).
  /// finish() calls it if it has not been called.
  void stop(const DashboardRecorder& recorder);
  /// After stop(): the document's activity rows formatted while the run
  /// went, for DashboardInputs::live with the same recorder; null when they
  /// are DocumentRows::left_out. Nothing else changes them (finish() may
  /// run on another thread meanwhile).
  const LiveDocumentParts* document() const noexcept {
    return document_rows_ == DocumentRows::formatted ? &document_ : nullptr;
  }

  /// Once, after the recorder's last boundary: `end` is the run's end (as
  /// TimetableSource::end). Throws what formatting throws (std::bad_alloc).
  TimetableTexts finish(const DashboardRecorder& recorder, core::SimTime end);

  /// Before the first boundary: the texts go into timetable.csv and (with
  /// a calendar start) timetable.ics of `out` as the worker formats them, a
  /// chunk of about 1 MiB at a time, rather than into memory (the kernel's
  /// copy of the bytes into the files then overlaps the run too). Then
  /// finish_files() in place of finish(). `out` must outlive this.
  void write_into(io::ResultFolder& out);
  /// Once, after the recorder's last boundary, in place of finish(): writes
  /// the rest of each file and closes timetable.csv, then timetable.ics.
  /// Throws io::ResultError when a file cannot be written (on the worker
  /// too: rethrown here), std::bad_alloc.
  void finish_files(const DashboardRecorder& recorder, core::SimTime end);

 private:
  /// A row handed over: the recorder's own, which never moves and, once
  /// ended, never changes (DashboardRecorder::row), so the worker reads it
  /// in place after the hand-off's lock, and nothing is copied but this.
  struct EndedRow {
    std::uint32_t id;
    std::uint32_t n;  // its calendar number (0: no event)
    const ActivityRow* row;
  };
  /// What the worker builds; the run thread reads it only after joining.
  struct Pieces {
    ChunkedText csv, ics;   // the files so far: their heads and the rows [0, next)
    std::uint32_t next = 0; // the first row not in them yet
    /// The rows handed over from `base` on, by id - base (`ended` says
    /// which): a row that ended before a row above it waits here,
    /// unformatted, until that one ends. The rows formatted are dropped
    /// from the front once they are half of it (moving the rest), so this
    /// holds about the rows waiting, not every row of the run.
    std::vector<EndedRow> rows;
    std::vector<bool> ended;
    std::uint32_t base = 0;
    io::Sha256 csv_digest, ics_digest;
  };

  void start(const DashboardRecorder& recorder);
  void work();
  void stop_worker() noexcept;
  /// Hands the rows outgoing over to the worker.
  void hand_over();
  /// Appends row r, ending at `end`, to the texts (r.id must be p.next).
  void append(Pieces& p, const EndedRow& r, core::SimTime end) const;
  /// Appends every row from p.next on that has ended, up to the first that
  /// has not; with `document`, to the document's activity rows too (the
  /// worker's call).
  void append_ended(Pieces& p, bool document);
  /// After stop(): appends the rows left, as the recorder has them (a row
  /// still going on ends at `end`), and the calendar's tail.
  void append_rest(const DashboardRecorder& recorder, core::SimTime end);
  static void hash_new_bytes(Pieces& p);

  const models::scenario::DrillSpec& spec_;
  DocumentRows document_rows_;
  std::optional<io::CalendarStart> calendar_start_;
  std::unique_ptr<TimetableFormat> format_;  // made at the first boundary (the names are known then)

  // The run thread's cursors into the recorder.
  std::size_t numbered_ = 0;  // committed rows given a number
  std::size_t ended_seen_ = 0;
  std::optional<IcsNumbering> numbering_;
  std::vector<std::uint32_t> n_of_;  // by row id
  std::vector<EndedRow> outgoing_;   // ended rows not yet handed over
  static constexpr std::size_t kBatch = 1024;  // rows handed over at once (fewer wake-ups)
  bool stopped_ = false;

  std::mutex mutex_;
  std::condition_variable wake_;
  // Batches go over whole and come back emptied to be filled again: the
  // hand-off copies no row and, once a few batches circulate, takes no
  // fresh memory (a batch grown by the rows of the next would be copied
  // into fresh pages each time the worker lags).
  std::vector<std::vector<EndedRow>> batches_;  // guarded by mutex_: handed over, in order
  std::vector<std::vector<EndedRow>> spare_;    // guarded by mutex_: emptied by the worker
  bool closing_ = false;         // guarded by mutex_
  Pieces pieces_;                // the worker's until it is joined
  // With write_into(): the files the texts go into (the worker writes
  // them until it is joined; this thread creates and closes them).
  std::optional<io::ResultFolder::File> csv_file_, ics_file_;
  LiveDocumentParts document_;   // the same
  std::exception_ptr failed_;    // the worker's failure, read after joining
  std::thread worker_;
};

}  // namespace drill::report
