// The dashboard recorder: start and end records paired into rows in the
// document's order, link outages kept apart, series and tracks from the
// loop's sampled boundaries within their bound, and nothing it does moves
// the run's fingerprint.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "engine/dashboard_observer.hpp"
#include "engine/run_loop.hpp"
#include "models/entity_kinds.hpp"
#include "report/dashboard_recorder.hpp"
#include "../engine/example_drills.hpp"

namespace drill::report {
namespace {

namespace cm = core::metrics;
using models::Activity;
using models::ActivityEdge;
using models::ActivityRecord;

core::SimTime h(int hours) { return core::at(core::hours(hours)); }

ActivityRecord rec(int hours, std::uint32_t unit, Activity a, ActivityEdge e,
                   std::optional<cm::EntityRef> related = std::nullopt) {
  return ActivityRecord{h(hours), models::UnitId(unit), a, e, related};
}

class RecorderTest : public ::testing::Test {
 protected:
  RecorderTest()
      : drill_(engine::testing::load_config("small.yaml")),
        run_(drill_.spec, engine::testing::settings_for(drill_, core::days(1))) {
    recorder_.bind(run_.model());
  }
  engine::DrillSource drill_;
  engine::DrillRun run_;
  DashboardRecorder recorder_;
};

TEST_F(RecorderTest, PairsStartAndEndRecordsIntoRowsOrderedByStartThenUnit) {
  const cm::EntityRef task = models::TaskId(0);
  recorder_.on_activity(rec(1, 1, Activity::on_station, ActivityEdge::start, task));
  recorder_.on_activity(rec(1, 0, Activity::transit, ActivityEdge::start));
  recorder_.on_activity(rec(2, 0, Activity::transit, ActivityEdge::end));
  recorder_.on_boundary(run_.model(), h(3), 10, nullptr, false);
  ASSERT_EQ(recorder_.row_count(), 2u);
  EXPECT_EQ(recorder_.row(0).unit, models::UnitId(0));
  EXPECT_EQ(recorder_.row(0).kind, Activity::transit);
  EXPECT_EQ(recorder_.row(0).start, h(1));
  EXPECT_EQ(recorder_.row(0).end, h(2));
  EXPECT_EQ(recorder_.row(1).unit, models::UnitId(1));
  EXPECT_FALSE(recorder_.row(1).end.has_value());
  EXPECT_EQ(recorder_.row(1).related, task);
  EXPECT_TRUE(recorder_.ended_rows().empty());

  // Row 1 ends after it was handed out: a live reader hears of it again.
  recorder_.on_activity(rec(4, 1, Activity::on_station, ActivityEdge::end, task));
  EXPECT_EQ(recorder_.row(1).end, h(4));
  ASSERT_EQ(recorder_.ended_rows().size(), 1u);
  EXPECT_EQ(recorder_.ended_rows()[0], 1u);
}

TEST_F(RecorderTest, NestedActivitiesOfOneKindCloseInnermostFirstAndAStrayEndIsIgnored) {
  recorder_.on_activity(rec(1, 0, Activity::waiting_for_resource, ActivityEdge::start));
  recorder_.on_activity(rec(2, 0, Activity::waiting_for_resource, ActivityEdge::start));
  recorder_.on_activity(rec(3, 0, Activity::waiting_for_resource, ActivityEdge::end));
  recorder_.on_activity(rec(3, 0, Activity::maintenance, ActivityEdge::end));  // never started
  recorder_.on_boundary(run_.model(), h(4), 0, nullptr, false);
  ASSERT_EQ(recorder_.row_count(), 2u);
  EXPECT_FALSE(recorder_.row(0).end.has_value());
  EXPECT_EQ(recorder_.row(1).end, h(3));
}

TEST_F(RecorderTest, RowsStartingAtTheBoundaryWaitForTheNextAndTheLastCommitsAll) {
  recorder_.on_activity(rec(1, 0, Activity::transit, ActivityEdge::start));
  recorder_.on_activity(rec(2, 1, Activity::refuelling, ActivityEdge::start));
  recorder_.on_boundary(run_.model(), h(2), 0, nullptr, false);
  EXPECT_EQ(recorder_.row_count(), 1u);
  recorder_.on_activity(rec(2, 0, Activity::maintenance, ActivityEdge::start));
  recorder_.on_boundary(run_.model(), h(2), 0, nullptr, true);
  ASSERT_EQ(recorder_.row_count(), 3u);
  // At D+2 unit 0 comes before unit 1, whatever order they were recorded in.
  EXPECT_EQ(recorder_.row(1).unit, models::UnitId(0));
  EXPECT_EQ(recorder_.row(2).unit, models::UnitId(1));
  EXPECT_TRUE(recorder_.ended());
}

TEST_F(RecorderTest, LinkDownRecordsBecomeTheLinksDownPeriodsNotActivities) {
  const cm::EntityRef link = models::LinkId(0);
  recorder_.on_activity(ActivityRecord{h(1), link, Activity::link_down, ActivityEdge::start, std::nullopt});
  recorder_.on_activity(ActivityRecord{h(2), link, Activity::link_down, ActivityEdge::end, std::nullopt});
  recorder_.on_activity(ActivityRecord{h(5), link, Activity::link_down, ActivityEdge::start, std::nullopt});
  recorder_.on_boundary(run_.model(), h(6), 0, nullptr, true);
  EXPECT_EQ(recorder_.row_count(), 0u);
  ASSERT_GE(recorder_.link_down().size(), 1u);
  const auto& periods = recorder_.link_down()[0];
  ASSERT_EQ(periods.size(), 2u);
  EXPECT_EQ(periods[0].start, h(1));
  EXPECT_EQ(periods[0].end, h(2));
  EXPECT_EQ(periods[1].start, h(5));
  EXPECT_FALSE(periods[1].end.has_value());
}

/// Counts the model's activity records (what the trace holds).
struct Counter final : models::ActivityListener {
  std::uint64_t starts = 0, ends = 0;
  void on_activity(const ActivityRecord& r) override {
    if (r.activity == Activity::link_down) return;
    ++(r.edge == ActivityEdge::start ? starts : ends);
  }
};

TEST(DashboardRecorderRun, AJointDrillRunIsRecordedWithinTheBoundAndKeepsItsFingerprint) {
  const engine::DrillSource drill = engine::testing::load_config("joint_drill.yaml");
  engine::RunSettings s = engine::testing::settings_for(drill, core::hours(6));
  const std::uint64_t plain = engine::run(drill.spec, s).fingerprint;

  s.sample_every = core::minutes(15);
  DashboardRecorder recorder(16);
  engine::DashboardObserver observer(recorder);
  Counter counter;
  const engine::RunResult r =
      engine::run(drill.spec, s, engine::RunHooks{.observers = {&observer}, .activity_listeners = {&recorder, &counter}});
  EXPECT_EQ(r.fingerprint, plain) << "recording moved the fingerprint";

  EXPECT_EQ(recorder.row_count(), counter.starts);
  std::uint64_t open = 0;
  for (std::size_t i = 0; i < recorder.row_count(); ++i) open += recorder.row(i).end ? 0 : 1;
  EXPECT_EQ(open, counter.starts - counter.ends);
  for (std::size_t i = 1; i < recorder.row_count(); ++i) EXPECT_LE(recorder.row(i - 1).start, recorder.row(i).start);

  ASSERT_FALSE(recorder.series().empty());
  for (const RecordedSeries& series : recorder.series()) {
    EXPECT_LE(series.points.size(), 16u) << series.metric;
    std::vector<SeriesPoint> pts;
    series.points.for_each([&](const SeriesPoint& p) { pts.push_back(p); });
    ASSERT_FALSE(pts.empty());
    EXPECT_EQ(pts.front().t, core::SimTime::zero()) << series.metric;  // everything is read at D+0
    EXPECT_EQ(pts.back().t, r.end) << series.metric;                   // and at the end
  }
  ASSERT_EQ(recorder.tracks().size(), recorder.units().size() - [&] {
    std::size_t aircraft = 0;
    for (const auto& u : recorder.units()) aircraft += u.aircraft ? 1 : 0;
    return aircraft;
  }());
  bool thinned = false;
  for (const Track& t : recorder.tracks()) {
    EXPECT_LE(t.points.size(), 16u);
    thinned = thinned || t.points.stride() > 1;
  }
  EXPECT_TRUE(thinned) << "5 days at 15 min are 480 samples: some track must have been thinned";
}

/// The tracks as positions taken at every sample would make them: each
/// ship's position read from the model (Ship::position_at) at each sampled
/// boundary, added where it moved.
struct PositionsAtEverySample final : engine::SliceObserver {
  std::vector<BoundedPoints<TrackPoint>> tracks;
  std::vector<models::DrillModel::ShipPosition> read;
  void on_boundary(const engine::SliceBoundary& b) override {
    if (!b.sampled()) return;
    b.model().ship_positions(b.now(), read);
    if (tracks.empty()) tracks.assign(read.size(), BoundedPoints<TrackPoint>());
    for (std::size_t i = 0; i < read.size(); ++i)
      if (tracks[i].empty() || !(tracks[i].latest().position == read[i].position))
        tracks[i].add(TrackPoint{b.now(), read[i].position});
  }
};

/// Calls `look` at a run's first boundary: a live dashboard's first look at
/// the recorder, before the run has gone anywhere.
struct AtFirstBoundary final : engine::SliceObserver {
  explicit AtFirstBoundary(std::function<void()> look) : look(std::move(look)) {}
  std::function<void()> look;
  void on_boundary(const engine::SliceBoundary& b) override {
    if (b.first()) look();
  }
};

TEST(DashboardRecorderRun, TracksWorkedOutFromTheShipsMotionsAreThePositionsAtEverySample) {
  // Two days at one minute: 2,881 samples, and 9,000 at a fifth of a
  // minute, more than the recorder keeps before it works the points out
  // (so it does so while the run goes too) and more than the bound (so the
  // tracks are thinned); read at D+0 as well (a live dashboard's first look).
  const engine::DrillSource drill = engine::testing::load_config("joint_drill.yaml");
  for (const core::Duration every : {core::minutes(1), core::seconds(12)}) {
    SCOPED_TRACE(core::format(every));
    engine::RunSettings s = engine::testing::settings_for(drill, core::hours(6));
    s.horizon = core::at(every == core::minutes(1) ? core::days(2) : core::hours(30));
    s.sample_every = every;
    DashboardRecorder recorder;
    engine::DashboardObserver observer(recorder);
    PositionsAtEverySample reference;
    AtFirstBoundary first_look([&] { EXPECT_FALSE(recorder.tracks().empty()); });
    engine::run(drill.spec, s,
                engine::RunHooks{.observers = {&observer, &first_look, &reference}, .activity_listeners = {&recorder}});
    const std::vector<Track>& tracks = recorder.tracks();
    ASSERT_EQ(tracks.size(), reference.tracks.size());
    bool moved = false, thinned = false;
    for (std::size_t i = 0; i < tracks.size(); ++i) {
      std::vector<TrackPoint> got, want;
      tracks[i].points.for_each([&](const TrackPoint& p) { got.push_back(p); });
      reference.tracks[i].for_each([&](const TrackPoint& p) { want.push_back(p); });
      ASSERT_EQ(got.size(), want.size()) << "ship " << i;
      for (std::size_t k = 0; k < got.size(); ++k) {
        EXPECT_EQ(got[k].t, want[k].t) << "ship " << i << " point " << k;
        EXPECT_TRUE(got[k].position == want[k].position) << "ship " << i << " point " << k;
      }
      moved = moved || got.size() > 2;
      thinned = thinned || tracks[i].points.stride() > 1;
    }
    EXPECT_TRUE(moved) << "no ship sailed";
    EXPECT_TRUE(thinned) << "no track reached the bound";
  }
}

/// The series as adding each point at its sample would make them: every
/// changed series row's values, in timeseries.csv's order of statistics,
/// added to a bounded sequence of its own (keyed by measure, labels and
/// the statistic's place).
struct PointsAtEverySample final : engine::SliceObserver {
  explicit PointsAtEverySample(std::size_t max_points) : max_points(max_points) {}
  std::size_t max_points;
  std::size_t samples = 0;
  std::map<std::string, BoundedPoints<SeriesPoint>> series;
  static std::string key(std::uint32_t measure, const std::vector<cm::Label>& labels, std::size_t statistic) {
    std::string k = std::to_string(measure) + "/" + std::to_string(statistic);
    for (const cm::Label& l : labels) k += "/" + std::to_string(l.kind.value) + "=" + l.value;
    return k;
  }
  void on_boundary(const engine::SliceBoundary& b) override {
    if (!b.sampled()) return;
    ++samples;
    const cm::Changes& changes = b.changes();
    for (const cm::Change& c : changes.changed()) {
      const cm::Values& v = c.values;
      std::vector<double> values;
      switch (changes.descriptor(c).kind) {
        case cm::InstrumentKind::counter:
        case cm::InstrumentKind::gauge: values = {v.value}; break;
        case cm::InstrumentKind::time_weighted: values = {v.value, v.integral}; break;
        case cm::InstrumentKind::tally:
        case cm::InstrumentKind::quantile:
          values = {static_cast<double>(v.count), v.mean, v.max};
          if (changes.descriptor(c).kind == cm::InstrumentKind::quantile)
            values.insert(values.end(), v.quantiles.begin(), v.quantiles.end());
          break;
      }
      const cm::SeriesInfo& info = changes.series(c);
      for (std::size_t k = 0; k < values.size(); ++k)
        series.try_emplace(key(info.measure.index, info.labels, k), max_points)
            .first->second.add(SeriesPoint{b.now(), values[k]});
    }
  }
};

TEST(DashboardRecorderRun, SeriesFromThePointsLoggedAreThePointsAddedAtEverySample) {
  // 30 hours at a fifth of a minute: 9,000 samples, more than the recorder
  // logs before it adds the points to their series (so it does so while
  // the run goes too), and a bound of 8 points (some series thinned); read
  // at D+0 as well (a live dashboard's first look).
  const engine::DrillSource drill = engine::testing::load_config("joint_drill.yaml");
  engine::RunSettings s = engine::testing::settings_for(drill, core::hours(6));
  s.horizon = core::at(core::hours(30));
  s.sample_every = core::seconds(12);
  DashboardRecorder recorder(8);
  engine::DashboardObserver observer(recorder);
  PointsAtEverySample reference(8);
  AtFirstBoundary first_look([&] { EXPECT_FALSE(recorder.series().empty()); });
  engine::run(drill.spec, s,
              engine::RunHooks{.observers = {&observer, &first_look, &reference}, .activity_listeners = {&recorder}});
  const std::vector<RecordedSeries>& series = recorder.series();
  ASSERT_EQ(series.size(), reference.series.size());
  bool thinned = false;
  for (std::size_t i = 0; i < series.size(); ++i) {
    // A series' statistics are consecutive, in their order.
    std::size_t statistic = 0;
    while (statistic < i && series[i - statistic - 1].measure == series[i].measure &&
           series[i - statistic - 1].labels.size() == series[i].labels.size() &&
           std::equal(series[i].labels.begin(), series[i].labels.end(), series[i - statistic - 1].labels.begin(),
                      [](const cm::Label& a, const cm::Label& b) { return a.kind == b.kind && a.value == b.value; }))
      ++statistic;
    const auto want_it = reference.series.find(PointsAtEverySample::key(series[i].measure, series[i].labels, statistic));
    ASSERT_NE(want_it, reference.series.end()) << series[i].metric << " " << series[i].statistic;
    std::vector<SeriesPoint> got, want;
    series[i].points.for_each([&](const SeriesPoint& p) { got.push_back(p); });
    want_it->second.for_each([&](const SeriesPoint& p) { want.push_back(p); });
    ASSERT_EQ(got.size(), want.size()) << series[i].metric << " " << series[i].statistic;
    for (std::size_t k = 0; k < got.size(); ++k) {
      EXPECT_EQ(got[k].t, want[k].t) << series[i].metric << " point " << k;
      EXPECT_EQ(got[k].value, want[k].value) << series[i].metric << " point " << k;
    }
    thinned = thinned || series[i].points.stride() > 1;
  }
  EXPECT_GT(reference.samples, 4096u) << "fewer samples than the recorder logs before adding them";
  EXPECT_TRUE(thinned) << "no series reached the bound";
}

}  // namespace
}  // namespace drill::report
