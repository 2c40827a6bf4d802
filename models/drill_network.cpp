#include "models/drill_network.hpp"

#include <algorithm>
#include <functional>
#include <string>

#include "core/distributions.hpp"
#include "models/entity_kinds.hpp"
#include "models/world.hpp"

namespace drill::models {

using core::Duration;
using core::Process;
using core::SimTime;
using World = DrillModel::World;

namespace {

/// The ships of a unit of several ships that hosts a node, or null.
const std::vector<Ship*>* group_of(const World& w, const std::string& host) {
  auto it = w.fleet.by_unit.find(host);
  return it != w.fleet.by_unit.end() && it->second.size() > 1 ? &it->second : nullptr;
}

/// The network's names for drill node `name`: itself, or NAME-1..NAME-N
/// for a node hosted by a unit of N ships.
std::vector<std::string> node_names(const World& w, const std::string& name) {
  for (const scenario::CommsNode& n : w.spec.comms.nodes)
    if (n.name == name)
      if (const auto* group = group_of(w, n.host)) {
        std::vector<std::string> out;
        for (std::size_t i = 1; i <= group->size(); ++i) out.push_back(name + "-" + std::to_string(i));
        return out;
      }
  return {name};
}

comms::NetworkSpec network_spec(World& w) {
  const scenario::Comms& c = w.spec.comms;
  comms::NetworkSpec ns;
  for (const scenario::CommsNode& n : c.nodes) {
    if (const auto* group = group_of(w, n.host)) {
      // One node per ship, each following its own ship.
      for (std::size_t i = 0; i < group->size(); ++i) {
        comms::NodeSpec node;
        node.name = n.name + "-" + std::to_string(i + 1);
        node.nation = n.nation;
        node.groups = n.groups;
        node.antenna_height_ft = n.antenna_height_ft;
        node.track_age = n.headquarters;
        const Ship* ship = (*group)[i];
        node.host = [ship](SimTime now) { return ship->position_at(now); };
        node.motion_until = [ship](SimTime t) { return ship->motion_holds_until(t); };
        ns.nodes.push_back(std::move(node));
      }
      continue;
    }
    comms::NodeSpec node;
    node.name = n.name;
    node.nation = n.nation;
    node.groups = n.groups;
    node.antenna_height_ft = n.antenna_height_ft;
    node.track_age = n.headquarters;
    node.position = n.position.pos;
    if (!n.host.empty()) {
      if (auto it = w.fleet.by_unit.find(n.host); it != w.fleet.by_unit.end() && !it->second.empty()) {
        const Ship* ship = it->second.front();
        node.host = [ship](SimTime now) { return ship->position_at(now); };
        node.motion_until = [ship](SimTime t) { return ship->motion_holds_until(t); };
      } else if (auto sq = w.air.by_name.find(n.host); sq != w.air.by_name.end()) {
        const AirBaseRt* base = sq->second->base;
        node.host = [base](SimTime) { return base->position(); };
      } else {
        for (const auto& b : w.bases.airbases)
          if (b->spec->name == n.host) {
            const AirBaseRt* base = b.get();
            node.host = [base](SimTime) { return base->position(); };
          }
        for (const auto& p : w.bases.ports)
          if (p->spec->name == n.host) node.position = p->spec->position.pos;
        for (const auto& d : w.spec.logistics.depots)
          if (d.name == n.host) node.position = d.position.pos;
      }
    }
    ns.nodes.push_back(std::move(node));
  }
  for (const scenario::CommsLink& l : c.links) {
    // A link naming a node of several ships joins each ship's node; a
    // radio_los link (two ends) becomes one link per pair of ends, named
    // LINK-1.. in that order.
    std::vector<std::vector<std::string>> member_sets;
    if (l.kind == scenario::LinkKind::radio_los && l.nodes.size() == 2) {
      for (const std::string& a : node_names(w, l.nodes[0]))
        for (const std::string& b : node_names(w, l.nodes[1])) member_sets.push_back({a, b});
    } else {
      member_sets.emplace_back();
      for (const std::string& m : l.nodes)
        for (std::string& n : node_names(w, m)) member_sets.back().push_back(std::move(n));
    }
    for (std::size_t set = 0; set < member_sets.size(); ++set) {
    comms::LinkSpec link;
    link.name = member_sets.size() > 1 ? l.name + "-" + std::to_string(set + 1) : l.name;
    switch (l.kind) {
      case scenario::LinkKind::satellite: link.kind = comms::LinkKind::satellite; break;
      case scenario::LinkKind::radio_los: link.kind = comms::LinkKind::line_of_sight; break;
      case scenario::LinkKind::hf: link.kind = comms::LinkKind::hf; break;
      case scenario::LinkKind::ideal: link.kind = comms::LinkKind::satellite; break;
    }
    link.nodes = std::move(member_sets[set]);
    link.delay = l.latency;
    link.bandwidth_bps = l.bandwidth_bps;
    link.overhead_bytes = l.overhead_bytes.value_or(-1);
    if (l.kind == scenario::LinkKind::ideal) {
      // No delay, unlimited bandwidth, nothing added: every copy arrives at
      // the instant it is sent (the network's "ideal" link).
      link.delay = Duration::zero();
      link.bandwidth_bps = std::numeric_limits<double>::infinity();
      link.overhead_bytes = 0;
    }
    link.loss_probability = l.loss_fraction;
    for (const scenario::CommsOutage& o : l.outages) link.outages.push_back(comms::OutageWindow{o.from, o.until});
    link.random_outages = comms::RandomOutages{l.mtbf, l.mttr};
    link.setup_time = l.setup_time;
    link.buffer_messages = static_cast<std::uint32_t>(l.buffer_messages);
    link.drop_policy = l.drop_policy == scenario::DropPolicy::drop_newest ? comms::DropPolicy::drop_newest
                                                                          : comms::DropPolicy::drop_lowest_priority;
    link.range_nm = l.range_nm;
    ns.links.push_back(std::move(link));
    }
  }
  ns.relay_policy = c.relay_policy == scenario::RelayPolicy::avoid_foreign_relays
                        ? comms::RelayPolicy::avoid_foreign_relays
                        : comms::RelayPolicy::forward_without_delivering;
  ns.ack_timeout = c.ack_timeout;
  ns.max_retransmissions = static_cast<std::uint32_t>(c.retransmissions);
  return ns;
}

bool on_patrol(const Ship& ship) {
  const auto* task = static_cast<const TaskRt*>(ship.current_task);
  return task && (task->spec->kind == scenario::TaskKind::patrol || task->spec->kind == scenario::TaskKind::maritime_patrol);
}

/// A contact report from `from` to every headquarters, releasable to the
/// reporter's nation and the drill's `contacts_releasable_to`. The reporter
/// is a ship or a squadron.
void send_contact(World& w, comms::Network& net, const std::vector<NodeId>& headquarters, NodeId from,
                  Party reporter, std::uint64_t track, LatLon where, drill::v1::ContactClass cls) {
  drill::v1::Message& m = net.compose(comms::Flow::contact_report);
  drill::v1::ContactReport& c = *m.mutable_contact_report();
  if (reporter.kind() == Party::Kind::squadron)
    c.set_reporter_squadron(reporter.squadron_id().index());
  else
    c.set_reporter_unit(reporter.ship_id().index());
  c.set_track_number(track);
  c.set_classification(cls);
  c.set_latitude_deg(where.lat_deg);
  c.set_longitude_deg(where.lon_deg);
  c.set_observed_us(w.sim.now().ticks());
  drill::v1::Envelope& env = *m.mutable_envelope();
  for (NodeId hq : headquarters) env.add_destination_nodes(hq.index());
  env.set_priority(drill::v1::PRIORITY_PRIORITY);
  env.add_releasable_nations(net.nation_of(from).index());
  for (const std::string& n : w.spec.comms.reporting.contacts_releasable_to) {
    try {
      const auto id = net.nation(n);
      if (id != net.nation_of(from)) env.add_releasable_nations(id.index());
    } catch (const std::out_of_range&) {
      // A nation with no node in the drill receives nothing anyway.
    }
  }
  net.send(from, m);
}

/// Contact reports at `per_hour` (a Poisson stream) while `active()` holds.
Process contact_reports(World& w, comms::Network& net, std::vector<NodeId> headquarters, NodeId from,
                        Party reporter, std::string name, double per_hour, std::function<bool()> active,
                        std::function<LatLon()> where, drill::v1::ContactClass cls) {
  core::RandomStream rng = w.sim.stream("comms.contacts." + name);
  const core::Distribution gap = core::Distribution::exponential(3600.0 / per_hour);
  std::uint64_t track = 0;
  for (;;) {
    co_await w.sim.delay(core::seconds_f(gap.sample(rng)));
    if (active()) send_contact(w, net, headquarters, from, reporter, ++track, where(), cls);
  }
}

}  // namespace

std::unique_ptr<NetworkTransport> build_network(World& w, Recipient& recipient) {
  const scenario::Comms& spec = w.spec.comms;
  // The cell at a node of several ships sits with the first.
  auto t = std::make_unique<NetworkTransport>(w.sim, w.collector, network_spec(w),
                                              node_names(w, spec.logistics_cell).front(), recipient);
  comms::Network& net = t->network_mut();
  for (const scenario::CommsNode& n : spec.nodes) {
    const std::vector<std::string> names = node_names(w, n.name);
    if (n.headquarters)
      for (const std::string& name : names) t->add_headquarters(net.node(name));
    if (n.host.empty()) continue;
    if (auto it = w.fleet.by_unit.find(n.host); it != w.fleet.by_unit.end()) {
      for (std::size_t i = 0; i < it->second.size(); ++i) {
        const NodeId node = net.node(names[names.size() == 1 ? 0 : i]);
        t->host(Party::ship(it->second[i]->unit), node);
        // The node hears of each change of its ship's motion (exact
        // line-of-sight crossings). A single node follows the unit's first ship.
        if (names.size() > 1 || i == 0)
          it->second[i]->on_motion_change([&net, node] { net.host_moved(node); });
      }
      continue;
    }
    const NodeId id = net.node(n.name);
    if (auto sq = w.air.by_name.find(n.host); sq != w.air.by_name.end())
      t->host(Party::squadron(sq->second->id), id);
  }
  return t;
}

void start_contact_reports(World& w, NetworkTransport& t) {
  const scenario::Comms& spec = w.spec.comms;
  const double per_hour = spec.reporting.contacts_per_hour;
  if (per_hour <= 0) return;
  comms::Network& net = t.network_mut();
  std::vector<NodeId> hqs;
  for (const scenario::CommsNode& n : spec.nodes)
    if (n.headquarters)
      for (const std::string& name : node_names(w, n.name)) hqs.push_back(net.node(name));
  for (const auto& sp : w.fleet.ships) {
    Ship* ship = sp.get();
    const auto node = t.node_of(Party::ship(ship->unit));
    if (!node) continue;
    w.sim.spawn(contact_reports(
                    w, net, hqs, *node, Party::ship(ship->unit), ship->name(), per_hour, [ship] { return on_patrol(*ship); },
                    [ship, &w] { return ship->position_at(w.sim.now()); }, drill::v1::CONTACT_CLASS_SURFACE),
                ship->entity());
  }
  // Maritime patrol aircraft: a squadron that hosts a node reports while any
  // of its aircraft is on station for a maritime patrol task it flies.
  for (const scenario::CommsNode& n : spec.nodes) {
    auto sq = w.air.by_name.find(n.host);
    if (sq == w.air.by_name.end() || sq->second->aircraft.empty()) continue;
    std::vector<const TaskRt*> patrols;
    for (const auto& task : w.plan.tasks)
      if (task->spec->kind == scenario::TaskKind::maritime_patrol &&
          std::find(task->spec->participants.begin(), task->spec->participants.end(), n.host) !=
              task->spec->participants.end())
        patrols.push_back(task.get());
    if (patrols.empty()) continue;
    w.sim.spawn(contact_reports(
                    w, net, hqs, net.node(n.name), Party::squadron(sq->second->id), n.name, per_hour,
                    [patrols] {
                      return std::any_of(patrols.begin(), patrols.end(), [](const TaskRt* p) { return p->on_station > 0; });
                    },
                    [patrols] { return patrols.front()->location; }, drill::v1::CONTACT_CLASS_SUBSURFACE),
                w.entity());
  }
}

}  // namespace drill::models
