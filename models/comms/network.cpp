// Building the network from its spec: nodes, nations, groups, links, the
// measures it registers, and the link states it starts with.
#include "models/comms/network_state.hpp"
#include "models/entity_kinds.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <utility>

namespace drill::models::comms {

// ---------------------------------------------------------------------------
// Construction

Network::Network(core::Simulation& sim, cm::Collector& collector, NetworkSpec spec)
    : sim_(sim), collector_(collector), spec_(std::move(spec)), measures_(std::make_unique<Measures>()) {
  google::protobuf::ArenaOptions options;
  options.start_block_size = 64 * 1024;
  options.max_block_size = 1024 * 1024;
  arena_ = std::make_unique<google::protobuf::Arena>(options);

  // The spec is one the loader accepted: every rule asserted below is
  // checked there once, with the key's file:line:column
  // (models/scenario/parse_sections.cpp, check_references.cpp; the bad-drills
  // table has a case for each). A spec built in code keeps the same rules;
  // debug builds check them here, and nothing checks them twice.
  auto& names = collector_.names();
  assert(!spec_.nodes.empty());
  assert(spec_.ack_timeout > Duration::zero());

  // Nodes, nations and groups.
  for (const NodeSpec& ns : spec_.nodes) {
    assert(!ns.name.empty() && !ns.nation.empty());
    assert(!names.find<kind::node>(ns.name));  // names are unique
    assert(ns.antenna_height_ft >= 0 && std::isfinite(ns.antenna_height_ft));
    Node n;
    n.id = names.add<kind::node>(ns.name);
    auto nat = std::find(nation_names_.begin(), nation_names_.end(), ns.nation);
    if (nat == nation_names_.end()) {
      assert(nation_names_.size() < 64);  // releasability is a 64-bit set
      nation_names_.push_back(ns.nation);
      nation_ids_.push_back(names.intern<kind::nation>(ns.nation));
      nat = nation_names_.end() - 1;
    }
    n.nation = static_cast<std::uint32_t>(nat - nation_names_.begin());
    const auto index = static_cast<std::uint32_t>(nodes_.size());
    for (const std::string& g : ns.groups) {
      auto it = std::find(group_names_.begin(), group_names_.end(), g);
      if (it == group_names_.end()) {
        group_names_.push_back(g);
        group_members_.emplace_back();
        it = group_names_.end() - 1;
      }
      auto& members = group_members_[static_cast<std::size_t>(it - group_names_.begin())];
      if (members.empty() || members.back() != index) members.push_back(index);
    }
    n.host = ns.host;
    n.position = ns.position;
    n.antenna_ft = ns.antenna_height_ft;
    if (node_by_entity_.size() <= n.id.index()) node_by_entity_.resize(n.id.index() + 1, kNone);
    node_by_entity_[n.id.index()] = index;
    nodes_.push_back(std::move(n));
  }

  // Links.
  for (const LinkSpec& ls : spec_.links) {
    assert(!ls.name.empty() && !names.find<kind::link>(ls.name));
    Link l;
    l.kind = ls.kind;
    for (const std::string& m : ls.nodes) {
      const NodeId id = node(m);  // throws for an unknown node
      const std::uint32_t idx = node_by_entity_[id.index()];
      assert(std::find(l.members.begin(), l.members.end(), idx) == l.members.end());  // no self-link
      l.members.push_back(idx);
    }
    assert(l.members.size() >= 2);
    assert(ls.kind != LinkKind::line_of_sight || l.members.size() == 2);
    // The delay is the link's declared minimum; only an ideal link (infinite
    // bandwidth) may have none: its copies arrive at the instant they are sent.
    assert(ls.delay > Duration::zero() ||
           (ls.delay == Duration::zero() && std::isinf(ls.bandwidth_bps) && ls.bandwidth_bps > 0));
    assert(ls.bandwidth_bps > 0);
    assert(ls.loss_probability >= 0 && ls.loss_probability < 1);
    assert(ls.buffer_messages > 0);
    assert(ls.overhead_bytes >= -1 && ls.overhead_bytes <= 65535);
    assert(ls.setup_time >= Duration::zero() && ls.range_nm >= 0);
    assert(std::all_of(ls.outages.begin(), ls.outages.end(), [](const OutageWindow& w) { return w.start < w.end; }));
    const RandomOutages& ro = ls.random_outages;
    assert(ro.mean_time_between == Duration::zero() ||
           (ro.mean_time_between > Duration::zero() && ro.mean_time_to_restore > Duration::zero()));

    l.id = names.add<kind::link>(ls.name);
    l.delay = ls.delay;
    l.setup = ls.kind == LinkKind::hf ? ls.setup_time : Duration::zero();
    l.bandwidth_bps = ls.bandwidth_bps;
    l.overhead = static_cast<std::uint32_t>(ls.overhead_bytes < 0 ? default_overhead_bytes(ls.kind) : ls.overhead_bytes);
    l.loss = ls.loss_probability;
    l.capacity = ls.buffer_messages;
    l.drop_policy = ls.drop_policy;
    l.cost = l.delay.seconds() + l.setup.seconds() + (kNominalMessageBytes + l.overhead) * 8.0 / l.bandwidth_bps;
    for (Ring& r : l.queues) r.reserve(l.capacity);
    l.loss_rng = sim_.stream("comms.loss." + ls.name);
    l.outage_rng = sim_.stream("comms.outage." + ls.name);
    if (ro.mean_time_between > Duration::zero()) {
      l.time_between = core::Distribution::exponential(ro.mean_time_between.seconds());
      l.time_to_restore = core::Distribution::exponential(ro.mean_time_to_restore.seconds());
    }
    if (ls.kind == LinkKind::line_of_sight) {
      const Node& a = nodes_[l.members[0]];
      const Node& b = nodes_[l.members[1]];
      l.range_nm = ls.range_nm > 0 ? ls.range_nm : radio_horizon_nm(a.antenna_ft, b.antenna_ft);
    }
    const auto li = static_cast<std::uint32_t>(links_.size());
    for (std::uint32_t u : l.members)
      for (std::uint32_t v : l.members)
        if (u != v) nodes_[u].edges.emplace_back(li, v);
    links_.push_back(std::move(l));
  }

  // Measures.
  using cm::EntityKind;
  using cm::InstrumentKind;
  using cm::Unit;
  // The headline measures (printout, replications table): copies delivered,
  // the delivery ratio, latency percentiles and the age of information.
  const auto describe = [&](std::string_view name, Unit unit, std::string_view help,
                            std::initializer_list<EntityKind> labels, InstrumentKind kind,
                            cm::Headline headline = cm::Headline::no) {
    return collector_.describe(name, unit, help, labels, kind, headline);
  };
  const auto sent = describe("messages_sent", Unit::none,
                             "Copies of messages released by their origin node, one per addressee.",
                             {kind::flow, kind::node}, InstrumentKind::counter);
  const auto delivered = describe("messages_delivered", Unit::none, "Copies delivered to their addressee node.",
                                  {kind::flow, kind::node}, InstrumentKind::counter, cm::Headline::yes);
  const auto expired = describe("messages_expired", Unit::none,
                                "Copies discarded at a node because they outlived their time to live.",
                                {kind::flow, kind::node}, InstrumentKind::counter);
  const auto retransmitted = describe("messages_retransmitted", Unit::none,
                                      "Copies sent again by their origin after an acknowledgement time-out.",
                                      {kind::flow, kind::node}, InstrumentKind::counter);
  const auto lost = describe("messages_lost", Unit::none,
                             "Transmissions lost on a link, to channel loss or to the link going down.",
                             {kind::flow, kind::link}, InstrumentKind::counter);
  const auto dropped = describe("messages_dropped", Unit::none,
                                "Copies discarded by a link's full transmit buffer.",
                                {kind::flow, kind::link}, InstrumentKind::counter);
  const auto ratio = describe("message_delivery", Unit::ratio,
                              "Copies delivered over copies sent since the start of the run.", {kind::flow},
                              InstrumentKind::gauge, cm::Headline::yes);
  const auto latency = describe("message_latency", Unit::seconds,
                                "Time from a message's release to the first delivery of each addressee's copy: one value per copy, "
                                "in whole microseconds.",
                                {kind::flow}, InstrumentKind::quantile, cm::Headline::yes);
  const auto utilisation = describe("link_utilisation", Unit::ratio,
                                    "Share of time a link is transmitting or setting up.", {kind::link},
                                    InstrumentKind::time_weighted);
  const auto queue = describe("link_queue_length", Unit::none, "Copies waiting in a link's transmit queue.",
                              {kind::link}, InstrumentKind::time_weighted);
  const auto link_up = describe("link_up", Unit::ratio,
                                "1 while a link is up, 0 while an outage window, a random outage or range keeps "
                                "it down; its time-average is the link's availability.",
                                {kind::link}, InstrumentKind::time_weighted);
  const auto outages = describe("link_outages", Unit::none,
                                "Times a link went down (outage window, random outage or out of range).",
                                {kind::link}, InstrumentKind::counter);

  const std::size_t n = nodes_.size();
  const std::size_t nl = links_.size();
  Measures& m = *measures_;
  m.sent.resize(kFlowCount * n);
  m.delivered.resize(kFlowCount * n);
  m.expired.resize(kFlowCount * n);
  m.retransmitted.resize(kFlowCount * n);
  for (std::size_t f = 0; f < kFlowCount; ++f) {
    const FlowId flow = names.intern<kind::flow>(to_string(static_cast<Flow>(f)));
    for (std::size_t i = 0; i < n; ++i) {
      m.sent[f * n + i] = &collector_.counter(sent, {flow, nodes_[i].id});
      m.delivered[f * n + i] = &collector_.counter(delivered, {flow, nodes_[i].id});
      m.expired[f * n + i] = &collector_.counter(expired, {flow, nodes_[i].id});
      m.retransmitted[f * n + i] = &collector_.counter(retransmitted, {flow, nodes_[i].id});
    }
    for (std::size_t i = 0; i < nl; ++i) {
      links_[i].lost[f] = &collector_.counter(lost, {flow, links_[i].id});
      links_[i].dropped[f] = &collector_.counter(dropped, {flow, links_[i].id});
    }
    m.delivery_ratio[f] = &collector_.gauge(ratio, {flow});
    m.latency[f] = &collector_.quantile(latency, {flow});
  }
  for (Link& l : links_) {
    l.utilisation = &collector_.time_weighted(utilisation, {l.id});
    l.queue_length = &collector_.time_weighted(queue, {l.id});
    l.up_gauge = &collector_.time_weighted(link_up, {l.id});
    l.outages = &collector_.counter(outages, {l.id});
  }

  // Age of information at every node that tracks it, of every other node.
  age_row_.assign(n, kNone);
  std::size_t rows = 0;
  for (std::size_t i = 0; i < n; ++i)
    if (spec_.nodes[i].track_age) age_row_[i] = static_cast<std::uint32_t>(rows++);
  if (rows > 0) {
    const auto age_mean = describe("age_of_information_mean", Unit::seconds,
                                   "Time-average age of the newest information a node (node) holds from a source "
                                   "(unit: the source node's name), from its first report's arrival to the time it is published.",
                                   {kind::node, kind::unit}, InstrumentKind::gauge, cm::Headline::yes);
    const auto age_max = describe("age_of_information_max", Unit::seconds,
                                  "Largest age of the newest information a node (node) held from a source (unit).",
                                  {kind::node, kind::unit}, InstrumentKind::gauge);
    ages_.resize(rows * n);
    for (std::size_t r = 0; r < n; ++r) {
      if (age_row_[r] == kNone) continue;
      for (std::size_t s = 0; s < n; ++s) {
        if (s == r) continue;
        const UnitId source = names.intern<kind::unit>(spec_.nodes[s].name);
        Age& a = ages_[age_row_[r] * n + s];
        a.mean = &collector_.gauge(age_mean, {nodes_[r].id, source});
        a.max = &collector_.gauge(age_max, {nodes_[r].id, source});
      }
    }
  }

  receivers_.assign(n, nullptr);
  dist_.resize(n);
  done_.resize(n);

  // Link state over time.
  for (std::size_t i = 0; i < nl; ++i) {
    const auto li = static_cast<std::uint32_t>(i);
    const LinkSpec& ls = spec_.links[i];
    for (const OutageWindow& w : ls.outages) {
      sim_.schedule_at(std::max(w.start, sim_.now()), [this](core::EventTag t) { on_window(t.entity, true); },
                       core::EventTag{kWindowKind, li});
      sim_.schedule_at(std::max(w.end, sim_.now()), [this](core::EventTag t) { on_window(t.entity, false); },
                       core::EventTag{kWindowKind, li});
    }
    if (ls.random_outages.mean_time_between > Duration::zero()) schedule_random_outage(li, true);
    // The initial state is no transition (no outage counted, no listener
    // told); the first range crossing is scheduled.
    if (ls.kind == LinkKind::line_of_sight) {
      links_[li].out_of_range = !in_range(links_[li], sim_.now());
      update_range(li);
    }
    links_[li].up_gauge->set(sim_.now(), links_[li].up() ? 1.0 : 0.0);
  }
}

Network::~Network() = default;

// ---------------------------------------------------------------------------
// Set-up look-ups

NodeId Network::node(std::string_view name) const {
  const auto id = collector_.names().find<kind::node>(name);
  if (!id || id->index() >= node_by_entity_.size() || node_by_entity_[id->index()] == kNone)
    throw std::out_of_range("comms: no node named '" + std::string(name) + "'");
  return *id;
}

LinkId Network::link(std::string_view name) const {
  for (const Link& l : links_)
    if (collector_.names().name(l.id) == name) return l.id;
  throw std::out_of_range("comms: no link named '" + std::string(name) + "'");
}

NationId Network::nation(std::string_view name) const {
  for (std::size_t i = 0; i < nation_names_.size(); ++i)
    if (nation_names_[i] == name) return nation_ids_[i];
  throw std::out_of_range("comms: no node of nation '" + std::string(name) + "'");
}

std::uint32_t Network::group(std::string_view name) const {
  for (std::size_t i = 0; i < group_names_.size(); ++i)
    if (group_names_[i] == name) return static_cast<std::uint32_t>(i);
  throw std::out_of_range("comms: no group named '" + std::string(name) + "'");
}

std::size_t Network::node_count() const noexcept { return nodes_.size(); }
std::size_t Network::link_count() const noexcept { return links_.size(); }
std::size_t Network::live_messages() const noexcept { return records_.live(); }

NationId Network::nation_of(NodeId node) const noexcept {
  return nation_ids_[nodes_[node_by_entity_[node.index()]].nation];
}

void Network::set_receiver(NodeId node, MessageReceiver* receiver) noexcept {
  receivers_[node_by_entity_[node.index()]] = receiver;
}

void Network::add_listener(MessageListener* listener) { listeners_.push_back(listener); }

bool Network::link_up(LinkId link) const noexcept {
  for (const Link& l : links_)
    if (l.id == link) return l.up();
  return false;
}

std::size_t Network::queued(LinkId link) const noexcept {
  for (const Link& l : links_)
    if (l.id == link) return l.queued;
  return 0;
}
}  // namespace drill::models::comms
