#include "report/live_timetable.hpp"

#include <stdexcept>
#include <string_view>
#include <utility>

#include "report/report_files.hpp"

namespace drill::report {

TimetableTexts TimetableTexts::of(std::string csv, std::optional<std::string> ics) {
  TimetableTexts t;
  t.storage.push_back(std::move(csv));
  if (ics) t.storage.push_back(std::move(*ics));
  t.csv = io::HashedPieces::of({t.storage[0]});
  if (ics) t.ics = io::HashedPieces::of({t.storage[1]});
  return t;
}

std::string& ChunkedText::end() {
  if (chunks_.empty() || chunks_.back().capacity() - chunks_.back().size() < kRoom) {
    if (file_ && !chunks_.empty()) {
      flush();
      return chunks_.back();
    }
    chunks_.emplace_back();
    chunks_.back().reserve(kChunk);
  }
  return chunks_.back();
}

void ChunkedText::flush() {
  if (chunks_.empty()) return;
  file_->write(chunks_.back());
  chunks_.back().clear();
}

void ChunkedText::hash_new(io::Sha256& digest) {
  if (file_) return;  // the file hashes what it is written
  for (; hashed_chunk_ < chunks_.size(); ++hashed_chunk_, hashed_at_ = 0) {
    digest.update(std::string_view(chunks_[hashed_chunk_]).substr(hashed_at_));
    if (hashed_chunk_ + 1 == chunks_.size()) {
      hashed_at_ = chunks_.back().size();
      return;
    }
  }
}

std::vector<std::string_view> ChunkedText::release(std::vector<std::string>& storage) {
  // The strings' bytes stay where they are when the strings move (a chunk
  // is never short enough to be held inside its string object).
  std::vector<std::string_view> views;
  for (std::string& c : chunks_) {
    storage.push_back(std::move(c));
    views.push_back(storage.back());
  }
  chunks_.clear();
  return views;
}

LiveTimetable::LiveTimetable(const models::scenario::DrillSpec& spec, std::optional<io::CalendarStart> calendar_start,
                             DocumentRows document_rows)
    : spec_(spec), document_rows_(document_rows), calendar_start_(calendar_start) {}

LiveTimetable::~LiveTimetable() { stop_worker(); }

void LiveTimetable::write_into(io::ResultFolder& out) {
  csv_file_.emplace(out.create(kTimetableCsvFile));
  pieces_.csv.write_into(*csv_file_);
  if (calendar_start_) {
    ics_file_.emplace(out.create(kTimetableIcsFile));
    pieces_.ics.write_into(*ics_file_);
  }
}

void LiveTimetable::start(const DashboardRecorder& recorder) {
  format_ = std::make_unique<TimetableFormat>(recorder.names(), spec_, calendar_start_);
  numbering_.emplace(format_->units());
  outgoing_.reserve(kBatch);
  pieces_.csv.end() += TimetableFormat::kCsvHead;
  if (format_->has_calendar()) pieces_.ics.end() += format_->ics_head();
  worker_ = std::thread([this] { work(); });
}

void LiveTimetable::on_boundary(const DashboardRecorder& recorder) {
  if (!recorder.bound()) return;
  if (!format_) start(recorder);
  // Rows committed since the last call take their numbers in id order;
  // those already ended go now, the others when they end (the recorder's
  // log of rows that ended after their commit). A logged row numbered in
  // this call has gone with the new ones (when calls skip boundaries).
  const std::size_t numbered_before = numbered_;
  for (; numbered_ < recorder.row_count(); ++numbered_) {
    const ActivityRow& row = recorder.row(numbered_);
    const std::uint32_t n = numbering_->next(row);
    n_of_.push_back(n);
    if (row.end) outgoing_.push_back(EndedRow{static_cast<std::uint32_t>(numbered_), n, &row});
  }
  const auto ended = recorder.ended_rows();
  for (; ended_seen_ < ended.size(); ++ended_seen_) {
    const std::uint32_t id = ended[ended_seen_];
    if (id >= numbered_before) continue;
    outgoing_.push_back(EndedRow{id, n_of_[id], &recorder.row(id)});
  }
  if (outgoing_.size() < kBatch && !recorder.ended()) return;
  hand_over();
}

void LiveTimetable::hand_over() {
  if (outgoing_.empty()) return;
  {
    const std::lock_guard lock(mutex_);
    batches_.push_back(std::move(outgoing_));
    if (spare_.empty()) {
      outgoing_ = {};
    } else {
      outgoing_ = std::move(spare_.back());
      spare_.pop_back();
    }
  }
  wake_.notify_one();
  if (outgoing_.capacity() < kBatch) outgoing_.reserve(kBatch);
}

void LiveTimetable::work() {
  std::vector<std::vector<EndedRow>> batches, done;
  try {
    for (;;) {
      bool closing = false;
      {
        std::unique_lock lock(mutex_);
        for (auto& b : done) spare_.push_back(std::move(b));
        done.clear();
        wake_.wait(lock, [this] { return closing_ || !batches_.empty(); });
        batches.swap(batches_);
        closing = closing_;
      }
      // An ended row's text does not depend on the run's end.
      // A row is handed over once, after it ended: its id is not below
      // `next`, hence not below `base`.
      for (std::vector<EndedRow>& rows : batches) {
        for (const EndedRow& r : rows) {
          const std::size_t at = r.id - pieces_.base;
          if (at >= pieces_.rows.size()) {
            pieces_.rows.resize(at + 1, r);
            pieces_.ended.resize(at + 1, false);
          }
          pieces_.rows[at] = r;
          pieces_.ended[at] = true;
        }
        rows.clear();
        done.push_back(std::move(rows));
      }
      batches.clear();
      append_ended(pieces_, document_rows_ == DocumentRows::formatted);
      hash_new_bytes(pieces_);
      if (closing) return;
    }
  } catch (...) {
    failed_ = std::current_exception();
  }
}

void LiveTimetable::stop_worker() noexcept {
  if (!worker_.joinable()) return;
  {
    const std::lock_guard lock(mutex_);
    closing_ = true;
  }
  wake_.notify_one();
  worker_.join();
}

void LiveTimetable::append(Pieces& p, const EndedRow& r, core::SimTime end) const {
  format_->csv_row(p.csv.end(), *r.row, end);
  if (r.n != 0 && format_->has_calendar()) format_->ics_event(p.ics.end(), *r.row, r.n, end);
  ++p.next;
}

void LiveTimetable::append_ended(Pieces& p, bool document) {
  while (p.next - p.base < p.ended.size() && p.ended[p.next - p.base]) {
    const EndedRow& r = p.rows[p.next - p.base];
    if (document) document_.append(*r.row, format_->names());
    append(p, r, *r.row->end);
  }
  // Drop the rows formatted once they are half of those kept: each row is
  // moved about once, and the memory is reused rather than grown.
  const std::size_t done = p.next - p.base;
  if (done > 0 && 2 * done >= p.rows.size()) {
    p.rows.erase(p.rows.begin(), p.rows.begin() + static_cast<std::ptrdiff_t>(done));
    p.ended.erase(p.ended.begin(), p.ended.begin() + static_cast<std::ptrdiff_t>(done));
    p.base = p.next;
  }
}

void LiveTimetable::hash_new_bytes(Pieces& p) {
  p.csv.hash_new(p.csv_digest);
  p.ics.hash_new(p.ics_digest);
}

void LiveTimetable::stop(const DashboardRecorder& recorder) {
  if (!stopped_) {
    stopped_ = true;
    on_boundary(recorder);  // nothing new if the last boundary was handed on
    hand_over();            // the rows that ended, when that boundary was not the last
    stop_worker();
  }
  if (failed_) std::rethrow_exception(failed_);
}

TimetableTexts LiveTimetable::finish(const DashboardRecorder& recorder, core::SimTime end) {
  stop(recorder);
  if (!format_) {  // never bound: the whole files of what there is
    const TimetableSource whole{.recorder = recorder, .spec = spec_, .calendar_start = calendar_start_, .end = end};
    return TimetableTexts::of(timetable_csv(whole),
                              has_calendar(whole) ? std::optional(timetable_ics(whole)) : std::nullopt);
  }
  append_rest(recorder, end);
  Pieces& p = pieces_;
  hash_new_bytes(p);
  TimetableTexts t;
  t.csv = io::HashedPieces{p.csv.release(t.storage), p.csv_digest.hex()};
  if (format_->has_calendar()) t.ics = io::HashedPieces{p.ics.release(t.storage), p.ics_digest.hex()};
  return t;
}

void LiveTimetable::finish_files(const DashboardRecorder& recorder, core::SimTime end) {
  stop(recorder);
  if (!format_) {  // never bound: the whole files of what there is
    const TimetableSource whole{.recorder = recorder, .spec = spec_, .calendar_start = calendar_start_, .end = end};
    csv_file_->write(timetable_csv(whole));
    if (ics_file_) ics_file_->write(timetable_ics(whole));
  } else {
    append_rest(recorder, end);
    pieces_.csv.flush();
    if (ics_file_) pieces_.ics.flush();
  }
  csv_file_->close();
  if (ics_file_) ics_file_->close();
}

void LiveTimetable::append_rest(const DashboardRecorder& recorder, core::SimTime end) {
  // From `next` on, the rows as the recorder has them: the first is still
  // going on (or ended in a batch not handed over) and ends at the run's
  // end if it has not; the rows waiting for it follow.
  Pieces& p = pieces_;
  append_ended(p, false);
  while (p.next < recorder.row_count()) {
    const std::uint32_t id = p.next;
    const ActivityRow& row = recorder.row(id);
    append(p, EndedRow{id, n_of_[id], &row}, row.end.value_or(end));
  }
  if (format_->has_calendar()) p.ics.end() += TimetableFormat::kIcsTail;
}

}  // namespace drill::report
