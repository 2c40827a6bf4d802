// A message from compose to settlement: sending, copies and packets,
// forwarding, arrival, delivery, acknowledgement and retransmission, expiry,
// recycling, and the trace events of each step.
#include "models/comms/network_state.hpp"
#include "models/entity_kinds.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <utility>

namespace drill::models::comms {

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
  const std::uint32_t ri = records_.acquire();
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
      assert(env.group().id() < group_members_.size() && "a group address names a group of this network");
      for (std::uint32_t i : group_members_[env.group().id()]) add(i);
      break;
    case drill::v1::GROUP_KIND_ALL:
      for (std::uint32_t i = 0; i < n; ++i) add(i);
      break;
    default:
      for (const std::uint32_t d : env.destination_nodes()) {
        // The loader resolves every addressee to a node of the network.
        assert(d < node_by_entity_.size() && node_by_entity_[d] != kNone && "an addressee is a node of this network");
        add(node_by_entity_[d]);
      }
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
  // The acknowledgement timer starts when the copy leaves its origin (its
  // first transmission starts), not while it waits there for a link or a
  // route: a copy parked through an outage is not sent again meanwhile.
  packets_[p].arm_timer = records_[ri].ack;
  forward(p);
}

void Network::arm_ack_timer(std::uint32_t p) noexcept {
  Packet& pk = packets_[p];
  if (!pk.arm_timer) return;
  pk.arm_timer = false;
  const std::uint32_t ri = pk.record;
  const std::uint32_t c = pk.copy;
  Record& r = records_[ri];
  assert(!r.copies[c].timer_armed && "a copy has one acknowledgement timer at a time");
  // One pointer, so the action fits inside its event: the record comes
  // from the tag, the copy is found when the timer fires.
  r.copies[c].timer = sim_.schedule(spec_.ack_timeout, [this](core::EventTag t) { on_ack_timeout(t.entity); },
                                    core::EventTag{kAckTimeoutKind, ri});
  r.copies[c].timer_armed = true;
  ++r.refs;
}

std::uint32_t Network::new_packet(std::uint32_t record, std::uint32_t copy, std::uint32_t at) noexcept {
  const std::uint32_t p = packets_.acquire();
  Record& r = records_[record];
  ++r.refs;
  packets_[p] = Packet{.record = record, .copy = copy, .at = at, .next = at, .link = kNone,
                       .attempt = r.copies[copy].attempts, .lost = false, .arm_timer = false, .arrival = {}};
  return p;
}

void Network::release_packet(std::uint32_t p) noexcept {
  const std::uint32_t record = packets_[p].record;
  packets_.release(p);
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
  records_.release(ri);
}

bool Network::expired(const Record& r) const noexcept { return sim_.now() > r.expires; }

void Network::forward(std::uint32_t p, bool start) noexcept {
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
  enqueue(hop.link, p, start);
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
  // Dropped by its origin's full buffer, a copy counts as sent and lost: its
  // timer starts now so that it is sent again.
  arm_ack_timer(p);
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
  assert(ack.receiver_node() < node_by_entity_.size() && "an acknowledgement comes from a node of this network");
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

void Network::on_ack_timeout(std::uint32_t ri) noexcept {
  Record& r = records_[ri];
  // The copy whose timer this is: the one armed copy whose timer is no
  // longer pending (the others' are, until they fire or are cancelled).
  std::uint32_t c = 0;
  while (c < r.copies.size() && (!r.copies[c].timer_armed || sim_.is_pending(r.copies[c].timer))) ++c;
  assert(c < r.copies.size() && "a firing timer belongs to an armed copy of its record");
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
