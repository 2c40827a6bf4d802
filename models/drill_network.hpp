// The modelled network of a drill's `comms` section, as the logistics
// transport, and the contact reports units send over it.
//
// The drill file's names are the network's names: a node is the node the
// drill declares, hosted by the unit, squadron or base it names. Each ship
// is its own node: a node NAME hosted by a naval unit of N > 1 ships (named
// UNIT-1..UNIT-N) becomes the nodes NAME-1..NAME-N, each moving with its
// ship; a link naming NAME joins all of them, except a radio_los link (two
// ends), which becomes one link per pair of ends, LINK-1.. in ship order.
// A logistics cell at such a node sits at NAME-1. A node hosted by a
// squadron stays with its base.
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
