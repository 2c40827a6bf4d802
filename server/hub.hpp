// The hub: what a live server knows about a run, handed from the
// simulation thread to the network thread and nothing else.
//
// The simulation side (HubPublisher, hub_publisher.hpp) publishes at slice
// boundaries: copies of the collector's changes (values, never references
// into the model), activity rows, run progress. The network side reads the
// hub and renders JSON and Prometheus text from those copies; it never sees
// model state.
//
// The simulation thread does the least it can (`publish_boundary`): under
// a lock of its own it appends the boundary's changed series (one copy of
// their values), the units' activity records, the ships' motions that
// changed at a sample and message events to a queue, flat vectors whose
// capacity is kept, so steady state allocates nothing. The queue is
// applied to the hub's state (series stores, thinning, records paired into
// timeline rows and named, the ships' positions worked out into track
// points, the journal) by the network side: every read
// applies it first, and once it holds `drain_request_bytes` the hub asks
// the server's thread to apply it (`set_drain_request`). Applied in order,
// whoever applies it, the hub's state is what applying each boundary at
// once would give. Should the queue reach `max_queued_bytes` (no server,
// or one that lags), the simulation thread applies it itself. One mutex
// guards the state; the queue's lock is taken after it, never before.
//
// Bounds (HubBounds): every series keeps at most `max_points_per_series`
// points (past that it is thinned by keeping every second point, repeatedly,
// as the dashboard document is, so the first point and the spacing stay
// regular; the latest point is always kept); the timeline keeps the latest
// `max_activity_rows` rows and the latest `max_message_rows` message
// events (ids stay absolute; older ones are forgotten).
//
// Pushes coalesce: between two takes the hub notes which series, ships and
// rows changed (a flag and an id each, never the points themselves) and
// where the message events began, so an update holds the latest point of
// each series that changed, the latest position of each ship that moved,
// at most `max_push_rows` rows touched (their state now, lowest ids first)
// and at most `max_push_messages` message events (oldest first); what is
// left out of the rows and the events is named by a cursor for
// GET /api/timeline. An update is therefore bounded by series + ships +
// those two bounds whatever the run does between pushes, and never asks
// clients for a fresh snapshot. Only what some client wants is journalled
// (`Interest`): rows with a timeline subscriber, positions with a tracks
// one, message events with a messages one; the series whenever one
// listens. Rows cost no sort: every row that started since the take is in
// the update (ids are given in the order rows start), and only rows that
// started before it and ended since are listed. So memory is bounded by series x points +
// rows + messages, plus the queue (at most twice `max_queued_bytes`: the
// one filling, the one applied), whatever the length of the run.
//
// The dashboard document (report/dashboard-data.md) is produced elsewhere
// (a recorder of the whole document); whoever produces it hands the hub a
// finished text through `set_dashboard`. Until one does, the hub answers
// /api/dashboard with the parts it holds itself (run, units, activities,
// series).
//
// The headline measures of a single run (the document's `measures`) are
// rendered by the network side from the latest sample, with the report's
// renderer (report::measures_json), once per sample at most: the
// simulation thread only counts samples. While the run goes they go into
// /api/dashboard (in place of the recorder's empty member), into each
// snapshot, and into an update when they differ from those the previous
// take carried. A replication set has none of these (its `aggregate` is
// its measures).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <chrono>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>

#include <vector>

#include "models/activity.hpp"
#include "models/entity_kinds.hpp"
#include "models/geo.hpp"
#include "models/ship.hpp"
#include "core/metrics/changes.hpp"
#include "core/metrics/descriptor.hpp"
#include "core/metrics/entity.hpp"
#include "core/metrics/snapshot.hpp"
#include "io/run_manifest.hpp"
#include "models/task_outcome.hpp"

namespace drill::server {

struct HubBounds {
  std::size_t max_points_per_series = 2000;
  /// All series together: past it each series keeps max_points_total /
  /// series (at least 16), thinned as above.
  std::size_t max_points_total = 500'000;
  std::size_t max_activity_rows = 100000;
  std::size_t max_message_rows = 100000;
  /// Points per ship's track (thinned like a series past it).
  std::size_t max_track_points = 2000;
  /// Rows and message events in one update at most (the rest: a cursor).
  std::size_t max_push_rows = 1000;
  std::size_t max_push_messages = 1000;
  /// Boundaries queued by publish_boundary: past the first the server's
  /// thread is asked to apply them; at the second the simulation thread
  /// applies them itself.
  std::size_t drain_request_bytes = 256 * 1024;
  std::size_t max_queued_bytes = 8 * 1024 * 1024;
};

/// A unit as the dashboard data's `units` describe it.
struct UnitFacts {
  std::string kind;        // "ship" or "aircraft"
  std::string unit_class;  // the ship class or aircraft type
  std::string group;       // the naval unit entry or the squadron
  std::string base;        // an aircraft's base; empty: null
};

/// What does not change while a run goes on.
struct RunFacts {
  std::string drill;
  std::string tool_version;
  std::string config_sha256;
  std::uint64_t seed = 0;
  std::uint64_t replication = 0;
  std::uint64_t replications = 1;
  std::int64_t horizon_us = 0;
  std::optional<std::string> calendar_start;  // ISO 8601, or none
  std::int64_t sample_every_us = 0;
  std::vector<std::string> units;  // index = unit id
  /// What the dashboard data says of each unit besides its name (same
  /// index; empty when only names are known).
  std::vector<UnitFacts> unit_facts;
  io::RunManifest manifest;        // what /api/summary's manifest fields say
};

enum class RunState { running, paused, completed, stopped, failed };
std::string_view to_string(RunState state) noexcept;

/// One activity of a unit (a row of the dashboard's `activities`).
struct ActivityRow {
  std::uint64_t id = 0;
  std::uint32_t unit = 0;
  std::uint8_t kind = 0;  // index into kActivityKinds
  std::int64_t start_us = 0;
  std::optional<std::int64_t> end_us{};
  std::optional<std::string> related{};
};

/// The dashboard's activity kinds, in the order of models::Activity.
inline constexpr std::array<std::string_view, 6> kActivityKinds = {
    "transit", "on_station", "refuelling", "waiting_for_resource", "maintenance", "replenishment_at_sea"};

/// One event of a message copy (a row of the timeline's `messages`): what
/// the trace's message event says, without the message body.
struct MessageRow {
  std::uint64_t id = 0;  // absolute, in the order the events happened
  std::int64_t t_us = 0;
  std::uint8_t event = 0;  // index into kMessageEvents
  std::uint8_t type = 0;   // the payload's field number: index into kMessageTypes
  std::uint32_t node = 0;  // where it happened: a node's index in the run's name table
  std::uint32_t destination = 0;  // the copy's addressee (the origin for `created`)
  std::uint32_t link = kNoMessageLink;  // a link's index in the run's name table
  std::uint32_t attempt = 0;
  std::uint64_t message = 0;  // the envelope's message id
  static constexpr std::uint32_t kNoMessageLink = ~std::uint32_t{0};
};

/// The message event kinds, in the order of models::comms::MessageEventKind.
inline constexpr std::array<std::string_view, 9> kMessageEvents = {
    "created", "queued", "transmitted", "received", "delivered", "dropped", "lost", "expired", "retransmitted"};
/// The message types by their field number in drill.v1.Message's payload.
inline constexpr std::array<std::string_view, 8> kMessageTypes = {
    "", "", "contact_report", "situation_report", "logistics_status", "support_request", "order", "acknowledgement"};

/// A ship's position at a sample where it had moved (a point of the
/// document's `tracks`, whose `unit` is the ship's id).
struct TrackPoint {
  models::ShipId ship;
  std::int64_t t_us = 0;
  double lat_deg = 0;
  double lon_deg = 0;
};

/// A ship's motion from a sample on (Ship::Motion: what its positions
/// follow from); the hub works the ship's track points out of it.
struct ShipMotionChange {
  std::uint32_t index = 0;  // the ship's place in the fleet (DrillModel::ship_motions' order)
  models::ShipId ship;
  models::Ship::Motion motion;
};

/// `[{"unit": u, "points": [[t_us, lat, lon], ...]}, ...]`: the points
/// grouped by ship in the order ships first appear, each ship's points in
/// the order given; degrees to 1e-6 as the document has them.
void append_tracks_json(std::string& out, const std::vector<TrackPoint>& points);

/// A copy of one collector read: what the network side may keep.
struct SampleCopy {
  core::SimTime time;
  core::SimTime since;
  std::shared_ptr<const core::metrics::Catalog> catalog;
  std::vector<core::metrics::Change> changed;
};

/// What one boundary publishes.
struct Publication {
  std::int64_t now_us = 0;
  std::uint64_t events = 0;
  std::optional<SampleCopy> sample;
  std::vector<ActivityRow> rows;  // rows started or ended (their state now)
  std::vector<MessageRow> messages;  // message events since the last boundary, ids unset
  std::vector<TrackPoint> tracks;    // ships that moved since the last sample
};

/// A series as the dashboard names it (one per row stem of timeseries.csv).
struct SeriesMeta {
  std::uint32_t id = 0;
  std::string metric;     // drill_fuel_on_board_tonnes
  std::string measure;    // fuel_on_board
  std::string statistic;  // value, integral, count, mean, max, p50, ...
  std::string unit;       // t, s, ratio, ... ("" for a count)
  std::string kind;       // counter, gauge, ...
  std::string help;
  std::vector<std::pair<std::string, std::string>> labels;  // kind, name
  /// The document's `reference` member's value (`{"critical":75,...}`), as
  /// the report wrote it; empty: none (or not known yet).
  std::string reference;
};

/// A series entry as the document has it, without its points: `"metric":
/// ..., "measure": ..., "statistic": ..., "unit": ..., "kind": ..., "help":
/// ..., "labels": {...}` (no braces), for the hub's entries and an update's
/// new series alike.
void append_series_description(std::string& out, const SeriesMeta& meta);
/// `,"reference":{...}` when the series has reference levels.
void append_series_reference(std::string& out, const SeriesMeta& meta);

/// What changed between two pushes, coalesced; immutable once taken.
struct Update {
  std::string run_json;
  std::vector<std::shared_ptr<const SeriesMeta>> new_series;  // ids in order
  struct Point {
    std::uint32_t series;
    std::int64_t t_us;
    double value;
  };
  std::vector<Point> points;  // the latest point of each series that changed, by series id
  std::vector<ActivityRow> rows;  // the state now of rows started or ended, by id, at most max_push_rows
  /// Rows touched from this id on were left out: GET /api/timeline?since= it.
  std::optional<std::uint64_t> rows_next;
  std::vector<TrackPoint> tracks;  // the latest position of each ship that moved
  /// Message events since the last take, oldest first, rendered
  /// (`[...],[...]`), at most max_push_messages; how many were left out
  /// (forgotten, or past that bound) and, if any are still held, the id
  /// to page from (GET /api/timeline?since_message=).
  std::string messages_json;
  std::uint64_t message_count = 0;  // events in messages_json
  std::uint64_t messages_skipped = 0;
  std::optional<std::uint64_t> messages_next;
  bool ended = false;             // the run ended (in or before this update)
  /// The headline measures (the document's `measures` member, rendered),
  /// when they differ from the previous take's; null: unchanged.
  std::shared_ptr<const std::string> measures;
};

/// Which series and what else a client wants.
struct Subscription {
  bool all_metrics = false;
  std::vector<std::string> metrics;
  std::vector<std::pair<std::string, std::string>> labels;  // all must match
  bool timeline = false;
  bool messages = false;  // message events in each update
  bool tracks = false;    // the ships' tracks (snapshot) and positions (updates)
  bool matches(const SeriesMeta& meta) const;
  bool operator==(const Subscription&) const = default;
};

class Hub {
 public:
  explicit Hub(HubBounds bounds = {});
  Hub(const Hub&) = delete;
  Hub& operator=(const Hub&) = delete;

  // The simulation side.
  void set_facts(RunFacts facts);
  /// The units' names, index = unit id (from the run's name table).
  void set_units(std::vector<std::string> units);
  /// The same with what the dashboard data says of each (same length).
  void set_units(std::vector<std::string> units, std::vector<UnitFacts> facts);
  /// Applies `p` at once (and the queue before it).
  void publish(Publication&& p);
  /// One slice boundary, queued (see above): `changes` is the boundary's
  /// collector read (null: none), valid during the call only; the spans
  /// are copied. `activities` are the units' activity records since the
  /// previous boundary, as the model recorded them; the network side pairs
  /// each end with its start into a row (ids in the document's order:
  /// start, unit, kind, given once a later boundary or the end is applied),
  /// for the units `set_activity_units` shows, and names the related
  /// entity from `set_names`. `motions`: at a sampled boundary, the ships
  /// whose motion changed since the last sample (all of them at the
  /// first); the network side works out every ship's position at each
  /// sample from them and adds a track point where the ship has moved, as
  /// the report's recorder does.
  void publish_boundary(std::int64_t now_us, std::uint64_t events, const core::metrics::Changes* changes,
                        std::span<const models::ActivityRecord> activities,
                        std::span<const ShipMotionChange> motions, std::span<const MessageRow> messages);
  /// The run's entity names, what activity records refer to (handed over
  /// again when more appear; names never change).
  void set_names(core::metrics::NameTable names);
  /// By unit id, its index in `units` (kNoActivityUnit: its activities are
  /// not shown). Before the first publish_boundary.
  void set_activity_units(std::vector<std::uint32_t> unit_index);
  static constexpr std::uint32_t kNoActivityUnit = 0xffffffffu;
  /// Called by publish_boundary, on the simulation thread, once the queue
  /// holds `drain_request_bytes` (once until it is applied): it should have
  /// another thread call `drain`, and do nothing else (it runs under the
  /// queue's lock). Null: nobody is asked, the bound alone applies.
  void set_drain_request(std::function<void()> request);
  /// Applies the queued boundaries (any thread; every read does it first).
  void drain();
  /// The task outcomes so far (for /api/summary).
  void set_tasks(std::vector<models::TaskOutcome> tasks);
  /// The comms network's node and link names, index = the run's name-table
  /// index (what MessageRow's node, destination and link refer to).
  void set_network(std::vector<std::string> nodes, std::vector<std::string> links);
  /// Replications done while a set runs (the per-replication progress is in
  /// `progress_json`: a JSON array, rendered by the caller).
  void set_replications(std::uint64_t done, std::string progress_json);
  /// The aggregate of the replications done so far (replications.json's
  /// document without its list of runs), for GET /api/aggregate.
  void set_aggregate(std::string json);
  std::string aggregate_json() const;
  /// The run has ended: its final status, fingerprint and wall time, and
  /// the exact summary.json text written to the result set (if any).
  void finish(RunState state, std::string fingerprint_hex, std::uint64_t events, double wall_seconds,
              std::shared_ptr<const std::string> summary_json = nullptr);
  /// The seam of the dashboard recorder: the whole document as of its last
  /// publication (null: the hub builds its own). The hub takes from it, on
  /// the network side, what it cannot know itself (document_parts.hpp): the
  /// series' reference levels and, for a set of replications (which
  /// publishes no rows), the units, the activity rows and the aggregate.
  void set_dashboard(std::shared_ptr<const std::string> json);
  /// A set of replications: how the replication shown in detail ended, so
  /// that /api/summary is that replication's summary, as a single run of it
  /// reports it (replication-NNNN.json's figures), once it has finished.
  struct ShownRun {
    std::uint64_t fingerprint = 0;
    std::uint64_t events = 0;
    std::int64_t end_us = 0;
    bool completed = true;
  };
  void set_shown_run(ShownRun run);

  // Steering (the network side, after the run control accepted it).
  void set_paused(bool paused);
  void set_pace(std::optional<double> pace);

  // The network side.
  std::string run_json() const;
  std::string metrics_text() const;
  std::string summary_json() const;
  /// `{"series": [...]}`: series whose metric is `metric` and whose labels
  /// include every one of `labels`, points after `since_us` only.
  std::string series_json(const std::string& metric,
                          const std::vector<std::pair<std::string, std::string>>& labels,
                          std::optional<std::int64_t> since_us) const;
  /// `{"activities": [[id, unit, kind, start, end, related], ...], "next": id|null}`;
  /// with `since_message`, also `"messages": [[id, t_us, event, type, node,
  /// destination, link, attempt, message], ...], "next_message": id|null`
  /// (up to `limit` of each).
  std::string timeline_json(std::uint64_t since_row, std::size_t limit,
                            std::optional<std::uint64_t> since_message = std::nullopt) const;
  std::string dashboard_json() const;
  /// The headline measures of the latest sample, as the document's
  /// `measures` member has them (`[...]`); null before the first sample
  /// and for a replication set.
  std::shared_ptr<const std::string> measures_json() const;
  bool ended() const;
  std::uint64_t version() const;

  /// What changed since the previous take, and a snapshot message for each
  /// of `subscriptions`, taken in the same instant (so a snapshot and the
  /// updates after it neither overlap nor leave a gap).
  struct Take {
    std::shared_ptr<const Update> update;
    std::vector<std::shared_ptr<const std::string>> snapshots;  // `{"type":"snapshot",...}` texts
    /// Per snapshot, the hub's ids of the series it holds, in its order
    /// (the client's series id is the position here).
    std::vector<std::vector<std::uint32_t>> snapshot_series;
    std::uint32_t series_count = 0;  // series known at the take
  };
  /// What the clients will want of the next update (the union of their
  /// subscriptions). What none wants is neither journalled until the next
  /// take nor put in the update: a client that comes to want it is sent a
  /// snapshot first, taken in the same instant the journal starts.
  struct Interest {
    bool listening = true;  // some client will want the next update at all
    bool rows = true;       // ... its timeline rows
    bool tracks = true;     // ... the ships' positions
    bool messages = true;   // ... the message events
    /// What `subscriptions` want together (nothing when empty).
    static Interest of(const std::vector<const Subscription*>& subscriptions);
  };
  Take take(const std::vector<const Subscription*>& subscriptions, Interest interest);
  /// `listening`: some client will want the next update (everything in
  /// it); when none does, nothing is journalled until one does (its
  /// snapshot comes first).
  Take take(const std::vector<const Subscription*>& subscriptions, bool listening = true) {
    return take(subscriptions, Interest{listening, listening, listening, listening});
  }

  /// Bytes held by the series and the timeline (an estimate, for the README).
  std::size_t memory_estimate() const;
  /// Bytes waiting in the queue now (applies nothing).
  std::size_t queued_bytes() const;

 private:
  struct Series {
    std::shared_ptr<const SeriesMeta> meta;
    std::vector<std::pair<std::int64_t, double>> points;  // thinned, regular
    std::uint64_t stride = 1;                              // keep every stride-th point
    std::uint64_t appended = 0;                            // points offered so far
    std::optional<std::pair<std::int64_t, double>> latest;  // if not on the stride
    bool journalled = false;                                 // listed in journal_series_
  };
  /// Row stems of one catalog series (first series id, count).
  struct CatalogMap {
    std::shared_ptr<const core::metrics::Catalog> catalog;
    std::vector<std::uint32_t> first;  // first series id per catalog series
    std::vector<std::string> keys;     // identity of each catalog series
    std::vector<core::metrics::InstrumentKind> kinds;
  };

  /// Boundaries published but not yet applied: flat, in order.
  struct ScalarChange {
    std::uint32_t series;
    double value;
  };
  struct Queue {
    struct Boundary {
      std::int64_t now_us = 0;
      std::uint64_t events = 0;
      std::shared_ptr<const core::metrics::Catalog> catalog;  // null: not sampled
      core::SimTime time;
      core::SimTime since;
      std::size_t changes_end = 0;  // ends of this boundary's part of each list
      std::size_t scalars_end = 0;
      std::size_t activities_end = 0;
      std::size_t motions_end = 0;
      std::size_t messages_end = 0;
      bool sampled = false;  // the ships' positions are taken here
    };
    std::vector<Boundary> boundaries;
    // A sample's changes: counters and gauges (a value and nothing else,
    // most series) as scalars, a sixth of a Change, the rest whole; each
    // list in catalog order.
    std::vector<core::metrics::Change> changes;
    std::vector<ScalarChange> scalars;
    std::vector<models::ActivityRecord> activities;
    std::vector<ShipMotionChange> motions;
    std::vector<MessageRow> messages;
    std::size_t bytes() const noexcept;
    void clear() noexcept;
  };
  /// Applies the queue, and a document handed in and not yet read; with
  /// m_ held. Const: the queue and the document are part of what the hub
  /// holds, and applying them changes no answer, only where it is kept (a
  /// Hub is never itself const: it is made to be published to).
  void drain_locked() const;
  void apply_queue();
  /// Takes from the latest document what the hub cannot know itself (see
  /// set_dashboard); once per document.
  void apply_dashboard();

  void remap(const std::shared_ptr<const core::metrics::Catalog>& catalog);
  void append(std::uint32_t id, std::int64_t t, double v);
  void apply_row(ActivityRow row);
  /// journal_rows_ sorted, each id once, none already forgotten.
  void compact_journal_rows();
  /// Lists row `id` as changed since the take, when the timeline is journalled.
  void journal_row(std::uint64_t id);
  void apply_activity(const models::ActivityRecord& record);
  /// Gives ids to the rows started before `before_us` (all with
  /// `everything`), in the document's order (start, unit, kind, then as
  /// recorded), as the report's recorder commits them.
  void commit_rows(std::int64_t before_us, bool everything);
  void apply_message(const MessageRow& row);
  void apply_track(const TrackPoint& point);
  /// The ships' positions at a sample (time `t_us`) after `motions`: a
  /// track point for each ship that moved.
  void apply_motions(std::int64_t t_us, std::span<const ShipMotionChange> motions);
  void message_json(std::string& out, const MessageRow& row) const;
  void apply_sample(core::SimTime time, core::SimTime since,
                    const std::shared_ptr<const core::metrics::Catalog>& catalog,
                    std::span<const core::metrics::Change> changed, std::span<const ScalarChange> scalars = {});
  void apply_change(std::uint32_t series, const core::metrics::Values& values, std::int64_t t);
  std::string run_json_locked() const;
  double wall_seconds_locked() const;
  core::metrics::Snapshot snapshot_locked() const;
  std::string summary_json_locked() const;
  /// measures_json with m_ held: rendered at most once per sample.
  std::shared_ptr<const std::string> measures_locked() const;
  void series_entry(std::string& out, const Series& s, std::optional<std::int64_t> since_us,
                    std::optional<std::uint32_t> id) const;
  std::string dashboard_locked(const Subscription* filter, std::vector<std::uint32_t>* included = nullptr) const;

  HubBounds bounds_;
  mutable std::mutex m_;
  // The queue (filled by the simulation thread) under queue_m_; the one
  // being applied under m_. Both keep their capacity.
  mutable std::mutex queue_m_;
  Queue queue_;
  // By catalog position of queue_catalog_: a counter or gauge, queued as a
  // scalar (queue_m_).
  std::shared_ptr<const core::metrics::Catalog> queue_catalog_;
  std::vector<std::uint8_t> queue_scalar_;
  std::function<void()> drain_request_;
  bool drain_requested_ = false;
  Queue applying_;
  core::metrics::NameTable names_;
  // Activity records paired into rows (applied with the queue). A row gets
  // its id once no row can start before it in the document's order: when
  // the run has passed its start (a later boundary) or ended. Until then
  // it waits in pending_rows_.
  std::vector<std::uint32_t> activity_unit_;  // unit id -> index in `units`
  struct OpenRow {
    std::uint64_t ref = 0;  // a row id, or while pending its place (pending_from_ + index)
    bool pending = false;
    std::optional<core::metrics::EntityRef> related;  // an end closes the latest open row of its kind and related
  };
  std::vector<std::vector<OpenRow>> open_;  // by unit id x kinds, latest last
  struct PendingRow {
    ActivityRow row;        // id unset
    std::uint32_t subject;  // the unit id (the document orders by it)
  };
  std::vector<PendingRow> pending_rows_;  // as recorded (in time order)
  std::uint64_t pending_from_ = 0;        // the place of pending_rows_[0] among every row recorded
  std::uint64_t next_row_ = 0;
  std::uint64_t version_ = 0;
  RunFacts facts_;
  RunState state_ = RunState::running;
  std::optional<double> pace_;
  std::int64_t now_us_ = 0;
  std::uint64_t events_ = 0;
  std::optional<std::string> fingerprint_;
  double wall_seconds_ = 0.0;
  std::chrono::steady_clock::time_point wall_start_ = std::chrono::steady_clock::now();
  std::uint64_t replications_done_ = 0;
  std::string replication_progress_ = "[]";
  std::string aggregate_ = "{\"replications\":0,\"measures\":[]}";
  std::shared_ptr<const std::string> final_summary_;
  std::shared_ptr<const std::string> dashboard_;
  bool dashboard_applied_ = true;   // its parts taken (apply_dashboard)
  std::unordered_map<std::string, std::string> references_;  // series key -> reference levels, from the documents
  std::string aggregate_member_ = "null";  // a set's document's `aggregate`
  std::optional<ShownRun> shown_run_;
  std::vector<models::TaskOutcome> tasks_;

  // Metrics as of the last sample.
  CatalogMap map_;
  core::SimTime sample_time_;
  core::SimTime since_;
  std::vector<core::metrics::Values> values_;  // by catalog series of map_
  std::size_t point_bound_ = 2000;             // per series, from the bounds and the series count
  bool have_sample_ = false;
  std::uint64_t samples_ = 0;  // samples applied so far
  // The measures rendered from sample `measures_sample_` (network side).
  mutable std::shared_ptr<const std::string> measures_;
  mutable std::uint64_t measures_sample_ = 0;

  std::vector<Series> series_;
  std::unordered_map<std::string, std::uint32_t> series_by_key_;

  std::deque<ActivityRow> rows_;  // rows_[i].id == first_row_ + i
  std::uint64_t first_row_ = 0;
  std::deque<MessageRow> messages_;  // messages_[i].id == first_message_ + i
  std::uint64_t first_message_ = 0;
  std::uint64_t next_message_ = 0;
  /// Ships' tracks in the order ships first moved: points (t_us, lat, lon),
  /// thinned to the bound.
  struct Track {
    models::ShipId ship;
    std::vector<TrackPoint> points;
    bool journalled = false;  // listed in journal_tracks_
  };
  std::vector<Track> tracks_;
  /// In fleet order: each ship's motion (from its first sample on), the
  /// leg's great circle as at() last used it, its last position published.
  struct ShipState {
    models::ShipId ship;
    bool known = false;
    models::Ship::Motion motion;
    std::optional<models::GreatCircle> path;
    models::LatLon published{1e9, 1e9};
  };
  std::vector<ShipState> ships_;
  std::vector<std::uint32_t> track_of_ship_;  // by ship id: its index in tracks_, or kNoTrack
  static constexpr std::uint32_t kNoTrack = ~std::uint32_t{0};
  std::vector<std::string> node_names_;
  std::vector<std::string> link_names_;

  // The journal since the last take: what changed, not the changes.
  std::vector<std::uint32_t> journal_new_series_;
  std::vector<std::uint32_t> journal_series_;  // series with a point since
  // Rows: every row from journal_rows_from_ on started since (ids are
  // given in the order rows start), so only the rows that started before
  // it and ended since are listed, once each (a row ends once; repeats
  // are allowed and compacted).
  std::uint64_t journal_rows_from_ = 0;
  std::vector<std::uint64_t> journal_rows_;    // ids below journal_rows_from_ ended since
  std::vector<std::uint32_t> journal_tracks_;  // indices into tracks_ of ships that moved since
  std::uint64_t journal_message_from_ = 0;     // the first message event since
  std::shared_ptr<const std::string> measures_taken_;  // the measures as of the previous take
  bool journalling_ = true;          // series (a client listens)
  bool journalling_rows_ = true;     // and one wants the timeline
  bool journalling_tracks_ = true;   // and one wants the tracks
  bool journalling_messages_ = true; // and one wants the message events
  bool end_pending_ = false;
};

}  // namespace drill::server
