// The modelled network of a drill's `comms` section, as the logistics
// transport, and the contact reports units send over it.
//
// The drill file's names are the network's names: a node is the node the
// drill declares, hosted by the unit, squadron or base it names. A node
// hosted by a naval unit of several ships stands for the group and follows
// its lead ship: the first of the unit's ships that is not away for fuel
// (sailing to a port or a rendezvous for it, or alongside for it); when all
// are away, the first ship. Every ship of the unit sends and receives at
// that node. A node hosted by a squadron stays with its base.
#pragma once

#include <memory>

#include "models/drill_model.hpp"
#include "models/network_transport.hpp"

namespace drill::models {

/// The network transport of `w`'s drill with every party that hosts a node
/// declared, delivering to `recipient`.
std::unique_ptr<NetworkTransport> build_network(DrillModel::World& w, Recipient& recipient);

/// Contact reports (not logistics: to every headquarters) from ships on
/// patrol and maritime patrol squadrons on station, over `net`.
void start_contact_reports(DrillModel::World& w, NetworkTransport& net);

}  // namespace drill::models
