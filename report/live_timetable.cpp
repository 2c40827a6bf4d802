#include "report/live_timetable.hpp"

#include <stdexcept>
#include <string_view>
#include <utility>

namespace drill::report {

LiveTimetable::LiveTimetable(const models::scenario::DrillSpec& spec, std::optional<io::CalendarStart> calendar_start)
    : spec_(spec), calendar_start_(calendar_start) {}

LiveTimetable::~LiveTimetable() { stop_worker(); }

void LiveTimetable::start(const DashboardRecorder& recorder) {
  format_ = std::make_unique<TimetableFormat>(recorder.names(), spec_, calendar_start_);
  numbering_.emplace(format_->units());
  pieces_.csv = TimetableFormat::kCsvHead;
  if (format_->has_calendar()) pieces_.ics = format_->ics_head();
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
    if (row.end) outgoing_.push_back(EndedRow{static_cast<std::uint32_t>(numbered_), n, row});
  }
  const auto ended = recorder.ended_rows();
  for (; ended_seen_ < ended.size(); ++ended_seen_) {
    const std::uint32_t id = ended[ended_seen_];
    if (id >= numbered_before) continue;
    outgoing_.push_back(EndedRow{id, n_of_[id], recorder.row(id)});
  }
  if (outgoing_.empty()) return;
  {
    const std::lock_guard lock(mutex_);
    if (batch_.empty()) {
      batch_.swap(outgoing_);
    } else {
      batch_.insert(batch_.end(), outgoing_.begin(), outgoing_.end());
      outgoing_.clear();
    }
  }
  wake_.notify_one();
}

void LiveTimetable::work() {
  std::vector<EndedRow> rows;
  try {
    for (;;) {
      bool closing = false;
      {
        std::unique_lock lock(mutex_);
        wake_.wait(lock, [this] { return closing_ || !batch_.empty(); });
        rows.swap(batch_);
        closing = closing_;
      }
      // An ended row's text does not depend on the run's end.
      for (const EndedRow& r : rows) place(pieces_, r, *r.row.end);
      hash_new_bytes(pieces_);
      rows.clear();
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

void LiveTimetable::place(Pieces& p, const EndedRow& r, core::SimTime end) const {
  const bool ics = r.n != 0 && format_->has_calendar();
  if (r.id != p.next) {
    auto& [csv_lines, ics_lines] = p.ahead[r.id];
    format_->csv_row(csv_lines, r.row, end);
    if (ics) format_->ics_event(ics_lines, r.row, r.n, end);
    return;
  }
  format_->csv_row(p.csv, r.row, end);
  if (ics) format_->ics_event(p.ics, r.row, r.n, end);
  ++p.next;
  for (auto it = p.ahead.begin(); it != p.ahead.end() && it->first == p.next; it = p.ahead.erase(it), ++p.next) {
    p.csv += it->second.first;
    p.ics += it->second.second;
  }
}

void LiveTimetable::hash_new_bytes(Pieces& p) {
  p.csv_digest.update(std::string_view(p.csv).substr(p.csv_hashed));
  p.csv_hashed = p.csv.size();
  p.ics_digest.update(std::string_view(p.ics).substr(p.ics_hashed));
  p.ics_hashed = p.ics.size();
}

TimetableTexts LiveTimetable::finish(const DashboardRecorder& recorder, core::SimTime end) {
  on_boundary(recorder);  // nothing new if the last boundary was handed on
  stop_worker();
  if (failed_) std::rethrow_exception(failed_);
  if (!format_) {  // never bound: the whole files of what there is
    const TimetableSource whole{.recorder = recorder, .spec = spec_, .calendar_start = calendar_start_, .end = end};
    TimetableTexts t{.csv = io::HashedText::of(timetable_csv(whole)), .ics = std::nullopt};
    if (has_calendar(whole)) t.ics = io::HashedText::of(timetable_ics(whole));
    return t;
  }
  // The row at `next` is still going on (had it ended, it would be in the
  // texts): it ends at the run's end, and the rows waiting for it follow.
  Pieces& p = pieces_;
  while (p.next < recorder.row_count()) {
    const std::uint32_t id = p.next;
    place(p, EndedRow{id, n_of_[id], recorder.row(id)}, end);
  }
  if (format_->has_calendar()) p.ics += TimetableFormat::kIcsTail;
  hash_new_bytes(p);
  TimetableTexts t{.csv = {std::move(p.csv), p.csv_digest.hex()}, .ics = std::nullopt};
  if (format_->has_calendar()) t.ics = io::HashedText{std::move(p.ics), p.ics_digest.hex()};
  return t;
}

}  // namespace drill::report
