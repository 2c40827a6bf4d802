// A run's report recorder (report/dashboard_recorder.hpp) as an observer of
// the run loop: each slice boundary is handed on with the loop's one changes
// read at sampled boundaries (never a read of its own), with the loop's one
// read of the ships' motions there (SliceBoundary::ship_motions, shared
// with a live server's publisher). The
// recorder itself is also one of the run's activity listeners. With a live
// timetable (report/live_timetable.hpp), each boundary goes on to it after
// the recorder has taken it: it reads the rows the recorder committed and
// closed.
#pragma once

#include "engine/slice_observer.hpp"
#include "report/dashboard_recorder.hpp"
#include "report/live_timetable.hpp"

namespace drill::engine {

class DashboardObserver final : public SliceObserver {
 public:
  explicit DashboardObserver(report::DashboardRecorder& recorder, report::LiveTimetable* timetable = nullptr)
      : recorder_(recorder), timetable_(timetable) {}
  void on_boundary(const SliceBoundary& b) override {
    recorder_.on_boundary(b.model(), b.now(), b.events(), b.sampled() ? &b.changes() : nullptr, b.last(),
                          b.sampled() ? &b.ship_motions() : nullptr);
    if (timetable_) timetable_->on_boundary(recorder_);
  }

 private:
  report::DashboardRecorder& recorder_;
  report::LiveTimetable* timetable_;
};

}  // namespace drill::engine
