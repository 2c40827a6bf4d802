// What a run shows on its report page, gathered while it runs: the
// activity rows of the timeline, the sampled series, the ships' tracks and
// the comms links' down periods (the dynamic parts of the dashboard data,
// dashboard-data.md; dashboard_json.hpp writes the document from them).
//
// The recorder is an ActivityListener (start and end records are paired into
// rows; link_down records become the links' down periods) and takes what the
// run loop hands it at each slice boundary (`on_boundary`): at a sampled
// boundary, the points of every series in the loop's one shared changes read
// (it never reads changes itself), logged as they come, and every ship's
// motion (DrillModel::ship_motions, which schedules and changes nothing),
// kept where it changed: the series' points are added to them (thinned to
// the bound) when the series are read (series()), and the tracks' positions
// worked out from the motions when the tracks are read (tracks()), both off
// the run's thread. So recording never moves the event order or a
// fingerprint.
//
// Rows. Records arrive in time order. A row's id is its place in the
// document's `activities`, ordered by start, then unit, then kind (then the
// order the model recorded them). Rows that started before the latest
// boundary are committed in that order and keep their ids; rows starting at
// the boundary's own time wait for the next boundary (more may start at that
// time), and the last boundary commits everything. A live reader takes the
// committed rows past its cursor (`row(id)` for id < `row_count()`) and the
// ids of rows that ended since its other cursor (`ended_rows()`); a series'
// points after a time, or a new series, from `series()` (ids never move).
// Bounds: series and tracks hold at most `max_points` points each
// (BoundedPoints); activity rows are all kept.
// Threads: one thread records; a reader on another thread must copy what it
// needs at a boundary, with the run held there (the live server's
// snapshots; dashboard_json() at a boundary is such a copy). Costs: a record
// is one row, or a look at its unit's open rows (a handful) for an end; a
// sampled boundary is 12 bytes logged per point of each changed series row
// and a comparison per ship (a copy where its motion changed); nothing
// allocates per record in steady state beyond the rows themselves.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/metrics/changes.hpp"
#include "core/metrics/entity.hpp"
#include "core/time.hpp"
#include "models/activity.hpp"
#include "models/drill_model.hpp"
#include "models/entity_kinds.hpp"
#include "report/bounded_points.hpp"

namespace drill::report {

/// One activity of a unit: a row of the timeline.
struct ActivityRow {
  models::UnitId unit;
  models::Activity kind = models::Activity::transit;
  core::SimTime start;
  std::optional<core::SimTime> end;  // empty while it goes on
  std::optional<core::metrics::EntityRef> related;
};

/// A period in which a comms link was down.
struct DownPeriod {
  core::SimTime start;
  std::optional<core::SimTime> end;  // empty while down
};

struct SeriesPoint {
  core::SimTime t;
  double value = 0.0;
};

/// A measure's row stems in timeseries.csv: the statistic and the metric
/// name of each, in the file's order (one series entry of the document per
/// stem and labels; the live server names its series the same way).
struct SeriesStem {
  std::string statistic;  // value, integral, count, mean, max, p50, p90, p95, p99
  std::string metric;     // exported name, e.g. drill_ship_fuel_integral_tonnes_seconds
};
std::vector<SeriesStem> series_stems(const core::metrics::Descriptor& d);

/// One row stem of timeseries.csv: a measure's statistic with its labels.
struct RecordedSeries {
  std::uint32_t measure = 0;  // index of its descriptor in `descriptors()`
  std::string metric;         // exported name, e.g. drill_ship_fuel_tonnes
  std::string statistic;      // value, integral, count, mean, max, p50, p90, p95, p99
  std::vector<core::metrics::Label> labels;
  BoundedPoints<SeriesPoint> points;
};

struct TrackPoint {
  core::SimTime t;
  models::LatLon position;
};

struct Track {
  models::ShipId ship;
  BoundedPoints<TrackPoint> points;
};

/// Activity rows in chunks of 4,096 that never move: growing writes each
/// row once into memory of its own (a vector grown by doubling would copy
/// them into fresh memory about twice over, and every fresh page is a page
/// fault). Indexing is a shift and a mask.
class ActivityRows {
 public:
  std::size_t size() const noexcept { return size_; }
  ActivityRow& operator[](std::size_t i) noexcept { return chunks_[i >> kShift][i & kMask]; }
  const ActivityRow& operator[](std::size_t i) const noexcept { return chunks_[i >> kShift][i & kMask]; }
  void push_back(const ActivityRow& row) {
    if ((size_ >> kShift) == chunks_.size()) chunks_.emplace_back().reserve(std::size_t{1} << kShift);
    chunks_.back().push_back(row);
    ++size_;
  }

 private:
  static constexpr unsigned kShift = 12;
  static constexpr std::size_t kMask = (std::size_t{1} << kShift) - 1;
  std::vector<std::vector<ActivityRow>> chunks_;
  std::size_t size_ = 0;
};

class DashboardRecorder final : public models::ActivityListener {
 public:
  explicit DashboardRecorder(std::size_t max_points = kMaxPoints);

  /// Takes the model's names and units. Called by the first on_boundary if
  /// not before; records may come in only after it.
  void bind(const models::DrillModel& model);
  bool bound() const noexcept { return bound_; }

  void on_activity(const models::ActivityRecord& record) override;

  /// A slice boundary at `now` after `events` events. `changes` is the run
  /// loop's read at this boundary when it sampled, else null; ships'
  /// motions are taken at sampled boundaries only. `last`: the run ends
  /// here (every row is then committed).
  /// `motions`: the ships' motions read at this boundary for every reader
  /// (SliceBoundary::ship_motions); null: the recorder reads them itself.
  void on_boundary(const models::DrillModel& model, core::SimTime now, std::uint64_t events,
                   const core::metrics::Changes* changes, bool last,
                   const models::ShipMotionReads* motions = nullptr);

  // What has been recorded up to the latest boundary.
  core::SimTime now() const noexcept { return now_; }
  std::uint64_t events() const noexcept { return events_; }
  bool ended() const noexcept { return ended_; }
  const core::metrics::NameTable& names() const noexcept { return names_; }
  const std::vector<models::DrillModel::UnitInfo>& units() const noexcept { return units_; }
  /// Committed rows in id order (a row's id is its index here). A row
  /// stays at its address for the recorder's life (ActivityRows), and one
  /// that has ended is never written again: another thread may read it in
  /// place once told so through a lock (LiveTimetable's worker).
  std::size_t row_count() const noexcept { return order_.size(); }
  const ActivityRow& row(std::size_t id) const noexcept { return rows_[order_[id]]; }
  /// Ids of committed rows that ended after being committed, in the order
  /// they ended (a live reader's second cursor: rows to send again).
  std::span<const std::uint32_t> ended_rows() const noexcept { return ended_log_; }
  /// The measures' descriptors, by RecordedSeries::measure.
  const std::vector<core::metrics::Descriptor>& descriptors() const noexcept { return descriptors_; }
  /// Series in the order they first appeared (an id is an index here; new
  /// series take the next ids). Their points are added here from the
  /// samples logged since the last time (the run's thread only logs them);
  /// call it from one thread at a time, with no boundary going on.
  const std::vector<RecordedSeries>& series() const;
  /// One per ship, in fleet order: its position at every sample (thinned
  /// to the bound). The positions are worked out here, from the motions
  /// kept at the samples since the last time (the run's thread keeps only
  /// what changed: no trigonometry while the run goes); call it from one
  /// thread at a time, with no boundary going on.
  const std::vector<Track>& tracks() const;
  /// Down periods per comms link (index: the link's entity id); empty for a
  /// drill without comms.
  const std::vector<std::vector<DownPeriod>>& link_down() const noexcept { return link_down_; }
  /// Records that could not be kept (memory ran out in the listener, which
  /// may not throw); zero normally.
  std::uint64_t lost_records() const noexcept { return lost_; }

 private:
  void record(const models::ActivityRecord& r);
  void commit(core::SimTime before, bool everything);
  void take_series(const core::metrics::Changes& changes);
  void map_catalog(const core::metrics::Changes& changes);

  std::size_t max_points_;
  bool bound_ = false;
  bool ended_ = false;
  core::SimTime now_;
  std::uint64_t events_ = 0;
  std::uint64_t lost_ = 0;
  core::metrics::NameTable names_;
  std::vector<models::DrillModel::UnitInfo> units_;

  ActivityRows rows_;                        // in the order recorded
  std::vector<std::uint32_t> order_;         // row id -> index in rows_
  std::vector<std::uint32_t> id_of_;         // index in rows_ -> row id (kUncommitted before)
  std::size_t committed_ = 0;                // rows_[0, committed_) have ids
  std::vector<std::uint32_t> ended_log_;
  std::vector<std::vector<std::uint32_t>> open_;  // per unit, its open rows (latest last)
  static constexpr std::uint32_t kUncommitted = ~0u;

  std::vector<std::vector<DownPeriod>> link_down_;

  std::vector<core::metrics::Descriptor> descriptors_;
  mutable std::vector<RecordedSeries> series_;  // points up to the samples logged below

  /// The series' points taken at samples and not added to their series yet
  /// (at most kFoldSamples samples, kFoldPoints points),
  /// in the order taken: a series id and a value each, in chunks of 16,384
  /// that never move and are kept for the next points once folded. Adding
  /// a point to its series (BoundedPoints, thinning included) is left to
  /// series(), off the run's thread, or done here when the log passes a
  /// bound (memory stays bounded on long runs). The points each series
  /// gets, in order, are those it would get at the sample: the same bytes.
  struct PointLog {
    static constexpr unsigned kShift = 14;
    static constexpr std::size_t kChunk = std::size_t{1} << kShift, kMask = kChunk - 1;
    std::vector<std::unique_ptr<std::uint32_t[]>> series;
    std::vector<std::unique_ptr<double[]>> values;
    std::size_t size = 0;
    struct Sample {
      core::SimTime t;
      std::size_t first;  // its first point in the log
    };
    std::vector<Sample> samples;
    void push(std::uint32_t s, double v) {
      if ((size >> kShift) == series.size()) {
        series.push_back(std::make_unique_for_overwrite<std::uint32_t[]>(kChunk));
        values.push_back(std::make_unique_for_overwrite<double[]>(kChunk));
      }
      series[size >> kShift][size & kMask] = s;
      values[size >> kShift][size & kMask] = v;
      ++size;
    }
  };
  mutable PointLog points_;
  static constexpr std::size_t kFoldPoints = std::size_t{1} << 18;
  /// Adds the points logged to their series, and empties the log.
  void fold_series() const;
  std::map<std::string, std::uint32_t> series_by_key_;  // measure and labels -> first series id
  std::shared_ptr<const core::metrics::Catalog> catalog_;  // the one first_series_ maps
  std::vector<std::uint32_t> first_series_;             // catalog series -> its first RecordedSeries id

  /// Works out the tracks' points at the samples kept, and forgets them.
  void fold_tracks() const;

  // The tracks, up to the samples kept below; those are folded in when the
  // tracks are read, or here when they pass a bound (memory stays bounded
  // on long runs).
  mutable std::vector<Track> tracks_;
  struct MotionChange {
    std::uint32_t ship;
    std::uint32_t sample;  // index in samples_
    models::Ship::Motion motion;
  };
  mutable std::vector<core::SimTime> samples_;      // sample times not folded yet
  mutable std::vector<MotionChange> motion_changes_;  // at those samples, in sample order
  mutable std::vector<models::Ship::Motion> folded_;  // each ship's at the last sample folded
  models::ShipMotionReads own_motions_;  // read here when the boundary brings none
  static constexpr std::size_t kFoldSamples = 4096, kFoldChanges = 1 << 16;
};

}  // namespace drill::report
