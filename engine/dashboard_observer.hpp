// A run's report recorder (report/dashboard_recorder.hpp) as an observer of
// the run loop: each slice boundary is handed on with the loop's one changes
// read (never a read of its own) and, at sampled boundaries, the view's one
// read of the ships' positions (shared with the other observers). The
// recorder itself is also one of the run's activity listeners.
#pragma once

#include "engine/slice_observer.hpp"
#include "report/dashboard_recorder.hpp"

namespace drill::engine {

class DashboardObserver final : public SliceObserver {
 public:
  explicit DashboardObserver(report::DashboardRecorder& recorder) : recorder_(recorder) {}
  void on_boundary(const SliceBoundary& b) override {
    if (b.sampled())
      recorder_.on_boundary(b.model(), b.now(), b.events(), &b.changes(), b.last(), b.ship_positions());
    else
      recorder_.on_boundary(b.model(), b.now(), b.events(), nullptr, b.last(), {});
  }

 private:
  report::DashboardRecorder& recorder_;
};

}  // namespace drill::engine
