// What changed since the last look: the series whose instruments were
// updated since the collector's previous `changes` read, with their values
// now. It is the cheap read between run slices: its cost is proportional to
// the number of series that changed, not to the number of series, and it
// allocates nothing once the set of instruments is built (the collector
// reuses its storage). A `Changes` is a view into the collector, valid until
// its next `changes` call; a reader on another thread copies what it needs.
//
// Readers: the time-series writer (one row per changed series and sample),
// and the seam for a live dashboard (send the changed series as deltas over
// a WebSocket after one full snapshot) and for a sweep runner that watches
// measures while replications go on.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "core/metrics/snapshot.hpp"
#include "core/time.hpp"

namespace drill::core::metrics {

/// One changed series: its position in the catalog (the order of
/// snapshots) and its values at the read's time.
struct Change {
  std::uint32_t series = 0;
  Values values;
};

class Changes {
 public:
  /// When it was read.
  SimTime time() const noexcept { return time_; }
  /// Start of the statistics: the run's start or the last warm-up reset.
  SimTime since() const noexcept { return since_; }
  /// True when every series is listed: the first read, the first read after
  /// a reset, and a read that asked for everything.
  bool everything() const noexcept { return everything_; }

  const Catalog& catalog() const noexcept { return *catalog_; }
  const std::shared_ptr<const Catalog>& shared_catalog() const noexcept { return catalog_; }
  /// The changed series, in catalog order (by measure, then creation).
  std::span<const Change> changed() const noexcept { return {changed_.data(), changed_.size()}; }
  const SeriesInfo& series(const Change& c) const noexcept { return catalog_->series[c.series]; }
  const Descriptor& descriptor(const Change& c) const noexcept {
    return catalog_->descriptors[catalog_->series[c.series].measure.index];
  }

 private:
  friend class Collector;
  SimTime time_;
  SimTime since_;
  bool everything_ = false;
  std::shared_ptr<const Catalog> catalog_;
  std::vector<Change> changed_;  // capacity: one per series, reserved when series are added
};

}  // namespace drill::core::metrics
