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
  pieces_.csv_digest.update(TimetableFormat::kCsvHead);
  if (format_->has_calendar()) pieces_.ics_digest.update(format_->ics_head());
  worker_ = std::thread([this] { work(); });
}

void LiveTimetable::on_boundary(const DashboardRecorder& recorder) {
  if (!recorder.bound()) return;
  if (!format_) start(recorder);
  // Rows committed at this boundary take their numbers in id order; those
  // already ended go now, the others when they end (the recorder's log of
  // rows that ended after their commit).
  for (; numbered_ < recorder.row_count(); ++numbered_) {
    const ActivityRow& row = recorder.row(numbered_);
    const std::uint32_t n = numbering_->next(row);
    n_of_.push_back(n);
    if (row.end) outgoing_.push_back(EndedRow{static_cast<std::uint32_t>(numbered_), n, row});
  }
  const auto ended = recorder.ended_rows();
  for (; ended_seen_ < ended.size(); ++ended_seen_) {
    const std::uint32_t id = ended[ended_seen_];
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
      for (const EndedRow& r : rows) format(pieces_, r, *r.row.end);
      hash_prefix(pieces_);
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

void LiveTimetable::format(Pieces& p, const EndedRow& r, core::SimTime end) const {
  if (r.id >= p.slots.size()) p.slots.resize(r.id + 1);
  Pieces::Slot& slot = p.slots[r.id];
  slot.csv_at = p.csv.size();
  format_->csv_row(p.csv, r.row, end);
  slot.csv_size = p.csv.size() - slot.csv_at;
  slot.ics_at = p.ics.size();
  if (r.n != 0 && format_->has_calendar()) format_->ics_event(p.ics, r.row, r.n, end);
  slot.ics_size = p.ics.size() - slot.ics_at;
  slot.done = true;
}

void LiveTimetable::hash_prefix(Pieces& p) {
  for (; p.hashed < p.slots.size() && p.slots[p.hashed].done; ++p.hashed) {
    const Pieces::Slot& s = p.slots[p.hashed];
    p.csv_digest.update(std::string_view(p.csv).substr(s.csv_at, s.csv_size));
    p.ics_digest.update(std::string_view(p.ics).substr(s.ics_at, s.ics_size));
  }
}

TimetableTexts LiveTimetable::finish(const DashboardRecorder& recorder, core::SimTime end) {
  on_boundary(recorder);  // nothing new if the last boundary was handed on
  stop_worker();
  if (failed_) std::rethrow_exception(failed_);
  if (!format_) {  // never bound: a run without rows
    const TimetableSource whole{.recorder = recorder, .spec = spec_, .calendar_start = calendar_start_, .end = end};
    TimetableTexts t{.csv = io::HashedText::of(timetable_csv(whole)), .ics = std::nullopt};
    if (has_calendar(whole)) t.ics = io::HashedText::of(timetable_ics(whole));
    return t;
  }
  // The rows still going on, as ending at the run's end.
  Pieces& p = pieces_;
  p.slots.resize(recorder.row_count());
  for (std::size_t id = 0; id < recorder.row_count(); ++id)
    if (!p.slots[id].done) {
      const auto i = static_cast<std::uint32_t>(id);
      format(p, EndedRow{i, n_of_[id], recorder.row(id)}, end);
    }
  hash_prefix(p);
  TimetableTexts t;
  t.csv.text = TimetableFormat::kCsvHead;
  t.csv.text.reserve(t.csv.text.size() + p.csv.size());
  for (const Pieces::Slot& s : p.slots) t.csv.text.append(p.csv, s.csv_at, s.csv_size);
  t.csv.sha256_hex = p.csv_digest.hex();
  if (format_->has_calendar()) {
    io::HashedText ics;
    ics.text = format_->ics_head();
    ics.text.reserve(ics.text.size() + p.ics.size() + TimetableFormat::kIcsTail.size());
    for (const Pieces::Slot& s : p.slots) ics.text.append(p.ics, s.ics_at, s.ics_size);
    ics.text += TimetableFormat::kIcsTail;
    p.ics_digest.update(TimetableFormat::kIcsTail);
    ics.sha256_hex = p.ics_digest.hex();
    t.ics = std::move(ics);
  }
  return t;
}

}  // namespace drill::report
