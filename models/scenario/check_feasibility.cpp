#include "models/scenario/check_feasibility.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "models/scenario/shared_text.hpp"

namespace drill::models::scenario {

namespace {

std::string nm(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.0f nm", v);
  return buf;
}
std::string kn(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g kn", v);
  return buf;
}

// Positions closer than this count as the same place (a route point at a port).
constexpr double kSamePlaceNm = 1.0;

std::string place_name(const Place& p) { return p.point.empty() ? "its start position" : "'" + p.point + "'"; }

// Earliest arrival after `distance` at `speed` from D+0 00:00, rounded up to
// the whole minute so messages stay readable and never promise too early.
core::SimTime earliest_arrival(double distance, double speed) {
  const core::Duration exact = core::hours_f(distance / speed);
  const core::Duration minute = core::minutes(1);
  const core::Duration whole = (exact % minute == core::Duration::zero()) ? exact : exact - exact % minute + minute;
  return core::at(whole);
}

class Feasibility {
 public:
  Feasibility(const DrillSpec& spec, const SourceMap& where, Diagnostics& diags) : s_(spec), where_(where), diags_(diags) {}

  void run() {
    for (std::size_t i = 0; i < s_.plan.tasks.size(); ++i) {
      const Task& t = s_.plan.tasks[i];
      const std::string path = item("plan.tasks", i);
      check_ship_reach(t, path);
      check_air_reach(t, path);
      check_coverage_size(t, path);
      check_dependency_times(t, path);
    }
    for (std::size_t i = 0; i < s_.bases.airfields.size(); ++i)
      check_reorder_points(s_.bases.airfields[i], item("bases.airfields", i));
    for (std::size_t i = 0; i < s_.bases.carriers.size(); ++i)
      check_reorder_points(s_.bases.carriers[i], item("bases.carriers", i));
    for (std::size_t i = 0; i < s_.naval.units.size(); ++i) {
      check_port_visit_reach(s_.naval.units[i], item("naval.units", i));
      check_route_fuel(s_.naval.units[i], item("naval.units", i));
      check_fuel_source(s_.naval.units[i], item("naval.units", i));
      check_task_overlap(s_.naval.units[i]);
    }
    check_links_can_deliver();
  }

 private:
  void error(const std::string& path, std::string message, std::string hint = {}) {
    diags_.error(where_.at(path), path, std::move(message), std::move(hint));
  }

  void warning(const std::string& path, std::string message, std::string hint = {}) {
    diags_.warning(where_.at(path), path, std::move(message), std::move(hint));
  }

  // A resupplied stock whose reorder point is below one draw runs dry
  // before it reorders: the draw that finds too little orders, and the
  // aircraft waits the whole lead time. Allowed, but rarely meant.
  void check_reorder_points(const AirBase& b, const std::string& path) {
    double fuel_draw = 0.0;
    int spares_draw = 0;
    std::string fuel_type, spares_type;
    for (const Squadron& q : s_.air.squadrons) {
      if (q.base != b.name) continue;
      const AircraftType* ty = find_named(s_.air.types, q.type);
      if (!ty) continue;
      if (ty->fuel_capacity_t > fuel_draw) {
        fuel_draw = ty->fuel_capacity_t;
        fuel_type = ty->name;
      }
      if (ty->mtbf > core::Duration::zero() && ty->spares_per_repair > spares_draw) {
        spares_draw = ty->spares_per_repair;
        spares_type = ty->name;
      }
    }
    fuel_draw = std::min(fuel_draw, b.fuel.capacity_t);
    if (b.fuel.resupply_quantity_t > 0 && b.fuel.reorder_point_t < fuel_draw) {
      char buf[128];
      std::snprintf(buf, sizeof buf, "%.4g t is below the largest single draw, %.4g t", b.fuel.reorder_point_t,
                    fuel_draw);
      warning(path + ".fuel.reorder_point",
              std::string("reorder point ") + buf + " (refuelling '" + fuel_type +
                  "' after a full load): the stock runs dry before it reorders and that aircraft waits the lead time",
              "raise reorder_point to at least the largest draw");
    }
    if (b.spares.resupply_quantity > 0 && b.spares.reorder_point < spares_draw) {
      warning(path + ".spares.reorder_point",
              "reorder point " + std::to_string(b.spares.reorder_point) + " is below the largest single draw, " +
                  std::to_string(spares_draw) + " parts (a repair of '" + spares_type +
                  "'): the stock runs out before it reorders and that aircraft waits the lead time",
              "raise reorder_point to at least " + std::to_string(spares_draw));
    }
  }

  // The best case: the ship leaves its start position at D+0 00:00 and
  // steams straight there at maximum speed. If even that misses the
  // deadline, no schedule can meet it.
  void check_ship_reach(const Task& t, const std::string& path) {
    if (t.location.empty()) return;
    for (const std::string& name : t.participants) {
      const NavalUnit* u = find_named(s_.naval.units, name);
      if (!u) continue;
      const ShipClass* c = find_named(s_.naval.classes, u->ship_class);
      if (!c || c->max_speed_kn <= 0) continue;
      const double d = distance_nm(u->start.pos, t.location_pos);
      const core::SimTime arrival = earliest_arrival(d, c->max_speed_kn);
      if (arrival > t.deadline) {
        error(path + ".deadline",
              "deadline " + core::format(t.deadline) + " cannot be met: '" + name + "' starts " + nm(d) + " from '" +
                  t.location + "' and arrives at " + core::format(arrival) + " at its maximum speed of " +
                  kn(c->max_speed_kn),
              "move the deadline to " + core::format(arrival) + " or later, or start '" + name + "' closer");
      }
    }
  }

  void check_port_visit_reach(const NavalUnit& u, const std::string& path) {
    const ShipClass* c = find_named(s_.naval.classes, u.ship_class);
    if (!c || c->max_speed_kn <= 0) return;
    for (std::size_t k = 0; k < u.port_visits.size(); ++k) {
      const PortVisit& v = u.port_visits[k];
      const Port* p = find_named(s_.bases.ports, v.port);
      if (!p) continue;
      const double d = distance_nm(u.start.pos, p->position.pos);
      const core::SimTime arrival = earliest_arrival(d, c->max_speed_kn);
      if (arrival > v.arrive) {
        error(item(path + ".port_visits", k) + ".arrive",
              "'" + u.name + "' cannot arrive at '" + v.port + "' by " + core::format(v.arrive) + ": it starts " + nm(d) +
                  " away and needs until " + core::format(arrival) + " at " + kn(c->max_speed_kn),
              "arrive at " + core::format(arrival) + " or later");
      }
    }
  }

  // Radius of action on the fuel above bingo, out and back at cruise, from
  // an airfield. Carrier-based squadrons are not checked: where the carrier
  // will be when they fly is the plan's to decide.
  void check_air_reach(const Task& t, const std::string& path) {
    if (t.location.empty()) return;
    bool tanker = false;
    for (const std::string& name : t.participants) {
      const Squadron* q = find_named(s_.air.squadrons, name);
      const AircraftType* ty = q ? find_named(s_.air.types, q->type) : nullptr;
      if (ty && ty->tanker_offload_t) tanker = true;
    }
    if (tanker) return;
    for (const std::string& name : t.participants) {
      const Squadron* q = find_named(s_.air.squadrons, name);
      if (!q) continue;
      const AircraftType* ty = find_named(s_.air.types, q->type);
      const AirBase* b = find_named(s_.bases.airfields, q->base);
      if (!ty || !b || ty->burn_tph <= 0) continue;
      const double endurance_h = ty->fuel_capacity_t * (1.0 - ty->bingo_fraction) / ty->burn_tph;
      const double radius = ty->cruise_speed_kn * endurance_h / 2.0;
      const double d = distance_nm(b->position.pos, t.location_pos);
      if (d > radius) {
        error(path + ".location",
              "'" + name + "' cannot reach '" + t.location + "' and return: it is " + nm(d) + " from base '" + q->base +
                  "' but the radius of action of '" + ty->name + "' is " + nm(radius) + " above bingo fuel",
              "add a tanker squadron to the participants or base '" + name + "' closer");
      }
    }
  }

  void check_coverage_size(const Task& t, const std::string& path) {
    if (!t.coverage) return;
    int aircraft = 0;
    for (const std::string& name : t.participants) {
      const Squadron* q = find_named(s_.air.squadrons, name);
      const AircraftType* ty = q ? find_named(s_.air.types, q->type) : nullptr;
      if (q && !(ty && ty->tanker_offload_t)) aircraft += q->count;
    }
    if (aircraft < t.coverage->on_station) {
      error(path + ".coverage.on_station",
            "coverage needs " + std::to_string(t.coverage->on_station) + " aircraft on station but the participating squadrons have " +
                std::to_string(aircraft) + " (tankers not counted)",
            "add squadrons to the participants or lower on_station");
    }
  }

  void check_dependency_times(const Task& t, const std::string& path) {
    for (std::size_t k = 0; k < t.depends_on.size(); ++k) {
      const Task* dep = find_named(s_.plan.tasks, t.depends_on[k]);
      if (!dep || dep == &t) continue;
      if (dep->earliest_start >= t.deadline) {
        error(item(path + ".depends_on", k),
              "'" + t.name + "' must finish by " + core::format(t.deadline) + " but depends on '" + dep->name +
                  "', which cannot start before " + core::format(dep->earliest_start),
              "move the deadline of '" + t.name + "' later or the start of '" + dep->name + "' earlier");
      }
    }
  }

  bool refuels_at(const LatLon& p) const {
    for (const Port& port : s_.bases.ports) {
      if (port.fuel && distance_nm(port.position.pos, p) <= kSamePlaceNm) return true;
    }
    return false;
  }

  bool plans_refuelling(const NavalUnit& u) const {
    if (!u.port_visits.empty()) return true;
    for (const Task& t : s_.plan.tasks) {
      if (t.kind != TaskKind::replenishment) continue;
      for (const std::string& p : t.participants) {
        if (p == u.name) return true;
      }
    }
    return false;
  }

  // Walks the route at cruise speed from the start on the initial fuel,
  // filling up at every route point that is a port with fuel. Units with a
  // replenishment task or port visits may refuel anywhere; they are left to
  // the simulation.
  void check_route_fuel(const NavalUnit& u, const std::string& path) {
    const ShipClass* c = find_named(s_.naval.classes, u.ship_class);
    if (!c || u.route.empty() || plans_refuelling(u) || c->oiler) return;
    const double full_range = c->range_nm(c->cruise_speed_kn);
    if (full_range <= 0) return;
    // Fuel above the critical reserve at the start, as a distance.
    const double start_fraction = std::max(0.0, u.initial_fuel_fraction - c->critical_fuel_fraction) /
                                  std::max(1e-9, 1.0 - c->critical_fuel_fraction);
    double range_left = full_range * start_fraction;
    double since_refuel = 0.0;
    LatLon here = u.start.pos;
    std::string last_refuel = place_name(u.start);
    for (std::size_t k = 0; k < u.route.size(); ++k) {
      const double leg = distance_nm(here, u.route[k].pos);
      since_refuel += leg;
      if (since_refuel > range_left) {
        error(item(path + ".route", k),
              "fuel plan cannot balance: '" + u.name + "' reaches " + place_name(u.route[k]) + " after " + nm(since_refuel) +
                  " from " + last_refuel + ", beyond the " + nm(range_left) + " that class '" + c->name + "' covers at " +
                  kn(c->cruise_speed_kn) + " before critical fuel",
              "add a replenishment task for '" + u.name + "', a port visit, or a port with fuel on the route");
        return;
      }
      here = u.route[k].pos;
      if (refuels_at(here)) {
        range_left = full_range;
        since_refuel = 0.0;
        last_refuel = place_name(u.route[k]);
      }
    }
  }

  // A ship below critical fuel calls an oiler or goes to a port with fuel.
  // With neither in the drill it carries on below critical: warn when that
  // can happen, i.e. when sailing at cruise speed for the whole horizon
  // would burn the fuel above critical.
  void check_fuel_source(const NavalUnit& u, const std::string& path) {
    const ShipClass* c = find_named(s_.naval.classes, u.ship_class);
    if (!c || c->oiler) return;
    for (const NavalUnit& other : s_.naval.units) {
      const ShipClass* oc = find_named(s_.naval.classes, other.ship_class);
      if (oc && oc->oiler) return;
    }
    for (const Port& port : s_.bases.ports)
      if (port.fuel) return;
    const double above_critical_t = (u.initial_fuel_fraction - c->critical_fuel_fraction) * c->fuel_capacity_t;
    const double burn_t = c->burn_tph(c->cruise_speed_kn) * s_.drill.horizon.hours();
    if (burn_t <= above_critical_t) return;
    char buf[160];
    std::snprintf(buf, sizeof buf, "%.0f t above critical fuel lasts %.1f h at cruise speed", std::max(0.0, above_critical_t),
                  std::max(0.0, above_critical_t) / c->burn_tph(c->cruise_speed_kn));
    warning(path, "'" + u.name + "' has nowhere to get fuel: the drill has no oiler and no port with fuel, and its " +
                      buf + ", less than the horizon; below critical it carries on without fuel",
            "add an oiler or a port with fuel");
  }

  // Whether `a` depends on `b`, directly or through other tasks (the
  // dependencies form no cycle: validated before these checks run).
  bool depends_on(const Task& a, const Task& b) const {
    for (const std::string& d : a.depends_on) {
      if (d == b.name) return true;
      const Task* t = find_named(s_.plan.tasks, d);
      if (t && depends_on(*t, b)) return true;
    }
    return false;
  }

  // A ship does its tasks one at a time in order of earliest start, so two
  // of them whose windows overlap cannot both use their whole window. Tasks
  // ordered by a dependency are sequenced on purpose and not reported.
  void check_task_overlap(const NavalUnit& u) {
    std::vector<std::size_t> mine;
    for (std::size_t i = 0; i < s_.plan.tasks.size(); ++i) {
      const Task& t = s_.plan.tasks[i];
      if (std::find(t.participants.begin(), t.participants.end(), u.name) != t.participants.end()) mine.push_back(i);
    }
    std::stable_sort(mine.begin(), mine.end(), [&](std::size_t a, std::size_t b) {
      return s_.plan.tasks[a].earliest_start < s_.plan.tasks[b].earliest_start;
    });
    for (std::size_t k = 1; k < mine.size(); ++k) {
      const Task& first = s_.plan.tasks[mine[k - 1]];
      const Task& next = s_.plan.tasks[mine[k]];
      if (next.earliest_start >= first.deadline || depends_on(next, first) || depends_on(first, next)) continue;
      warning(item("plan.tasks", mine[k]),
              "'" + u.name + "' takes part in '" + first.name + "' (" + core::format(first.earliest_start) + " to " +
                  core::format(first.deadline) + ") and '" + next.name + "' (" + core::format(next.earliest_start) +
                  " to " + core::format(next.deadline) + "), whose windows overlap: a unit does its tasks one at a " +
                  "time in order of earliest start, so '" + next.name + "' begins only once '" + first.name +
                  "' is over",
              "make the windows follow each other, or make '" + next.name + "' depend on '" + first.name + "'");
    }
  }

  // Valid key by key, a network that cannot carry anything: nodes without
  // links, or a link slower than the whole drill. Every message over it is
  // lost to the results; allowed (a what-if may mean it), never silently.
  void check_links_can_deliver() {
    const Comms& c = s_.comms;
    if (c.nodes.size() >= 2 && c.links.empty()) {
      warning("comms.links", "the network has " + std::to_string(c.nodes.size()) +
                                 " nodes and no links: no message between two nodes can be delivered",
              "add a link, e.g. {name: satcom, kind: satellite, nodes: [hq, ship], latency: 280ms, bandwidth: 64 kbit/s}");
    }
    for (std::size_t i = 0; i < c.links.size(); ++i) {
      const CommsLink& l = c.links[i];
      if (l.kind == LinkKind::ideal || l.latency < s_.drill.horizon) continue;
      warning(item("comms.links", i) + ".latency",
              "latency " + core::format(l.latency) + " is not shorter than the drill (horizon " +
                  core::format(s_.drill.horizon) + "): nothing sent over '" + l.name + "' arrives before the end",
              "a satellite hop is about 280ms, line-of-sight radio a few ms");
    }
  }

  const DrillSpec& s_;
  const SourceMap& where_;
  Diagnostics& diags_;
};

}  // namespace

void check_feasibility(const DrillSpec& spec, const SourceMap& where, Diagnostics& diags) {
  Feasibility(spec, where, diags).run();
}

}  // namespace drill::models::scenario
