#include "server/hub.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <numeric>

#include "io/json_writer.hpp"
#include "io/metrics_prom.hpp"
#include "io/summary_pb.hpp"
#include "models/entity_kinds.hpp"
#include "report/dashboard_json.hpp"
#include "server/document_parts.hpp"

namespace drill::server {
namespace {

using core::metrics::Catalog;
using core::metrics::Descriptor;
using core::metrics::InstrumentKind;
using core::metrics::Values;

void number(std::string& out, double v) {
  if (!std::isfinite(v)) {
    out += "null";
    return;
  }
  char buf[32];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

void integer(std::string& out, std::int64_t v) {
  char buf[24];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

void quoted(std::string& out, std::string_view s) { io::append_json_quoted(out, s); }

/// The identity of a catalog series: its measure's name and its labels.
std::string catalog_key(const Catalog& catalog, const core::metrics::SeriesInfo& info) {
  std::string key = catalog.descriptors[info.measure.index].name;
  for (const auto& l : info.labels) {
    key += '\x1f';
    key += l.name;
    key += '=';
    key += l.value;
  }
  return key;
}

/// The values of the row stems of a series of kind `k`, in
/// report::series_stems' order, into `out`; returns how many.
std::size_t picks(InstrumentKind k, const Values& v, std::array<double, 8>& out) {
  switch (k) {
    case InstrumentKind::counter:
    case InstrumentKind::gauge: out[0] = v.value; return 1;
    case InstrumentKind::time_weighted:
      out[0] = v.value;
      out[1] = v.integral;
      return 2;
    case InstrumentKind::tally:
    case InstrumentKind::quantile:
      out[0] = static_cast<double>(v.count);
      out[1] = v.mean;
      out[2] = v.max;
      if (k == InstrumentKind::tally) return 3;
      for (std::size_t q = 0; q < 4; ++q) out[3 + q] = v.quantiles[q];
      return 7;
  }
  return 0;
}

void activity_row(std::string& out, const ActivityRow& r, bool with_id) {
  out += '[';
  if (with_id) {
    integer(out, static_cast<std::int64_t>(r.id));
    out += ',';
  }
  integer(out, r.unit);
  out += ',';
  integer(out, r.kind);
  out += ',';
  integer(out, r.start_us);
  out += ',';
  if (r.end_us)
    integer(out, *r.end_us);
  else
    out += "null";
  out += ',';
  if (r.related)
    quoted(out, *r.related);
  else
    out += "null";
  out += ']';
}

}  // namespace

std::string_view to_string(RunState state) noexcept {
  switch (state) {
    case RunState::running: return "running";
    case RunState::paused: return "paused";
    case RunState::completed: return "completed";
    case RunState::stopped: return "stopped";
    case RunState::failed: return "failed";
  }
  return "running";
}

bool Subscription::matches(const SeriesMeta& meta) const {
  if (!all_metrics && std::find(metrics.begin(), metrics.end(), meta.metric) == metrics.end()) return false;
  for (const auto& want : labels)
    if (std::find(meta.labels.begin(), meta.labels.end(), want) == meta.labels.end()) return false;
  return true;
}

Hub::Hub(HubBounds bounds) : bounds_(bounds) {
  bounds_.max_points_per_series = std::max<std::size_t>(bounds_.max_points_per_series, 4);
  point_bound_ = bounds_.max_points_per_series;
  bounds_.max_activity_rows = std::max<std::size_t>(bounds_.max_activity_rows, 1);
}

void Hub::set_facts(RunFacts facts) {
  const std::lock_guard lock(m_);
  facts_ = std::move(facts);
  wall_start_ = std::chrono::steady_clock::now();
  ++version_;
}

void Hub::set_units(std::vector<std::string> units) {
  const std::lock_guard lock(m_);
  facts_.units = std::move(units);
  facts_.unit_facts.clear();
}

void Hub::set_units(std::vector<std::string> units, std::vector<UnitFacts> facts) {
  const std::lock_guard lock(m_);
  facts_.units = std::move(units);
  facts_.unit_facts = std::move(facts);
  facts_.unit_facts.resize(facts_.units.size());
}

void Hub::remap(const std::shared_ptr<const Catalog>& catalog) {
  // The values so far move to the new catalog's positions by identity.
  std::unordered_map<std::string, Values> old;
  for (std::size_t i = 0; i < map_.keys.size() && i < values_.size(); ++i) old.emplace(map_.keys[i], values_[i]);
  map_.catalog = catalog;
  map_.first.assign(catalog->series.size(), 0);
  map_.keys.assign(catalog->series.size(), {});
  map_.kinds.assign(catalog->series.size(), InstrumentKind::counter);
  values_.assign(catalog->series.size(), Values{});
  for (std::size_t i = 0; i < catalog->series.size(); ++i) {
    const core::metrics::SeriesInfo& info = catalog->series[i];
    const Descriptor& d = catalog->descriptors[info.measure.index];
    map_.keys[i] = catalog_key(*catalog, info);
    map_.kinds[i] = d.kind;
    if (const auto it = old.find(map_.keys[i]); it != old.end()) values_[i] = it->second;
    std::vector<std::pair<std::string, std::string>> labels;
    std::string label_key;
    for (const auto& l : info.labels) {
      labels.emplace_back(l.name, l.value);
      label_key += '\x1f' + labels.back().first + '=' + l.value;
    }
    const std::vector<report::SeriesStem> stems = report::series_stems(d);
    for (std::size_t k = 0; k < stems.size(); ++k) {
      const std::string key = stems[k].metric + label_key;
      auto [it, added] = series_by_key_.try_emplace(key, static_cast<std::uint32_t>(series_.size()));
      if (added) {
        auto meta = std::make_shared<SeriesMeta>();
        meta->id = it->second;
        meta->metric = stems[k].metric;
        meta->measure = d.name;
        meta->statistic = stems[k].statistic;
        // As the document: a count has no unit.
        meta->unit = stems[k].statistic == "count" ? std::string_view() : report::unit_symbol(d.unit);
        meta->kind = core::metrics::to_string(d.kind);
        meta->help = d.help;
        meta->labels = labels;
        if (const auto r = references_.find(key); r != references_.end()) meta->reference = r->second;
        series_.emplace_back();
        series_.back().meta = std::move(meta);
        journal_new_series_.push_back(it->second);
      }
      if (k == 0) map_.first[i] = it->second;
    }
  }
  point_bound_ = std::min(bounds_.max_points_per_series,
                          std::max<std::size_t>(bounds_.max_points_total / std::max<std::size_t>(series_.size(), 1), 16));
}

void Hub::append(std::uint32_t id, std::int64_t t, double v) {
  Series& s = series_[id];
  const bool on_stride = (s.appended & (s.stride - 1)) == 0;  // stride: a power of two
  ++s.appended;
  if (journalling_ && !s.journalled) {
    s.journalled = true;
    journal_series_.push_back(id);
  }
  if (!on_stride) {
    s.latest = {t, v};
    return;
  }
  s.latest.reset();
  s.points.emplace_back(t, v);
  if (s.points.size() > point_bound_) {
    // Keep every second point (the first included): the kept points are
    // then those whose position is a multiple of the doubled stride.
    std::size_t w = 0;
    for (std::size_t r = 0; r < s.points.size(); r += 2) s.points[w++] = s.points[r];
    s.points.resize(w);
    s.stride *= 2;
    // With an odd bound the point just appended is off the new stride:
    // it stays the latest.
    if (s.points.back().first != t) s.latest = {t, v};
  }
}

namespace {

/// `{"unit": u, "points": [[t_us, lat, lon], ...]}` of one ship, whose
/// points are `at(0)` ... `at(n - 1)`.
template <typename At>
void track_json(std::string& out, models::ShipId ship, std::size_t n, At at) {
  out += "{\"unit\":";
  integer(out, ship.index());
  out += ",\"points\":[";
  for (std::size_t k = 0; k < n; ++k) {
    const TrackPoint& point = at(k);
    if (k) out += ',';
    out += '[';
    integer(out, point.t_us);
    out += ',';
    number(out, std::round(point.lat_deg * 1e6) / 1e6);
    out += ',';
    number(out, std::round(point.lon_deg * 1e6) / 1e6);
    out += ']';
  }
  out += "]}";
}

}  // namespace

void append_tracks_json(std::string& out, const std::vector<TrackPoint>& points) {
  std::vector<models::ShipId> ships;  // in the order they first appear
  std::map<models::ShipId, std::vector<const TrackPoint*>> by_ship;
  for (const TrackPoint& p : points) {
    auto& list = by_ship[p.ship];
    if (list.empty()) ships.push_back(p.ship);
    list.push_back(&p);
  }
  out += '[';
  for (std::size_t i = 0; i < ships.size(); ++i) {
    if (i) out += ',';
    const std::vector<const TrackPoint*>& list = by_ship[ships[i]];
    track_json(out, ships[i], list.size(), [&](std::size_t k) -> const TrackPoint& { return *list[k]; });
  }
  out += ']';
}

void Hub::apply_track(const TrackPoint& point) {
  const std::size_t ship = point.ship.index();
  if (ship >= track_of_ship_.size()) track_of_ship_.resize(ship + 1, kNoTrack);
  if (track_of_ship_[ship] == kNoTrack) {
    track_of_ship_[ship] = static_cast<std::uint32_t>(tracks_.size());
    tracks_.push_back(Track{point.ship, {}});
  }
  Track& track = tracks_[track_of_ship_[ship]];
  if (journalling_tracks_ && !track.journalled) {
    track.journalled = true;
    journal_tracks_.push_back(track_of_ship_[ship]);
  }
  std::vector<TrackPoint>& pts = track.points;
  pts.push_back(point);
  if (pts.size() > std::max<std::size_t>(bounds_.max_track_points, 4)) {
    // Keep every second point from the first, and the latest.
    const TrackPoint latest = pts.back();
    std::size_t k = 0;
    for (std::size_t i = 0; i + 1 < pts.size(); i += 2) pts[k++] = pts[i];
    pts.resize(k);
    if (pts.back().t_us != latest.t_us) pts.push_back(latest);
  }
}

void Hub::apply_motions(std::int64_t t_us, std::span<const ShipMotionChange> motions) {
  for (const ShipMotionChange& m : motions) {
    const std::size_t i = m.index;
    if (i >= ships_.size()) ships_.resize(i + 1);
    ShipState& s = ships_[i];
    s.ship = m.ship;
    s.known = true;
    s.motion = m.motion;
    s.path.reset();
  }
  // In fleet order, as the ships' positions were always read.
  const core::SimTime t = core::SimTime::from_ticks(t_us);
  for (ShipState& s : ships_) {
    if (!s.known) continue;
    const models::LatLon at = s.motion.at(t, s.path);
    if (at == s.published) continue;
    s.published = at;
    apply_track(TrackPoint{s.ship, t_us, at.lat_deg, at.lon_deg});
  }
}

void Hub::apply_message(const MessageRow& row) {
  messages_.push_back(row);
  while (messages_.size() > bounds_.max_message_rows) {
    messages_.pop_front();
    ++first_message_;
  }
}

void Hub::message_json(std::string& out, const MessageRow& r) const {
  const auto name = [&](const std::vector<std::string>& names, std::uint32_t i) {
    if (i < names.size())
      quoted(out, names[i]);
    else
      out += "null";
  };
  out += '[';
  integer(out, static_cast<std::int64_t>(r.id));
  out += ',';
  integer(out, r.t_us);
  out += ',';
  quoted(out, r.event < kMessageEvents.size() ? kMessageEvents[r.event] : "");
  out += ',';
  quoted(out, r.type < kMessageTypes.size() ? kMessageTypes[r.type] : "");
  out += ',';
  name(node_names_, r.node);
  out += ',';
  name(node_names_, r.destination);
  out += ',';
  if (r.link == MessageRow::kNoMessageLink)
    out += "null";
  else
    name(link_names_, r.link);
  out += ',';
  integer(out, r.attempt);
  out += ',';
  integer(out, static_cast<std::int64_t>(r.message));
  out += ']';
}

void Hub::compact_journal_rows() {
  std::sort(journal_rows_.begin(), journal_rows_.end());
  journal_rows_.erase(std::unique(journal_rows_.begin(), journal_rows_.end()), journal_rows_.end());
  journal_rows_.erase(journal_rows_.begin(), std::lower_bound(journal_rows_.begin(), journal_rows_.end(), first_row_));
}

void Hub::journal_row(std::uint64_t id) {
  // Only a row started before the take is listed (those after it are all
  // in the update).
  if (!journalling_rows_ || id >= journal_rows_from_) return;
  journal_rows_.push_back(id);
  // Compacted, it holds at most max_activity_rows.
  if (journal_rows_.size() > 2 * bounds_.max_activity_rows + 1024) compact_journal_rows();
}

void Hub::apply_row(ActivityRow row) {
  journal_row(row.id);
  if (row.id < first_row_) return;  // forgotten already
  const std::uint64_t at = row.id - first_row_;
  if (at < rows_.size()) {
    rows_[at] = std::move(row);
  } else {
    // Ids come in order; a gap (never expected) is left out, not filled.
    if (at != rows_.size()) {
      rows_.clear();
      first_row_ = row.id;
    }
    rows_.push_back(std::move(row));
  }
  while (rows_.size() > bounds_.max_activity_rows) {
    rows_.pop_front();
    ++first_row_;
  }
}

void Hub::apply_sample(core::SimTime time, core::SimTime since, const std::shared_ptr<const Catalog>& catalog,
                       std::span<const core::metrics::Change> changed, std::span<const ScalarChange> scalars) {
  if (map_.catalog != catalog) remap(catalog);
  sample_time_ = time;
  since_ = since;
  have_sample_ = true;
  ++samples_;
  const std::int64_t t = time.ticks();
  // Each series is applied on its own (ids come from the catalog, the
  // journal is sorted when taken), so the two lists need no merging.
  for (const core::metrics::Change& c : changed) apply_change(c.series, c.values, t);
  for (const ScalarChange& s : scalars) apply_change(s.series, Values{.value = s.value}, t);
}

void Hub::apply_change(std::uint32_t series, const Values& values, std::int64_t t) {
  values_[series] = values;
  std::array<double, 8> v{};
  const std::size_t n = picks(map_.kinds[series], values, v);
  for (std::size_t k = 0; k < n; ++k) append(map_.first[series] + static_cast<std::uint32_t>(k), t, v[k]);
}

void Hub::publish(Publication&& p) {
  const std::lock_guard lock(m_);
  drain_locked();
  ++version_;
  now_us_ = p.now_us;
  events_ = p.events;
  if (p.sample) apply_sample(p.sample->time, p.sample->since, p.sample->catalog, p.sample->changed);
  for (const ActivityRow& r : p.rows) apply_row(r);
  for (const TrackPoint& t : p.tracks) apply_track(t);
  for (MessageRow& m : p.messages) {
    m.id = next_message_++;
    apply_message(m);
  }
}

std::size_t Hub::Queue::bytes() const noexcept {
  return boundaries.size() * sizeof(Boundary) + changes.size() * sizeof(core::metrics::Change) +
         scalars.size() * sizeof(ScalarChange) +
         activities.size() * sizeof(models::ActivityRecord) + motions.size() * sizeof(ShipMotionChange) +
         messages.size() * sizeof(MessageRow);
}

void Hub::Queue::clear() noexcept {
  boundaries.clear();
  changes.clear();
  scalars.clear();
  activities.clear();
  motions.clear();
  messages.clear();
}

void Hub::publish_boundary(std::int64_t now_us, std::uint64_t events, const core::metrics::Changes* changes,
                           std::span<const models::ActivityRecord> activities,
                           std::span<const ShipMotionChange> motions,
                           std::span<const MessageRow> messages) {
  bool apply_here = false;
  {
    const std::lock_guard lock(queue_m_);
    Queue::Boundary b;
    b.now_us = now_us;
    b.events = events;
    if (changes) {
      b.catalog = changes->shared_catalog();
      b.time = changes->time();
      b.since = changes->since();
      if (queue_catalog_ != b.catalog) {
        queue_catalog_ = b.catalog;
        const Catalog& cat = *b.catalog;
        queue_scalar_.resize(cat.series.size());
        for (std::size_t i = 0; i < cat.series.size(); ++i) {
          const InstrumentKind k = cat.descriptors[cat.series[i].measure.index].kind;
          queue_scalar_[i] = k == InstrumentKind::counter || k == InstrumentKind::gauge;
        }
      }
      for (const core::metrics::Change& c : changes->changed()) {
        if (queue_scalar_[c.series])
          queue_.scalars.push_back(ScalarChange{c.series, c.values.value});
        else
          queue_.changes.push_back(c);
      }
    }
    queue_.activities.insert(queue_.activities.end(), activities.begin(), activities.end());
    queue_.motions.insert(queue_.motions.end(), motions.begin(), motions.end());
    queue_.messages.insert(queue_.messages.end(), messages.begin(), messages.end());
    b.changes_end = queue_.changes.size();
    b.scalars_end = queue_.scalars.size();
    b.activities_end = queue_.activities.size();
    b.motions_end = queue_.motions.size();
    b.sampled = changes != nullptr;
    b.messages_end = queue_.messages.size();
    queue_.boundaries.push_back(std::move(b));
    const std::size_t bytes = queue_.bytes();
    if (bytes >= bounds_.max_queued_bytes) {
      apply_here = true;
    } else if (bytes >= bounds_.drain_request_bytes && drain_request_ && !drain_requested_) {
      drain_requested_ = true;
      drain_request_();
    }
  }
  if (apply_here) drain();
}

std::size_t Hub::queued_bytes() const {
  const std::lock_guard lock(queue_m_);
  return queue_.bytes();
}

void Hub::set_names(core::metrics::NameTable names) {
  const std::lock_guard lock(m_);
  names_ = std::move(names);
}

void Hub::set_activity_units(std::vector<std::uint32_t> unit_index) {
  const std::lock_guard lock(m_);
  activity_unit_ = std::move(unit_index);
  open_.assign(activity_unit_.size() * kActivityKinds.size(), {});
}

void Hub::apply_activity(const models::ActivityRecord& r) {
  if (r.subject.kind != models::kind::unit) return;
  const auto kind = static_cast<std::size_t>(r.activity);
  if (kind >= kActivityKinds.size() || r.subject.index >= activity_unit_.size() ||
      activity_unit_[r.subject.index] == kNoActivityUnit)
    return;
  std::vector<OpenRow>& open = open_[r.subject.index * kActivityKinds.size() + kind];
  if (r.edge == models::ActivityEdge::start) {
    ActivityRow row{.unit = activity_unit_[r.subject.index],
                    .kind = static_cast<std::uint8_t>(kind),
                    .start_us = r.time.ticks()};
    if (r.related && r.related->index < names_.size(r.related->kind)) row.related = names_.name(*r.related);
    open.push_back(OpenRow{pending_from_ + pending_rows_.size(), true, r.related});
    pending_rows_.push_back(PendingRow{std::move(row), r.subject.index});
    return;
  }
  // The latest open row of the same kind and related entity (nested ones
  // close innermost first), as the report's recorder pairs them.
  const auto it = std::find_if(open.rbegin(), open.rend(), [&](const OpenRow& o) { return o.related == r.related; });
  if (it == open.rend()) return;  // began before anyone listened
  const OpenRow row = *it;
  open.erase(std::next(it).base());
  if (row.pending) {
    pending_rows_[row.ref - pending_from_].row.end_us = r.time.ticks();
    return;
  }
  // The row as it started is the one held (unless forgotten since: then
  // there is nothing left to end).
  if (row.ref < first_row_ || row.ref - first_row_ >= rows_.size()) return;
  rows_[row.ref - first_row_].end_us = r.time.ticks();
  journal_row(row.ref);
}

void Hub::commit_rows(std::int64_t before_us, bool everything) {
  // Rows are recorded in time order: those starting before `before_us` are
  // a prefix of the pending ones.
  std::size_t end = 0;
  while (end < pending_rows_.size() && (everything || pending_rows_[end].row.start_us < before_us)) ++end;
  if (end == 0) return;
  std::vector<std::uint32_t> order(end);
  std::iota(order.begin(), order.end(), 0u);
  std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    const PendingRow& x = pending_rows_[a];
    const PendingRow& y = pending_rows_[b];
    if (x.row.start_us != y.row.start_us) return x.row.start_us < y.row.start_us;
    if (x.subject != y.subject) return x.subject < y.subject;
    return x.row.kind < y.row.kind;
  });
  for (const std::uint32_t i : order) {
    PendingRow& p = pending_rows_[i];
    const std::uint64_t id = next_row_++;
    // Still open: its end will find it by its id now.
    for (OpenRow& o : open_[p.subject * kActivityKinds.size() + p.row.kind])
      if (o.pending && o.ref == pending_from_ + i) {
        o.ref = id;
        o.pending = false;
        break;
      }
    p.row.id = id;
    apply_row(std::move(p.row));
  }
  pending_rows_.erase(pending_rows_.begin(), pending_rows_.begin() + static_cast<std::ptrdiff_t>(end));
  pending_from_ += end;
}

void Hub::set_drain_request(std::function<void()> request) {
  const std::lock_guard lock(queue_m_);
  drain_request_ = std::move(request);
  drain_requested_ = false;
}

void Hub::drain() {
  const std::lock_guard lock(m_);
  drain_locked();
}

void Hub::drain_locked() const {
  Hub& self = *const_cast<Hub*>(this);
  self.apply_queue();
  if (!dashboard_applied_) self.apply_dashboard();
}

void Hub::apply_dashboard() {
  dashboard_applied_ = true;
  if (!dashboard_) return;
  std::optional<DocumentParts> parts = read_document_parts(*dashboard_);
  if (!parts) return;
  // Reference levels: for the series known (a new description, so that
  // updates already taken keep theirs) and those still to come.
  for (DocumentParts::Reference& r : parts->references) {
    std::string key = r.metric;
    for (const auto& [kind, name] : r.labels) key += '\x1f' + kind + '=' + name;
    if (const auto it = series_by_key_.find(key); it != series_by_key_.end()) {
      Series& series = series_[it->second];
      if (series.meta->reference != r.levels) {
        auto meta = std::make_shared<SeriesMeta>(*series.meta);
        meta->reference = r.levels;
        series.meta = std::move(meta);
      }
    }
    references_[std::move(key)] = std::move(r.levels);
  }
  // A set's replications publish neither units nor rows: those of the
  // replication shown in detail are its document's (row id = index there).
  if (facts_.replications > 1) {
    facts_.units = std::move(parts->unit_names);
    facts_.unit_facts = std::move(parts->units);
    aggregate_member_ = std::move(parts->aggregate);
    rows_.clear();
    first_row_ = 0;
    for (ActivityRow& row : parts->rows) {
      next_row_ = row.id + 1;
      apply_row(std::move(row));
    }
  }
}

void Hub::apply_queue() {
  {
    const std::lock_guard lock(queue_m_);
    if (queue_.boundaries.empty()) return;
    std::swap(queue_, applying_);
    drain_requested_ = false;
  }
  const Queue& q = applying_;
  std::size_t c = 0, s = 0, r = 0, t = 0, m = 0;
  for (const Queue::Boundary& b : q.boundaries) {
    ++version_;
    now_us_ = b.now_us;
    events_ = b.events;
    if (b.catalog)
      apply_sample(b.time, b.since, b.catalog,
                   std::span<const core::metrics::Change>(q.changes).subspan(c, b.changes_end - c),
                   std::span<const ScalarChange>(q.scalars).subspan(s, b.scalars_end - s));
    c = b.changes_end;
    s = b.scalars_end;
    for (; r < b.activities_end; ++r) apply_activity(q.activities[r]);
    commit_rows(b.now_us, false);
    if (b.sampled)
      apply_motions(b.now_us, std::span<const ShipMotionChange>(q.motions).subspan(t, b.motions_end - t));
    t = b.motions_end;
    for (; m < b.messages_end; ++m) {
      MessageRow row = q.messages[m];
      row.id = next_message_++;
      apply_message(row);
    }
  }
  applying_.clear();
}

void Hub::set_network(std::vector<std::string> nodes, std::vector<std::string> links) {
  const std::lock_guard lock(m_);
  node_names_ = std::move(nodes);
  link_names_ = std::move(links);
}

void Hub::set_tasks(std::vector<models::TaskOutcome> tasks) {
  const std::lock_guard lock(m_);
  tasks_ = std::move(tasks);
}

void Hub::set_replications(std::uint64_t done, std::string progress_json) {
  const std::lock_guard lock(m_);
  ++version_;
  replications_done_ = done;
  replication_progress_ = std::move(progress_json);
}

void Hub::set_aggregate(std::string json) {
  const std::lock_guard lock(m_);
  aggregate_ = std::move(json);
}

std::string Hub::aggregate_json() const {
  const std::lock_guard lock(m_);
  return aggregate_;
}

void Hub::finish(RunState state, std::string fingerprint_hex, std::uint64_t events, double wall_seconds,
                 std::shared_ptr<const std::string> summary_json) {
  const std::lock_guard lock(m_);
  // The queue only: a document handed in is read on the network side.
  apply_queue();
  commit_rows(0, true);  // nothing starts any more
  ++version_;
  state_ = state;
  fingerprint_ = std::move(fingerprint_hex);
  events_ = events;
  wall_seconds_ = wall_seconds;
  final_summary_ = std::move(summary_json);
  end_pending_ = true;
}

void Hub::set_dashboard(std::shared_ptr<const std::string> json) {
  const std::lock_guard lock(m_);
  dashboard_ = std::move(json);
  dashboard_applied_ = false;
}

void Hub::set_shown_run(ShownRun run) {
  const std::lock_guard lock(m_);
  shown_run_ = run;
}

void Hub::set_paused(bool paused) {
  const std::lock_guard lock(m_);
  if (state_ == RunState::running || state_ == RunState::paused) state_ = paused ? RunState::paused : RunState::running;
  ++version_;
}

void Hub::set_pace(std::optional<double> pace) {
  const std::lock_guard lock(m_);
  pace_ = pace;
  ++version_;
}

bool Hub::ended() const {
  const std::lock_guard lock(m_);
  return state_ != RunState::running && state_ != RunState::paused;
}

std::uint64_t Hub::version() const {
  const std::lock_guard lock(m_);
  drain_locked();
  return version_;
}

double Hub::wall_seconds_locked() const {
  if (state_ != RunState::running && state_ != RunState::paused) return wall_seconds_;
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start_).count();
}

std::string Hub::run_json_locked() const {
  std::string o = "{\"drill\":";
  quoted(o, facts_.drill);
  o += ",\"tool_version\":";
  quoted(o, facts_.tool_version);
  o += ",\"config_sha256\":";
  quoted(o, facts_.config_sha256);
  o += ",\"seed\":\"" + std::to_string(facts_.seed) + "\"";
  o += ",\"replication\":" + std::to_string(facts_.replication);
  o += ",\"replications\":" + std::to_string(facts_.replications);
  const bool over = state_ != RunState::running && state_ != RunState::paused;
  const std::uint64_t done = facts_.replications > 1 ? replications_done_ : (over ? 1 : 0);
  o += ",\"replications_done\":" + std::to_string(done);
  o += ",\"status\":\"" + std::string(to_string(state_)) + "\"";
  o += ",\"horizon_us\":";
  integer(o, facts_.horizon_us);
  o += ",\"now_us\":";
  integer(o, now_us_);
  o += ",\"calendar_start\":";
  if (facts_.calendar_start)
    quoted(o, *facts_.calendar_start);
  else
    o += "null";
  o += ",\"events\":" + std::to_string(events_);
  o += ",\"fingerprint\":";
  if (fingerprint_)
    quoted(o, *fingerprint_);
  else
    o += "null";
  o += ",\"pace\":";
  if (pace_)
    number(o, *pace_);
  else
    o += "null";
  o += ",\"sample_every_us\":";
  integer(o, facts_.sample_every_us);
  o += ",\"wall_seconds\":";
  number(o, wall_seconds_locked());
  o += ",\"replication_progress\":" + replication_progress_;
  o += '}';
  return o;
}

std::string Hub::run_json() const {
  const std::lock_guard lock(m_);
  drain_locked();
  return run_json_locked();
}

core::metrics::Snapshot Hub::snapshot_locked() const {
  if (!have_sample_)
    return core::metrics::Snapshot(core::SimTime::zero(), core::SimTime::zero(), std::make_shared<const Catalog>(),
                                   std::make_shared<const std::vector<Values>>());
  auto values = std::make_shared<const std::vector<Values>>(values_);
  return core::metrics::Snapshot(sample_time_, since_, map_.catalog, std::move(values));
}

std::string Hub::metrics_text() const {
  std::optional<core::metrics::Snapshot> snap;
  double sim_seconds = 0, horizon = 0, wall = 0;
  std::uint64_t events = 0, done = 0, planned = 1;
  int running = 0;
  {
    const std::lock_guard lock(m_);
    drain_locked();
    snap.emplace(snapshot_locked());
    sim_seconds = static_cast<double>(now_us_) / 1e6;
    horizon = static_cast<double>(facts_.horizon_us) / 1e6;
    wall = wall_seconds_locked();
    events = events_;
    planned = facts_.replications;
    const bool over = state_ != RunState::running && state_ != RunState::paused;
    done = facts_.replications > 1 ? replications_done_ : (over ? 1 : 0);
    running = over ? 0 : 1;
  }
  std::string o;
  const auto family = [&](std::string_view name, std::string_view type, std::string_view help, double v) {
    o += "# HELP ";
    o += name;
    o += ' ';
    o += help;
    o += "\n# TYPE ";
    o += name;
    o += ' ';
    o += type;
    o += '\n';
    o += name;
    o += ' ';
    o += io::prometheus_number(v);
    o += '\n';
  };
  family("drillsim_run_sim_time_seconds", "gauge", "Simulated time reached, from D+0.", sim_seconds);
  family("drillsim_run_horizon_seconds", "gauge", "Simulated time at which the run ends, from D+0.", horizon);
  family("drillsim_run_events_total", "counter", "Events executed so far.", static_cast<double>(events));
  family("drillsim_run_events_per_second", "gauge", "Events executed per second of wall time so far.",
         wall > 0 ? static_cast<double>(events) / wall : 0.0);
  family("drillsim_run_replications_done", "gauge", "Replications finished.", static_cast<double>(done));
  family("drillsim_run_replications_planned", "gauge", "Replications planned.", static_cast<double>(planned));
  family("drillsim_run_wall_seconds", "gauge", "Wall time since the run started.", wall);
  family("drillsim_run_running", "gauge", "1 while the run goes on, 0 once it has ended.", running);
  o += io::prometheus_text(*snap);
  return o;
}

std::shared_ptr<const std::string> Hub::measures_locked() const {
  if (!have_sample_ || facts_.replications > 1) return nullptr;
  if (!measures_ || measures_sample_ != samples_) {
    const core::metrics::Snapshot snap = snapshot_locked();
    measures_ = std::make_shared<const std::string>(report::measures_json(&snap));
    measures_sample_ = samples_;
  }
  return measures_;
}

std::shared_ptr<const std::string> Hub::measures_json() const {
  const std::lock_guard lock(m_);
  drain_locked();
  return measures_locked();
}

std::string Hub::summary_json() const {
  std::optional<core::metrics::Snapshot> snap;
  io::RunManifest manifest;
  std::string drill;
  std::vector<models::TaskOutcome> tasks;
  {
    const std::lock_guard lock(m_);
    drain_locked();
    if (final_summary_) return *final_summary_;
    snap.emplace(snapshot_locked());
    manifest = facts_.manifest;
    if (shown_run_) {
      // A set: the replication shown in detail, as a single run of it
      // reports it (its instruments and tasks are those published).
      manifest.fingerprint = shown_run_->fingerprint;
      manifest.events = shown_run_->events;
      manifest.horizon = core::SimTime::from_ticks(shown_run_->end_us);
      manifest.status = shown_run_->completed ? io::RunManifest::Status::completed : io::RunManifest::Status::stopped;
    } else {
      manifest.events = events_;
      manifest.horizon = core::SimTime::from_ticks(now_us_);
      manifest.status = io::RunManifest::Status::stopped;  // not (yet) complete
    }
    drill = facts_.drill;
    tasks = tasks_;
  }
  return io::summary_json(io::make_run_summary(manifest, drill, *snap, tasks));
}

void append_series_description(std::string& o, const SeriesMeta& m) {
  o += "\"metric\":";
  quoted(o, m.metric);
  o += ",\"measure\":";
  quoted(o, m.measure);
  o += ",\"statistic\":";
  quoted(o, m.statistic);
  o += ",\"unit\":";
  quoted(o, m.unit);
  o += ",\"kind\":";
  quoted(o, m.kind);
  o += ",\"help\":";
  quoted(o, m.help);
  o += ",\"labels\":{";
  for (std::size_t i = 0; i < m.labels.size(); ++i) {
    if (i) o += ',';
    quoted(o, m.labels[i].first);
    o += ':';
    quoted(o, m.labels[i].second);
  }
  o += '}';
}

void append_series_reference(std::string& o, const SeriesMeta& m) {
  if (m.reference.empty()) return;
  o += ",\"reference\":";
  o += m.reference;
}

void Hub::series_entry(std::string& o, const Series& s, std::optional<std::int64_t> since_us,
                       std::optional<std::uint32_t> id) const {
  o += '{';
  if (id) o += "\"id\":" + std::to_string(*id) + ",";
  append_series_description(o, *s.meta);
  o += ",\"points\":[";
  bool first = true;
  const auto point = [&](const std::pair<std::int64_t, double>& p) {
    if (since_us && p.first <= *since_us) return;
    if (!first) o += ',';
    first = false;
    o += '[';
    integer(o, p.first);
    o += ',';
    number(o, p.second);
    o += ']';
  };
  for (const auto& p : s.points) point(p);
  if (s.latest) point(*s.latest);
  o += ']';
  append_series_reference(o, *s.meta);
  o += '}';
}

std::string Hub::series_json(const std::string& metric, const std::vector<std::pair<std::string, std::string>>& labels,
                             std::optional<std::int64_t> since_us) const {
  Subscription filter;
  filter.metrics = {metric};
  filter.labels = labels;
  const std::lock_guard lock(m_);
  drain_locked();
  std::string o = "{\"series\":[";
  bool first = true;
  for (const Series& s : series_) {
    if (!filter.matches(*s.meta)) continue;
    if (!first) o += ',';
    first = false;
    series_entry(o, s, since_us, s.meta->id);
  }
  o += "]}";
  return o;
}

std::string Hub::timeline_json(std::uint64_t since_row, std::size_t limit,
                               std::optional<std::uint64_t> since_message) const {
  const std::lock_guard lock(m_);
  drain_locked();
  std::string o = "{\"activities\":[";
  std::uint64_t at = std::max(since_row, first_row_) - first_row_;
  std::size_t n = 0;
  for (; at < rows_.size() && n < limit; ++at, ++n) {
    if (n) o += ',';
    activity_row(o, rows_[at], true);
  }
  o += "],\"next\":";
  if (at < rows_.size())
    o += std::to_string(first_row_ + at);
  else
    o += "null";
  if (since_message) {
    o += ",\"messages\":[";
    std::uint64_t m = std::max(*since_message, first_message_) - first_message_;
    std::size_t k = 0;
    for (; m < messages_.size() && k < limit; ++m, ++k) {
      if (k) o += ',';
      message_json(o, messages_[m]);
    }
    o += "],\"next_message\":";
    if (m < messages_.size())
      o += std::to_string(first_message_ + m);
    else
      o += "null";
  }
  o += '}';
  return o;
}

std::string Hub::dashboard_locked(const Subscription* filter, std::vector<std::uint32_t>* included) const {
  std::string o = "{\"format\":\"drillsim-dashboard\",\"version\":1,\"run\":";
  o += run_json_locked();
  if (const auto measures = measures_locked()) {
    o += ",\"measures\":";
    o += *measures;
  }
  o += ",\"units\":[";
  for (std::size_t i = 0; i < facts_.units.size(); ++i) {
    if (i) o += ',';
    o += "{\"name\":";
    quoted(o, facts_.units[i]);
    if (i < facts_.unit_facts.size()) {
      const UnitFacts& f = facts_.unit_facts[i];
      o += ",\"kind\":";
      quoted(o, f.kind);
      o += ",\"class\":";
      quoted(o, f.unit_class);
      o += ",\"group\":";
      quoted(o, f.group);
      o += ",\"base\":";
      if (f.base.empty())
        o += "null";
      else
        quoted(o, f.base);
    }
    o += '}';
  }
  o += "],\"activity_kinds\":[";
  for (std::size_t i = 0; i < kActivityKinds.size(); ++i) {
    if (i) o += ',';
    quoted(o, kActivityKinds[i]);
  }
  o += "],\"first_activity\":" + std::to_string(first_row_) + ",\"activities\":[";
  if (!filter || filter->timeline)
    for (std::size_t i = 0; i < rows_.size(); ++i) {
      if (i) o += ',';
      activity_row(o, rows_[i], false);
    }
  o += "],\"series\":[";
  bool first = true;
  for (const Series& s : series_) {
    if (filter && !filter->matches(*s.meta)) continue;
    if (!first) o += ',';
    first = false;
    // In a client's snapshot a series' id is its position there.
    std::optional<std::uint32_t> id;
    if (included) {
      id = static_cast<std::uint32_t>(included->size());
      included->push_back(s.meta->id);
    }
    series_entry(o, s, std::nullopt, id);
  }
  o += ']';
  // The ships' tracks so far (omitted before the first sample, so a page
  // keeps the document's own D+0 positions, and for a client that did not
  // ask for them).
  if (!tracks_.empty() && (!filter || filter->tracks)) {
    // As append_tracks_json would write them all: ships in the order they
    // first moved, each one's points in order (written from the tracks,
    // not regrouped from a copy).
    o += ",\"tracks\":[";
    for (std::size_t i = 0; i < tracks_.size(); ++i) {
      if (i) o += ',';
      const std::vector<TrackPoint>& pts = tracks_[i].points;
      track_json(o, tracks_[i].ship, pts.size(), [&](std::size_t k) -> const TrackPoint& { return pts[k]; });
    }
    o += ']';
  }
  o += ",\"aggregate\":" + aggregate_member_ + "}";
  return o;
}

std::string Hub::dashboard_json() const {
  const std::lock_guard lock(m_);
  drain_locked();
  if (!dashboard_) return dashboard_locked(nullptr);
  const std::string& doc = *dashboard_;
  // The recorder's document says what the run is; two things it cannot
  // know are put in their place. A member is found as the document's
  // first `,"NAME":` (a string's quotes are escaped, so no value holds
  // it): `pace` in `run`, the first member, and `measures` after it.
  struct Splice {
    std::size_t at = std::string::npos;  // where the value replaced starts
    std::size_t length = 0;
    std::string text;
  };
  const auto value_of = [&](std::string_view key, std::string_view old_value) -> std::size_t {
    const std::size_t at = doc.find(key);
    if (at == std::string::npos || doc.compare(at + key.size(), old_value.size(), old_value) != 0)
      return std::string::npos;
    return at + key.size();
  };
  Splice pace, measures;
  // The pace the run is served at (the recorder runs unpaced).
  if (pace_) {
    pace = {value_of(",\"pace\":", "null"), 4, {}};
    number(pace.text, *pace_);
  }
  // A running run's document has no measures yet (the recorder renders
  // them from the final snapshot): the latest sample's go in their place.
  // A document with measures (the final one) keeps its own.
  const bool running = state_ == RunState::running || state_ == RunState::paused;
  if (const auto latest = running ? measures_locked() : nullptr)
    measures = {value_of(",\"measures\":", "[]"), 2, *latest};
  if (pace.at == std::string::npos && measures.at == std::string::npos) return doc;
  std::string o;
  o.reserve(doc.size() + pace.text.size() + measures.text.size());
  std::size_t from = 0;
  for (const Splice* s : {&pace, &measures}) {
    if (s->at == std::string::npos || s->at < from) continue;
    o.append(doc, from, s->at - from);
    o += s->text;
    from = s->at + s->length;
  }
  o.append(doc, from);
  return o;
}

Hub::Interest Hub::Interest::of(const std::vector<const Subscription*>& subscriptions) {
  Interest in{false, false, false, false};
  for (const Subscription* s : subscriptions) {
    in.listening = true;
    in.rows = in.rows || s->timeline;
    in.tracks = in.tracks || s->tracks;
    in.messages = in.messages || s->messages;
  }
  return in;
}

Hub::Take Hub::take(const std::vector<const Subscription*>& subscriptions, Interest interest) {
  auto u = std::make_shared<Update>();
  Take t;
  const std::lock_guard lock(m_);
  drain_locked();
  u->run_json = run_json_locked();
  for (std::uint32_t id : journal_new_series_) u->new_series.push_back(series_[id].meta);
  // The latest point of each series that changed.
  std::sort(journal_series_.begin(), journal_series_.end());
  u->points.reserve(journal_series_.size());
  for (std::uint32_t id : journal_series_) {
    Series& s = series_[id];
    s.journalled = false;
    const auto& p = s.latest ? *s.latest : s.points.back();
    u->points.push_back({id, p.first, p.second});
  }
  // The latest position of each ship that moved (in the order ships first moved).
  std::sort(journal_tracks_.begin(), journal_tracks_.end());
  u->tracks.reserve(journal_tracks_.size());
  for (std::uint32_t i : journal_tracks_) {
    tracks_[i].journalled = false;
    u->tracks.push_back(tracks_[i].points.back());
  }
  // Rows started or ended, each once, in their state now, lowest ids first:
  // those that started before the previous take and ended since, then
  // every row started since.
  const std::uint64_t rows_end = first_row_ + rows_.size();
  if (journalling_rows_) {
    compact_journal_rows();
    const auto add = [&](std::uint64_t id) {
      if (u->rows.size() == bounds_.max_push_rows) {
        u->rows_next = id;
        return false;
      }
      const std::uint64_t at = id - first_row_;
      if (at < rows_.size()) u->rows.push_back(rows_[at]);
      return true;
    };
    bool more = true;
    for (auto it = journal_rows_.begin(); more && it != journal_rows_.end(); ++it) more = add(*it);
    for (std::uint64_t id = std::max(journal_rows_from_, first_row_); more && id < rows_end; ++id) more = add(id);
  }
  // Message events since the last take, oldest first.
  if (journalling_messages_) {
    const std::uint64_t from = std::max(journal_message_from_, first_message_);
    const std::uint64_t to = std::min<std::uint64_t>(next_message_, from + bounds_.max_push_messages);
    for (std::uint64_t id = from; id < to; ++id) {
      if (id > from) u->messages_json += ',';
      message_json(u->messages_json, messages_[id - first_message_]);
    }
    u->message_count = to - std::min(from, to);
    u->messages_skipped = (next_message_ - std::min(journal_message_from_, next_message_)) - (to - std::min(from, to));
    if (to < next_message_) u->messages_next = to;
  }
  journal_message_from_ = next_message_;
  journal_series_.clear();
  journal_tracks_.clear();
  journal_rows_.clear();
  journal_rows_from_ = rows_end;
  journal_new_series_.clear();
  journalling_ = interest.listening;
  journalling_rows_ = interest.listening && interest.rows;
  journalling_tracks_ = interest.listening && interest.tracks;
  journalling_messages_ = interest.listening && interest.messages;
  u->ended = state_ != RunState::running && state_ != RunState::paused;
  if (auto measures = measures_locked(); measures && (!measures_taken_ || *measures != *measures_taken_)) {
    u->measures = measures;
    measures_taken_ = std::move(measures);
  }
  t.series_count = static_cast<std::uint32_t>(series_.size());
  // Clients with the same subscription share one rendering.
  std::vector<const Subscription*> rendered;
  for (const Subscription* s : subscriptions) {
    const auto same = std::find_if(rendered.begin(), rendered.end(), [&](const Subscription* r) { return *r == *s; });
    if (same != rendered.end()) {
      const std::size_t i = static_cast<std::size_t>(same - rendered.begin());
      t.snapshot_series.push_back(t.snapshot_series[i]);
      t.snapshots.push_back(t.snapshots[i]);
    } else {
      t.snapshot_series.emplace_back();
      t.snapshots.push_back(std::make_shared<const std::string>(
          "{\"type\":\"snapshot\",\"dashboard\":" + dashboard_locked(s, &t.snapshot_series.back()) + "}"));
    }
    rendered.push_back(s);
  }
  t.update = std::move(u);
  return t;
}

std::size_t Hub::memory_estimate() const {
  const std::lock_guard lock(m_);
  drain_locked();
  std::size_t bytes = 0;
  for (const Series& s : series_)
    bytes += sizeof(Series) + sizeof(SeriesMeta) + s.points.capacity() * sizeof(s.points[0]) + s.meta->help.size() +
             s.meta->metric.size();
  bytes += rows_.size() * (sizeof(ActivityRow) + 16);
  for (const Track& t : tracks_) bytes += t.points.capacity() * sizeof(TrackPoint);
  bytes += ships_.capacity() * sizeof(ShipState);
  bytes += messages_.size() * sizeof(MessageRow);
  bytes += journal_series_.capacity() * sizeof(std::uint32_t) + journal_rows_.capacity() * sizeof(std::uint64_t) +
           journal_tracks_.capacity() * sizeof(std::uint32_t);
  const auto queue_bytes = [](const Queue& q) {
    return q.boundaries.capacity() * sizeof(Queue::Boundary) + q.changes.capacity() * sizeof(core::metrics::Change) +
           q.scalars.capacity() * sizeof(ScalarChange) + q.activities.capacity() * sizeof(models::ActivityRecord) +
           q.motions.capacity() * sizeof(ShipMotionChange) + q.messages.capacity() * sizeof(MessageRow);
  };
  bytes += queue_bytes(applying_);
  const std::lock_guard queue_lock(queue_m_);
  bytes += queue_bytes(queue_);
  return bytes;
}

}  // namespace drill::server
