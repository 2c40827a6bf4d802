// The logistics protocol carried by the modelled network (models/comms/):
// a party that is a node of the network sends and receives there; a party
// that is not (its unit, squadron or base hosts no node), or that shares its
// node with the other end, has ideal delivery to and from the cell
// (ideal_transport.hpp).
//
// Addressing: one network message per send, with a destination per
// addressee's node (several parties on one node share the copy), releasable
// to the sender's nation and every addressee's; a status report also goes to
// the headquarters of the sender's nation (`Delivery::copy_to_headquarters`).
// A copy that reaches a node is handed to every party the node carries; the
// protocol's recipient keeps what concerns it (transport.hpp).
//
// Messages are composed in the ideal transport's pool and copied into the
// network's arena for the network part (one protobuf copy per send, no
// allocation in steady state).
#pragma once

#include <memory>
#include <optional>
#include <vector>

#include "core/metrics/collector.hpp"
#include "models/comms/network.hpp"
#include "models/entity_kinds.hpp"
#include "models/ideal_transport.hpp"
#include "models/transport.hpp"

namespace drill::models {

class NetworkTransport final : public Transport {
 public:
  /// Builds the network of `spec`. The cell sits at `cell_node` (a node name of the spec).
  NetworkTransport(core::Simulation& sim, core::metrics::Collector& collector, comms::NetworkSpec spec,
                   std::string_view cell_node, Recipient& recipient);
  ~NetworkTransport() override;

  /// `party` is carried by node `node` (declare every party that is a node).
  void host(Party party, NodeId node);
  /// Status reports of a party go to the headquarters at `node` if it is of the same nation.
  void add_headquarters(NodeId node) { headquarters_.push_back(node); }
  /// The node carrying `party`, if any.
  std::optional<NodeId> node_of(Party party) const noexcept;

  drill::v1::Message& compose(Party from, comms::Flow flow) override;
  void send(Party from, std::span<const Party> to, drill::v1::Message& message, const Delivery& how) override;
  const comms::Network* network() const noexcept override { return network_.get(); }
  comms::Network& network_mut() noexcept { return *network_; }
  void set_activity_listener(ActivityListener* listener) noexcept override {
    network_->set_activity_listener(listener);
  }
  NodeId cell_node() const noexcept { return cell_node_; }

 private:
  class NodeReceiver;
  std::optional<NodeId>* slot_of(Party party);

  Recipient& recipient_;
  IdealTransport ideal_;
  std::unique_ptr<comms::Network> network_;
  NodeId cell_node_;
  std::vector<NodeId> headquarters_;
  std::vector<std::optional<NodeId>> ship_nodes_;      // by ShipId index
  std::vector<std::optional<NodeId>> squadron_nodes_;  // by SquadronId index
  std::vector<std::vector<Party>> parties_at_;                // by node entity index
  std::vector<std::unique_ptr<NodeReceiver>> receivers_;      // by node entity index, when it carries a party
  std::vector<Party> ideal_to_;                               // scratch: addressees delivered ideally
};

}  // namespace drill::models
