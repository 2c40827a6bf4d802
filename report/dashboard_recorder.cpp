#include "report/dashboard_recorder.hpp"

#include <algorithm>
#include <iterator>
#include <new>
#include <string_view>

namespace drill::report {

using models::Activity;
using models::ActivityEdge;
using models::ActivityRecord;
using core::metrics::InstrumentKind;

std::vector<SeriesStem> series_stems(const core::metrics::Descriptor& d) {
  std::vector<std::string> statistics;
  switch (d.kind) {
    case InstrumentKind::counter:
    case InstrumentKind::gauge: statistics = {"value"}; break;
    case InstrumentKind::time_weighted: statistics = {"value", "integral"}; break;
    case InstrumentKind::tally: statistics = {"count", "mean", "max"}; break;
    case InstrumentKind::quantile:
      statistics = {"count", "mean", "max"};
      for (std::string_view q : core::metrics::kReportedQuantileNames) statistics.emplace_back(q);
      break;
  }
  std::vector<SeriesStem> stems;
  for (std::string& statistic : statistics) {
    std::string metric = statistic == "value"      ? core::metrics::metric_name(d)
                         : statistic == "integral" ? core::metrics::integral_metric_name(d)
                         : statistic == "count"    ? core::metrics::metric_name(d) + "_count"
                                                   : core::metrics::metric_name(d, statistic);
    stems.push_back(SeriesStem{std::move(statistic), std::move(metric)});
  }
  return stems;
}

DashboardRecorder::DashboardRecorder(std::size_t max_points) : max_points_(max_points) {
  (void)BoundedPoints<SeriesPoint>(max_points);  // checks the bound now, not at the first series
}

void DashboardRecorder::bind(const models::DrillModel& model) {
  if (bound_) return;
  names_ = model.collector().names();
  units_ = model.units();
  link_down_.resize(names_.size(models::kind::link));
  std::vector<models::DrillModel::ShipPosition> ships;
  model.ship_positions(now_, ships);
  tracks_.reserve(ships.size());
  for (const auto& s : ships) tracks_.push_back(Track{s.unit, BoundedPoints<TrackPoint>(max_points_)});
  bound_ = true;
}

void DashboardRecorder::on_activity(const ActivityRecord& r) {
  // Called from model code that may not throw: a failure is counted.
  try {
    record(r);
  } catch (const std::bad_alloc&) {
    ++lost_;
  }
}

void DashboardRecorder::record(const ActivityRecord& r) {
  if (r.activity == Activity::link_down) {
    if (r.subject.kind != models::kind::link) return;
    if (r.subject.index >= link_down_.size()) link_down_.resize(r.subject.index + 1);
    auto& periods = link_down_[r.subject.index];
    if (r.edge == ActivityEdge::start) {
      if (periods.empty() || periods.back().end) periods.push_back(DownPeriod{r.time, std::nullopt});
    } else if (!periods.empty() && !periods.back().end) {
      periods.back().end = r.time;
    }
    return;
  }
  if (r.subject.kind != models::kind::unit) return;
  if (r.subject.index >= open_.size()) open_.resize(r.subject.index + 1);
  std::vector<std::uint32_t>& open = open_[r.subject.index];
  if (r.edge == ActivityEdge::start) {
    open.push_back(static_cast<std::uint32_t>(rows_.size()));
    rows_.push_back(ActivityRow{models::UnitId(r.subject.index), r.activity, r.time, std::nullopt, r.related});
    id_of_.push_back(kUncommitted);
    return;
  }
  // The latest open row of the same kind and related entity (nested ones
  // close innermost first).
  auto it = open.rend();
  for (auto o = open.rbegin(); o != open.rend(); ++o)
    if (rows_[*o].kind == r.activity && rows_[*o].related == r.related) {
      it = o;
      break;
    }
  if (it == open.rend()) return;  // an end without a start: nothing to close
  const std::uint32_t i = *it;
  open.erase(std::next(it).base());
  rows_[i].end = r.time;
  if (id_of_[i] != kUncommitted) ended_log_.push_back(id_of_[i]);
}

void DashboardRecorder::commit(core::SimTime before, bool everything) {
  // Rows are recorded in time order: those starting before `before` are a
  // prefix of the uncommitted ones.
  std::size_t end = committed_;
  while (end < rows_.size() && (everything || rows_[end].start < before)) ++end;
  if (end == committed_) return;
  const std::size_t first = order_.size();
  for (std::size_t i = committed_; i < end; ++i) order_.push_back(static_cast<std::uint32_t>(i));
  const auto before_in_document = [&](std::uint32_t a, std::uint32_t b) {
    const ActivityRow& x = rows_[a];
    const ActivityRow& y = rows_[b];
    if (x.start != y.start) return x.start < y.start;
    if (x.unit != y.unit) return x.unit < y.unit;
    return x.kind < y.kind;
  };
  // Often in order already (one start at a time): then no sort, whose
  // buffer and merges cost more than the check.
  const auto from = order_.begin() + static_cast<std::ptrdiff_t>(first);
  if (!std::is_sorted(from, order_.end(), before_in_document)) std::stable_sort(from, order_.end(), before_in_document);
  for (std::size_t id = first; id < order_.size(); ++id) id_of_[order_[id]] = static_cast<std::uint32_t>(id);
  committed_ = end;
}

void DashboardRecorder::map_catalog(const core::metrics::Changes& changes) {
  const core::metrics::Catalog& catalog = changes.catalog();
  descriptors_ = catalog.descriptors;
  first_series_.assign(catalog.series.size(), 0);
  std::string key;
  for (std::size_t i = 0; i < catalog.series.size(); ++i) {
    const core::metrics::SeriesInfo& info = catalog.series[i];
    key = std::to_string(info.measure.index);
    for (const auto& l : info.labels) {
      key += '\x1f';
      key += std::to_string(l.kind.value);
      key += '=';
      key += l.value;
    }
    const auto [it, added] = series_by_key_.try_emplace(key, static_cast<std::uint32_t>(series_.size()));
    if (added) {
      const core::metrics::Descriptor& d = catalog.descriptors[info.measure.index];
      for (SeriesStem& stem : series_stems(d))
        series_.push_back(RecordedSeries{info.measure.index, std::move(stem.metric), std::move(stem.statistic),
                                         info.labels, BoundedPoints<SeriesPoint>(max_points_)});
    }
    first_series_[i] = it->second;
  }
  catalog_ = changes.shared_catalog();
}

void DashboardRecorder::take_series(const core::metrics::Changes& changes) {
  if (catalog_.get() != &changes.catalog()) map_catalog(changes);
  points_.samples.push_back(PointLog::Sample{changes.time(), points_.size});
  for (const core::metrics::Change& c : changes.changed()) {
    std::uint32_t s = first_series_[c.series];
    const core::metrics::Values& v = c.values;
    const auto put = [&](double value) { points_.push(s++, value); };
    switch (changes.descriptor(c).kind) {
      case InstrumentKind::counter:
      case InstrumentKind::gauge: put(v.value); break;
      case InstrumentKind::time_weighted:
        put(v.value);
        put(v.integral);
        break;
      case InstrumentKind::tally:
      case InstrumentKind::quantile:
        put(static_cast<double>(v.count));
        put(v.mean);
        put(v.max);
        if (changes.descriptor(c).kind == InstrumentKind::quantile)
          for (double q : v.quantiles) put(q);
        break;
    }
  }
  if (points_.size >= kFoldPoints || points_.samples.size() >= kFoldSamples) fold_series();
}

const std::vector<RecordedSeries>& DashboardRecorder::series() const {
  fold_series();
  return series_;
}

void DashboardRecorder::fold_series() const {
  const std::size_t samples = points_.samples.size();
  if (samples == 0) return;
  // Each series' room for its points first: no series grows by doubling
  // (moving its points into fresh memory each time).
  {
    std::vector<std::uint32_t> count(series_.size(), 0);
    for (std::size_t i = 0; i < points_.size; ++i) ++count[points_.series[i >> PointLog::kShift][i & PointLog::kMask]];
    for (std::size_t id = 0; id < series_.size(); ++id)
      if (count[id] > 0) series_[id].points.reserve_for(count[id]);
  }
  for (std::size_t k = 0; k < samples; ++k) {
    const core::SimTime t = points_.samples[k].t;
    const std::size_t end = k + 1 < samples ? points_.samples[k + 1].first : points_.size;
    for (std::size_t i = points_.samples[k].first; i < end; ++i) {
      const std::uint32_t id = points_.series[i >> PointLog::kShift][i & PointLog::kMask];
      series_[id].points.add(SeriesPoint{t, points_.values[i >> PointLog::kShift][i & PointLog::kMask]});
    }
  }
  points_.samples.clear();
  points_.size = 0;
}

void DashboardRecorder::on_boundary(const models::DrillModel& model, core::SimTime now, std::uint64_t events,
                                    const core::metrics::Changes* changes, bool last,
                                    const models::ShipMotionReads* motions) {
  now_ = now;
  events_ = events;
  if (!bound_) bind(model);
  commit(now, last);
  if (last) ended_ = true;
  if (!changes) return;
  take_series(*changes);
  // The ships' motions, kept where they changed: their positions at this
  // sample follow from them (fold_tracks).
  const auto sample = static_cast<std::uint32_t>(samples_.size());
  samples_.push_back(now);
  if (!motions) {
    own_motions_.read(model);
    motions = &own_motions_;
  }
  for (const std::uint32_t i : motions->changed())
    if (i < tracks_.size()) motion_changes_.push_back(MotionChange{i, sample, motions->motions()[i].motion});
  if (samples_.size() >= kFoldSamples || motion_changes_.size() >= kFoldChanges) fold_tracks();
}

const std::vector<Track>& DashboardRecorder::tracks() const {
  fold_tracks();
  return tracks_;
}

void DashboardRecorder::fold_tracks() const {
  if (samples_.empty()) return;
  // Each ship's changes in sample order (a stable counting sort by ship).
  const std::size_t ships = tracks_.size();
  std::vector<std::uint32_t> first(ships + 1, 0);
  for (const MotionChange& c : motion_changes_) ++first[c.ship + 1];
  for (std::size_t i = 0; i < ships; ++i) first[i + 1] += first[i];
  std::vector<std::uint32_t> by_ship(motion_changes_.size());
  {
    std::vector<std::uint32_t> at(first.begin(), first.end() - 1);
    for (std::uint32_t c = 0; c < motion_changes_.size(); ++c) by_ship[at[motion_changes_[c].ship]++] = c;
  }
  folded_.resize(ships);
  for (std::size_t i = 0; i < ships; ++i) {
    // The same points as taking each ship's position at each sample, and
    // adding it where it moved: a motion's positions depend on it alone.
    Track& track = tracks_[i];
    models::Ship::Motion motion = folded_[i];
    std::optional<models::GreatCircle> path;
    std::uint32_t c = first[i];
    bool known = !track.points.empty();
    for (std::uint32_t k = 0; k < samples_.size(); ++k) {
      if (c < first[i + 1] && motion_changes_[by_ship[c]].sample == k) {
        motion = motion_changes_[by_ship[c++]].motion;
        path.reset();
        known = true;
      }
      if (!known) continue;
      const models::LatLon p = motion.at(samples_[k], path);
      if (track.points.empty() || !(track.points.latest().position == p)) track.points.add(TrackPoint{samples_[k], p});
    }
    folded_[i] = motion;
  }
  samples_.clear();
  motion_changes_.clear();
}

}  // namespace drill::report
