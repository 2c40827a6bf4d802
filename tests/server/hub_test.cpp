// The hub: what the simulation side publishes is what the network side
// reads, within the documented bounds, and the two sides may run on
// different threads (this binary runs under ThreadSanitizer in the tsan
// preset).
#include "models/entity_kinds.hpp"
#include "server/hub.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>

#include "core/metrics/collector.hpp"
#include "report/dashboard_json.hpp"

namespace drill::server {
namespace {

namespace cm = core::metrics;

/// What the simulation side publishes of collector `c` at `t_us`: the
/// changes since its previous read.
Publication publication_of(cm::Collector& c, std::int64_t t_us) {
  const cm::Changes& ch = c.changes(core::SimTime::from_ticks(t_us));
  Publication p;
  p.now_us = t_us;
  p.sample.emplace(SampleCopy{ch.time(), ch.since(), ch.shared_catalog(), {ch.changed().begin(), ch.changed().end()}});
  return p;
}

/// A collector with one counter per unit, `units` units.
struct Source {
  explicit Source(int units) {
    const cm::MeasureId m = c.describe(cm::Descriptor{.name = "sorties_flown",
                                                      .unit = cm::Unit::none,
                                                      .help = "Sorties flown.",
                                                      .labels = {models::kind::unit},
                                                      .kind = cm::InstrumentKind::counter});
    for (int i = 0; i < units; ++i) {
      const models::UnitId u = c.names().add<models::kind::unit>("u" + std::to_string(i));
      counters.push_back(&c.counter(m, {u}));
    }
  }
  Publication read(std::int64_t t_us) { return publication_of(c, t_us); }
  cm::Collector c{models::entity_kinds()};
  std::vector<cm::Counter*> counters;
};

std::size_t count_of(const std::string& text, std::string_view what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST(Hub, SeriesHoldThePublishedPointsAndSinceFilters) {
  Hub hub;
  Source s(2);
  hub.publish(s.read(0));
  s.counters[0]->add(3);
  hub.publish(s.read(3600));
  const std::string all = hub.series_json("drill_sorties_flown_total", {{"unit", "u0"}}, std::nullopt);
  EXPECT_NE(all.find("\"points\":[[0,0],[3600,3]]"), std::string::npos) << all;
  EXPECT_EQ(count_of(all, "\"metric\""), 1u);
  const std::string later = hub.series_json("drill_sorties_flown_total", {{"unit", "u0"}}, 0);
  EXPECT_NE(later.find("\"points\":[[3600,3]]"), std::string::npos) << later;
  // u1 did not change: its series holds its first point only.
  const std::string u1 = hub.series_json("drill_sorties_flown_total", {{"unit", "u1"}}, std::nullopt);
  EXPECT_NE(u1.find("\"points\":[[0,0]]"), std::string::npos) << u1;
  EXPECT_NE(hub.metrics_text().find("drill_sorties_flown_total{unit=\"u0\"} 3"), std::string::npos);
}

TEST(Hub, SeriesAreThinnedToTheirBoundKeepingFirstAndLatest) {
  Hub hub(HubBounds{.max_points_per_series = 10});
  Source s(1);
  for (int i = 0; i < 1000; ++i) {
    s.counters[0]->add(1);
    hub.publish(s.read(i));
  }
  const std::string j = hub.series_json("drill_sorties_flown_total", {}, std::nullopt);
  const std::size_t points = count_of(j, "],[") + 1;
  EXPECT_LE(points, 11u) << j;  // the bound, plus the latest point
  EXPECT_GE(points, 5u) << j;
  EXPECT_NE(j.find("[[0,1]"), std::string::npos) << j;       // the first
  EXPECT_NE(j.find("[999,1000]]"), std::string::npos) << j;  // the latest
}

TEST(Hub, AnUpdateCarriesTheLatestPointOfEachSeriesThatChanged) {
  Hub hub(HubBounds{.max_points_per_series = 10});
  Source s(3);
  Subscription sub;
  sub.all_metrics = true;
  hub.publish(s.read(0));
  hub.take({&sub});
  for (int i = 1; i <= 1000; ++i) {
    s.counters[0]->add(1);
    if (i == 500) s.counters[2]->add(7);
    hub.publish(s.read(i));
  }
  const Hub::Take t = hub.take({});
  // One point per series that changed, its latest, with its time; u1 did
  // not change and is left out.
  ASSERT_EQ(t.update->points.size(), 2u);
  EXPECT_EQ(t.update->points[0].series, 0u);
  EXPECT_EQ(t.update->points[0].t_us, 1000);
  EXPECT_EQ(t.update->points[0].value, 1000.0);
  EXPECT_EQ(t.update->points[1].series, 2u);
  EXPECT_EQ(t.update->points[1].t_us, 500);
  EXPECT_EQ(t.update->points[1].value, 7.0);
  // The points in between are the store's, for GET /api/series?since=.
  const std::string between = hub.series_json("drill_sorties_flown_total", {{"unit", "u0"}}, 0);
  EXPECT_GE(count_of(between, "],[") + 1, 5u) << between;
  EXPECT_TRUE(hub.take({}).update->points.empty());  // nothing changed since
}

TEST(Hub, WithAnOddBoundThePointThatThinsASeriesStaysItsLatest) {
  Hub hub(HubBounds{.max_points_per_series = 5});
  Source s(1);
  Subscription sub;
  sub.all_metrics = true;
  hub.take({&sub});
  for (int i = 0; i < 6; ++i) {  // the sixth point thins the five kept
    s.counters[0]->add(1);
    hub.publish(s.read(i));
  }
  const Hub::Take t = hub.take({});
  ASSERT_EQ(t.update->points.size(), 1u);
  EXPECT_EQ(t.update->points[0].t_us, 5);
  EXPECT_EQ(t.update->points[0].value, 6.0);
  const std::string j = hub.series_json("drill_sorties_flown_total", {}, std::nullopt);
  EXPECT_NE(j.find("[5,6]]"), std::string::npos) << j;
}

TEST(Hub, TimelineIsBoundedAndPagedWithACursor) {
  Hub hub(HubBounds{.max_activity_rows = 5});
  Publication p;
  for (std::uint64_t id = 0; id < 8; ++id)
    p.rows.push_back(ActivityRow{.id = id, .unit = 1, .kind = 0, .start_us = static_cast<std::int64_t>(id) * 10});
  hub.publish(std::move(p));
  // Rows 0..2 are forgotten; 3..7 remain, two per page.
  EXPECT_EQ(hub.timeline_json(0, 2), "{\"activities\":[[3,1,0,30,null,null],[4,1,0,40,null,null]],\"next\":5}");
  EXPECT_EQ(hub.timeline_json(5, 2), "{\"activities\":[[5,1,0,50,null,null],[6,1,0,60,null,null]],\"next\":7}");
  EXPECT_EQ(hub.timeline_json(7, 2), "{\"activities\":[[7,1,0,70,null,null]],\"next\":null}");
  // An ended row replaces the one it ends.
  Publication end;
  end.rows.push_back(ActivityRow{.id = 6, .unit = 1, .kind = 0, .start_us = 60, .end_us = 65, .related = "firth"});
  hub.publish(std::move(end));
  EXPECT_EQ(hub.timeline_json(6, 1), "{\"activities\":[[6,1,0,60,65,\"firth\"]],\"next\":7}");
}

TEST(Hub, MessageEventsAreNamedBoundedAndPagedWithTheirOwnCursor) {
  Hub hub(HubBounds{.max_message_rows = 3, .max_push_messages = 2});
  hub.set_network({"hq", "argyll", "tidespring"}, {"fleet_satcom"});
  Publication p;
  for (std::uint32_t i = 0; i < 4; ++i)
    p.messages.push_back(MessageRow{.t_us = 100 * i,
                                    .event = static_cast<std::uint8_t>(i % 2 == 0 ? 0 : 4),  // created, delivered
                                    .type = 4,                                            // logistics_status
                                    .node = i % 2 == 0 ? 1u : 0u,
                                    .destination = i % 2 == 0 ? 1u : 0u,
                                    .link = i % 2 == 0 ? MessageRow::kNoMessageLink : 0u,
                                    .attempt = 0,
                                    .message = 10 + i / 2});
  hub.publish(std::move(p));
  // Without asking, the timeline has activities only.
  EXPECT_EQ(hub.timeline_json(0, 10), "{\"activities\":[],\"next\":null}");
  // Ids are given in order; event 0 is forgotten (three kept), two a page.
  EXPECT_EQ(hub.timeline_json(0, 2, 0),
            "{\"activities\":[],\"next\":null,\"messages\":["
            "[1,100,\"delivered\",\"logistics_status\",\"hq\",\"hq\",\"fleet_satcom\",0,10],"
            "[2,200,\"created\",\"logistics_status\",\"argyll\",\"argyll\",null,0,11]],\"next_message\":3}");
  EXPECT_EQ(hub.timeline_json(0, 2, 3),
            "{\"activities\":[],\"next\":null,\"messages\":["
            "[3,300,\"delivered\",\"logistics_status\",\"hq\",\"hq\",\"fleet_satcom\",0,11]],\"next_message\":null}");
  // A push carries the events since the last one still held, oldest
  // first, up to its bound; the rest are counted (event 0, forgotten, and
  // event 3), and the cursor names where the timeline has them.
  const Hub::Take t = hub.take({});
  EXPECT_EQ(t.update->messages_skipped, 2u);
  EXPECT_EQ(t.update->message_count, 2u);
  EXPECT_EQ(t.update->messages_next, 3u);
  EXPECT_EQ(t.update->messages_json,
            "[1,100,\"delivered\",\"logistics_status\",\"hq\",\"hq\",\"fleet_satcom\",0,10],"
            "[2,200,\"created\",\"logistics_status\",\"argyll\",\"argyll\",null,0,11]");
  const Hub::Take next = hub.take({});
  EXPECT_TRUE(next.update->messages_json.empty());
  EXPECT_EQ(next.update->messages_skipped, 0u);
  EXPECT_FALSE(next.update->messages_next);
}

TEST(Hub, TracksAreThinnedToTheirBoundAndPushedAndInTheSnapshot) {
  Hub hub(HubBounds{.max_track_points = 4});
  Subscription sub;
  sub.tracks = true;
  const Subscription without;
  // Before any sample the document has no tracks (a page keeps its own).
  EXPECT_EQ(hub.dashboard_json().find("\"tracks\""), std::string::npos);
  (void)hub.take({&sub});  // a client listens from here on
  Publication p;
  for (std::int64_t i = 0; i < 6; ++i) p.tracks.push_back(TrackPoint{models::ShipId(7), i * 10, 60.0 + i * 0.1234567, -1.0});
  p.tracks.push_back(TrackPoint{models::ShipId(3), 0, 50.0, 2.0});
  hub.publish(std::move(p));
  const Hub::Take t = hub.take({&sub, &without});
  ASSERT_EQ(t.update->tracks.size(), 2u);  // each ship's latest position
  std::string pushed;
  append_tracks_json(pushed, t.update->tracks);
  EXPECT_EQ(pushed, "[{\"unit\":7,\"points\":[[50,60.617284,-1]]},{\"unit\":3,\"points\":[[0,50,2]]}]");
  // The store thinned ship 7 at its fifth point (every second kept, and the
  // latest), then took the sixth.
  const std::string doc = *t.snapshots[0];
  EXPECT_NE(doc.find("\"tracks\":[{\"unit\":7,\"points\":[[0,60,-1],[20,60.246913,-1],[40,60.493827,-1],"
                     "[50,60.617284,-1]]},{\"unit\":3,\"points\":[[0,50,2]]}]"),
            std::string::npos)
      << doc;
  // A subscription without tracks has none in its snapshot.
  EXPECT_EQ(t.snapshots[1]->find("\"tracks\""), std::string::npos) << *t.snapshots[1];
  EXPECT_TRUE(hub.take({}).update->tracks.empty());
}

TEST(Hub, ASnapshotAndTheUpdatesAfterItNeitherOverlapNorLeaveAGap) {
  Hub hub;
  Source s(1);
  hub.publish(s.read(0));
  Subscription sub;
  sub.all_metrics = true;
  Hub::Take first = hub.take({&sub});
  ASSERT_EQ(first.snapshots.size(), 1u);
  EXPECT_NE(first.snapshots[0]->find("\"points\":[[0,0]]"), std::string::npos) << *first.snapshots[0];
  EXPECT_EQ(first.snapshot_series[0].size(), 1u);
  s.counters[0]->add(2);
  hub.publish(s.read(10));
  Hub::Take second = hub.take({});
  ASSERT_EQ(second.update->points.size(), 1u);  // only the point after the snapshot
  EXPECT_EQ(second.update->points[0].t_us, 10);
  EXPECT_EQ(second.update->points[0].value, 2.0);
  EXPECT_FALSE(second.update->ended);
  hub.finish(RunState::completed, "00ff", 7, 1.0);
  EXPECT_TRUE(hub.take({}).update->ended);
}

TEST(Hub, RowsInAnUpdateAreBoundedWithACursorForTheRest) {
  Hub hub(HubBounds{.max_push_rows = 2});
  hub.take({});
  Publication p;
  for (std::uint64_t id = 0; id < 5; ++id)
    p.rows.push_back(ActivityRow{.id = id, .unit = 1, .kind = 0, .start_us = static_cast<std::int64_t>(id) * 10});
  hub.publish(std::move(p));
  const Hub::Take t = hub.take({});
  ASSERT_EQ(t.update->rows.size(), 2u);
  EXPECT_EQ(t.update->rows[0].id, 0u);
  EXPECT_EQ(t.update->rows[1].id, 1u);
  EXPECT_EQ(t.update->rows_next, 2u);  // rows 2..4: GET /api/timeline?since=2
  // A row touched twice comes once, in its state now.
  Publication q;
  q.rows.push_back(ActivityRow{.id = 1, .unit = 1, .kind = 0, .start_us = 10, .end_us = 15});
  q.rows.push_back(ActivityRow{.id = 5, .unit = 1, .kind = 0, .start_us = 50});
  q.rows.push_back(ActivityRow{.id = 5, .unit = 1, .kind = 0, .start_us = 50, .end_us = 55});
  hub.publish(std::move(q));
  const Hub::Take u = hub.take({});
  ASSERT_EQ(u.update->rows.size(), 2u);
  EXPECT_EQ(u.update->rows[0].end_us, 15);
  EXPECT_EQ(u.update->rows[1].id, 5u);
  EXPECT_EQ(u.update->rows[1].end_us, 55);
  EXPECT_FALSE(u.update->rows_next);
}

TEST(Hub, ManyRowsBetweenTwoTakesKeepTheJournalBounded) {
  Hub hub(HubBounds{.max_activity_rows = 10, .max_push_rows = 100});
  hub.take({});
  for (std::uint64_t id = 0; id < 50000; ++id) {
    Publication p;
    p.rows.push_back(ActivityRow{.id = id, .unit = 1, .kind = 0, .start_us = static_cast<std::int64_t>(id)});
    hub.publish(std::move(p));
  }
  // The journal holds ids of rows still kept, about twice the rows' bound
  // at most (plus its slack), not one per row published.
  EXPECT_LT(hub.memory_estimate(), 200'000u);
  const Hub::Take t = hub.take({});
  ASSERT_EQ(t.update->rows.size(), 10u);  // the rows still held
  EXPECT_EQ(t.update->rows.front().id, 49990u);
  EXPECT_FALSE(t.update->rows_next);
}

TEST(Hub, TheRecorderDocumentReplacesTheHubsOwn) {
  Hub hub;
  EXPECT_NE(hub.dashboard_json().find("\"format\":\"drillsim-dashboard\""), std::string::npos);
  hub.set_dashboard(std::make_shared<const std::string>("{\"format\":\"drillsim-dashboard\",\"recorded\":true}"));
  EXPECT_EQ(hub.dashboard_json(), "{\"format\":\"drillsim-dashboard\",\"recorded\":true}");
}

// The hub's series entries are the document's (report/dashboard-data.md):
// each row stem with its statistic (a time-weighted measure's value and
// its integral are two entries, told apart by it; a count has no unit),
// and the reference levels, which only the drill file knows, taken from
// the recorder's document handed in, for the series known and those to
// come alike. The pace the run is served at is in /api/dashboard's `run`.
TEST(Hub, SeriesCarryTheirStatisticAndTheDocumentsReferenceLevels) {
  cm::Collector c{models::entity_kinds()};
  const cm::MeasureId fuel = c.describe(cm::Descriptor{.name = "ship_fuel",
                                                       .unit = cm::Unit::tonnes,
                                                       .help = "Fuel on board.",
                                                       .labels = {models::kind::unit},
                                                       .kind = cm::InstrumentKind::time_weighted});
  const cm::MeasureId wait = c.describe(cm::Descriptor{.name = "wait_time",
                                                       .unit = cm::Unit::seconds,
                                                       .help = "Waits.",
                                                       .labels = {},
                                                       .kind = cm::InstrumentKind::tally});
  (void)c.time_weighted(fuel, {c.names().add<models::kind::unit>("argyll")});
  (void)c.tally(wait, {});
  Hub hub;
  hub.set_pace(3600.0);
  hub.publish(publication_of(c, 0));
  const std::string series = hub.series_json("drill_ship_fuel_tonnes", {}, std::nullopt);
  EXPECT_NE(series.find("\"metric\":\"drill_ship_fuel_tonnes\",\"measure\":\"ship_fuel\",\"statistic\":\"value\","
                        "\"unit\":\"t\""),
            std::string::npos)
      << series;
  const std::string integral = hub.series_json("drill_ship_fuel_integral_tonnes_seconds", {}, std::nullopt);
  EXPECT_NE(integral.find("\"statistic\":\"integral\""), std::string::npos) << integral;
  const std::string count = hub.series_json("drill_wait_time_seconds_count", {}, std::nullopt);
  EXPECT_NE(count.find("\"statistic\":\"count\",\"unit\":\"\""), std::string::npos) << count;
  EXPECT_EQ(series.find("reference"), std::string::npos);  // not known yet
  // The recorder's document: the levels of the ship's fuel (value only).
  hub.set_dashboard(std::make_shared<const std::string>(
      "{\"format\":\"drillsim-dashboard\",\"version\":1,\"run\":{\"drill\":\"d\",\"pace\":null,\"now_us\":0},"
      "\"measures\":[],\"series\":[{\"metric\":\"drill_ship_fuel_tonnes\",\"measure\":\"ship_fuel\","
      "\"statistic\":\"value\",\"unit\":\"t\",\"kind\":\"time_weighted\",\"help\":\"Fuel [\\\"on\\\" board].\","
      "\"labels\":{\"unit\":\"argyll\"},\"points\":[[0,250]],\"reference\":{\"capacity\":375,\"critical\":75}},"
      "{\"metric\":\"drill_tanker_fuel_tonnes\",\"measure\":\"tanker_fuel\",\"statistic\":\"value\",\"unit\":\"t\","
      "\"kind\":\"gauge\",\"help\":\"\",\"labels\":{\"unit\":\"wave\\u00e9\"},\"points\":[],"
      "\"reference\":{\"capacity\":90}}],\"aggregate\":null}"));
  const std::string levels = ",\"reference\":{\"capacity\":375,\"critical\":75}}";
  EXPECT_NE(hub.series_json("drill_ship_fuel_tonnes", {}, std::nullopt).find("[[0,0]]" + levels), std::string::npos)
      << hub.series_json("drill_ship_fuel_tonnes", {}, std::nullopt);
  EXPECT_EQ(hub.series_json("drill_ship_fuel_integral_tonnes_seconds", {}, std::nullopt).find("reference"),
            std::string::npos);
  Subscription all;
  all.all_metrics = true;
  const Hub::Take t = hub.take({&all});
  EXPECT_NE(t.snapshots[0]->find("\"statistic\":\"value\""), std::string::npos) << *t.snapshots[0];
  EXPECT_NE(t.snapshots[0]->find(levels), std::string::npos) << *t.snapshots[0];
  // A series that comes later (a name the document escapes) has its levels
  // from the start.
  (void)c.gauge(c.describe(cm::Descriptor{.name = "tanker_fuel",
                                          .unit = cm::Unit::tonnes,
                                          .help = "Tanker fuel.",
                                          .labels = {models::kind::unit},
                                          .kind = cm::InstrumentKind::gauge}),
                {c.names().add<models::kind::unit>("wave\u00e9")});
  hub.publish(publication_of(c, 10));
  const Hub::Take later = hub.take({&all});
  ASSERT_FALSE(later.update->new_series.empty());
  EXPECT_EQ(later.update->new_series.back()->metric, "drill_tanker_fuel_tonnes");
  EXPECT_EQ(later.update->new_series.back()->reference, "{\"capacity\":90}");
  // The document's run is served with the pace the run goes at.
  EXPECT_NE(hub.dashboard_json().find("\"run\":{\"drill\":\"d\",\"pace\":3600,\"now_us\":0}"), std::string::npos)
      << hub.dashboard_json();
}

// A set of replications publishes neither units nor rows: once its
// document is handed in, the hub's snapshot, timeline and aggregate are
// those of the replication shown in detail, as report.html has them (row
// id = the document's index); and /api/summary is that replication's
// summary as a single run of it reports it, not a stopped run's.
TEST(Hub, ASetServesTheUnitsRowsAndAggregateOfItsDocument) {
  Hub hub;
  RunFacts facts;
  facts.replications = 3;
  facts.manifest.config_sha256 = std::string(64, 'a');
  hub.set_facts(std::move(facts));
  const std::string aggregate = "{\"replications\":3,\"measures\":[{\"name\":\"x\",\"values\":[1,2,3]}]}";
  hub.set_dashboard(std::make_shared<const std::string>(
      "{\"format\":\"drillsim-dashboard\",\"version\":1,\"run\":{\"status\":\"completed\"},\"units\":["
      "{\"name\":\"argyll\",\"kind\":\"ship\",\"class\":\"type23\",\"group\":\"argyll\",\"base\":null},"
      "{\"name\":\"801nas-1\",\"kind\":\"aircraft\",\"class\":\"f35b\",\"group\":\"801nas\",\"base\":\"pwls\"}],"
      "\"activity_kinds\":[\"transit\"],\"activities\":[[0,0,0,5,null],[1,4,3,9,\"pwls\"],[0,1,7,null,\"box\"]],"
      "\"series\":[],\"network\":null,\"aggregate\":" +
      aggregate + "}"));
  hub.finish(RunState::completed, "00ff00ff00ff00ff", 300, 1.0);
  EXPECT_EQ(hub.timeline_json(1, 10),
            "{\"activities\":[[1,1,4,3,9,\"pwls\"],[2,0,1,7,null,\"box\"]],\"next\":null}");
  Subscription page;
  page.all_metrics = page.timeline = true;
  const std::string snapshot = *hub.take({&page}).snapshots[0];
  EXPECT_NE(snapshot.find("\"units\":[{\"name\":\"argyll\",\"kind\":\"ship\",\"class\":\"type23\","
                          "\"group\":\"argyll\",\"base\":null},{\"name\":\"801nas-1\""),
            std::string::npos)
      << snapshot;
  EXPECT_NE(snapshot.find("\"activities\":[[0,0,0,5,null],[1,4,3,9,\"pwls\"],[0,1,7,null,\"box\"]]"),
            std::string::npos)
      << snapshot;
  EXPECT_NE(snapshot.find("\"aggregate\":" + aggregate + "}}"), std::string::npos) << snapshot;
  // Before the shown replication has finished: a stopped run's summary so
  // far; after: its own.
  EXPECT_NE(hub.summary_json().find("RUN_STATUS_STOPPED"), std::string::npos);
  hub.set_shown_run(Hub::ShownRun{.fingerprint = 0x41de781465a281e4, .events = 100, .end_us = 7200000000, .completed = true});
  const std::string summary = hub.summary_json();
  EXPECT_NE(summary.find("\"fingerprint\": \"41de781465a281e4\""), std::string::npos) << summary;
  EXPECT_NE(summary.find("\"events\": \"100\""), std::string::npos) << summary;
  EXPECT_NE(summary.find("RUN_STATUS_COMPLETED"), std::string::npos) << summary;
}

/// A collector with a headline count (unlabelled) and a count per unit
/// that is no headline.
struct HeadlineSource {
  HeadlineSource() {
    const cm::MeasureId total = c.describe(cm::Descriptor{.name = "sorties_flown",
                                                          .unit = cm::Unit::none,
                                                          .help = "Sorties flown.",
                                                          .labels = {},
                                                          .kind = cm::InstrumentKind::counter,
                                                          .headline = cm::Headline::yes});
    const cm::MeasureId per_unit = c.describe(cm::Descriptor{.name = "sorties_planned",
                                                             .unit = cm::Unit::none,
                                                             .help = "Sorties planned.",
                                                             .labels = {models::kind::unit},
                                                             .kind = cm::InstrumentKind::counter});
    flown = &c.counter(total, {});
    planned = &c.counter(per_unit, {c.names().add<models::kind::unit>("u0")});
  }
  Publication read(std::int64_t t_us) { return publication_of(c, t_us); }
  cm::Collector c{models::entity_kinds()};
  cm::Counter* flown = nullptr;
  cm::Counter* planned = nullptr;
};

TEST(HubMeasures, APublishedSampleYieldsTheReportsHeadlineMeasures) {
  Hub hub;
  HeadlineSource s;
  EXPECT_EQ(hub.measures_json(), nullptr);  // no sample yet
  EXPECT_EQ(hub.dashboard_json().find("\"measures\""), std::string::npos);
  hub.publish(s.read(0));
  s.flown->add(3);
  hub.publish(s.read(3600));
  // The report's rendering of the same instruments.
  const cm::Snapshot now = s.c.snapshot(core::SimTime::from_ticks(3600));
  const std::string expected = report::measures_json(&now);
  ASSERT_NE(hub.measures_json(), nullptr);
  EXPECT_EQ(*hub.measures_json(), expected);
  EXPECT_NE(expected.find("\"name\":\"drill_sorties_flown_total\""), std::string::npos) << expected;
  EXPECT_NE(expected.find("\"value\":3,\"display\":\"3\""), std::string::npos) << expected;
  // In the hub's own document and in a snapshot, after the run member.
  EXPECT_NE(hub.dashboard_json().find("},\"measures\":" + expected + ","), std::string::npos) << hub.dashboard_json();
  Subscription sub;
  const Hub::Take t = hub.take({&sub});
  EXPECT_NE(t.snapshots[0]->find("\"measures\":" + expected), std::string::npos) << *t.snapshots[0];
  // The recorder's document of a running run: its empty member holds them.
  hub.set_dashboard(std::make_shared<const std::string>(
      "{\"format\":\"drillsim-dashboard\",\"run\":{\"drill\":\"d\"},\"measures\":[],\"plan\":{}}"));
  EXPECT_EQ(hub.dashboard_json(),
            "{\"format\":\"drillsim-dashboard\",\"run\":{\"drill\":\"d\"},\"measures\":" + expected + ",\"plan\":{}}");
  // A document with measures of its own (the final one) is served as it is.
  const std::string final_doc = "{\"format\":\"drillsim-dashboard\",\"run\":{},\"measures\":[{\"x\":1}],\"plan\":{}}";
  hub.set_dashboard(std::make_shared<const std::string>(final_doc));
  EXPECT_EQ(hub.dashboard_json(), final_doc);
  // So is the recorder's document once the run has ended.
  hub.set_dashboard(std::make_shared<const std::string>("{\"run\":{},\"measures\":[]}"));
  hub.finish(RunState::completed, "00ff", 7, 1.0);
  EXPECT_EQ(hub.dashboard_json(), "{\"run\":{},\"measures\":[]}");
}

TEST(HubMeasures, AnUpdateCarriesTheMeasuresOnlyWhenTheyChanged) {
  Hub hub;
  HeadlineSource s;
  hub.publish(s.read(0));
  const Hub::Take first = hub.take({});
  ASSERT_NE(first.update->measures, nullptr);  // the first take: new to every client
  EXPECT_NE(first.update->measures->find("\"value\":0,"), std::string::npos) << *first.update->measures;
  // A sample where no headline value changed: no measures.
  s.planned->add(4);
  hub.publish(s.read(100));
  const Hub::Take same = hub.take({});
  EXPECT_EQ(same.update->points.size(), 1u);  // the per-unit series did change
  EXPECT_EQ(same.update->measures, nullptr);
  // Two samples that change one between two takes: the latest, once.
  s.flown->add(1);
  hub.publish(s.read(200));
  s.flown->add(1);
  hub.publish(s.read(300));
  const Hub::Take changed = hub.take({});
  ASSERT_NE(changed.update->measures, nullptr);
  EXPECT_NE(changed.update->measures->find("\"value\":2,"), std::string::npos) << *changed.update->measures;
  EXPECT_EQ(hub.take({}).update->measures, nullptr);
}

TEST(HubMeasures, AReplicationSetHasNoLiveMeasures) {
  Hub hub;
  RunFacts facts;
  facts.replications = 3;
  hub.set_facts(std::move(facts));
  HeadlineSource s;
  s.flown->add(1);
  hub.publish(s.read(10));
  EXPECT_EQ(hub.measures_json(), nullptr);
  EXPECT_EQ(hub.take({}).update->measures, nullptr);
  EXPECT_EQ(hub.dashboard_json().find("\"measures\""), std::string::npos);
}

TEST(Hub, TheFinalSummaryIsTheTextHandedIn) {
  Hub hub;
  hub.finish(RunState::completed, "0123456789abcdef", 10, 2.0, std::make_shared<const std::string>("{\"x\":1}\n"));
  EXPECT_EQ(hub.summary_json(), "{\"x\":1}\n");
  EXPECT_NE(hub.run_json().find("\"fingerprint\":\"0123456789abcdef\""), std::string::npos);
  EXPECT_NE(hub.run_json().find("\"status\":\"completed\""), std::string::npos);
}

// Publishing on one thread while another reads and takes: ThreadSanitizer
// checks the hub's locking; the reader checks it sees time go forward.
TEST(HubThreads, PublishingAndReadingRunOnDifferentThreads) {
  Hub hub(HubBounds{.max_points_per_series = 64, .max_activity_rows = 100});
  std::atomic<bool> done{false};
  std::thread sim([&] {
    Source s(20);
    for (int i = 0; i < 2000; ++i) {
      s.counters[static_cast<std::size_t>(i % 20)]->add(1);
      Publication p = s.read(i);
      p.rows.push_back(ActivityRow{.id = static_cast<std::uint64_t>(i), .unit = 0, .kind = 1, .start_us = i});
      hub.publish(std::move(p));
    }
    hub.finish(RunState::completed, "ab", 2000, 1.0);
    done = true;
  });
  Subscription sub;
  sub.all_metrics = true;
  sub.timeline = true;
  std::size_t points = 0;
  bool ended = false;
  while (!ended) {
    const Hub::Take t = hub.take({&sub});
    for (const auto& p : t.update->points) EXPECT_GE(p.t_us, 0);
    points += t.update->points.size();
    ended = t.update->ended;
    EXPECT_FALSE(hub.metrics_text().empty());
    EXPECT_FALSE(hub.timeline_json(0, 10).empty());
    EXPECT_FALSE(hub.summary_json().empty());
  }
  sim.join();
  EXPECT_TRUE(done);
  EXPECT_GT(points, 0u);
}


namespace queued {

models::ActivityRecord activity(std::int64_t t_us, std::uint32_t unit, models::Activity kind, models::ActivityEdge edge,
                            std::optional<cm::EntityRef> related = std::nullopt) {
  return models::ActivityRecord{core::SimTime::from_ticks(t_us), cm::EntityRef{models::kind::unit, unit}, kind, edge,
                            related};
}

/// What a client and a scraper read of a hub.
std::string everything(Hub& hub) {
  Subscription sub;
  sub.all_metrics = true;
  sub.timeline = true;
  sub.messages = true;
  std::string all = hub.series_json("drill_sorties_flown_total", {}, std::nullopt);
  all += hub.timeline_json(0, 1000, 0);
  const Hub::Take t = hub.take({&sub});
  all += *t.snapshots[0];
  std::string::size_type wall = 0;
  // The wall time differs from hub to hub; everything else may not.
  while ((wall = all.find("\"wall_seconds\":", wall)) != std::string::npos) {
    const auto end = all.find_first_of(",}", wall);
    all.erase(wall, end - wall);
  }
  const std::string prom = hub.metrics_text();
  return all + prom.substr(prom.find("drill_sorties_flown_total"));
}

}  // namespace queued

// Boundaries queued by the simulation side and applied later (by whoever
// reads, or by the server's thread) leave the hub as boundaries applied at
// once: the same series, rows (paired from the records, named), messages.
TEST(HubQueue, QueuedBoundariesGiveWhatBoundariesAppliedAtOnceGive) {
  using queued::activity;
  Hub direct(HubBounds{.max_points_per_series = 8});
  Hub later(HubBounds{.max_points_per_series = 8});
  Source a(3), b(3);
  cm::NameTable names{models::entity_kinds()};
  names.add<models::kind::unit>("argyll");
  names.add<models::kind::unit>("tidespring");
  const cm::EntityRef berth = cm::EntityRef{models::kind::base, names.add(models::kind::base, "faslane")};
  later.set_names(names);
  later.set_activity_units({1, Hub::kNoActivityUnit});  // unit 0 shows as units[1]; unit 1 is not shown
  later.set_network({"hq", "argyll"}, {"fleet_satcom"});
  direct.set_network({"hq", "argyll"}, {"fleet_satcom"});
  (void)direct.take({}, true);
  (void)later.take({}, true);
  for (int i = 0; i < 40; ++i) {
    a.counters[static_cast<std::size_t>(i % 3)]->add(i);
    b.counters[static_cast<std::size_t>(i % 3)]->add(i);
    Publication p = a.read(i * 10);
    p.events = static_cast<std::uint64_t>(i);
    std::vector<models::ActivityRecord> records;
    if (i % 4 == 0) {
      records.push_back(activity(i * 10, 0, models::Activity::waiting_for_resource, models::ActivityEdge::start, berth));
      records.push_back(activity(i * 10, 1, models::Activity::transit, models::ActivityEdge::start));  // not shown
      p.rows.push_back(ActivityRow{.id = static_cast<std::uint64_t>(i / 4), .unit = 1, .kind = 3,
                                   .start_us = i * 10, .related = "faslane"});
    }
    if (i % 4 == 2) {
      records.push_back(activity(i * 10, 0, models::Activity::waiting_for_resource, models::ActivityEdge::end, berth));
      p.rows.push_back(ActivityRow{.id = static_cast<std::uint64_t>(i / 4), .unit = 1, .kind = 3,
                                   .start_us = (i - 2) * 10, .end_us = i * 10, .related = "faslane"});
    }
    const MessageRow m{.t_us = i * 10, .event = 0, .type = 4, .node = 1, .destination = 0, .message = 7};
    p.messages.push_back(m);
    direct.publish(std::move(p));
    const cm::Changes& ch = b.c.changes(core::SimTime::from_ticks(i * 10));
    later.publish_boundary(i * 10, static_cast<std::uint64_t>(i), &ch, records, {}, std::span(&m, 1));
  }
  const std::string want = queued::everything(direct);
  EXPECT_NE(want.find("[9,1,3,360,380,\"faslane\"]"), std::string::npos) << want;
  EXPECT_EQ(queued::everything(later), want);
}

// Counters and gauges are queued as bare values, the other kinds whole;
// applied, the two lists give what the whole changes give: the same
// points, values (/metrics) and new series, also when series of every kind
// are made during the run.
TEST(HubQueue, ScalarAndWholeChangesQueuedApartGiveWhatTheWholeChangesGive) {
  struct Mixed {
    Mixed() {
      const auto describe = [&](const char* name, cm::InstrumentKind kind) {
        return c.describe(cm::Descriptor{.name = name, .unit = cm::Unit::none, .help = "A measure.",
                                         .labels = {models::kind::unit}, .kind = kind});
      };
      // Kinds interleaved in catalog order (by measure).
      queue = describe("queue_length", cm::InstrumentKind::time_weighted);
      sorties = describe("sorties_flown", cm::InstrumentKind::counter);
      wait = describe("wait_time", cm::InstrumentKind::tally);
      fuel = describe("fuel", cm::InstrumentKind::gauge);
      delay = describe("delay", cm::InstrumentKind::quantile);
    }
    void add_unit(int i) {
      const models::UnitId u = c.names().add<models::kind::unit>("u" + std::to_string(i));
      counters.push_back(&c.counter(sorties, {u}));
      gauges.push_back(&c.gauge(fuel, {u}));
      levels.push_back(&c.time_weighted(queue, {u}));
      tallies.push_back(&c.tally(wait, {u}));
      quantiles.push_back(&c.quantile(delay, {u}));
    }
    void step(int i) {
      const auto t = core::SimTime::from_ticks(i * 10);
      const std::size_t k = static_cast<std::size_t>(i) % counters.size();
      counters[k]->add(1);
      if (i % 2 == 0) gauges[(k + 1) % gauges.size()]->set(100.0 - i);
      if (i % 3 == 0) levels[k]->set(t, i % 5);
      tallies[(k + 2) % tallies.size()]->add(i * 0.5);
      if (i % 4 == 1) quantiles[k]->add(i);
    }
    cm::Collector c{models::entity_kinds()};
    cm::MeasureId queue, sorties, wait, fuel, delay;
    std::vector<cm::Counter*> counters;
    std::vector<cm::Gauge*> gauges;
    std::vector<cm::TimeWeightedGauge*> levels;
    std::vector<cm::TallyInstrument*> tallies;
    std::vector<cm::QuantileInstrument*> quantiles;
  };
  Hub direct(HubBounds{.max_points_per_series = 8});
  Hub later(HubBounds{.max_points_per_series = 8});
  Mixed a, b;
  for (int u = 0; u < 2; ++u) {
    a.add_unit(u);
    b.add_unit(u);
  }
  Subscription sub;
  sub.all_metrics = true;
  (void)direct.take({&sub}, true);
  (void)later.take({&sub}, true);
  std::string direct_updates, later_updates;
  for (int i = 0; i < 60; ++i) {
    if (i == 25) {  // new series of every kind, between the old ones in catalog order
      a.add_unit(2);
      b.add_unit(2);
    }
    a.step(i);
    b.step(i);
    Publication p = publication_of(a.c, i * 10);
    direct.publish(std::move(p));
    later.publish_boundary(i * 10, 0, &b.c.changes(core::SimTime::from_ticks(i * 10)), {}, {}, {});
    if (i % 10 == 9) {
      const auto names = [](const Update& u) {
        std::string s;
        for (const auto& meta : u.new_series) s += meta->metric + ";";
        for (const auto& pt : u.points) s += std::to_string(pt.series) + "@" + std::to_string(pt.value) + ";";
        return s;
      };
      direct_updates += names(*direct.take({}, true).update);
      later_updates += names(*later.take({}, true).update);
    }
  }
  EXPECT_NE(direct_updates.find("drill_wait_time_mean"), std::string::npos) << direct_updates;
  EXPECT_EQ(later_updates, direct_updates);
  // Everything but the wall time, which differs from hub to hub.
  const auto read = [&](Hub& hub) {
    std::string all = *hub.take({&sub}).snapshots[0];
    for (std::string::size_type at = 0; (at = all.find("\"wall_seconds\":", at)) != std::string::npos;)
      all.erase(at, all.find_first_of(",}", at) - at);
    const std::string prom = hub.metrics_text();
    return all + prom.substr(prom.find("# HELP drill_"));
  };
  const std::string want = read(direct);
  EXPECT_NE(want.find("drill_fuel{unit=\"u2\"}"), std::string::npos) << want;
  EXPECT_NE(want.find("drill_delay"), std::string::npos) << want;
  EXPECT_EQ(read(later), want);
}

// What no client wants (rows without a timeline subscriber, positions
// without a tracks subscriber, message events without a messages one) is
// neither journalled nor put into the update; from the take where a client
// comes to want it (its snapshot), the updates carry it.
TEST(HubInterest, WhatNoClientWantsIsNeitherJournalledNorPushed) {
  Hub hub;
  Source s(1);
  Subscription charts;
  charts.all_metrics = true;
  Subscription page = charts;
  page.timeline = page.tracks = page.messages = true;
  EXPECT_FALSE(Hub::Interest::of({}).listening);
  const Hub::Interest want_charts = Hub::Interest::of({&charts});
  EXPECT_TRUE(want_charts.listening);
  EXPECT_FALSE(want_charts.rows || want_charts.tracks || want_charts.messages);
  const Hub::Interest want_page = Hub::Interest::of({&charts, &page});
  EXPECT_TRUE(want_page.listening && want_page.rows && want_page.tracks && want_page.messages);
  const auto publish = [&](std::int64_t t) {
    s.counters[0]->add(1);
    Publication p = s.read(t);
    p.rows.push_back(ActivityRow{.id = static_cast<std::uint64_t>(t), .unit = 0, .kind = 0, .start_us = t});
    p.tracks.push_back(TrackPoint{models::ShipId(2), t, 50.0, 1.0});
    p.messages.push_back(MessageRow{.t_us = t});
    hub.publish(std::move(p));
  };
  (void)hub.take({&charts}, want_charts);
  publish(0);
  publish(1);
  const Hub::Take charted = hub.take({}, want_page);  // a page client subscribes: its snapshot
  ASSERT_EQ(charted.update->points.size(), 1u);
  EXPECT_EQ(charted.update->points[0].t_us, 1);
  EXPECT_TRUE(charted.update->rows.empty());
  EXPECT_TRUE(charted.update->tracks.empty());
  EXPECT_TRUE(charted.update->messages_json.empty());
  EXPECT_EQ(charted.update->message_count, 0u);
  // Held all the same: the timeline and the store serve them.
  EXPECT_NE(hub.timeline_json(0, 10).find("[1,0,0,1,null,null]"), std::string::npos) << hub.timeline_json(0, 10);
  publish(2);
  const Hub::Take paged = hub.take({}, want_page);
  ASSERT_EQ(paged.update->rows.size(), 1u);  // only what came after the snapshot's take
  EXPECT_EQ(paged.update->rows[0].id, 2u);
  ASSERT_EQ(paged.update->tracks.size(), 1u);
  EXPECT_EQ(paged.update->tracks[0].t_us, 2);
  EXPECT_EQ(paged.update->message_count, 1u);
  EXPECT_EQ(paged.update->messages_json.rfind("[2,2,", 0), 0u) << paged.update->messages_json;
  // Nobody listens: nothing at all is journalled.
  (void)hub.take({}, Hub::Interest::of({}));
  publish(3);
  const Hub::Take quiet = hub.take({}, want_page);
  EXPECT_TRUE(quiet.update->points.empty());
  EXPECT_TRUE(quiet.update->rows.empty());
  EXPECT_TRUE(quiet.update->tracks.empty());
}

// Rows paired from the model's records: a row that started before a take
// and ended after it is in the next update once, in its state now, before
// the rows started since (lowest ids first), each of which comes once
// however often it changed.
TEST(HubInterest, ARowStartedBeforeATakeAndEndedAfterItIsPushedOnceInItsStateNow) {
  using queued::activity;
  Hub hub;
  cm::NameTable names{models::entity_kinds()};
  names.add<models::kind::unit>("argyll");
  names.add<models::kind::unit>("tidespring");
  const cm::EntityRef berth = cm::EntityRef{models::kind::base, names.add(models::kind::base, "faslane")};
  hub.set_names(names);
  hub.set_activity_units({0, 1});
  const auto boundary = [&](std::int64_t t, std::vector<models::ActivityRecord> records) {
    hub.publish_boundary(t, 0, nullptr, records, {}, {});
  };
  (void)hub.take({});
  boundary(15, {activity(10, 0, models::Activity::transit, models::ActivityEdge::start),
                activity(10, 1, models::Activity::waiting_for_resource, models::ActivityEdge::start, berth)});
  const Hub::Take first = hub.take({});
  ASSERT_EQ(first.update->rows.size(), 2u);
  boundary(40, {activity(20, 0, models::Activity::on_station, models::ActivityEdge::start),
                activity(25, 0, models::Activity::on_station, models::ActivityEdge::end),
                activity(30, 1, models::Activity::waiting_for_resource, models::ActivityEdge::end, berth)});
  const Hub::Take second = hub.take({});
  ASSERT_EQ(second.update->rows.size(), 2u);
  EXPECT_EQ(second.update->rows[0].id, 1u);  // started before the take, ended since
  EXPECT_EQ(second.update->rows[0].start_us, 10);
  EXPECT_EQ(second.update->rows[0].end_us, 30);
  EXPECT_EQ(second.update->rows[0].related, "faslane");
  EXPECT_EQ(second.update->rows[1].id, 2u);  // started and ended since: once, ended
  EXPECT_EQ(second.update->rows[1].end_us, 25);
  EXPECT_TRUE(hub.take({}).update->rows.empty());
  EXPECT_EQ(hub.timeline_json(0, 10), "{\"activities\":[[0,0,0,10,null,null],[1,1,3,10,30,\"faslane\"],"
                                      "[2,0,1,20,25,null]],\"next\":null}");
}

// Row ids are the document's indexes (report/dashboard-data.md: rows
// ordered by start, then unit, then kind, then as recorded), whatever the
// order the model recorded rows of the same start in: a row gets its id
// once the run has passed its start (a later boundary) or ended, so ids
// never move. An end closes the latest open row of its kind and related
// entity, as the report's recorder pairs them.
TEST(HubRows, RowIdsFollowTheDocumentsOrderNotTheRecordingOrder) {
  using queued::activity;
  using models::Activity;
  using models::ActivityEdge;
  Hub hub;
  cm::NameTable names{models::entity_kinds()};
  names.add<models::kind::unit>("argyll");
  names.add<models::kind::unit>("tidespring");
  const cm::EntityRef lossie = cm::EntityRef{models::kind::base, names.add(models::kind::base, "lossie")};
  const cm::EntityRef faslane = cm::EntityRef{models::kind::base, names.add(models::kind::base, "faslane")};
  hub.set_names(names);
  hub.set_activity_units({0, 1});
  const auto boundary = [&](std::int64_t t, std::vector<models::ActivityRecord> records) {
    hub.publish_boundary(t, 0, nullptr, records, {}, {});
  };
  // Recorded at one time: unit 1 before unit 0, kind 3 before kind 2; and
  // two open rows of one kind that end in the other order.
  boundary(10, {activity(5, 1, Activity::transit, ActivityEdge::start),
                activity(10, 1, Activity::waiting_for_resource, ActivityEdge::start, lossie),
                activity(10, 1, Activity::refuelling, ActivityEdge::start, lossie),
                activity(10, 0, Activity::waiting_for_resource, ActivityEdge::start, faslane),
                activity(10, 0, Activity::waiting_for_resource, ActivityEdge::start, lossie)});
  // The rows starting at the boundary's time wait: more may start then.
  EXPECT_EQ(hub.timeline_json(0, 10), "{\"activities\":[[0,1,0,5,null,null]],\"next\":null}");
  boundary(20, {activity(12, 0, Activity::waiting_for_resource, ActivityEdge::end, faslane),
                activity(20, 0, Activity::maintenance, ActivityEdge::start)});
  EXPECT_EQ(hub.timeline_json(0, 10),
            "{\"activities\":[[0,1,0,5,null,null],[1,0,3,10,12,\"faslane\"],[2,0,3,10,null,\"lossie\"],"
            "[3,1,2,10,null,\"lossie\"],[4,1,3,10,null,\"lossie\"]],\"next\":null}");
  // At the end every row has its id.
  hub.finish(RunState::completed, "00", 0, 0.0);
  EXPECT_NE(hub.timeline_json(0, 10).find("[5,0,4,20,null,null]]"), std::string::npos) << hub.timeline_json(0, 10);
}

// The queue is handed to another thread once it holds a batch, once until
// that thread applies it; past its bound the publishing thread applies it
// itself, so memory stays bounded when nobody drains.
TEST(HubQueue, TheQueueAsksForADrainAndStaysBoundedWithoutOne) {
  Hub hub(HubBounds{.drain_request_bytes = 8192, .max_queued_bytes = 256 * 1024});  // a boundary: 50 changes, 5.6 KB
  Source s(50);
  int asked = 0;
  hub.set_drain_request([&] { ++asked; });
  const auto publish = [&](int i) {
    for (auto* c : s.counters) c->add(1);
    hub.publish_boundary(i, 0, &s.c.changes(core::SimTime::from_ticks(i)), {}, {}, {});
  };
  std::size_t most = 0;
  for (int i = 0; i < 20; ++i) {
    publish(i);
    most = std::max(most, hub.queued_bytes());
  }
  EXPECT_EQ(asked, 1);  // asked once, not applied yet
  EXPECT_GE(hub.queued_bytes(), 8192u);
  hub.drain();
  EXPECT_EQ(hub.queued_bytes(), 0u);
  publish(20);
  EXPECT_EQ(asked, 1);
  for (int i = 21; i < 40; ++i) publish(i);
  EXPECT_EQ(asked, 2);  // again after the drain
  hub.set_drain_request(nullptr);
  for (int i = 40; i < 2000; ++i) {
    publish(i);
    most = std::max(most, hub.queued_bytes());
  }
  EXPECT_EQ(asked, 2);
  EXPECT_LT(most, std::size_t{256} * 1024);  // applied by the publishing thread at its bound
  const std::string j = hub.series_json("drill_sorties_flown_total", {{"unit", "u0"}}, 1990);
  EXPECT_NE(j.find("[1999,2000]"), std::string::npos) << j;
}

// The queued path across threads as a served run has it: the simulation
// thread queues boundaries, the server's thread applies them when asked and
// reads; ThreadSanitizer checks the two locks.
TEST(HubThreads, QueuedBoundariesAreAppliedByTheReadingThread) {
  Hub hub(HubBounds{.max_points_per_series = 64, .drain_request_bytes = 2048, .max_queued_bytes = 64 * 1024});
  std::atomic<int> asked{0};
  hub.set_drain_request([&] { ++asked; });
  std::thread sim([&] {
    Source s(20);
    cm::NameTable names{models::entity_kinds()};
    names.add<models::kind::unit>("argyll");
    hub.set_names(names);
    hub.set_activity_units({0});
    for (int i = 0; i < 2000; ++i) {
      s.counters[static_cast<std::size_t>(i % 20)]->add(1);
      const models::ActivityRecord r{core::SimTime::from_ticks(i), cm::EntityRef{models::kind::unit, 0},
                                 models::Activity::transit, i % 2 ? models::ActivityEdge::end : models::ActivityEdge::start, std::nullopt};
      hub.publish_boundary(i, static_cast<std::uint64_t>(i), &s.c.changes(core::SimTime::from_ticks(i)),
                           std::span(&r, 1), {}, {});
    }
    hub.finish(RunState::completed, "ab", 2000, 1.0);
  });
  Subscription sub;
  sub.all_metrics = true;
  sub.timeline = true;
  bool ended = false;
  std::int64_t last = -1;
  while (!ended) {
    if (asked.exchange(0) > 0) hub.drain();
    const Hub::Take t = hub.take({&sub});
    for (const auto& p : t.update->points) last = std::max(last, p.t_us);
    ended = t.update->ended;
  }
  sim.join();
  hub.set_drain_request(nullptr);
  EXPECT_EQ(last, 1999);
  EXPECT_EQ(hub.timeline_json(999, 1), "{\"activities\":[[999,0,0,1998,1999,null]],\"next\":null}");
}

}  // namespace
}  // namespace drill::server
