#include "models/scenario/check_references.hpp"

#include <algorithm>
#include <map>

#include "models/scenario/shared_text.hpp"
#include "models/scenario/suggest.hpp"

namespace drill::models::scenario {

namespace {

template <class T>
std::vector<std::string> names_of(const std::vector<T>& items) {
  std::vector<std::string> out;
  for (const T& t : items) {
    if (!t.name.empty()) out.push_back(t.name);
  }
  return out;
}

void append(std::vector<std::string>& to, const std::vector<std::string>& from) {
  to.insert(to.end(), from.begin(), from.end());
}

class Checker {
 public:
  Checker(DrillSpec& spec, const SourceMap& where, Diagnostics& diags) : s_(spec), where_(where), diags_(diags) {}

  void run() {
    check_unique_names();
    resolve_geography();
    check_bases();
    check_naval();
    check_air();
    check_logistics();
    check_comms();
    check_phases();
    check_tasks();
    check_dependency_cycles();
  }

 private:
  void error(const std::string& path, std::string message, std::string hint = {}) {
    diags_.error(where_.at(path), path, std::move(message), std::move(hint));
  }
  void unknown(const std::string& path, std::string_view what, const std::string& name,
               const std::vector<std::string>& candidates) {
    error(path, "unknown " + std::string(what) + " '" + name + "'", suggestion_hint(name, candidates));
  }

  // One namespace per kind of reference; duplicates are reported at the
  // second definition with the line of the first.
  void unique(const std::vector<std::pair<std::string, std::string>>& named, std::string_view what) {
    std::map<std::string, std::string> first;
    for (const auto& [name, path] : named) {
      if (name.empty()) continue;
      auto [it, inserted] = first.emplace(name, path);
      if (!inserted) {
        error(path + ".name", "duplicate " + std::string(what) + " name '" + name + "'",
              "first defined at line " + std::to_string(where_.at(it->second).line) + " (" + it->second + ")");
      }
    }
  }

  template <class T>
  static void collect(std::vector<std::pair<std::string, std::string>>& out, const std::vector<T>& items,
                      const std::string& path) {
    for (std::size_t i = 0; i < items.size(); ++i) out.emplace_back(items[i].name, item(path, i));
  }

  void check_unique_names() {
    std::vector<std::pair<std::string, std::string>> places;
    collect(places, s_.geography.points, "geography.points");
    collect(places, s_.geography.areas, "geography.areas");
    collect(places, s_.bases.airfields, "bases.airfields");
    collect(places, s_.bases.carriers, "bases.carriers");
    collect(places, s_.bases.ports, "bases.ports");
    collect(places, s_.logistics.depots, "logistics.depots");
    unique(places, "place");
    std::vector<std::pair<std::string, std::string>> forces;
    collect(forces, s_.naval.units, "naval.units");
    collect(forces, s_.air.squadrons, "air.squadrons");
    unique(forces, "unit or squadron");
    std::vector<std::pair<std::string, std::string>> v;
    collect(v, s_.naval.classes, "naval.classes");
    unique(v, "ship class");
    v.clear();
    collect(v, s_.air.types, "air.types");
    unique(v, "aircraft type");
    v.clear();
    collect(v, s_.plan.phases, "plan.phases");
    unique(v, "phase");
    v.clear();
    collect(v, s_.plan.tasks, "plan.tasks");
    unique(v, "task");
    v.clear();
    collect(v, s_.comms.nodes, "comms.nodes");
    unique(v, "comms node");
    v.clear();
    collect(v, s_.comms.links, "comms.links");
    unique(v, "comms link");
  }

  void resolve(Place& p, const std::string& path) {
    if (p.point.empty()) return;
    if (const NamedPoint* pt = find_named(s_.geography.points, p.point)) {
      p.pos = pt->pos;
    } else {
      unknown(path, "point", p.point, names_of(s_.geography.points));
    }
  }

  void resolve_geography() {
    for (std::size_t i = 0; i < s_.geography.areas.size(); ++i) {
      Area& a = s_.geography.areas[i];
      const std::string path = item("geography.areas", i);
      if (a.shape == AreaShape::circle) {
        resolve(a.centre, path + ".centre");
        a.reference = a.centre.pos;
      } else {
        double lat = 0;
        double lon = 0;
        for (std::size_t k = 0; k < a.vertices.size(); ++k) {
          resolve(a.vertices[k], item(path + ".polygon", k));
          lat += a.vertices[k].pos.lat_deg;
          lon += a.vertices[k].pos.lon_deg;
        }
        // The vertex mean is a fine aim point for areas far smaller than a
        // hemisphere that do not straddle the antimeridian.
        if (!a.vertices.empty()) {
          const double n = static_cast<double>(a.vertices.size());
          a.reference = LatLon{lat / n, lon / n};
        }
      }
    }
  }

  void check_supplier(const FuelStock& f, const std::string& path, std::string_view self = {}) {
    if (f.supplied_by.empty()) return;
    if (!find_named(s_.logistics.depots, f.supplied_by)) {
      unknown(path + ".supplied_by", "depot", f.supplied_by, names_of(s_.logistics.depots));
    } else if (f.supplied_by == self) {
      error(path + ".supplied_by", "a depot cannot supply itself");
    }
  }

  void check_bases() {
    for (std::size_t i = 0; i < s_.bases.airfields.size(); ++i) {
      AirBase& b = s_.bases.airfields[i];
      const std::string path = item("bases.airfields", i);
      resolve(b.position, path + ".position");
      check_supplier(b.fuel, path + ".fuel");
    }
    for (std::size_t i = 0; i < s_.bases.carriers.size(); ++i) {
      AirBase& b = s_.bases.carriers[i];
      const std::string path = item("bases.carriers", i);
      check_supplier(b.fuel, path + ".fuel");
      if (b.ship.empty()) continue;
      const NavalUnit* u = find_named(s_.naval.units, b.ship);
      if (!u) {
        unknown(path + ".ship", "naval unit", b.ship, names_of(s_.naval.units));
      } else if (u->count != 1) {
        error(path + ".ship", "a carrier base sits on one ship, but '" + b.ship + "' has count " + std::to_string(u->count),
              "give the carrier its own naval unit entry with count 1");
      }
    }
    for (std::size_t i = 0; i < s_.bases.ports.size(); ++i) {
      Port& p = s_.bases.ports[i];
      const std::string path = item("bases.ports", i);
      resolve(p.position, path + ".position");
      if (p.fuel) check_supplier(*p.fuel, path + ".fuel");
    }
  }

  void check_port(const std::string& name, const std::string& path) {
    if (!find_named(s_.bases.ports, name)) unknown(path, "port", name, names_of(s_.bases.ports));
  }

  void check_naval() {
    for (std::size_t i = 0; i < s_.naval.units.size(); ++i) {
      NavalUnit& u = s_.naval.units[i];
      const std::string path = item("naval.units", i);
      if (!u.ship_class.empty() && !find_named(s_.naval.classes, u.ship_class)) {
        unknown(path + ".class", "ship class", u.ship_class, names_of(s_.naval.classes));
      }
      resolve(u.start, path + ".start");
      for (std::size_t k = 0; k < u.route.size(); ++k) resolve(u.route[k], item(path + ".route", k));
      if (!u.patrol_area.empty() && !find_named(s_.geography.areas, u.patrol_area)) {
        unknown(path + ".patrol_area", "area", u.patrol_area, names_of(s_.geography.areas));
      }
      if (!u.home_port.empty()) check_port(u.home_port, path + ".home_port");
      for (std::size_t k = 0; k < u.port_visits.size(); ++k) {
        const std::string vpath = item(path + ".port_visits", k);
        if (!u.port_visits[k].port.empty()) check_port(u.port_visits[k].port, vpath + ".port");
        if (horizon_known() && u.port_visits[k].arrive.since_start() > s_.drill.horizon) {
          error(vpath + ".arrive", "port visit arrives after the drill horizon (" + core::format(s_.drill.horizon) + ")");
        }
      }
    }
  }

  std::vector<std::string> air_base_names() const {
    std::vector<std::string> out = names_of(s_.bases.airfields);
    append(out, names_of(s_.bases.carriers));
    return out;
  }

  void check_air() {
    for (std::size_t i = 0; i < s_.air.squadrons.size(); ++i) {
      const Squadron& q = s_.air.squadrons[i];
      const std::string path = item("air.squadrons", i);
      if (!q.type.empty() && !find_named(s_.air.types, q.type)) {
        unknown(path + ".type", "aircraft type", q.type, names_of(s_.air.types));
      }
      if (!q.base.empty() && !find_named(s_.bases.airfields, q.base) && !find_named(s_.bases.carriers, q.base)) {
        unknown(path + ".base", "air base", q.base, air_base_names());
      }
    }
  }

  void check_logistics() {
    for (std::size_t i = 0; i < s_.logistics.depots.size(); ++i) {
      Depot& d = s_.logistics.depots[i];
      const std::string path = item("logistics.depots", i);
      resolve(d.position, path + ".position");
      check_supplier(d.fuel, path + ".fuel", d.name);
    }
  }

  // A link written with from/to reports at those keys, one with `nodes` at
  // the member.
  static std::string node_path(const CommsLink& l, const std::string& path, std::size_t k) {
    if (l.from_to) return path + (k == 0 ? ".from" : ".to");
    return item(path + ".nodes", k);
  }

  void check_comms() {
    std::vector<std::string> hosts = names_of(s_.naval.units);
    append(hosts, names_of(s_.air.squadrons));
    append(hosts, air_base_names());
    append(hosts, names_of(s_.bases.ports));
    append(hosts, names_of(s_.logistics.depots));
    for (std::size_t i = 0; i < s_.comms.nodes.size(); ++i) {
      CommsNode& n = s_.comms.nodes[i];
      const std::string path = item("comms.nodes", i);
      if (!n.host.empty() && std::find(hosts.begin(), hosts.end(), n.host) == hosts.end()) {
        unknown(path + ".host", "unit, squadron or base", n.host, hosts);
      }
      resolve(n.position, path + ".position");
    }
    // The network keeps the nations a message is releasable to as a 64-bit set.
    std::vector<std::string> nations;
    for (std::size_t i = 0; i < s_.comms.nodes.size(); ++i) {
      const std::string& nation = s_.comms.nodes[i].nation;
      if (nation.empty() || std::find(nations.begin(), nations.end(), nation) != nations.end()) continue;
      nations.push_back(nation);
      if (nations.size() == 65) error(item("comms.nodes", i), "more than 64 nations in the comms section");
    }
    const std::vector<std::string> nodes = names_of(s_.comms.nodes);
    if (!s_.comms.logistics_cell.empty() &&
        std::find(nodes.begin(), nodes.end(), s_.comms.logistics_cell) == nodes.end()) {
      unknown("comms.logistics_cell", "comms node", s_.comms.logistics_cell, nodes);
    }
    for (std::size_t i = 0; i < s_.comms.links.size(); ++i) {
      const CommsLink& l = s_.comms.links[i];
      const std::string path = item("comms.links", i);
      for (std::size_t k = 0; k < l.nodes.size(); ++k) {
        const std::string& end = l.nodes[k];
        if (end.empty()) continue;
        if (std::find(nodes.begin(), nodes.end(), end) == nodes.end()) {
          unknown(node_path(l, path, k), "comms node", end, nodes);
        } else if (std::find(l.nodes.begin(), l.nodes.begin() + static_cast<std::ptrdiff_t>(k), end) !=
                   l.nodes.begin() + static_cast<std::ptrdiff_t>(k)) {
          error(node_path(l, path, k), "a link must join different nodes");
        }
      }
    }
  }

  /// A horizon that could not be read (reported where it is) is no bound
  /// to check times against: each would be one more error of the same cause.
  bool horizon_known() const { return s_.drill.horizon > core::Duration::zero(); }

  void check_phases() {
    const core::SimTime end_of_drill = core::at(s_.drill.horizon);
    for (std::size_t i = 0; i < s_.plan.phases.size(); ++i) {
      const Phase& p = s_.plan.phases[i];
      const std::string path = item("plan.phases", i);
      if (p.start < core::SimTime::zero()) error(path + ".start", "phase starts before the drill (D+0 00:00)");
      if (!(p.start < p.end)) {
        error(path + ".end", "phase ends (" + core::format(p.end) + ") before it starts (" + core::format(p.start) + ")");
      } else if (horizon_known() && p.end > end_of_drill) {
        error(path + ".end", "phase ends after the drill horizon (" + core::format(end_of_drill) + ")",
              "extend drill.horizon or end the phase earlier");
      }
    }
  }

  // Task locations may name a point, an area, a port, an airfield or a depot.
  bool locate(const std::string& name, LatLon& out) const {
    if (auto* p = find_named(s_.geography.points, name)) return out = p->pos, true;
    if (auto* a = find_named(s_.geography.areas, name)) return out = a->reference, true;
    if (auto* p = find_named(s_.bases.ports, name)) return out = p->position.pos, true;
    if (auto* b = find_named(s_.bases.airfields, name)) return out = b->position.pos, true;
    if (auto* d = find_named(s_.logistics.depots, name)) return out = d->position.pos, true;
    return false;
  }

  void check_tasks() {
    std::vector<std::string> places = names_of(s_.geography.points);
    append(places, names_of(s_.geography.areas));
    append(places, names_of(s_.bases.ports));
    append(places, names_of(s_.bases.airfields));
    append(places, names_of(s_.logistics.depots));
    std::vector<std::string> forces = names_of(s_.naval.units);
    append(forces, names_of(s_.air.squadrons));
    const std::vector<std::string> task_names = names_of(s_.plan.tasks);
    const core::SimTime end_of_drill = core::at(s_.drill.horizon);

    for (std::size_t i = 0; i < s_.plan.tasks.size(); ++i) {
      Task& t = s_.plan.tasks[i];
      const std::string path = item("plan.tasks", i);
      const Phase* phase = nullptr;
      if (!t.phase.empty()) {
        phase = find_named(s_.plan.phases, t.phase);
        if (!phase) unknown(path + ".phase", "phase", t.phase, names_of(s_.plan.phases));
      }
      int ships = 0;
      int oilers = 0;
      int squadrons = 0;
      for (std::size_t k = 0; k < t.participants.size(); ++k) {
        const std::string& name = t.participants[k];
        const std::string ppath = item(path + ".participants", k);
        if (const NavalUnit* u = find_named(s_.naval.units, name)) {
          ++ships;
          const ShipClass* c = find_named(s_.naval.classes, u->ship_class);
          if (c && c->oiler) ++oilers;
        } else if (find_named(s_.air.squadrons, name)) {
          ++squadrons;
        } else {
          unknown(ppath, "unit or squadron", name, forces);
        }
      }
      check_participants(t, path, ships, oilers, squadrons);
      for (std::size_t k = 0; k < t.depends_on.size(); ++k) {
        const std::string& dep = t.depends_on[k];
        const std::string dpath = item(path + ".depends_on", k);
        if (dep == t.name) {
          error(dpath, "task '" + t.name + "' depends on itself");
        } else if (!find_named(s_.plan.tasks, dep)) {
          unknown(dpath, "task", dep, task_names);
        }
      }
      if (!t.location.empty() && !locate(t.location, t.location_pos)) {
        unknown(path + ".location", "location", t.location, places);
      }
      if (t.location.empty() && t.kind != TaskKind::replenishment) {
        error(path, "a " + std::string(to_string(t.kind)) + " task needs a 'location'",
              "name a point, area, port, airfield or depot");
      }
      if (t.kind == TaskKind::port_visit && !t.location.empty() && find_named(s_.bases.ports, t.location) == nullptr &&
          locate(t.location, t.location_pos)) {
        error(path + ".location", "a port_visit task's location must be a port", suggestion_hint(t.location, names_of(s_.bases.ports)));
      }
      check_window(t, path, phase, end_of_drill);
    }
  }

  void check_participants(const Task& t, const std::string& path, int ships, int oilers, int squadrons) {
    const std::string ppath = path + ".participants";
    switch (t.kind) {
      case TaskKind::transit:
      case TaskKind::patrol:
      case TaskKind::port_visit:
        if (squadrons > 0) error(ppath, "a " + std::string(to_string(t.kind)) + " task takes naval units, not squadrons");
        break;
      case TaskKind::air_coverage:
        if (ships > 0) error(ppath, "an air_coverage task takes squadrons, not naval units");
        if (!t.coverage) {
          error(path, "an air_coverage task needs a 'coverage' requirement",
                "coverage: {on_station: 2, from: D+0 06:00, until: D+0 18:00}");
        }
        break;
      case TaskKind::maritime_patrol:
        break;
      case TaskKind::replenishment:
        if (squadrons > 0) error(ppath, "a replenishment task takes naval units, not squadrons");
        if (ships > 0 && oilers == 0) {
          error(ppath, "a replenishment task needs an oiler among its participants",
                "an oiler is a unit whose class has an 'oiler' block");
        }
        if (ships > 0 && ships - oilers == 0) error(ppath, "a replenishment task needs a receiving ship besides the oiler");
        break;
    }
  }

  void check_window(const Task& t, const std::string& path, const Phase* phase, core::SimTime end_of_drill) {
    const std::string wpath = path + ".deadline";
    if (!(t.earliest_start < t.deadline)) {
      error(wpath, "task window is empty: deadline " + core::format(t.deadline) + " is not after the earliest start " +
                       core::format(t.earliest_start));
    } else if (horizon_known() && t.deadline > end_of_drill) {
      error(wpath, "deadline " + core::format(t.deadline) + " is after the drill horizon (" + core::format(end_of_drill) + ")");
    } else if (phase && (t.earliest_start < phase->start || t.deadline > phase->end)) {
      error(path, "task window " + core::format(t.earliest_start) + " .. " + core::format(t.deadline) +
                      " lies outside its phase '" + phase->name + "' (" + core::format(phase->start) + " .. " +
                      core::format(phase->end) + ")");
    }
    if (t.coverage) {
      const Coverage& c = *t.coverage;
      const std::string cpath = path + ".coverage";
      if (!(c.from < c.until)) {
        error(cpath + ".until", "coverage ends (" + core::format(c.until) + ") before it starts (" + core::format(c.from) + ")");
      } else if (c.from < t.earliest_start || c.until > t.deadline) {
        error(cpath, "coverage " + core::format(c.from) + " .. " + core::format(c.until) + " lies outside the task window " +
                         core::format(t.earliest_start) + " .. " + core::format(t.deadline));
      }
    }
  }

  // Depth-first search in file order, so the reported cycles do not depend
  // on anything but the file.
  void check_dependency_cycles() {
    const std::size_t n = s_.plan.tasks.size();
    std::vector<std::vector<std::pair<std::size_t, std::size_t>>> edges(n);  // (target, depends_on index)
    for (std::size_t i = 0; i < n; ++i) {
      const Task& t = s_.plan.tasks[i];
      for (std::size_t k = 0; k < t.depends_on.size(); ++k) {
        for (std::size_t j = 0; j < n; ++j) {
          if (j != i && s_.plan.tasks[j].name == t.depends_on[k]) {
            edges[i].emplace_back(j, k);
            break;
          }
        }
      }
    }
    enum class Mark { unvisited, on_stack, done };
    std::vector<Mark> mark(n, Mark::unvisited);
    std::vector<std::size_t> stack;
    // Iterative DFS: frame = (task, next edge).
    for (std::size_t root = 0; root < n; ++root) {
      if (mark[root] != Mark::unvisited) continue;
      std::vector<std::pair<std::size_t, std::size_t>> frames{{root, 0}};
      mark[root] = Mark::on_stack;
      stack.push_back(root);
      while (!frames.empty()) {
        auto& [v, next] = frames.back();
        if (next == edges[v].size()) {
          mark[v] = Mark::done;
          stack.pop_back();
          frames.pop_back();
          continue;
        }
        const auto [w, dep_index] = edges[v][next++];
        if (mark[w] == Mark::on_stack) {
          report_cycle(stack, w, v, dep_index);
        } else if (mark[w] == Mark::unvisited) {
          mark[w] = Mark::on_stack;
          stack.push_back(w);
          frames.emplace_back(w, 0);
        }
      }
    }
  }

  void report_cycle(const std::vector<std::size_t>& stack, std::size_t first, std::size_t last, std::size_t dep_index) {
    auto it = std::find(stack.begin(), stack.end(), first);
    std::string cycle;
    for (; it != stack.end(); ++it) cycle += s_.plan.tasks[*it].name + " -> ";
    cycle += s_.plan.tasks[first].name;
    error(item(item("plan.tasks", last) + ".depends_on", dep_index), "task dependency cycle: " + cycle + " (each waits for the next)",
          "remove one of these dependencies");
  }

  DrillSpec& s_;
  const SourceMap& where_;
  Diagnostics& diags_;
};

}  // namespace

void check_references(DrillSpec& spec, const SourceMap& where, Diagnostics& diags) {
  Checker(spec, where, diags).run();
}

}  // namespace drill::models::scenario
