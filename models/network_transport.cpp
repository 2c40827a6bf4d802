#include "models/network_transport.hpp"

#include <algorithm>

namespace drill::models {

class NetworkTransport::NodeReceiver final : public comms::MessageReceiver {
 public:
  explicit NodeReceiver(NetworkTransport& t) : t_(t) {}
  void receive(NodeId at, const drill::v1::Message& m) override {
    // A copy of the parties: the recipient may send, which never changes them.
    for (const Party p : t_.parties_at_[at.index()]) t_.recipient_.receive(p, m);
  }

 private:
  NetworkTransport& t_;
};

NetworkTransport::NetworkTransport(core::Simulation& sim, core::metrics::Collector& collector, comms::NetworkSpec spec,
                                   std::string_view cell_node, Recipient& recipient)
    : recipient_(recipient),
      ideal_(sim, recipient),
      network_(std::make_unique<comms::Network>(sim, collector, std::move(spec))),
      cell_node_(network_->node(cell_node)) {
  host(Party::cell(), cell_node_);
}

NetworkTransport::~NetworkTransport() = default;

std::optional<NodeId>* NetworkTransport::slot_of(Party party) {
  auto& v = party.kind() == Party::Kind::ship ? ship_nodes_ : squadron_nodes_;
  if (v.size() <= party.index()) v.resize(party.index() + 1);
  return &v[party.index()];
}

void NetworkTransport::host(Party party, NodeId node) {
  if (party.kind() != Party::Kind::cell) *slot_of(party) = node;
  const std::size_t i = node.index();
  if (parties_at_.size() <= i) parties_at_.resize(i + 1);
  if (receivers_.size() <= i) receivers_.resize(i + 1);
  parties_at_[i].push_back(party);
  if (!receivers_[i]) {
    receivers_[i] = std::make_unique<NodeReceiver>(*this);
    network_->set_receiver(node, receivers_[i].get());
  }
}

std::optional<NodeId> NetworkTransport::node_of(Party party) const noexcept {
  if (party.kind() == Party::Kind::cell) return cell_node_;
  const auto& v = party.kind() == Party::Kind::ship ? ship_nodes_ : squadron_nodes_;
  return party.index() < v.size() ? v[party.index()] : std::nullopt;
}

drill::v1::Message& NetworkTransport::compose(Party from, comms::Flow flow) { return ideal_.compose(from, flow); }

void NetworkTransport::send(Party from, std::span<const Party> to, drill::v1::Message& message, const Delivery& how) {
  const std::optional<NodeId> origin = node_of(from);
  ideal_to_.clear();
  drill::v1::Message* net = nullptr;
  bool ideal_first = false;
  for (std::size_t i = 0; i < to.size(); ++i) {
    const std::optional<NodeId> dest = node_of(to[i]);
    if (!origin || !dest || *dest == *origin) {
      if (i == 0) ideal_first = true;
      ideal_to_.push_back(to[i]);
      continue;
    }
    if (!net) {
      net = &network_->compose(comms::flow_of(message));
      net->CopyFrom(message);
      drill::v1::Envelope& env = *net->mutable_envelope();
      env.set_priority(how.priority);
      env.set_acknowledge(how.acknowledge);
      if (how.time_to_live > core::Duration::zero()) env.set_time_to_live_us(how.time_to_live.ticks());
      env.add_releasable_nations(network_->nation_of(*origin).index());
    }
    drill::v1::Envelope& env = *net->mutable_envelope();
    if (std::find(env.destination_nodes().begin(), env.destination_nodes().end(), dest->index()) ==
        env.destination_nodes().end())
      env.add_destination_nodes(dest->index());
    const auto nation = network_->nation_of(*dest).index();
    if (std::find(env.releasable_nations().begin(), env.releasable_nations().end(), nation) ==
        env.releasable_nations().end())
      env.add_releasable_nations(nation);
  }
  if (net && how.copy_to_headquarters) {
    drill::v1::Envelope& env = *net->mutable_envelope();
    const auto nation = network_->nation_of(*origin);
    for (NodeId hq : headquarters_)
      if (hq != cell_node_ && network_->nation_of(hq) == nation &&
          std::find(env.destination_nodes().begin(), env.destination_nodes().end(), hq.index()) ==
              env.destination_nodes().end())
        env.add_destination_nodes(hq.index());
  }
  // Copies are scheduled in the order of the addressees as far as one
  // network send allows: the ideal ones first when the first addressee is one.
  if (ideal_first) ideal_.send(from, ideal_to_, message, how);
  if (net) network_->send(*origin, *net);
  if (!ideal_first) ideal_.send(from, ideal_to_, message, how);
}

}  // namespace drill::models
