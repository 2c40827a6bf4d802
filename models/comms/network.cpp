#include "models/comms/network.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <utility>

#include "core/distributions.hpp"

namespace drill::models::comms {

namespace cm = core::metrics;
using core::Duration;
using core::SimTime;

namespace {

// Event kinds in the fingerprint (entity: the link, packet or record index).
constexpr std::uint32_t kLinkFreeKind = core::kind::kFirstModelKind + 0x100;
constexpr std::uint32_t kArrivalKind = kLinkFreeKind + 1;
constexpr std::uint32_t kAckTimeoutKind = kLinkFreeKind + 2;
constexpr std::uint32_t kRangeKind = kLinkFreeKind + 3;
constexpr std::uint32_t kWindowKind = kLinkFreeKind + 4;
constexpr std::uint32_t kOutageKind = kLinkFreeKind + 5;

constexpr std::uint32_t kNone = ~std::uint32_t{0};
constexpr std::size_t kLevels = 4;            // ROUTINE .. FLASH
constexpr double kNominalMessageBytes = 128;  // the message size routes are costed for

std::size_t level_of(drill::v1::Priority p) noexcept {
  const int v = static_cast<int>(p);
  return v <= 1 ? 0 : static_cast<std::size_t>(std::min(v, 4) - 1);
}

Duration from_seconds(double s) noexcept {
  return Duration::from_ticks(std::max<std::int64_t>(1, std::llround(s * 1e6)));
}

// A fixed-capacity ring of packet indices.
class Ring {
 public:
  void reserve(std::uint32_t capacity) { buf_.assign(capacity, 0); }
  std::uint32_t size() const noexcept { return size_; }
  void push_back(std::uint32_t v) noexcept {
    assert(size_ < buf_.size() && "a ring is never pushed beyond its link's buffer");
    buf_[wrap(head_ + size_)] = v;
    ++size_;
  }
  std::uint32_t pop_front() noexcept {
    const std::uint32_t v = buf_[head_];
    head_ = wrap(head_ + 1);
    --size_;
    return v;
  }
  std::uint32_t pop_back() noexcept {
    --size_;
    return buf_[wrap(head_ + size_)];
  }

 private:
  std::uint32_t wrap(std::uint32_t i) const noexcept {
    return i >= buf_.size() ? i - static_cast<std::uint32_t>(buf_.size()) : i;
  }
  std::vector<std::uint32_t> buf_;
  std::uint32_t head_ = 0;
  std::uint32_t size_ = 0;
};

}  // namespace

double radio_horizon_nm(double h1_ft, double h2_ft) noexcept {
  return 1.23 * (std::sqrt(std::max(0.0, h1_ft)) + std::sqrt(std::max(0.0, h2_ft)));
}

std::string_view to_string(Flow flow) noexcept {
  switch (flow) {
    case Flow::contact_report: return "contact_report";
    case Flow::situation_report: return "situation_report";
    case Flow::logistics_status: return "logistics_status";
    case Flow::support_request: return "support_request";
    case Flow::order: return "order";
    case Flow::acknowledgement: return "acknowledgement";
  }
  return "?";
}

Flow flow_of(const drill::v1::Message& m) noexcept {
  using M = drill::v1::Message;
  switch (m.payload_case()) {
    case M::kSituationReport: return Flow::situation_report;
    case M::kLogisticsStatus: return Flow::logistics_status;
    case M::kSupportRequest: return Flow::support_request;
    case M::kOrder: return Flow::order;
    case M::kAcknowledgement: return Flow::acknowledgement;
    default: return Flow::contact_report;
  }
}

namespace {

// Sets an empty payload of `flow` (reusing the one a recycled message holds).
void set_payload(drill::v1::Message& m, Flow flow) {
  switch (flow) {
    case Flow::contact_report: m.mutable_contact_report(); break;
    case Flow::situation_report: m.mutable_situation_report(); break;
    case Flow::logistics_status: m.mutable_logistics_status(); break;
    case Flow::support_request: m.mutable_support_request(); break;
    case Flow::order: m.mutable_order(); break;
    case Flow::acknowledgement: m.mutable_acknowledgement(); break;
  }
}

// Clears the payload's fields but keeps the payload (and its place in the
// arena) for the next message of the same flow. Returns the flow it had, or
// kFlowCount for none.
std::size_t clear_payload_in_place(drill::v1::Message& m) {
  using M = drill::v1::Message;
  switch (m.payload_case()) {
    case M::kContactReport: m.mutable_contact_report()->Clear(); break;
    case M::kSituationReport: m.mutable_situation_report()->Clear(); break;
    case M::kLogisticsStatus: m.mutable_logistics_status()->Clear(); break;
    case M::kSupportRequest: m.mutable_support_request()->Clear(); break;
    case M::kOrder: m.mutable_order()->Clear(); break;
    case M::kAcknowledgement: m.mutable_acknowledgement()->Clear(); break;
    default: return kFlowCount;
  }
  return static_cast<std::size_t>(flow_of(m));
}

}  // namespace

struct Network::Node {
  NodeId id;
  std::uint32_t nation = 0;  // index into nation_ids_
  std::vector<std::pair<std::uint32_t, std::uint32_t>> edges;  // (link, neighbour)
  std::vector<std::uint32_t> held;  // packets waiting for a route
  PositionFn host;
  LatLon position;
  double antenna_ft = 0.0;
};

struct Network::Link {
  LinkId id;
  LinkKind kind = LinkKind::satellite;
  std::vector<std::uint32_t> members;
  Duration delay;
  Duration setup;
  double bandwidth_bps = 0.0;
  std::uint32_t overhead = 0;
  double loss = 0.0;
  std::uint32_t capacity = 0;
  DropPolicy drop_policy = DropPolicy::drop_newest;
  double range_nm = 0.0;
  Duration range_interval;
  double cost = 0.0;  // nominal seconds a hop over this link takes
  core::Distribution time_between, time_to_restore;

  std::uint32_t windows_down = 0;
  bool random_down = false;
  bool out_of_range = false;
  // The link sends one copy at a time: `current` until `busy_until` (valid
  // only while now < busy_until). No event marks the end of a transmission
  // unless another copy waits for it (`free_event`).
  SimTime busy_until;
  std::uint32_t current = kNone;
  bool has_sent = false;      // HF: a session is open while copies follow back to back
  bool busy_counted = false;  // utilisation is at 1 from the last start until busy_until
  bool free_armed = false;
  core::EventHandle free_event;
  std::array<Ring, kLevels> queues;
  std::uint32_t queued = 0;
  core::RandomStream loss_rng{0};
  core::RandomStream outage_rng{0};

  cm::TimeWeightedGauge* utilisation = nullptr;
  cm::TimeWeightedGauge* queue_length = nullptr;
  std::array<cm::Counter*, kFlowCount> lost{};
  std::array<cm::Counter*, kFlowCount> dropped{};

  bool up() const noexcept { return windows_down == 0 && !random_down && !out_of_range; }
};

struct Network::Packet {
  std::uint32_t record = 0;
  std::uint32_t copy = 0;
  std::uint32_t at = 0;    // the node holding it (or sending it)
  std::uint32_t next = 0;  // the node it is going to over `link`
  std::uint32_t link = kNone;
  std::uint32_t attempt = 0;
  bool lost = false;  // drawn when its transmission starts; told at its arrival time
  core::EventHandle arrival;
};

struct Network::Copy {
  std::uint32_t dest = 0;
  std::uint32_t attempts = 0;
  bool delivered = false;
  bool acked = false;
  bool timer_armed = false;
  core::EventHandle timer;
};

struct Network::Record {
  drill::v1::Message* msg = nullptr;
  std::uint32_t generation = 0;
  std::uint64_t id = 0;
  Flow flow = Flow::contact_report;
  std::uint8_t level = 0;
  bool ack = false;
  bool in_use = false;
  std::uint32_t origin = 0;
  std::uint32_t size = 0;  // serialized bytes
  SimTime created;
  SimTime expires = SimTime::max();
  std::uint64_t mask = 0;  // releasable nations (bit per nation index)
  std::uint32_t refs = 0;  // packets and armed timers, plus one while sending
  std::vector<Copy> copies;
};

struct Network::RouteTable {
  std::uint64_t mask = 0;
  std::vector<Hop> next;              // [dest * n + at]
  std::vector<std::uint64_t> stamp;  // per dest: the route epoch its column is for
};

struct Network::Measures {
  // [flow * nodes + node] or [flow * links + link]
  std::vector<cm::Counter*> sent, delivered, expired, retransmitted;
  std::array<cm::Gauge*, kFlowCount> delivery_ratio{};
  std::array<cm::QuantileInstrument*, kFlowCount> latency{};
};

struct Network::Age {
  SimTime first, last_generated, last_update;
  double integral_s = 0.0;  // age integrated over [first, last_update]
  double max_s = 0.0;
  bool seen = false;
  cm::Gauge* mean = nullptr;
  cm::Gauge* max = nullptr;
};

// ---------------------------------------------------------------------------
// Construction

Network::Network(core::Simulation& sim, cm::Collector& collector, NetworkSpec spec)
    : sim_(sim), collector_(collector), spec_(std::move(spec)), measures_(std::make_unique<Measures>()) {
  google::protobuf::ArenaOptions options;
  options.start_block_size = 64 * 1024;
  options.max_block_size = 1024 * 1024;
  arena_ = std::make_unique<google::protobuf::Arena>(options);

  auto& names = collector_.names();
  if (spec_.nodes.empty()) throw std::invalid_argument("comms: a network needs at least one node");
  if (spec_.ack_timeout <= Duration::zero()) throw std::invalid_argument("comms: ack_timeout must be positive");

  // Nodes, nations and groups.
  for (const NodeSpec& ns : spec_.nodes) {
    if (ns.name.empty()) throw std::invalid_argument("comms: a node has no name");
    if (ns.nation.empty()) throw std::invalid_argument("comms: node '" + ns.name + "' has no nation");
    if (names.find<cm::EntityKind::node>(ns.name))
      throw std::invalid_argument("comms: node '" + ns.name + "' is declared twice");
    if (ns.antenna_height_ft < 0 || !std::isfinite(ns.antenna_height_ft))
      throw std::invalid_argument("comms: node '" + ns.name + "' has a negative antenna height");
    Node n;
    n.id = names.add<cm::EntityKind::node>(ns.name);
    auto nat = std::find(nation_names_.begin(), nation_names_.end(), ns.nation);
    if (nat == nation_names_.end()) {
      if (nation_names_.size() == 64) throw std::invalid_argument("comms: more than 64 nations");
      nation_names_.push_back(ns.nation);
      nation_ids_.push_back(names.intern<cm::EntityKind::nation>(ns.nation));
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
    const std::string where = "comms: link '" + ls.name + "'";
    if (ls.name.empty()) throw std::invalid_argument("comms: a link has no name");
    if (names.find<cm::EntityKind::link>(ls.name)) throw std::invalid_argument(where + " is declared twice");
    Link l;
    l.kind = ls.kind;
    for (const std::string& m : ls.nodes) {
      const NodeId id = node(m);  // throws for an unknown node
      const std::uint32_t idx = node_by_entity_[id.index()];
      if (std::find(l.members.begin(), l.members.end(), idx) != l.members.end())
        throw std::invalid_argument(where + " names node '" + m + "' twice");
      l.members.push_back(idx);
    }
    if (l.members.size() < 2) throw std::invalid_argument(where + " needs at least two nodes");
    if (ls.kind == LinkKind::line_of_sight && l.members.size() != 2)
      throw std::invalid_argument(where + ": a line-of-sight link joins exactly two nodes");
    // An ideal link (infinite bandwidth) may have no delay: its copies
    // arrive at the instant they are sent.
    const bool ideal = std::isinf(ls.bandwidth_bps) && ls.bandwidth_bps > 0;
    if (ls.delay < Duration::zero() || (ls.delay == Duration::zero() && !ideal))
      throw std::invalid_argument(where + ": delay must be positive (it is the link's declared minimum delay)");
    if (!(ls.bandwidth_bps > 0))
      throw std::invalid_argument(where + ": bandwidth must be positive");
    if (!(ls.loss_probability >= 0 && ls.loss_probability < 1))
      throw std::invalid_argument(where + ": loss probability must be in [0, 1)");
    if (ls.buffer_messages == 0) throw std::invalid_argument(where + ": the buffer must hold at least one message");
    if (ls.overhead_bytes < -1 || ls.overhead_bytes > 65535)
      throw std::invalid_argument(where + ": overhead must be -1 (default) or 0..65535 bytes");
    if (ls.setup_time < Duration::zero()) throw std::invalid_argument(where + ": set-up time must not be negative");
    if (ls.range_nm < 0) throw std::invalid_argument(where + ": range must not be negative");
    if (ls.kind == LinkKind::line_of_sight && ls.range_check_interval <= Duration::zero())
      throw std::invalid_argument(where + ": the range check interval must be positive");
    for (const OutageWindow& w : ls.outages)
      if (!(w.start < w.end)) throw std::invalid_argument(where + ": an outage window must end after it starts");
    const RandomOutages& ro = ls.random_outages;
    if (ro.mean_time_between < Duration::zero() ||
        (ro.mean_time_between > Duration::zero() && ro.mean_time_to_restore <= Duration::zero()))
      throw std::invalid_argument(where + ": random outages need a positive time between and time to restore");

    l.id = names.add<cm::EntityKind::link>(ls.name);
    l.delay = ls.delay;
    l.setup = ls.kind == LinkKind::hf ? ls.setup_time : Duration::zero();
    l.bandwidth_bps = ls.bandwidth_bps;
    l.overhead = static_cast<std::uint32_t>(ls.overhead_bytes < 0 ? default_overhead_bytes(ls.kind) : ls.overhead_bytes);
    l.loss = ls.loss_probability;
    l.capacity = ls.buffer_messages;
    l.drop_policy = ls.drop_policy;
    l.range_interval = ls.range_check_interval;
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
  const auto describe = [&](std::string name, Unit unit, std::string help, std::vector<EntityKind> labels,
                            InstrumentKind kind) {
    return collector_.describe(cm::Descriptor{.name = std::move(name), .unit = unit, .help = std::move(help),
                                              .labels = std::move(labels), .kind = kind});
  };
  const auto sent = describe("messages_sent", Unit::none,
                             "Copies of messages released by their origin node, one per addressee.",
                             {EntityKind::flow, EntityKind::node}, InstrumentKind::counter);
  const auto delivered = describe("messages_delivered", Unit::none, "Copies delivered to their addressee node.",
                                  {EntityKind::flow, EntityKind::node}, InstrumentKind::counter);
  const auto expired = describe("messages_expired", Unit::none,
                                "Copies discarded at a node because they outlived their time to live.",
                                {EntityKind::flow, EntityKind::node}, InstrumentKind::counter);
  const auto retransmitted = describe("messages_retransmitted", Unit::none,
                                      "Copies sent again by their origin after an acknowledgement time-out.",
                                      {EntityKind::flow, EntityKind::node}, InstrumentKind::counter);
  const auto lost = describe("messages_lost", Unit::none,
                             "Transmissions lost on a link, to channel loss or to the link going down.",
                             {EntityKind::flow, EntityKind::link}, InstrumentKind::counter);
  const auto dropped = describe("messages_dropped", Unit::none,
                                "Copies discarded by a link's full transmit buffer.",
                                {EntityKind::flow, EntityKind::link}, InstrumentKind::counter);
  const auto ratio = describe("message_delivery", Unit::ratio,
                              "Copies delivered over copies sent since the start of the run.", {EntityKind::flow},
                              InstrumentKind::gauge);
  const auto latency = describe("message_latency", Unit::seconds,
                                "Time from a message's release to its first delivery to an addressee.",
                                {EntityKind::flow}, InstrumentKind::quantile);
  const auto utilisation = describe("link_utilisation", Unit::ratio,
                                    "Share of time a link is transmitting or setting up.", {EntityKind::link},
                                    InstrumentKind::time_weighted);
  const auto queue = describe("link_queue_length", Unit::none, "Copies waiting in a link's transmit queue.",
                              {EntityKind::link}, InstrumentKind::time_weighted);

  const std::size_t n = nodes_.size();
  const std::size_t nl = links_.size();
  Measures& m = *measures_;
  m.sent.resize(kFlowCount * n);
  m.delivered.resize(kFlowCount * n);
  m.expired.resize(kFlowCount * n);
  m.retransmitted.resize(kFlowCount * n);
  for (std::size_t f = 0; f < kFlowCount; ++f) {
    const FlowId flow = names.intern<EntityKind::flow>(to_string(static_cast<Flow>(f)));
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
  }

  // Age of information at every node that tracks it, of every other node.
  age_row_.assign(n, kNone);
  std::size_t rows = 0;
  for (std::size_t i = 0; i < n; ++i)
    if (spec_.nodes[i].track_age) age_row_[i] = static_cast<std::uint32_t>(rows++);
  if (rows > 0) {
    const auto age_mean = describe("age_of_information_mean", Unit::seconds,
                                   "Time-average age of the newest information a node (node) holds from a source "
                                   "(unit: the source node's name), since its first report arrived.",
                                   {EntityKind::node, EntityKind::unit}, InstrumentKind::gauge);
    const auto age_max = describe("age_of_information_max", Unit::seconds,
                                  "Largest age of the newest information a node (node) held from a source (unit).",
                                  {EntityKind::node, EntityKind::unit}, InstrumentKind::gauge);
    ages_.resize(rows * n);
    for (std::size_t r = 0; r < n; ++r) {
      if (age_row_[r] == kNone) continue;
      for (std::size_t s = 0; s < n; ++s) {
        if (s == r) continue;
        const cm::UnitId source = names.intern<EntityKind::unit>(spec_.nodes[s].name);
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
      sim_.schedule_at(std::max(w.start, sim_.now()), [this, li] { on_window(li, true); },
                       core::EventTag{kWindowKind, li});
      sim_.schedule_at(std::max(w.end, sim_.now()), [this, li] { on_window(li, false); },
                       core::EventTag{kWindowKind, li});
    }
    if (ls.random_outages.mean_time_between > Duration::zero()) schedule_random_outage(li, true);
    // The initial state; schedules further checks if a host moves.
    if (ls.kind == LinkKind::line_of_sight) on_range_check(li);
  }
}

Network::~Network() = default;

// ---------------------------------------------------------------------------
// Set-up look-ups

NodeId Network::node(std::string_view name) const {
  const auto id = collector_.names().find<cm::EntityKind::node>(name);
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
std::size_t Network::live_messages() const noexcept { return records_.size() - free_records_.size(); }

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

// ---------------------------------------------------------------------------
// Sending

drill::v1::Message& Network::compose() {
  for (auto& list : free_messages_) {
    if (list.empty()) continue;
    drill::v1::Message* m = list.back();
    list.pop_back();
    m->clear_payload();
    return *m;
  }
  return *google::protobuf::Arena::CreateMessage<drill::v1::Message>(arena_.get());
}

drill::v1::Message& Network::compose(Flow flow) {
  auto& list = free_messages_[static_cast<std::size_t>(flow)];
  if (!list.empty()) {
    drill::v1::Message* m = list.back();
    list.pop_back();
    return *m;
  }
  drill::v1::Message& m = compose();
  set_payload(m, flow);
  return m;
}

bool Network::allowed(std::uint32_t node, std::uint64_t mask) const noexcept {
  return (mask >> nodes_[node].nation) & 1u;
}

std::uint64_t Network::send(NodeId origin_id, drill::v1::Message& message) noexcept {
  assert(message.GetArena() == arena_.get() && "a sent message comes from this network's compose()");
  const std::uint32_t origin = node_by_entity_[origin_id.index()];
  std::uint32_t ri;
  if (free_records_.empty()) {
    ri = static_cast<std::uint32_t>(records_.size());
    records_.emplace_back();
  } else {
    ri = free_records_.back();
    free_records_.pop_back();
  }
  Record& r = records_[ri];
  r.msg = &message;
  r.in_use = true;
  // Never zero, so the fixed-width id is always on the wire (proto3 omits zeros).
  r.id = (static_cast<std::uint64_t>(r.generation + 1) << 32) | ri;
  r.origin = origin;
  r.created = sim_.now();
  r.flow = flow_of(message);

  drill::v1::Envelope& env = *message.mutable_envelope();
  env.set_message_id(r.id);
  env.set_origin_node(origin_id.index());
  env.set_created_us(r.created.ticks());
  r.level = static_cast<std::uint8_t>(level_of(env.priority()));
  r.expires = env.time_to_live_us() > 0 ? r.created + Duration::from_ticks(env.time_to_live_us()) : SimTime::max();
  r.ack = env.acknowledge() && r.flow != Flow::acknowledgement;
  r.mask = 0;
  for (const std::uint32_t nat : env.releasable_nations())
    for (std::size_t i = 0; i < nation_ids_.size(); ++i)
      if (nation_ids_[i].index() == nat) r.mask |= std::uint64_t{1} << i;
  if (env.releasable_nations_size() == 0) r.mask = std::uint64_t{1} << nodes_[origin].nation;
  r.size = static_cast<std::uint32_t>(message.ByteSizeLong());

  // The addressees: one copy each, if the message is releasable to its nation.
  r.copies.clear();
  const auto add = [&](std::uint32_t node) {
    if (node == origin || !allowed(node, r.mask)) return;
    for (const Copy& c : r.copies)
      if (c.dest == node) return;
    Copy copy;
    copy.dest = node;
    r.copies.push_back(copy);
  };
  const std::uint32_t n = static_cast<std::uint32_t>(nodes_.size());
  switch (env.group().kind()) {
    case drill::v1::GROUP_KIND_NATION:
      for (std::uint32_t i = 0; i < n; ++i)
        if (nation_ids_[nodes_[i].nation].index() == env.group().id()) add(i);
      break;
    case drill::v1::GROUP_KIND_GROUP:
      if (env.group().id() < group_members_.size())
        for (std::uint32_t i : group_members_[env.group().id()]) add(i);
      break;
    case drill::v1::GROUP_KIND_ALL:
      for (std::uint32_t i = 0; i < n; ++i) add(i);
      break;
    default:
      for (const std::uint32_t d : env.destination_nodes())
        if (d < node_by_entity_.size() && node_by_entity_[d] != kNone) add(node_by_entity_[d]);
      break;
  }

  const std::uint64_t id = r.id;
  const auto flow = static_cast<std::size_t>(r.flow);
  const auto copies = static_cast<std::uint32_t>(r.copies.size());
  r.refs = 1;  // held while the copies go out
  emit(MessageEventKind::created, r, origin, kNone, origin, 0);
  totals_.sent += copies;
  flow_sent_[flow] += copies;
  measures_->sent[flow * n + origin]->add(copies);
  for (std::uint32_t c = 0; c < copies; ++c) transmit_copy(ri, c);
  refresh_ratio(static_cast<Flow>(flow));
  release_ref(ri);
  return id;
}

void Network::transmit_copy(std::uint32_t ri, std::uint32_t c) noexcept {
  const std::uint32_t p = new_packet(ri, c, records_[ri].origin);
  Record& r = records_[ri];
  if (r.ack) {
    r.copies[c].timer = sim_.schedule(spec_.ack_timeout, [this, ri, c] { on_ack_timeout(ri, c); },
                                      core::EventTag{kAckTimeoutKind, ri});
    r.copies[c].timer_armed = true;
    ++r.refs;
  }
  forward(p);
}

std::uint32_t Network::new_packet(std::uint32_t record, std::uint32_t copy, std::uint32_t at) noexcept {
  std::uint32_t p;
  if (free_packets_.empty()) {
    p = static_cast<std::uint32_t>(packets_.size());
    packets_.emplace_back();
  } else {
    p = free_packets_.back();
    free_packets_.pop_back();
  }
  Record& r = records_[record];
  ++r.refs;
  packets_[p] = Packet{.record = record, .copy = copy, .at = at, .next = at, .link = kNone,
                       .attempt = r.copies[copy].attempts, .lost = false, .arrival = {}};
  return p;
}

void Network::release_packet(std::uint32_t p) noexcept {
  const std::uint32_t record = packets_[p].record;
  free_packets_.push_back(p);
  release_ref(record);
}

void Network::release_ref(std::uint32_t ri) noexcept {
  Record& r = records_[ri];
  assert(r.refs > 0 && "a message record is released once per reference");
  if (--r.refs > 0) return;
  // Recycle the message with its payload, cleared, for the next message of
  // the same flow; repeated fields keep their capacity. Only a group address
  // is left behind in the arena (Clear drops sub-messages there).
  r.msg->mutable_envelope()->Clear();
  free_messages_[clear_payload_in_place(*r.msg)].push_back(r.msg);
  r.msg = nullptr;
  r.in_use = false;
  ++r.generation;
  free_records_.push_back(ri);
}

bool Network::expired(const Record& r) const noexcept { return sim_.now() > r.expires; }

void Network::forward(std::uint32_t p) noexcept {
  Packet& pk = packets_[p];
  const Record& r = records_[pk.record];
  if (expired(r)) {
    expire(p);
    return;
  }
  const std::uint32_t dest = r.copies[pk.copy].dest;
  const std::uint64_t mask = spec_.relay_policy == RelayPolicy::avoid_foreign_relays ? r.mask : ~std::uint64_t{0};
  const Hop hop = next_hop(pk.at, dest, mask);
  if (hop.link == kNone) {
    nodes_[pk.at].held.push_back(p);
    return;
  }
  pk.link = hop.link;
  pk.next = hop.node;
  enqueue(hop.link, p);
}

void Network::enqueue(std::uint32_t li, std::uint32_t p) noexcept {
  Link& l = links_[li];
  const Packet& pk = packets_[p];
  const std::size_t level = records_[pk.record].level;
  if (l.queued >= l.capacity) {
    std::size_t victim_level = kLevels;
    if (l.drop_policy == DropPolicy::drop_lowest_priority)
      for (std::size_t k = 0; k < level; ++k)
        if (l.queues[k].size() > 0) {
          victim_level = k;
          break;
        }
    if (victim_level == kLevels) {
      drop(p, li);
      return;
    }
    const std::uint32_t victim = l.queues[victim_level].pop_back();
    --l.queued;
    drop(victim, li);
  }
  l.queues[level].push_back(p);
  ++l.queued;
  l.queue_length->set(sim_.now(), l.queued);
  emit(MessageEventKind::queued, records_[pk.record], pk.at, li, records_[pk.record].copies[pk.copy].dest,
       pk.attempt);
  try_transmit(li);
}

void Network::try_transmit(std::uint32_t li) noexcept {
  Link& l = links_[li];
  const SimTime now = sim_.now();
  while (l.up() && l.queued > 0) {
    if (now < l.busy_until) {  // come back when the link is free
      if (!l.free_armed) {
        l.free_armed = true;
        l.free_event = sim_.schedule_at(l.busy_until, [this, li] { on_link_free(li); },
                                        core::EventTag{kLinkFreeKind, li});
      }
      return;
    }
    std::uint32_t p = kNone;
    for (std::size_t k = kLevels; k-- > 0;)
      if (l.queues[k].size() > 0) {
        p = l.queues[k].pop_front();
        break;
      }
    --l.queued;
    l.queue_length->set(now, l.queued);
    Packet& pk = packets_[p];
    const Record& r = records_[pk.record];
    if (expired(r)) {
      expire(p);
      continue;
    }
    // HF sets up again unless this copy follows the previous one back to back.
    const bool session_open = l.has_sent && now == l.busy_until;
    const Duration setup = session_open ? Duration::zero() : l.setup;
    const double bits = (static_cast<double>(r.size) + l.overhead) * 8.0;
    const auto ticks = std::isinf(l.bandwidth_bps)
                           ? std::int64_t{0}
                           : std::max<std::int64_t>(1, static_cast<std::int64_t>(std::ceil(bits * 1e6 / l.bandwidth_bps)));
    if (l.busy_counted && l.busy_until < now) idle_from(l);
    if (!l.busy_counted || l.busy_until < now) l.utilisation->set(now, 1.0);
    l.busy_counted = true;
    l.has_sent = true;
    l.current = p;
    l.busy_until = now + setup + Duration::from_ticks(ticks);
    pk.lost = l.loss > 0 && l.loss_rng.uniform01() < l.loss;
    emit(MessageEventKind::transmitted, r, pk.at, li, r.copies[pk.copy].dest, pk.attempt);
    pk.arrival = sim_.schedule_at(l.busy_until + l.delay, [this, p] { on_arrival(p); },
                                  core::EventTag{kArrivalKind, p});
  }
}

void Network::idle_from(Link& l) noexcept {
  // A warm-up reset may have restarted the statistics after the link fell
  // idle; the level then changes at the restart.
  l.utilisation->set(std::max(l.busy_until, collector_.since()), 0.0);
  l.busy_counted = false;
}

void Network::on_link_free(std::uint32_t li) noexcept {
  links_[li].free_armed = false;
  try_transmit(li);
}

void Network::on_arrival(std::uint32_t p) noexcept {
  Packet& pk = packets_[p];
  const std::uint32_t link = pk.link;
  const Record& r = records_[pk.record];
  const std::uint32_t dest = r.copies[pk.copy].dest;
  if (pk.lost) {
    emit(MessageEventKind::lost, r, pk.at, link, dest, pk.attempt);
    links_[link].lost[static_cast<std::size_t>(r.flow)]->add();
    ++totals_.lost;
    release_packet(p);
    return;
  }
  pk.at = pk.next;
  pk.link = kNone;
  emit(MessageEventKind::received, r, pk.at, link, dest, pk.attempt);
  if (expired(r)) {
    expire(p);
  } else if (pk.at == dest) {
    deliver(p);
  } else {
    forward(p);
  }
}

void Network::expire(std::uint32_t p) noexcept {
  const Packet& pk = packets_[p];
  const Record& r = records_[pk.record];
  emit(MessageEventKind::expired, r, pk.at, kNone, r.copies[pk.copy].dest, pk.attempt);
  measures_->expired[static_cast<std::size_t>(r.flow) * nodes_.size() + pk.at]->add();
  ++totals_.expired;
  release_packet(p);
}

void Network::drop(std::uint32_t p, std::uint32_t li) noexcept {
  const Packet& pk = packets_[p];
  const Record& r = records_[pk.record];
  emit(MessageEventKind::dropped, r, pk.at, li, r.copies[pk.copy].dest, pk.attempt);
  links_[li].dropped[static_cast<std::size_t>(r.flow)]->add();
  ++totals_.dropped;
  release_packet(p);
}

void Network::deliver(std::uint32_t p) noexcept {
  const std::uint32_t ri = packets_[p].record;
  const std::uint32_t c = packets_[p].copy;
  Record& r = records_[ri];
  const std::uint32_t dest = r.copies[c].dest;
  assert(allowed(dest, r.mask) && "a message is delivered only to nations it is releasable to");
  if (!r.copies[c].delivered) {
    r.copies[c].delivered = true;
    const auto flow = static_cast<std::size_t>(r.flow);
    ++totals_.delivered;
    ++flow_delivered_[flow];
    measures_->delivered[flow * nodes_.size() + dest]->add();
    measures_->latency[flow]->add((sim_.now() - r.created).seconds());
    refresh_ratio(r.flow);
    emit(MessageEventKind::delivered, r, dest, kNone, dest, packets_[p].attempt);
    if (r.flow == Flow::acknowledgement) {
      on_acknowledgement(r.msg->acknowledgement());
    } else {
      update_age(dest, r.origin, r.created);
    }
    if (r.ack) acknowledge(ri, c);
    if (MessageReceiver* rx = receivers_[dest]) rx->receive(nodes_[dest].id, *records_[ri].msg);
  } else if (r.ack) {
    acknowledge(ri, c);  // a duplicate: the first acknowledgement was lost
  }
  release_packet(p);
}

void Network::acknowledge(std::uint32_t ri, std::uint32_t c) noexcept {
  drill::v1::Message& a = compose(Flow::acknowledgement);
  const Record& r = records_[ri];
  const std::uint32_t receiver = r.copies[c].dest;
  const Node& origin = nodes_[r.origin];
  a.mutable_acknowledgement()->set_acknowledged_message_id(r.id);
  a.mutable_acknowledgement()->set_receiver_node(nodes_[receiver].id.index());
  drill::v1::Envelope& env = *a.mutable_envelope();
  env.add_destination_nodes(origin.id.index());
  env.set_priority(r.msg->envelope().priority());
  env.add_releasable_nations(nation_ids_[origin.nation].index());
  send(nodes_[receiver].id, a);
}

void Network::on_acknowledgement(const drill::v1::Acknowledgement& ack) noexcept {
  const auto ri = static_cast<std::uint32_t>(ack.acknowledged_message_id() & 0xffffffffu);
  const auto generation = static_cast<std::uint32_t>((ack.acknowledged_message_id() >> 32) - 1);
  if (ri >= records_.size() || !records_[ri].in_use || records_[ri].generation != generation) return;
  if (ack.receiver_node() >= node_by_entity_.size()) return;
  const std::uint32_t receiver = node_by_entity_[ack.receiver_node()];
  Record& r = records_[ri];
  for (Copy& c : r.copies) {
    if (c.dest != receiver || c.acked) continue;
    c.acked = true;
    if (c.timer_armed && sim_.cancel(c.timer)) {
      c.timer_armed = false;
      release_ref(ri);
    }
    return;
  }
}

void Network::on_ack_timeout(std::uint32_t ri, std::uint32_t c) noexcept {
  Record& r = records_[ri];
  Copy& copy = r.copies[c];
  copy.timer_armed = false;
  if (!copy.acked && copy.attempts < spec_.max_retransmissions && !expired(r)) {
    ++copy.attempts;
    ++totals_.retransmitted;
    measures_->retransmitted[static_cast<std::size_t>(r.flow) * nodes_.size() + r.origin]->add();
    emit(MessageEventKind::retransmitted, r, r.origin, kNone, copy.dest, copy.attempts);
    transmit_copy(ri, c);
  }
  release_ref(ri);
}

void Network::refresh_ratio(Flow flow) noexcept {
  const auto f = static_cast<std::size_t>(flow);
  if (flow_sent_[f] > 0)
    measures_->delivery_ratio[f]->set(static_cast<double>(flow_delivered_[f]) / static_cast<double>(flow_sent_[f]));
}

// ---------------------------------------------------------------------------
// Age of information

void Network::update_age(std::uint32_t receiver, std::uint32_t source, SimTime generated) noexcept {
  if (age_row_[receiver] == kNone) return;
  Age& a = ages_[age_row_[receiver] * nodes_.size() + source];
  const SimTime now = sim_.now();
  if (!a.seen) {
    a.seen = true;
    a.first = now;
  } else if (generated > a.last_generated) {
    // The age grew linearly from (last_update - last_generated) since the last update.
    const double dt = (now - a.last_update).seconds();
    const double age0 = (a.last_update - a.last_generated).seconds();
    a.integral_s += age0 * dt + 0.5 * dt * dt;
    a.max_s = std::max(a.max_s, (now - a.last_generated).seconds());
  } else {
    return;  // older than what the node already holds
  }
  a.last_generated = generated;
  a.last_update = now;
  a.max_s = std::max(a.max_s, (now - generated).seconds());
  a.mean->set(now > a.first ? a.integral_s / (now - a.first).seconds() : (now - generated).seconds());
  a.max->set(a.max_s);
}

void Network::publish_links(SimTime now) noexcept {
  for (Link& l : links_)
    if (l.busy_counted && l.busy_until <= now) idle_from(l);
}

void Network::publish(SimTime now) noexcept {
  publish_links(now);
  for (Age& a : ages_) {
    if (!a.seen || now < a.last_update) continue;
    const double dt = (now - a.last_update).seconds();
    const double age0 = (a.last_update - a.last_generated).seconds();
    const double integral = a.integral_s + age0 * dt + 0.5 * dt * dt;
    a.mean->set(now > a.first ? integral / (now - a.first).seconds() : age0);
    a.max->set(std::max(a.max_s, (now - a.last_generated).seconds()));
  }
}

// ---------------------------------------------------------------------------
// Link state and routes

void Network::on_window(std::uint32_t li, bool down) noexcept {
  Link& l = links_[li];
  const bool was_up = l.up();
  if (down) {
    ++l.windows_down;
  } else if (l.windows_down > 0) {
    --l.windows_down;
  }
  set_link_state(li, was_up);
}

void Network::schedule_random_outage(std::uint32_t li, bool down) {
  Link& l = links_[li];
  const Duration wait = from_seconds((down ? l.time_between : l.time_to_restore).sample(l.outage_rng));
  sim_.schedule(wait, [this, li, down] { on_random_outage(li, down); }, core::EventTag{kOutageKind, li});
}

void Network::on_random_outage(std::uint32_t li, bool down) noexcept {
  Link& l = links_[li];
  const bool was_up = l.up();
  l.random_down = down;
  set_link_state(li, was_up);
  schedule_random_outage(li, !down);
}

void Network::on_range_check(std::uint32_t li) noexcept {
  Link& l = links_[li];
  const Node& a = nodes_[l.members[0]];
  const Node& b = nodes_[l.members[1]];
  const SimTime now = sim_.now();
  const LatLon pa = a.host ? a.host(now) : a.position;
  const LatLon pb = b.host ? b.host(now) : b.position;
  const bool was_up = l.up();
  l.out_of_range = distance_nm(pa, pb) > l.range_nm;
  set_link_state(li, was_up);
  if (a.host || b.host)
    sim_.schedule(l.range_interval, [this, li] { on_range_check(li); }, core::EventTag{kRangeKind, li});
}

void Network::set_link_state(std::uint32_t li, bool was_up) noexcept {
  const bool up = links_[li].up();
  if (up == was_up) return;
  topology_changed(up ? kNone : li);
  if (up) try_transmit(li);
}

void Network::topology_changed(std::uint32_t down) noexcept {
  ++route_epoch_;
  const std::size_t start = scratch_.size();
  if (down != kNone) {
    Link& l = links_[down];
    const SimTime now = sim_.now();
    if (l.current != kNone && now < l.busy_until) {
      // The copy being set up for or sent is lost with the link.
      const std::uint32_t p = l.current;
      const Packet& pk = packets_[p];
      sim_.cancel(pk.arrival);
      const Record& r = records_[pk.record];
      emit(MessageEventKind::lost, r, pk.at, down, r.copies[pk.copy].dest, pk.attempt);
      l.lost[static_cast<std::size_t>(r.flow)]->add();
      ++totals_.lost;
      release_packet(p);
    }
    if (l.busy_counted) {
      l.busy_until = std::min(now, l.busy_until);
      idle_from(l);
    }
    l.current = kNone;
    l.busy_until = now;
    l.has_sent = false;
    if (l.free_armed) sim_.cancel(l.free_event);
    l.free_armed = false;
    for (std::size_t k = kLevels; k-- > 0;)
      while (l.queues[k].size() > 0) scratch_.push_back(l.queues[k].pop_front());
    l.queued = 0;
    l.queue_length->set(sim_.now(), 0.0);
  }
  for (Node& n : nodes_) {
    scratch_.insert(scratch_.end(), n.held.begin(), n.held.end());
    n.held.clear();
  }
  const std::size_t end = scratch_.size();
  for (std::size_t i = start; i < end; ++i) {
    Packet& pk = packets_[scratch_[i]];
    pk.link = kNone;
    pk.next = pk.at;
    forward(scratch_[i]);
  }
  scratch_.resize(start);
}

Network::Hop Network::next_hop(std::uint32_t at, std::uint32_t dest, std::uint64_t mask) noexcept {
  RouteTable* table = nullptr;
  for (RouteTable& t : routes_)
    if (t.mask == mask) {
      table = &t;
      break;
    }
  const std::size_t n = nodes_.size();
  if (table == nullptr) {
    routes_.push_back(RouteTable{.mask = mask, .next = std::vector<Hop>(n * n), .stamp = std::vector<std::uint64_t>(n, 0)});
    table = &routes_.back();
  }
  if (table->stamp[dest] != route_epoch_) compute_column(*table, dest);
  return table->next[dest * n + at];
}

void Network::compute_column(RouteTable& table, std::uint32_t dest) noexcept {
  // Dijkstra outwards from the destination over the links up now: the hop a
  // node takes is the neighbour it was reached from. O(n^2 + edges); ties
  // go to the node settled first (lower index among equals).
  const std::size_t n = nodes_.size();
  Hop* next = table.next.data() + dest * n;
  std::fill(next, next + n, Hop{});
  std::fill(dist_.begin(), dist_.end(), std::numeric_limits<double>::infinity());
  std::fill(done_.begin(), done_.end(), 0);
  dist_[dest] = 0.0;
  for (std::size_t round = 0; round < n; ++round) {
    std::size_t u = n;
    for (std::size_t i = 0; i < n; ++i)
      if (!done_[i] && (u == n || dist_[i] < dist_[u])) u = i;
    if (u == n || std::isinf(dist_[u])) break;
    done_[u] = 1;
    // A node of a nation the message is not releasable to relays nothing.
    if (u != dest && !allowed(static_cast<std::uint32_t>(u), table.mask)) continue;
    for (const auto& [li, v] : nodes_[u].edges) {
      if (done_[v] || !links_[li].up()) continue;
      const double d = dist_[u] + links_[li].cost;
      if (d < dist_[v]) {
        dist_[v] = d;
        next[v] = Hop{li, static_cast<std::uint32_t>(u)};
      }
    }
  }
  table.stamp[dest] = route_epoch_;
}

// ---------------------------------------------------------------------------
// Trace

void Network::emit(MessageEventKind kind, const Record& r, std::uint32_t node, std::uint32_t link,
                   std::uint32_t dest, std::uint32_t attempt) noexcept {
  if (listeners_.empty()) return;
  const MessageEvent e{.kind = kind,
                       .time = sim_.now(),
                       .node = nodes_[node].id,
                       .link = link == kNone ? kNoLink : links_[link].id.index(),
                       .destination = nodes_[dest].id,
                       .attempt = attempt,
                       .message = r.msg};
  for (MessageListener* l : listeners_) l->on_message_event(e);
}

}  // namespace drill::models::comms
