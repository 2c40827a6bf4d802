// What watches a run between its slices: the view of one slice boundary
// and the interface of those who receive it (a file sink, a live server, a
// progress line, a sweep recorder).
//
// The run loop (run_loop.hpp) makes one `SliceBoundary` per boundary and
// hands the same view to every observer in turn, on the loop's thread. With
// sampling on (RunSettings::sample_every), the loop reads the collector's
// changes once at the boundary (everything at D+0, at the warm-up and at the
// end; what changed since the previous sample at each sample time) and every
// observer gets that same `const Changes&`: one observer cannot take another
// one's deltas, because nobody but the loop reads them. Observers must not
// schedule events or change the model; the view gives them nothing that
// could. Costs: building a view is a few stores; `snapshot()` copies every
// instrument (allocates), `changes()` is a reference; `ship_positions()`
// reads every ship's position once per boundary, on the first call, into a
// buffer the loop reuses, and every later call at that boundary (another
// observer's) shares that read.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <stdexcept>
#include <utility>
#include <vector>

#include "core/metrics/changes.hpp"
#include "core/metrics/snapshot.hpp"
#include "core/simulation.hpp"
#include "core/time.hpp"
#include "models/drill_model.hpp"

namespace drill::engine {

class DrillRun;

/// One slice boundary of a run, between two run_until calls.
class SliceBoundary {
 public:
  /// `motions`: the loop's reads of the ships' motions, kept from boundary
  /// to boundary (what changed is told against the previous read).
  /// `positions`: the buffer ship_positions() reads into (the loop's,
  /// reused from boundary to boundary; null: each view reads into its own).
  SliceBoundary(DrillRun& run, const core::metrics::Changes* changes, bool first, bool last,
                models::ShipMotionReads& motions,
                std::vector<models::DrillModel::ShipPosition>* positions = nullptr) noexcept
      : run_(&run), changes_(changes), first_(first), last_(last), positions_(positions), motions_(&motions) {}

  core::SimTime now() const noexcept;
  core::SimTime horizon() const noexcept;
  /// Events executed so far.
  std::uint64_t events() const noexcept;
  /// D+0: nothing has run yet.
  bool first() const noexcept { return first_; }
  /// The run ends here (its horizon, or a stop); the ships' fuel accounts
  /// are settled, so the values here are the final ones.
  bool last() const noexcept { return last_; }
  /// The statistics restarted here (the warm-up time).
  bool warmed_up() const noexcept;

  /// The loop read the collector's changes here (sampling is on and this is
  /// D+0, a sample time, the warm-up or the end).
  bool sampled() const noexcept { return changes_ != nullptr; }
  /// That read. Throws std::logic_error where !sampled().
  const core::metrics::Changes& changes() const {
    if (!changes_) throw std::logic_error("no changes read at this boundary: sampling is off or this is no sample time");
    return *changes_;
  }
  /// Every instrument now. Reads no delta, so it takes nothing from
  /// `changes()`; like a read of everything it brings the comms network's
  /// ages of information up to now, which then count as changed at the next
  /// sample.
  core::metrics::Snapshot snapshot() const;
  /// Every ship's position now (DrillModel::ship_positions, fleet order):
  /// read at the first call and shared by the later ones at this boundary,
  /// so the recorder and a live server that both want them pay for one
  /// read. Valid until the view is gone.
  std::span<const models::DrillModel::ShipPosition> ship_positions() const;
  /// Every ship's motion now and the ships whose motion changed since the
  /// last boundary where they were read (models::ShipMotionReads): read at
  /// the first call and shared by the later ones at this boundary, so the
  /// recorder and a live server pay for one read and one comparison. Those
  /// that keep tracks read them at every sampled boundary.
  const models::ShipMotionReads& ship_motions() const;

  const core::Simulation& simulation() const noexcept;
  const models::DrillModel& model() const noexcept;

 private:
  DrillRun* run_;
  const core::metrics::Changes* changes_;
  bool first_;
  bool last_;
  std::vector<models::DrillModel::ShipPosition>* positions_;
  mutable std::vector<models::DrillModel::ShipPosition> own_positions_;  // when the loop gives no buffer
  mutable bool positions_read_ = false;
  models::ShipMotionReads* motions_;
  mutable bool motions_read_ = false;
};

/// Receives every boundary of a run, D+0 and the end included.
class SliceObserver {
 public:
  virtual ~SliceObserver() = default;
  virtual void on_boundary(const SliceBoundary& boundary) = 0;
};

/// An observer made of a function (a progress line, a test's probe).
class ObserverFunction final : public SliceObserver {
 public:
  explicit ObserverFunction(std::function<void(const SliceBoundary&)> f) : f_(std::move(f)) {}
  void on_boundary(const SliceBoundary& boundary) override { f_(boundary); }

 private:
  std::function<void(const SliceBoundary&)> f_;
};

}  // namespace drill::engine
