// What `drillsim validate` says about how a drill's logistics protocol
// travels: the transport, and for each ship unit and squadron whether it is
// a node of the network or has ideal delivery to and from the cell
// (logistics_protocol.hpp, network_transport.hpp). Plain sentences, one per
// line, in drill-file order; computed from the spec alone.
#pragma once

#include <string>
#include <vector>

#include "models/scenario/spec.hpp"

namespace drill::models {

std::vector<std::string> protocol_notes(const scenario::DrillSpec& spec);

}  // namespace drill::models
