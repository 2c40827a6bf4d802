// The information flows: names and the flow of a payload.
#include "models/comms/network_state.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <utility>

namespace drill::models::comms {

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
}  // namespace drill::models::comms
