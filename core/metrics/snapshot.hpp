// An immutable picture of every instrument at one simulated time.
//
// A snapshot holds the kinds, the descriptors and each series' labels with
// the kind and entity names resolved (shared by every snapshot taken while
// the set of instruments is unchanged) and one `Values` record per series.
// Both parts are immutable and held by shared_ptr to const, so copying a
// snapshot costs two reference-count increments and a copy can be handed to
// another thread (a live server, a writer) while the simulation goes on. Series are ordered by measure (the
// order of `describe`), then by creation: every output lists them so.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/metrics/descriptor.hpp"
#include "core/metrics/entity.hpp"
#include "core/time.hpp"

namespace drill::core::metrics {

/// A label as outputs write it (`name="value"` in Prometheus text).
struct Label {
  EntityKind kind;
  std::string name;   // the kind's name from the collector's kind table
  std::string value;  // the entity's name from the name table
};

/// One instrument: which measure, with which labels.
struct SeriesInfo {
  MeasureId measure;
  std::vector<Label> labels;  // in the descriptor's label order
};

/// An instrument's state at the snapshot's time. Which fields apply depends
/// on the kind:
///  counter        value = total since the last reset
///  gauge          value
///  time_weighted  value = current level; mean, max and integral (unit-seconds)
///                 over [since, time]
///  tally          count, sum, mean, stddev (sample), min, max; value = mean
///  quantile       as tally, and quantiles (one per kReportedQuantiles)
/// Fields that do not apply are zero.
struct Values {
  double value = 0.0;
  std::uint64_t count = 0;
  double sum = 0.0;
  double mean = 0.0;
  double stddev = 0.0;
  double min = 0.0;
  double max = 0.0;
  double integral = 0.0;
  std::array<double, kReportedQuantiles.size()> quantiles{};
};

struct Catalog {
  KindTable kinds;                      // the collector's kinds, in label-column order
  std::vector<Descriptor> descriptors;  // indexed by MeasureId
  std::vector<SeriesInfo> series;       // sorted by measure, then creation
};

class Snapshot {
 public:
  Snapshot(SimTime time, SimTime since, std::shared_ptr<const Catalog> catalog,
           std::shared_ptr<const std::vector<Values>> values) noexcept
      : time_(time), since_(since), catalog_(std::move(catalog)), values_(std::move(values)) {}

  /// When it was taken.
  SimTime time() const noexcept { return time_; }
  /// Start of the statistics: the run's start or the last warm-up reset.
  SimTime since() const noexcept { return since_; }

  const KindTable& kinds() const noexcept { return catalog_->kinds; }
  const std::vector<Descriptor>& descriptors() const noexcept { return catalog_->descriptors; }
  std::size_t size() const noexcept { return catalog_->series.size(); }
  const SeriesInfo& series(std::size_t i) const noexcept { return catalog_->series[i]; }
  const Descriptor& descriptor(std::size_t i) const noexcept {
    return catalog_->descriptors[catalog_->series[i].measure.index];
  }
  const Values& values(std::size_t i) const noexcept { return (*values_)[i]; }

  /// True when both were taken from the same set of series (so series i is
  /// the same instrument in both).
  bool same_series(const Snapshot& other) const noexcept { return catalog_ == other.catalog_; }
  /// The set of series it was taken from: another snapshot with the same
  /// catalog has the same series (same_series).
  const std::shared_ptr<const Catalog>& catalog() const noexcept { return catalog_; }

 private:
  SimTime time_;
  SimTime since_;
  std::shared_ptr<const Catalog> catalog_;
  std::shared_ptr<const std::vector<Values>> values_;
};

}  // namespace drill::core::metrics
