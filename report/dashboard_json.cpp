#include "report/dashboard_json.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <map>

#include "io/confidence.hpp"
#include "io/headline.hpp"
#include "io/json_writer.hpp"
#include "models/entity_kinds.hpp"

namespace drill::report {
namespace sc = models::scenario;

namespace {

/// Compact JSON into one string, or into pieces (DashboardPieces); the
/// caller places commas.
class Text {
 public:
  explicit Text(std::string& into) : out_(&into) {}
  explicit Text(DashboardPieces& pieces, PieceSink* sink = nullptr) : pieces_(&pieces), sink_(sink) { open_own(); }
  std::string& out() noexcept { return *out_; }

  Text& raw(std::string_view s) {
    *out_ += s;
    return *this;
  }
  /// A text that outlives the document (the live activity rows): copied
  /// in, or in pieces a piece of its own when it is long.
  Text& external(std::string_view s) {
    if (!pieces_ || s.size() < kOwnPiece) return raw(s);
    close_own();
    piece(s);
    open_own();
    return *this;
  }
  /// In pieces: the last own text becomes a piece.
  void finish() {
    if (pieces_) close_own();
  }
  Text& str(std::string_view s) {
    io::append_json_quoted(*out_, s);
    return *this;
  }
  Text& key(std::string_view k) {
    str(k);
    *out_ += ':';
    return *this;
  }
  Text& num(double d) {
    if (!std::isfinite(d)) return raw("null");
    if (d == 0.0) d = 0.0;  // no "-0"
    char buf[32];
    const auto r = std::to_chars(buf, buf + sizeof buf, d);
    out_->append(buf, r.ptr);
    return *this;
  }
  Text& integer(std::int64_t i) {
    char buf[24];
    const auto r = std::to_chars(buf, buf + sizeof buf, i);
    out_->append(buf, r.ptr);
    return *this;
  }
  Text& uinteger(std::uint64_t u) {
    char buf[24];
    const auto r = std::to_chars(buf, buf + sizeof buf, u);
    out_->append(buf, r.ptr);
    return *this;
  }
  Text& time(core::SimTime t) { return integer(t.ticks()); }
  Text& position(models::LatLon p) {
    raw("[");
    degrees(p.lat_deg);
    raw(",");
    degrees(p.lon_deg);
    return raw("]");
  }
  /// A latitude or longitude to 1e-6 degrees (under 0.12 m): a map needs no
  /// more, and a track's numbers stay short.
  Text& degrees(double d) { return num(std::round(d * 1e6) / 1e6); }
  Text& opt_str(std::string_view s) { return s.empty() ? raw("null") : str(s); }
  Text& labels(const std::vector<core::metrics::Label>& ls) {
    raw("{");
    for (std::size_t i = 0; i < ls.size(); ++i) {
      if (i) raw(",");
      key(ls[i].name).str(ls[i].value);
    }
    return raw("}");
  }
  /// Writes ',' before every element but the first. In pieces, a full
  /// own text becomes a piece here, between two elements (never inside a
  /// string, so each piece can be escaped on its own).
  Text& sep(bool& first) {
    if (pieces_ && out_->size() >= kOwnChunk - kOwnRoom) {
      close_own();
      open_own();
    }
    if (!first) *out_ += ',';
    first = false;
    return *this;
  }

 private:
  static constexpr std::size_t kOwnPiece = 512;  // shorter external texts are copied in
  // In pieces, the own texts are chunks of about 1 MiB, each allocated once
  // at that size: a text of megabytes grown by doubling would touch about
  // twice its size of fresh memory. An element between two sep() calls (a
  // point, a series' or a row's head) is far shorter than the room left.
  static constexpr std::size_t kOwnChunk = std::size_t{1} << 20, kOwnRoom = 16 * 1024;
  void open_own() {
    out_ = &pieces_->own.emplace_back();
    out_->reserve(kOwnChunk);
  }
  void close_own() {
    if (!out_->empty()) piece(*out_);
  }
  void piece(std::string_view p) {
    pieces_->pieces.push_back(p);
    if (sink_) sink_->put(p);
  }

  std::string* out_;
  DashboardPieces* pieces_ = nullptr;
  PieceSink* sink_ = nullptr;
};

/// One element of a series' and of a track's `points`.
void append_series_point_json(std::string& out, const SeriesPoint& p) {
  Text(out).raw("[").time(p.t).raw(",").num(p.value).raw("]");
}

void append_track_point_json(std::string& out, const TrackPoint& p) {
  Text(out).raw("[").time(p.t).raw(",").degrees(p.position.lat_deg).raw(",").degrees(p.position.lon_deg).raw("]");
}

std::string_view link_kind(sc::LinkKind k) noexcept {
  switch (k) {
    case sc::LinkKind::satellite: return "satellite";
    case sc::LinkKind::radio_los: return "radio_los";
    case sc::LinkKind::hf: return "hf";
    case sc::LinkKind::ideal: return "ideal";
  }
  return "ideal";
}

std::string hex16(std::uint64_t v) {
  char buf[17];
  for (int i = 15; i >= 0; --i) {
    buf[i] = "0123456789abcdef"[v & 0xF];
    v >>= 4;
  }
  return std::string(buf, 16);
}

void run_member(Text& j, const RunHeader& r) {
  j.key("run").raw("{");
  j.key("drill").str(r.drill).raw(",");
  j.key("tool_version").str(r.tool_version).raw(",");
  j.key("config_sha256").str(r.config_sha256).raw(",");
  j.key("seed").str(std::to_string(r.seed)).raw(",");
  j.key("replication").uinteger(r.replication).raw(",");
  j.key("replications").uinteger(r.replications).raw(",");
  j.key("replications_done").uinteger(r.replications_done).raw(",");
  j.key("status").str(r.status).raw(",");
  j.key("horizon_us").time(r.horizon).raw(",");
  j.key("now_us").time(r.now).raw(",");
  j.key("calendar_start");
  if (r.calendar_start)
    j.str(io::iso8601_utc(*r.calendar_start, core::SimTime::zero()));
  else
    j.raw("null");
  j.raw(",");
  j.key("events").uinteger(r.events).raw(",");
  j.key("fingerprint");
  if (r.fingerprint)
    j.str(hex16(*r.fingerprint));
  else
    j.raw("null");
  j.raw(",").key("pace");
  if (r.pace)
    j.num(*r.pace);
  else
    j.raw("null");
  j.raw(",").key("sample_every_us");
  if (r.sample_every)
    j.integer(r.sample_every->ticks());
  else
    j.raw("null");
  j.raw("}");
}

void measure_head(Text& j, const HeadlineMeasure& m) {
  const io::DisplayUnit du = io::display_unit(m.descriptor);
  j.key("name").str(m.name).raw(",");
  j.key("measure").str(m.measure).raw(",");
  j.key("labels").labels(m.labels).raw(",");
  j.key("statistic").str(m.statistic).raw(",");
  j.key("unit").str(unit_symbol(m.descriptor.unit)).raw(",");
  j.key("display_unit").str(du.unit).raw(",");
  j.key("scale").num(du.scale);
}

void measures_member(Text& j, const core::metrics::Snapshot* s) { j.key("measures").raw(measures_json(s)); }

/// "a; b; c" -> ["a", "b", "c"].
std::vector<std::string> split_reasons(const std::string& reason) {
  std::vector<std::string> out;
  std::size_t from = 0;
  while (from < reason.size()) {
    const std::size_t at = reason.find("; ", from);
    out.push_back(reason.substr(from, at == std::string::npos ? std::string::npos : at - from));
    if (at == std::string::npos) break;
    from = at + 2;
  }
  return out;
}

void plan_member(Text& j, const DashboardInputs& in) {
  const sc::Plan& plan = in.spec.plan;
  j.key("plan").raw("{").key("phases").raw("[");
  bool first = true;
  for (const sc::Phase& p : plan.phases) {
    j.sep(first).raw("{").key("name").str(p.name).raw(",");
    j.key("start_us").time(p.start).raw(",").key("end_us").time(p.end).raw("}");
  }
  j.raw("],").key("tasks").raw("[");
  first = true;
  const bool running = in.run.status == "running" || in.run.status == "paused";
  for (std::size_t i = 0; i < plan.tasks.size(); ++i) {
    const sc::Task& t = plan.tasks[i];
    const models::TaskOutcome* o = in.tasks && i < in.tasks->size() && (*in.tasks)[i].name == t.name
                                       ? &(*in.tasks)[i]
                                       : nullptr;
    j.sep(first).raw("{").key("name").str(t.name).raw(",");
    j.key("phase").str(t.phase).raw(",");
    j.key("kind").str(sc::to_string(t.kind)).raw(",");
    j.key("participants").raw("[");
    bool pf = true;
    for (const std::string& p : t.participants) j.sep(pf).str(p);
    j.raw("],").key("location").opt_str(t.location).raw(",").key("position");
    if (t.location.empty())
      j.raw("null");
    else
      j.position(t.location_pos);
    j.raw(",").key("earliest_start_us").time(t.earliest_start).raw(",");
    j.key("deadline_us").time(t.deadline).raw(",");
    std::string_view outcome = "pending";
    if (o) {
      if (o->on_time)
        outcome = "on_time";
      else if (o->completed())
        outcome = "late";
      else if (!running || in.run.now >= t.deadline)
        outcome = "not_done";
    }
    j.key("outcome").str(outcome).raw(",").key("completed_us");
    if (o && o->completed_at)
      j.time(*o->completed_at);
    else
      j.raw("null");
    j.raw(",").key("reasons").raw("[");
    bool rf = true;
    if (o && outcome != "pending")
      for (const std::string& r : split_reasons(o->reason)) j.sep(rf).str(r);
    j.raw("]}");
  }
  j.raw("]}");
}

void geography_member(Text& j, const sc::DrillSpec& spec) {
  j.key("geography").raw("{").key("points").raw("[");
  bool first = true;
  const auto point = [&](std::string_view name, std::string_view kind, models::LatLon p) {
    j.sep(first).raw("{").key("name").str(name).raw(",").key("kind").str(kind).raw(",");
    j.key("position").position(p).raw("}");
  };
  for (const auto& p : spec.geography.points) point(p.name, "point", p.pos);
  for (const auto& b : spec.bases.airfields) point(b.name, "airfield", b.position.pos);
  for (const auto& b : spec.bases.carriers) {
    // A carrier moves with its ship: its position here is the ship's start.
    models::LatLon at;
    for (const auto& u : spec.naval.units)
      if (u.name == b.ship) at = u.start.pos;
    j.sep(first).raw("{").key("name").str(b.name).raw(",").key("kind").str("carrier").raw(",");
    j.key("position").position(at).raw(",").key("ship").str(b.ship).raw("}");
  }
  for (const auto& p : spec.bases.ports) point(p.name, "port", p.position.pos);
  for (const auto& d : spec.logistics.depots) point(d.name, "depot", d.position.pos);
  j.raw("],").key("areas").raw("[");
  first = true;
  for (const sc::Area& a : spec.geography.areas) {
    j.sep(first).raw("{").key("name").str(a.name).raw(",");
    if (a.shape == sc::AreaShape::polygon) {
      j.key("shape").str("polygon").raw(",").key("vertices").raw("[");
      bool vf = true;
      for (const sc::Place& v : a.vertices) j.sep(vf).position(v.pos);
      j.raw("]");
    } else {
      j.key("shape").str("circle").raw(",").key("centre").position(a.centre.pos).raw(",");
      j.key("radius_nm").num(a.radius_nm);
    }
    j.raw("}");
  }
  j.raw("],").key("routes").raw("[");
  first = true;
  for (const sc::NavalUnit& u : spec.naval.units) {
    if (u.route.empty()) continue;
    j.sep(first).raw("{").key("unit").str(u.name).raw(",").key("points").raw("[");
    j.position(u.start.pos);
    for (const sc::Place& p : u.route) j.raw(",").position(p.pos);
    j.raw("]}");
  }
  j.raw("]}");
}

void units_member(Text& j, const DashboardRecorder& r) {
  // Index = unit id: the units table by id (a name shared by a ship and an
  // aircraft is one entity, listed as the ship).
  // Unit entities that are no ship or aircraft (a standalone comms node's
  // own) come after them all and are not listed.
  const std::size_t names = r.names().size(models::kind::unit);
  std::size_t n = 0;
  for (const auto& u : r.units())
    if (u.unit.index() < names) n = std::max<std::size_t>(n, u.unit.index() + 1);
  std::vector<const models::DrillModel::UnitInfo*> by_id(n, nullptr);
  for (const auto& u : r.units())
    if (u.unit.index() < n && !by_id[u.unit.index()]) by_id[u.unit.index()] = &u;
  j.key("units").raw("[");
  for (std::size_t i = 0; i < n; ++i) {
    if (i) j.raw(",");
    const auto* u = by_id[i];
    j.raw("{").key("name").str(r.names().name(models::UnitId(static_cast<std::uint32_t>(i)))).raw(",");
    if (!u) {
      j.key("kind").raw("null,").key("class").raw("null,").key("group").raw("null,").key("base").raw("null}");
      continue;
    }
    j.key("kind").str(u->aircraft ? "aircraft" : "ship").raw(",");
    j.key("class").str(u->unit_class).raw(",");
    j.key("group").str(u->group).raw(",");
    j.key("base").opt_str(u->base).raw("}");
  }
  j.raw("]");
}

constexpr std::array<models::Activity, 6> kKinds = {
    models::Activity::transit,     models::Activity::on_station,
    models::Activity::refuelling,  models::Activity::waiting_for_resource,
    models::Activity::maintenance, models::Activity::replenishment_at_sea};

void activities_member(Text& j, const DashboardRecorder& r, const LiveDocumentParts* live) {
  j.key("activity_kinds").raw("[");
  for (std::size_t k = 0; k < kKinds.size(); ++k) {
    if (k) j.raw(",");
    j.str(models::to_string(kKinds[k]));
  }
  j.raw("],").key("activities").raw("[");
  // The rows formatted while the run went first, as they are.
  std::size_t id = 0;
  if (live && live->rows <= r.row_count()) {
    for (const std::string& chunk : live->activities) j.external(chunk);
    id = live->rows;
  }
  bool first = id == 0;
  for (; id < r.row_count(); ++id) {
    j.sep(first);
    append_activity_json(j.out(), r.row(id), r.names());
  }
  j.raw("]");
}

void tracks_member(Text& j, const DashboardRecorder& r) {
  j.key("tracks").raw("[");
  bool first = true;
  for (const Track& t : r.tracks()) {
    j.sep(first).raw("{").key("unit").uinteger(t.ship.index()).raw(",").key("points").raw("[");
    bool pf = true;
    t.points.for_each([&](const TrackPoint& p) {
      j.sep(pf);
      append_track_point_json(j.out(), p);
    });
    j.raw("]}");
  }
  j.raw("]");
}

/// Levels the page draws with a series: critical fuel and capacity per ship,
/// a stock's reorder point, the aircraft a coverage task requires.
std::map<std::string, double> references(const RecordedSeries& s, const core::metrics::Descriptor& d,
                                         const DashboardInputs& in) {
  std::map<std::string, double> out;
  if (s.statistic != "value" || s.labels.size() != 1) return out;
  const std::string& label = s.labels[0].value;
  const sc::DrillSpec& spec = in.spec;
  if (d.name == "ship_fuel" && s.labels[0].kind == models::kind::unit) {
    for (const auto& u : in.recorder.units())
      if (!u.aircraft && u.name == label)
        for (const auto& c : spec.naval.classes)
          if (c.name == u.unit_class) {
            out["critical"] = c.critical_fuel_fraction * c.fuel_capacity_t;
            out["capacity"] = c.fuel_capacity_t;
          }
  } else if ((d.name == "fuel_stock_level" || d.name == "spares_stock_level") &&
             s.labels[0].kind == models::kind::stock) {
    const bool fuel = d.name == "fuel_stock_level";
    const auto stock = [&](std::string_view owner, const sc::FuelStock& f) {
      if (fuel && label == std::string(owner) + "/fuel") {
        out["reorder_point"] = f.reorder_point_t;
        out["capacity"] = f.capacity_t;
      }
    };
    for (const auto& dp : spec.logistics.depots) stock(dp.name, dp.fuel);
    for (const auto& p : spec.bases.ports)
      if (p.fuel) stock(p.name, *p.fuel);
    for (const auto* list : {&spec.bases.airfields, &spec.bases.carriers})
      for (const auto& b : *list) {
        stock(b.name, b.fuel);
        if (!fuel && label == b.name + "/spares") out["reorder_point"] = b.spares.reorder_point;
      }
  } else if (d.name == "aircraft_on_station" && s.labels[0].kind == models::kind::task) {
    for (const auto& t : spec.plan.tasks)
      if (t.name == label && t.coverage) out["required"] = t.coverage->on_station;
  }
  return out;
}

void series_member(Text& j, const DashboardInputs& in) {
  const DashboardRecorder& r = in.recorder;
  j.key("series").raw("[");
  bool first = true;
  for (const RecordedSeries& s : r.series()) {
    const core::metrics::Descriptor& d = r.descriptors()[s.measure];
    j.sep(first).raw("{").key("metric").str(s.metric).raw(",");
    j.key("measure").str(d.name).raw(",");
    j.key("statistic").str(s.statistic).raw(",");
    const bool count = s.statistic == "count";
    j.key("unit").str(count ? std::string_view() : unit_symbol(d.unit)).raw(",");
    j.key("kind").str(core::metrics::to_string(d.kind)).raw(",");
    j.key("help").str(d.help).raw(",");
    j.key("labels").labels(s.labels).raw(",").key("points").raw("[");
    bool pf = true;
    s.points.for_each([&](const SeriesPoint& p) {
      j.sep(pf);
      append_series_point_json(j.out(), p);
    });
    j.raw("]");
    const std::map<std::string, double> refs = references(s, d, in);
    if (!refs.empty()) {
      j.raw(",").key("reference").raw("{");
      bool rf = true;
      for (const auto& [name, v] : refs) j.sep(rf).key(name).num(v);
      j.raw("}");
    }
    j.raw("}");
  }
  j.raw("]");
}

void network_member(Text& j, const DashboardInputs& in) {
  const sc::Comms& comms = in.spec.comms;
  const DashboardRecorder& r = in.recorder;
  j.key("network");
  if (!comms.simulated()) {
    j.raw("null");
    return;
  }
  j.raw("{").key("nodes").raw("[");
  bool first = true;
  for (const sc::CommsNode& n : comms.nodes) {
    j.sep(first).raw("{").key("name").str(n.name).raw(",").key("unit");
    const auto unit = n.host.empty() ? std::nullopt : r.names().find<models::kind::unit>(n.host);
    if (unit)
      j.uinteger(unit->index());
    else
      j.raw("null");
    j.raw(",").key("host").opt_str(n.host).raw(",").key("groups").raw("[");
    bool gf = true;
    for (const std::string& g : n.groups) j.sep(gf).str(g);
    j.raw("]}");
  }
  j.raw("],").key("links").raw("[");
  // Utilisation: the time-weighted mean of link_utilisation per link.
  std::map<std::string, double> utilisation;
  if (in.snapshot)
    for (std::size_t i = 0; i < in.snapshot->size(); ++i) {
      const auto& info = in.snapshot->series(i);
      if (in.snapshot->descriptor(i).name == "link_utilisation" && info.labels.size() == 1)
        utilisation[info.labels[0].value] = in.snapshot->values(i).mean;
    }
  first = true;
  for (const sc::CommsLink& l : comms.links) {
    j.sep(first).raw("{").key("name").str(l.name).raw(",").key("kind").str(link_kind(l.kind)).raw(",");
    j.key("nodes").raw("[");
    bool nf = true;
    for (const std::string& n : l.nodes) j.sep(nf).str(n);
    j.raw("],").key("bandwidth_bps").num(l.bandwidth_bps).raw(",");
    j.key("latency_us").integer(l.latency.ticks()).raw(",").key("down").raw("[");
    const auto id = r.names().find<models::kind::link>(l.name);
    if (id && id->index() < r.link_down().size()) {
      bool df = true;
      for (const DownPeriod& p : r.link_down()[id->index()]) {
        j.sep(df).raw("[").time(p.start).raw(",");
        if (p.end)
          j.time(*p.end);
        else
          j.raw("null");
        j.raw("]");
      }
    }
    j.raw("],").key("utilisation");
    const auto u = utilisation.find(l.name);
    if (u != utilisation.end())
      j.num(u->second);
    else
      j.raw("null");
    j.raw("}");
  }
  j.raw("]}");
}

void aggregate_member(Text& j, const HeadlineAcross* a) {
  j.key("aggregate");
  if (!a || a->replications() == 0) {
    j.raw("null");
    return;
  }
  j.raw("{").key("replications").uinteger(a->replications()).raw(",").key("measures").raw("[");
  bool first = true;
  for (std::size_t i = 0; i < a->measures().size(); ++i) {
    const HeadlineMeasure& m = a->measures()[i];
    core::Tally t;
    for (double v : a->values(i)) t.add(v);
    const double half = io::confidence_half_width_95(t);
    j.sep(first).raw("{");
    measure_head(j, m);
    j.raw(",").key("mean").num(t.mean()).raw(",").key("stddev").num(t.stddev()).raw(",");
    j.key("ci95").raw("[").num(t.mean() - half).raw(",").num(t.mean() + half).raw("],");
    j.key("values").raw("[");
    bool vf = true;
    for (double v : a->values(i)) j.sep(vf).num(v);
    j.raw("]}");
  }
  j.raw("]}");
}

}  // namespace

std::string_view unit_symbol(core::metrics::Unit unit) noexcept {
  using core::metrics::Unit;
  switch (unit) {
    case Unit::none: return "";
    case Unit::ratio: return "ratio";
    case Unit::seconds: return "s";
    case Unit::tonnes: return "t";
    case Unit::bytes: return "B";
    case Unit::meters: return "m";
  }
  return "";
}

void append_activity_json(std::string& out, const ActivityRow& row, const core::metrics::NameTable& names) {
  Text j(out);
  // The kinds' order (activity_kinds) is the enum's: the index is the value.
  j.raw("[").uinteger(row.unit.index()).raw(",").uinteger(static_cast<std::uint64_t>(row.kind)).raw(",");
  j.time(row.start).raw(",");
  if (row.end)
    j.time(*row.end);
  else
    j.raw("null");
  j.raw(",");
  if (row.related)
    j.str(names.name(*row.related));
  else
    j.raw("null");
  j.raw("]");
}

std::string measures_json(const core::metrics::Snapshot* s) {
  std::string text;
  Text j(text);
  j.raw("[");
  if (s) {
    bool first = true;
    for (const HeadlineMeasure& m : headline_measures(*s)) {
      const double v = value_of(*s, m);
      j.sep(first).raw("{");
      measure_head(j, m);
      j.raw(",").key("value").num(v).raw(",");
      j.key("display").str(io::format_headline(m.descriptor, v)).raw("}");
    }
  }
  j.raw("]");
  return text;
}

namespace {

void document(Text& j, const DashboardInputs& in) {
  j.raw("{").key("format").str("drillsim-dashboard").raw(",").key("version").integer(1).raw(",");
  run_member(j, in.run);
  j.raw(",");
  measures_member(j, in.snapshot);
  j.raw(",");
  plan_member(j, in);
  j.raw(",");
  geography_member(j, in.spec);
  j.raw(",");
  units_member(j, in.recorder);
  j.raw(",");
  activities_member(j, in.recorder, in.live);
  j.raw(",");
  tracks_member(j, in.recorder);
  j.raw(",");
  series_member(j, in);
  j.raw(",");
  network_member(j, in);
  j.raw(",");
  aggregate_member(j, in.aggregate);
  j.raw("}\n");
}

}  // namespace

void LiveDocumentParts::append(const ActivityRow& row, const core::metrics::NameTable& names) {
  constexpr std::size_t kChunk = std::size_t{1} << 20, kRoom = 4 * 1024;  // a row is well under 1 KiB
  if (activities.empty() || activities.back().size() > kChunk - kRoom) {
    activities.emplace_back();
    activities.back().reserve(kChunk);
  }
  std::string& out = activities.back();
  if (rows++ > 0) out += ',';
  append_activity_json(out, row, names);
}

std::string LiveDocumentParts::joined() const {
  std::string out;
  for (const std::string& chunk : activities) out += chunk;
  return out;
}

std::string DashboardPieces::joined() const {
  std::size_t n = 0;
  for (std::string_view p : pieces) n += p.size();
  std::string out;
  out.reserve(n);
  for (std::string_view p : pieces) out += p;
  return out;
}

std::string dashboard_json(const DashboardInputs& in) {
  std::string text;
  // Roughly the size it will have: one growth, not twenty copies.
  std::size_t points = 0;
  for (const RecordedSeries& s : in.recorder.series()) points += s.points.size();
  for (const Track& t : in.recorder.tracks()) points += t.points.size();
  text.reserve(64 * 1024 + in.recorder.row_count() * 40 + points * 32 + in.recorder.series().size() * 256);
  Text j(text);
  document(j, in);
  return text;
}

DashboardPieces dashboard_json_pieces(const DashboardInputs& in) {
  DashboardPieces pieces;
  Text j(pieces);
  document(j, in);
  j.finish();
  return pieces;
}

void dashboard_json_pieces(const DashboardInputs& in, DashboardPieces& into, PieceSink& sink) {
  Text j(into, &sink);
  document(j, in);
  j.finish();
}

}  // namespace drill::report
