#include "models/scenario/parse_sections.hpp"

#include "models/scenario/calendar.hpp"

#include <array>
#include <stdexcept>
#include <type_traits>
#include <utility>

#include "models/scenario/shared_text.hpp"
#include "models/scenario/suggest.hpp"

namespace drill::models::scenario {

namespace {

// Stores a value read; whole numbers were range-checked on reading (every
// range fits its field, see integer_limits.hpp), so a narrowing here is a
// broken invariant, not bad input.
template <class T, class U>
void assign(const std::optional<T>& v, U& out) {
  if (!v) return;
  if constexpr (std::is_integral_v<T> && std::is_integral_v<U>) {
    if (!std::in_range<U>(*v)) throw std::logic_error("integer key read outside the range of its field");
  }
  out = static_cast<U>(*v);
}

// A position: the name of a geography point, or `[lat, lon]` in degrees.
std::optional<Place> read_place(ReadContext& ctx, const YAML::Node& n, const std::string& path) {
  if (n.IsScalar() && !n.Scalar().empty()) return Place{n.Scalar(), {}};
  if (n.IsSequence() && n.size() == 2 && n[0].IsScalar() && n[1].IsScalar()) {
    auto lat = parse_quantity(n[0].Scalar(), Dimension::number);
    auto lon = parse_quantity(n[1].Scalar(), Dimension::number);
    bool ok = true;
    if (!lat || *lat < -90 || *lat > 90) {
      ctx.diags.error(position_of(n[0]), item(path, 0), "latitude must be a number of degrees in [-90, 90]");
      ok = false;
    }
    if (!lon || *lon < -180 || *lon > 180) {
      ctx.diags.error(position_of(n[1]), item(path, 1), "longitude must be a number of degrees in [-180, 180]");
      ok = false;
    }
    if (ok) return Place{"", LatLon{*lat, *lon}};
    return std::nullopt;
  }
  ctx.diags.error(position_of(n), path, "expected a point name or [lat, lon] in degrees",
                  "e.g. 'faslane' (a point of geography.points) or [56.06, -4.82]");
  return std::nullopt;
}

std::optional<Place> place_key(ReadContext& ctx, MapReader& r, std::string_view key, Need need) {
  const YAML::Node n = r.node(key);
  if (!n.IsDefined()) {
    if (need == Need::required && r.is_map()) {
      ctx.diags.error(r.pos(), r.own_path(), "missing required key '" + std::string(key) + "' (a point name or [lat, lon])");
    }
    return std::nullopt;
  }
  return read_place(ctx, n, r.path(key));
}

std::vector<Place> place_list(ReadContext& ctx, MapReader& r, std::string_view key) {
  std::vector<Place> out;
  for_each_item(ctx, r.node(key), r.path(key), [&](const YAML::Node& n, const std::string& p) {
    if (auto pl = read_place(ctx, n, p)) out.push_back(*pl);
  });
  return out;
}

template <class E, std::size_t N>
std::optional<E> enum_key(ReadContext& ctx, MapReader& r, std::string_view key, Need need,
                          const std::array<std::pair<std::string_view, E>, N>& table) {
  auto s = r.text(key, need);
  if (!s) return std::nullopt;
  std::vector<std::string> names;
  for (const auto& [name, value] : table) {
    if (name == *s) return value;
    names.emplace_back(name);
  }
  ctx.diags.error(r.pos(key), r.path(key), "unknown " + std::string(key) + " '" + *s + "'", suggestion_hint(*s, names));
  return std::nullopt;
}

// A fuel stock at key path `path`. Besides each value's own range, checks the
// values against each other (initial and resupply quantity against capacity).
FuelStock read_fuel_stock(ReadContext& ctx, const YAML::Node& n, const std::string& path) {
  FuelStock s;
  MapReader r(ctx, n, path);
  const auto capacity = r.quantity("capacity", Dimension::mass, Need::required, Sign::positive);
  const auto initial = r.quantity("initial", Dimension::mass, Need::optional, Sign::non_negative);
  const auto reorder = r.quantity("reorder_point", Dimension::mass, Need::optional, Sign::non_negative);
  const auto quantity = r.quantity("resupply_quantity", Dimension::mass, Need::optional, Sign::non_negative);
  const bool resupplied = quantity && *quantity > 0;
  const auto lead = r.distribution("lead_time", Dimension::duration, resupplied ? Need::required : Need::optional);
  assign(r.text("supplied_by", Need::optional), s.supplied_by);
  assign(capacity, s.capacity_t);
  s.initial_t = initial.value_or(s.capacity_t);
  assign(reorder, s.reorder_point_t);
  assign(quantity, s.resupply_quantity_t);
  assign(lead, s.lead_time);
  if (capacity) {
    if (initial && *initial > *capacity) {
      ctx.diags.error(r.pos("initial"), r.path("initial"), "initial stock exceeds the capacity",
                      "initial must be at most capacity (" + r.node("capacity").Scalar() + ")");
    }
    if (reorder && *reorder >= *capacity) {
      ctx.diags.error(r.pos("reorder_point"), r.path("reorder_point"), "reorder point must be below the capacity");
    }
    if (quantity && *quantity > *capacity) {
      ctx.diags.error(r.pos("resupply_quantity"), r.path("resupply_quantity"),
                      "resupply quantity exceeds the capacity, the delivery could never be stored");
    }
  }
  r.finish();
  return s;
}

SparesStock read_spares(ReadContext& ctx, const YAML::Node& n, const std::string& path) {
  SparesStock s;
  MapReader r(ctx, n, path);
  assign(r.integer("count", Need::required, limits::kSpares), s.count);
  assign(r.integer("reorder_point", Need::optional, limits::kSpares), s.reorder_point);
  const auto quantity = r.integer("resupply_quantity", Need::optional, limits::kSpares);
  assign(quantity, s.resupply_quantity);
  const bool resupplied = quantity && *quantity > 0;
  assign(r.distribution("lead_time", Dimension::duration, resupplied ? Need::required : Need::optional), s.lead_time);
  r.finish();
  return s;
}

FlightOps read_flight_ops(ReadContext& ctx, const YAML::Node& n, const std::string& path) {
  FlightOps f;
  MapReader r(ctx, n, path);
  assign(r.integer("launch_capacity", Need::optional, limits::kCapacity), f.launch_capacity);
  assign(r.integer("recovery_capacity", Need::optional, limits::kCapacity), f.recovery_capacity);
  assign(r.duration("launch_slot", Need::required, Sign::positive), f.launch_slot);
  assign(r.duration("recovery_slot", Need::required, Sign::positive), f.recovery_slot);
  r.finish();
  return f;
}

FuelPoints read_fuel_points(ReadContext& ctx, const YAML::Node& n, const std::string& path) {
  FuelPoints f;
  MapReader r(ctx, n, path);
  assign(r.integer("count", Need::required, limits::kCapacity), f.count);
  assign(r.quantity("transfer_rate", Dimension::fuel_rate, Need::required, Sign::positive), f.transfer_rate_tph);
  r.finish();
  return f;
}

// A sub-map that must be present: reports it missing, then reads it anyway
// (an undefined node reads as defaults without further errors).
YAML::Node required_map(ReadContext& ctx, MapReader& r, std::string_view key, std::string_view what) {
  YAML::Node n = r.node(key);
  if (!n.IsDefined() && r.is_map()) {
    ctx.diags.error(r.pos(), r.own_path(), "missing required key '" + std::string(key) + "' (" + std::string(what) + ")");
  }
  return n;
}

AirBase read_air_base(ReadContext& ctx, const YAML::Node& n, const std::string& path, AirBaseKind kind) {
  AirBase b;
  b.kind = kind;
  MapReader r(ctx, n, path);
  assign(r.text("name", Need::required), b.name);
  if (kind == AirBaseKind::airfield) {
    assign(place_key(ctx, r, "position", Need::required), b.position);
    b.flight_ops = read_flight_ops(ctx, required_map(ctx, r, "runway", "launch and recovery capacity"), r.path("runway"));
  } else {
    assign(r.text("ship", Need::required), b.ship);
    b.flight_ops = read_flight_ops(ctx, required_map(ctx, r, "deck", "launch and recovery capacity"), r.path("deck"));
  }
  b.fuel_points = read_fuel_points(ctx, required_map(ctx, r, "fuel_points", "count and transfer rate"), r.path("fuel_points"));
  assign(r.integer("maintenance_crews", Need::required, limits::kCapacity), b.maintenance_crews);
  b.spares = read_spares(ctx, required_map(ctx, r, "spares", "spare parts stock"), r.path("spares"));
  b.fuel = read_fuel_stock(ctx, required_map(ctx, r, "fuel", "aviation fuel stock"), r.path("fuel"));
  r.finish();
  return b;
}

Port read_port(ReadContext& ctx, const YAML::Node& n, const std::string& path) {
  Port p;
  MapReader r(ctx, n, path);
  assign(r.text("name", Need::required), p.name);
  assign(place_key(ctx, r, "position", Need::required), p.position);
  assign(r.integer("berths", Need::optional, limits::kCapacity), p.berths);
  assign(r.quantity("bunker_rate", Dimension::fuel_rate, Need::optional, Sign::positive), p.bunker_rate_tph);
  if (r.has("fuel")) p.fuel = read_fuel_stock(ctx, r.node("fuel"), r.path("fuel"));
  r.finish();
  return p;
}

}  // namespace

namespace {

DrillSettings read_settings(ReadContext& ctx, MapReader& root) {
  DrillSettings s;
  MapReader r(ctx, required_map(ctx, root, "drill", "name, horizon and seed"), "drill");
  assign(r.text("name", Need::required), s.name);
  assign(r.text("start", Need::optional), s.start_label);
  assign(r.duration("horizon", Need::required, Sign::positive), s.horizon);
  assign(r.integer("seed", Need::optional, limits::kSeed), s.seed);
  assign(r.integer("replications", Need::optional, limits::kReplications), s.replications);
  s.sample_every = r.duration("sample_every", Need::optional, Sign::positive);
  s.warm_up = r.duration("warm_up", Need::optional, Sign::non_negative);
  if (s.warm_up && s.horizon > core::Duration::zero() && *s.warm_up >= s.horizon)
    ctx.diags.error(r.pos("warm_up"), r.path("warm_up"), "the warm-up must end before the horizon",
                    "write a span shorter than 'horizon' (" + core::format(s.horizon) + ")");
  if (looks_like_date(s.start_label)) {
    s.calendar_start = parse_utc_date_time(s.start_label);
    if (!s.calendar_start) {
      ctx.diags.error(r.pos("start"), r.path("start"), "'" + s.start_label + "' is not a valid UTC date and time",
                      "write YYYY-MM-DD HH:MMZ with a real date and time, e.g. 2026-09-14 00:00Z (or text that "
                      "does not begin like a date)");
    } else if (s.horizon > core::Duration::zero() &&
               std::chrono::duration_cast<std::chrono::seconds>(kLastWritableTime - *s.calendar_start).count() <
                   s.horizon.ticks() / 1'000'000) {
      ctx.diags.error(r.pos("start"), r.path("start"),
                      "the drill would end after 9999-12-31 23:59:59Z, past what its outputs can write",
                      "start earlier or shorten 'horizon' (" + core::format(s.horizon) + ")");
      s.calendar_start.reset();
    }
  }
  r.finish();
  return s;
}

Geography read_geography(ReadContext& ctx, MapReader& root) {
  Geography g;
  MapReader r(ctx, root.node("geography"), "geography");
  for_each_item(ctx, r.node("points"), r.path("points"), [&](const YAML::Node& n, const std::string& p) {
    NamedPoint pt;
    MapReader m(ctx, n, p);
    assign(m.text("name", Need::required), pt.name);
    assign(m.number("lat", Need::required, -90, 90), pt.pos.lat_deg);
    assign(m.number("lon", Need::required, -180, 180), pt.pos.lon_deg);
    m.finish();
    g.points.push_back(pt);
  });
  for_each_item(ctx, r.node("areas"), r.path("areas"), [&](const YAML::Node& n, const std::string& p) {
    Area a;
    MapReader m(ctx, n, p);
    assign(m.text("name", Need::required), a.name);
    const bool polygon = m.has("polygon");
    const bool circle = m.has("centre") || m.has("radius");
    if (polygon == circle && m.is_map()) {
      ctx.diags.error(m.pos(), p, polygon ? "an area has either 'polygon' or 'centre' and 'radius', not both"
                                          : "an area needs 'polygon' or 'centre' and 'radius'",
                      "polygon: [p1, p2, p3]  or  centre: p1, radius: 30 nm");
    }
    if (polygon) {
      a.shape = AreaShape::polygon;
      a.vertices = place_list(ctx, m, "polygon");
      if (m.node("polygon").IsSequence() && m.node("polygon").size() < 3) {
        ctx.diags.error(m.pos("polygon"), m.path("polygon"), "a polygon needs at least three vertices");
      }
    } else {
      a.shape = AreaShape::circle;
      assign(place_key(ctx, m, "centre", Need::required), a.centre);
      assign(m.quantity("radius", Dimension::distance, Need::required, Sign::positive), a.radius_nm);
    }
    m.finish();
    g.areas.push_back(a);
  });
  r.finish();
  return g;
}

Bases read_bases(ReadContext& ctx, MapReader& root) {
  Bases b;
  MapReader r(ctx, root.node("bases"), "bases");
  for_each_item(ctx, r.node("airfields"), r.path("airfields"), [&](const YAML::Node& n, const std::string& p) {
    b.airfields.push_back(read_air_base(ctx, n, p, AirBaseKind::airfield));
  });
  for_each_item(ctx, r.node("carriers"), r.path("carriers"), [&](const YAML::Node& n, const std::string& p) {
    b.carriers.push_back(read_air_base(ctx, n, p, AirBaseKind::carrier));
  });
  for_each_item(ctx, r.node("ports"), r.path("ports"),
                [&](const YAML::Node& n, const std::string& p) { b.ports.push_back(read_port(ctx, n, p)); });
  r.finish();
  return b;
}

ShipClass read_ship_class(ReadContext& ctx, const YAML::Node& n, const std::string& path) {
  ShipClass c;
  MapReader r(ctx, n, path);
  assign(r.text("name", Need::required), c.name);
  const auto vmax = r.quantity("max_speed", Dimension::speed, Need::required, Sign::positive);
  const auto cruise = r.quantity("cruise_speed", Dimension::speed, Need::required, Sign::positive);
  const auto at_max = r.quantity("burn_at_max", Dimension::fuel_rate, Need::required, Sign::positive);
  const auto hotel = r.quantity("hotel", Dimension::fuel_rate, Need::required, Sign::non_negative);
  assign(vmax, c.max_speed_kn);
  assign(cruise, c.cruise_speed_kn);
  assign(at_max, c.burn_at_max_tph);
  assign(hotel, c.hotel_tph);
  assign(r.quantity("fuel_capacity", Dimension::mass, Need::required, Sign::positive), c.fuel_capacity_t);
  assign(r.quantity("critical_fuel", Dimension::fraction, Need::optional, Sign::non_negative), c.critical_fuel_fraction);
  c.replenish_fraction = r.quantity("replenish_at", Dimension::fraction, Need::optional, Sign::non_negative);
  if (c.replenish_fraction && (*c.replenish_fraction < c.critical_fuel_fraction || *c.replenish_fraction > 1.0)) {
    ctx.diags.error(r.pos("replenish_at"), r.path("replenish_at"),
                    "replenish_at must lie between the critical fuel level and full tanks",
                    "a ship on patrol asks for fuel below replenish_at, and is critical below critical_fuel");
  }
  assign(r.duration("oiler_wait", Need::optional, Sign::non_negative), c.oiler_wait);
  assign(r.quantity("patrol_speed", Dimension::fraction, Need::optional, Sign::positive), c.patrol_speed_fraction);
  assign(r.duration("patrol_leg", Need::optional, Sign::positive), c.patrol_leg);
  if (vmax && cruise && *cruise > *vmax) {
    ctx.diags.error(r.pos("cruise_speed"), r.path("cruise_speed"), "cruise speed exceeds the maximum speed");
  }
  if (at_max && hotel && *hotel > *at_max) {
    ctx.diags.error(r.pos("hotel"), r.path("hotel"), "hotel load exceeds the burn at maximum speed",
                    "burn_at_max includes the hotel load: burn(v) = hotel + (burn_at_max - hotel) * (v / max_speed)^3");
  }
  if (r.has("oiler")) {
    OilerSpec o;
    MapReader m(ctx, r.node("oiler"), r.path("oiler"));
    assign(m.quantity("cargo_fuel", Dimension::mass, Need::required, Sign::positive), o.cargo_fuel_t);
    assign(m.quantity("transfer_rate", Dimension::fuel_rate, Need::required, Sign::positive), o.transfer_rate_tph);
    assign(m.duration("connect_time", Need::required, Sign::non_negative), o.connect_time);
    assign(m.duration("disconnect_time", Need::required, Sign::non_negative), o.disconnect_time);
    o.answer_speed_kn = m.quantity("answer_speed", Dimension::speed, Need::optional, Sign::positive);
    if (vmax && o.answer_speed_kn && *o.answer_speed_kn > *vmax) {
      ctx.diags.error(m.pos("answer_speed"), m.path("answer_speed"), "answer speed exceeds the maximum speed");
    }
    m.finish();
    c.oiler = o;
  }
  r.finish();
  return c;
}

NavalUnit read_naval_unit(ReadContext& ctx, const YAML::Node& n, const std::string& path) {
  NavalUnit u;
  MapReader r(ctx, n, path);
  assign(r.text("name", Need::required), u.name);
  assign(r.text("class", Need::required), u.ship_class);
  assign(r.integer("count", Need::optional, limits::kUnitCount), u.count);
  assign(place_key(ctx, r, "start", Need::required), u.start);
  u.route = place_list(ctx, r, "route");
  assign(r.text("patrol_area", Need::optional), u.patrol_area);
  assign(r.text("home_port", Need::optional), u.home_port);
  assign(r.quantity("initial_fuel", Dimension::fraction, Need::optional, Sign::non_negative), u.initial_fuel_fraction);
  for_each_item(ctx, r.node("port_visits"), r.path("port_visits"), [&](const YAML::Node& v, const std::string& p) {
    PortVisit pv;
    MapReader m(ctx, v, p);
    assign(m.text("port", Need::required), pv.port);
    assign(m.time("arrive", Need::required), pv.arrive);
    assign(m.duration("stay", Need::required, Sign::positive), pv.stay);
    m.finish();
    u.port_visits.push_back(pv);
  });
  r.finish();
  return u;
}

Naval read_naval(ReadContext& ctx, MapReader& root) {
  Naval nv;
  MapReader r(ctx, root.node("naval"), "naval");
  for_each_item(ctx, r.node("classes"), r.path("classes"),
                [&](const YAML::Node& n, const std::string& p) { nv.classes.push_back(read_ship_class(ctx, n, p)); });
  for_each_item(ctx, r.node("units"), r.path("units"),
                [&](const YAML::Node& n, const std::string& p) { nv.units.push_back(read_naval_unit(ctx, n, p)); });
  r.finish();
  return nv;
}

AircraftType read_aircraft_type(ReadContext& ctx, const YAML::Node& n, const std::string& path) {
  AircraftType t;
  MapReader r(ctx, n, path);
  assign(r.text("name", Need::required), t.name);
  assign(r.quantity("cruise_speed", Dimension::speed, Need::required, Sign::positive), t.cruise_speed_kn);
  assign(r.quantity("fuel_capacity", Dimension::mass, Need::required, Sign::positive), t.fuel_capacity_t);
  assign(r.quantity("fuel_burn", Dimension::fuel_rate, Need::required, Sign::positive), t.burn_tph);
  const auto bingo = r.quantity("bingo", Dimension::fraction, Need::optional, Sign::non_negative);
  assign(bingo, t.bingo_fraction);
  if (bingo && *bingo >= 1.0) {
    ctx.diags.error(r.pos("bingo"), r.path("bingo"), "bingo fuel must be below a full load", "write a fraction below 1, e.g. 25%");
  }
  {
    MapReader m(ctx, r.node("turnaround"), r.path("turnaround"));
    t.turnaround.refuel = m.distribution("refuel", Dimension::duration, Need::optional);
    assign(m.distribution("servicing", Dimension::duration, Need::optional), t.turnaround.servicing);
    assign(m.distribution("inspection", Dimension::duration, Need::optional), t.turnaround.inspection);
    m.finish();
  }
  const auto mtbf = r.duration("mtbf", Need::optional, Sign::positive);
  assign(mtbf, t.mtbf);
  assign(r.distribution("mttr", Dimension::duration, mtbf ? Need::required : Need::optional), t.mttr);
  assign(r.integer("spares_per_repair", Need::optional, limits::kSparesPerRepair), t.spares_per_repair);
  assign(r.quantity("return_reserve", Dimension::fraction, Need::optional, Sign::non_negative), t.return_reserve_fraction);
  if (r.has("tanker")) {
    MapReader m(ctx, r.node("tanker"), r.path("tanker"));
    t.tanker_offload_t = m.quantity("offload", Dimension::mass, Need::required, Sign::positive).value_or(0.0);
    assign(m.duration("contact_time", Need::optional, Sign::non_negative), t.tanker_contact_time);
    m.finish();
  }
  r.finish();
  return t;
}

Air read_air(ReadContext& ctx, MapReader& root) {
  Air a;
  MapReader r(ctx, root.node("air"), "air");
  for_each_item(ctx, r.node("types"), r.path("types"),
                [&](const YAML::Node& n, const std::string& p) { a.types.push_back(read_aircraft_type(ctx, n, p)); });
  for_each_item(ctx, r.node("squadrons"), r.path("squadrons"), [&](const YAML::Node& n, const std::string& p) {
    Squadron s;
    MapReader m(ctx, n, p);
    assign(m.text("name", Need::required), s.name);
    assign(m.text("type", Need::required), s.type);
    assign(m.text("base", Need::required), s.base);
    assign(m.integer("count", Need::required, limits::kUnitCount), s.count);
    m.finish();
    a.squadrons.push_back(s);
  });
  r.finish();
  return a;
}

Logistics read_logistics(ReadContext& ctx, MapReader& root) {
  Logistics l;
  MapReader r(ctx, root.node("logistics"), "logistics");
  for_each_item(ctx, r.node("depots"), r.path("depots"), [&](const YAML::Node& n, const std::string& p) {
    Depot d;
    MapReader m(ctx, n, p);
    assign(m.text("name", Need::required), d.name);
    assign(place_key(ctx, m, "position", Need::required), d.position);
    d.fuel = read_fuel_stock(ctx, required_map(ctx, m, "fuel", "fuel stock"), m.path("fuel"));
    m.finish();
    l.depots.push_back(d);
  });
  r.finish();
  return l;
}

constexpr std::array<std::pair<std::string_view, LinkKind>, 4> kLinkKinds{{
    {"satellite", LinkKind::satellite},
    {"radio_los", LinkKind::radio_los},
    {"hf", LinkKind::hf},
    {"ideal", LinkKind::ideal},
}};

/// An ideal link delivers every copy at the instant it is sent: none of
/// the keys that describe a real link's delay, capacity or failures apply.
constexpr std::array<std::string_view, 10> kNotForIdealLinks{
    "latency", "bandwidth", "loss", "range", "outages", "random_outages", "setup_time", "overhead", "buffer", "drop_policy"};

constexpr std::array<std::pair<std::string_view, DropPolicy>, 2> kDropPolicies{{
    {"drop_newest", DropPolicy::drop_newest},
    {"drop_lowest_priority", DropPolicy::drop_lowest_priority},
}};

constexpr std::array<std::pair<std::string_view, RelayPolicy>, 2> kRelayPolicies{{
    {"forward_without_delivering", RelayPolicy::forward_without_delivering},
    {"avoid_foreign_relays", RelayPolicy::avoid_foreign_relays},
}};

constexpr double kFeetPerNm = 1852.0 / 0.3048;

CommsNode read_comms_node(ReadContext& ctx, const YAML::Node& n, const std::string& p, const Comms& c) {
  CommsNode node;
  MapReader m(ctx, n, p);
  assign(m.text("name", Need::required), node.name);
  assign(m.text("host", Need::optional), node.host);
  const bool has_position = m.has("position");
  if (has_position == !node.host.empty() && m.is_map()) {
    ctx.diags.error(m.pos(), p, "a comms node has either a 'host' (a unit, squadron or base) or a 'position'");
  }
  if (has_position) assign(place_key(ctx, m, "position", Need::required), node.position);
  node.nation = c.nation;
  assign(m.text("nation", Need::optional), node.nation);
  if (node.nation.empty() && m.is_map()) {
    ctx.diags.error(m.pos(), p, "missing required key 'nation' (the node's nation, e.g. GBR)",
                    "or give every node a default with comms.nation");
  }
  assign(m.names("groups", Need::optional), node.groups);
  if (auto h = m.quantity("antenna_height", Dimension::distance, Need::optional, Sign::positive)) {
    node.antenna_height_ft = *h * kFeetPerNm;
  }
  if (m.has("headquarters")) {
    const YAML::Node hq = m.node("headquarters");
    if (hq.IsScalar() && (hq.Scalar() == "true" || hq.Scalar() == "false")) {
      node.headquarters = hq.Scalar() == "true";
    } else {
      ctx.diags.error(m.pos("headquarters"), m.path("headquarters"), "expected true or false");
    }
  }
  m.finish();
  return node;
}

CommsLink read_comms_link(ReadContext& ctx, const YAML::Node& n, const std::string& p) {
  CommsLink link;
  MapReader m(ctx, n, p);
  assign(m.text("name", Need::required), link.name);
  assign(enum_key(ctx, m, "kind", Need::required, kLinkKinds), link.kind);
  const bool listed = m.has("nodes");
  const bool ends = m.has("from") || m.has("to");
  if (listed && ends) {
    ctx.diags.error(m.pos("nodes"), m.path("nodes"), "a link has either 'nodes' or 'from' and 'to', not both");
  }
  if (listed) {
    assign(m.names("nodes", Need::required), link.nodes);
    if (m.node("nodes").IsSequence() && link.nodes.size() < 2) {
      ctx.diags.error(m.pos("nodes"), m.path("nodes"), "a link joins at least two nodes");
    }
    if (link.kind == LinkKind::radio_los && link.nodes.size() > 2) {
      ctx.diags.error(m.pos("nodes"), m.path("nodes"), "a radio_los link joins exactly two nodes",
                      "declare one radio_los link per pair of nodes");
    }
  } else {
    std::string from, to;
    assign(m.text("from", Need::required), from);
    assign(m.text("to", Need::required), to);
    link.nodes = {from, to};
    link.from_to = true;
  }
  if (link.kind == LinkKind::ideal) {
    for (std::string_view key : kNotForIdealLinks) {
      if (!m.has(key)) continue;
      ctx.diags.error(m.pos(key), m.path(key),
                      "an ideal link has no '" + std::string(key) + "': it delivers every message at the instant it is sent, "
                      "whole and in full",
                      "remove the key, or give the link a real kind (satellite, radio_los, hf)");
      m.node(key);  // read: reported once, not again as unknown
    }
    m.finish();
    return link;
  }
  // The latency is the link's declared minimum delay: zero would leave a
  // parallel run no lookahead, so it is refused with its own reason.
  const auto latency = m.duration("latency", Need::required, Sign::non_negative);
  if (latency && *latency <= core::Duration::zero()) {
    ctx.diags.error(m.pos("latency"), m.path("latency"), "latency must be greater than zero: it is the link's minimum delay",
                    "e.g. 250ms for a geostationary satellite, 5ms for a line-of-sight radio");
  }
  assign(latency, link.latency);
  assign(m.quantity("bandwidth", Dimension::data_rate, Need::required, Sign::positive), link.bandwidth_bps);
  const auto loss = m.quantity("loss", Dimension::fraction, Need::optional, Sign::non_negative);
  if (loss && *loss >= 1.0) {
    ctx.diags.error(m.pos("loss"), m.path("loss"), "loss must be below 1 (100%)", "e.g. loss: 5%");
  }
  assign(loss, link.loss_fraction);
  if (m.has("range")) {
    assign(m.quantity("range", Dimension::distance, Need::required, Sign::positive), link.range_nm);
    if (link.kind != LinkKind::radio_los) {
      ctx.diags.error(m.pos("range"), m.path("range"), "only radio_los links have a range");
    }
  }
  for_each_item(ctx, m.node("outages"), m.path("outages"), [&](const YAML::Node& o, const std::string& op) {
    CommsOutage w;
    MapReader om(ctx, o, op);
    const auto from = om.time("from", Need::required);
    const auto until = om.time("until", Need::required);
    assign(from, w.from);
    assign(until, w.until);
    if (from && until && !(*from < *until)) {
      ctx.diags.error(om.pos("until"), om.path("until"), "an outage ends after it starts");
    }
    om.finish();
    link.outages.push_back(w);
  });
  if (m.has("random_outages")) {
    MapReader om(ctx, m.node("random_outages"), m.path("random_outages"));
    assign(om.duration("mtbf", Need::required, Sign::positive), link.mtbf);
    assign(om.duration("mttr", Need::required, Sign::positive), link.mttr);
    om.finish();
  }
  if (m.has("setup_time")) {
    assign(m.duration("setup_time", Need::required, Sign::non_negative), link.setup_time);
    if (link.kind != LinkKind::hf) ctx.diags.error(m.pos("setup_time"), m.path("setup_time"), "only hf links have a set-up time");
  }
  link.overhead_bytes = m.integer("overhead", Need::optional, limits::kLinkOverhead);
  assign(m.integer("buffer", Need::optional, limits::kLinkBuffer), link.buffer_messages);
  assign(enum_key(ctx, m, "drop_policy", Need::optional, kDropPolicies), link.drop_policy);
  m.finish();
  return link;
}

Comms read_comms(ReadContext& ctx, MapReader& root) {
  Comms c;
  MapReader r(ctx, root.node("comms"), "comms");
  assign(r.text("nation", Need::optional), c.nation);
  const bool has_nodes = r.has("nodes");
  assign(r.text("logistics_cell", has_nodes ? Need::required : Need::optional), c.logistics_cell);
  assign(enum_key(ctx, r, "relay_policy", Need::optional, kRelayPolicies), c.relay_policy);
  assign(r.duration("ack_timeout", Need::optional, Sign::positive), c.ack_timeout);
  assign(r.integer("retransmissions", Need::optional, limits::kRetransmissions), c.retransmissions);
  if (r.has("reporting")) {
    MapReader m(ctx, r.node("reporting"), r.path("reporting"));
    assign(m.duration("report_every", Need::optional, Sign::non_negative), c.reporting.report_every);
    for_each_item(ctx, m.node("fuel_thresholds"), m.path("fuel_thresholds"), [&](const YAML::Node& t, const std::string& tp) {
      auto f = t.IsScalar() ? parse_quantity(t.Scalar(), Dimension::fraction) : Parsed<double>(QuantityError{"", ""});
      if (!f || *f <= 0.0 || *f >= 1.0) {
        ctx.diags.error(position_of(t), tp, "a fuel threshold is a fraction above 0 and below 1", "e.g. [50%, 40%]");
        return;
      }
      c.reporting.fuel_thresholds.push_back(*f);
    });
    assign(m.quantity("contacts_per_hour", Dimension::number, Need::optional, Sign::non_negative), c.reporting.contacts_per_hour);
    assign(m.names("contacts_releasable_to", Need::optional), c.reporting.contacts_releasable_to);
    m.finish();
  }
  for_each_item(ctx, r.node("nodes"), r.path("nodes"),
                [&](const YAML::Node& n, const std::string& p) { c.nodes.push_back(read_comms_node(ctx, n, p, c)); });
  for_each_item(ctx, r.node("links"), r.path("links"),
                [&](const YAML::Node& n, const std::string& p) { c.links.push_back(read_comms_link(ctx, n, p)); });
  r.finish();
  return c;
}

constexpr std::array<std::pair<std::string_view, TaskKind>, 6> kTaskKinds{{
    {"transit", TaskKind::transit},
    {"patrol", TaskKind::patrol},
    {"air_coverage", TaskKind::air_coverage},
    {"maritime_patrol", TaskKind::maritime_patrol},
    {"replenishment", TaskKind::replenishment},
    {"port_visit", TaskKind::port_visit},
}};

Plan read_plan(ReadContext& ctx, MapReader& root, const DrillSettings& settings) {
  Plan plan;
  MapReader r(ctx, root.node("plan"), "plan");
  for_each_item(ctx, r.node("phases"), r.path("phases"), [&](const YAML::Node& n, const std::string& p) {
    Phase ph;
    MapReader m(ctx, n, p);
    assign(m.text("name", Need::required), ph.name);
    assign(m.time("start", Need::required), ph.start);
    ph.end = core::at(settings.horizon);
    assign(m.time("end", Need::required), ph.end);
    m.finish();
    plan.phases.push_back(ph);
  });
  for_each_item(ctx, r.node("tasks"), r.path("tasks"), [&](const YAML::Node& n, const std::string& p) {
    Task t;
    MapReader m(ctx, n, p);
    assign(m.text("name", Need::required), t.name);
    assign(m.text("phase", Need::optional), t.phase);
    assign(enum_key(ctx, m, "kind", Need::required, kTaskKinds), t.kind);
    assign(m.names("participants", Need::required), t.participants);
    // A task that is not a mapping has no participants node to look at
    // (yaml-cpp throws on such an invalid node): refused above already.
    if (const YAML::Node pn = m.has("participants") ? m.node("participants") : YAML::Node();
        pn.IsDefined() && pn.IsSequence() && pn.size() == 0) {
      ctx.diags.error(m.pos("participants"), m.path("participants"), "a task needs at least one participant",
                      "name the units or squadrons that do it, e.g. participants: [argyll]");
    }
    // The window defaults to the phase's, else to the whole drill.
    t.earliest_start = core::SimTime::zero();
    t.deadline = core::at(settings.horizon);
    for (const Phase& ph : plan.phases) {
      if (ph.name == t.phase) {
        t.earliest_start = ph.start;
        t.deadline = ph.end;
      }
    }
    assign(m.time("earliest_start", Need::optional), t.earliest_start);
    assign(m.time("deadline", Need::optional), t.deadline);
    assign(m.names("depends_on", Need::optional), t.depends_on);
    assign(m.text("location", Need::optional), t.location);
    if (m.has("coverage")) {
      Coverage cov;
      MapReader c(ctx, m.node("coverage"), m.path("coverage"));
      assign(c.integer("on_station", Need::required, limits::kCapacity), cov.on_station);
      assign(c.time("from", Need::required), cov.from);
      assign(c.time("until", Need::required), cov.until);
      c.finish();
      t.coverage = cov;
    }
    t.sorties_per_day = m.quantity("sorties_per_day", Dimension::number, Need::optional, Sign::positive);
    assign(m.duration("stay", Need::optional, Sign::positive), t.stay);
    if (m.has("stay") && t.kind != TaskKind::port_visit) {
      ctx.diags.error(m.pos("stay"), m.path("stay"), "only port_visit tasks have a stay");
    }
    m.finish();
    plan.tasks.push_back(t);
  });
  r.finish();
  return plan;
}

}  // namespace

std::string_view to_string(TaskKind k) {
  for (const auto& [name, value] : kTaskKinds) {
    if (value == k) return name;
  }
  return "unknown";
}

DrillSpec parse_drill_sections(ReadContext& ctx, const YAML::Node& root_node) {
  DrillSpec spec;
  if (!root_node.IsDefined() || root_node.IsNull()) {
    ctx.diags.error(SourcePos{1, 1}, "", "the drill file is empty", "a drill starts with a 'drill:' section");
    return spec;
  }
  MapReader root(ctx, root_node, "");
  if (!root.is_map()) return spec;
  // Fixed order, whatever the order in the file: the plan's defaults need
  // the horizon.
  spec.drill = read_settings(ctx, root);
  spec.geography = read_geography(ctx, root);
  spec.bases = read_bases(ctx, root);
  spec.naval = read_naval(ctx, root);
  spec.air = read_air(ctx, root);
  spec.logistics = read_logistics(ctx, root);
  const bool has_comms = root.has("comms");
  spec.comms = read_comms(ctx, root);
  // A drill without a network reports only when something happens (an
  // oiler free, a ship refuelled, a request): scheduled reports would change
  // nothing the cell decides on the ideal transport (configs/README.md).
  if (!has_comms) spec.comms.reporting.report_every = core::Duration::zero();
  spec.plan = read_plan(ctx, root, spec.drill);
  root.finish();
  return spec;
}

}  // namespace drill::models::scenario
