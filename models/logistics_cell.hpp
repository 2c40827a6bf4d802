// The logistics cell: decides replenishment from what has reached it.
//
// Its picture holds, per ship, the last report received (position, fuel,
// readiness, the time the report was made), built only from logistics
// status and support requests that have arrived over the drill's transport
// (logistics_protocol.hpp): the network, or the ideal transport of a drill
// without one or of a unit off the network. It never reads a unit's true
// state; an oiler it has never heard of is not ordered. A squadron's status
// reaches it too and decides nothing: tankers fly on request (below).
//
// A request for fuel is answered with an order to one oiler, sent to the
// oiler and to the requester: the oiler reported free (in its service loop
// with no order in hand) and not ordered since, nearest to the reported
// position. Without one the request waits, and the next oiler to report
// itself free is ordered to the oldest waiting request (the ship falls back
// to a port when its `oiler_wait` runs out first). A later report
// of a requester with an open order more than a mile from the order's
// rendezvous sends the oiler the order again with the new position; a report
// at or above the class's critical fuel closes the request.
//
// A request for tanker support names a coverage task: the cell orders every
// tanker squadron of the task to fly it (once per task); until the order has
// reached a squadron its tankers stay on the ground.
#pragma once

#include <cstdint>
#include <map>
#include <set>

#include "core/metrics/entity.hpp"
#include "core/time.hpp"
#include "drill/v1/messages.pb.h"
#include "models/drill_model.hpp"
#include "models/entity_kinds.hpp"
#include "models/geo.hpp"

namespace drill::models {

class Ship;

class LogisticsCell {
 public:
  explicit LogisticsCell(DrillModel::World& w) : w_(w) {}

  /// A report or request that has reached the cell.
  void on_status(const drill::v1::LogisticsStatus& status, core::SimTime made);
  void on_request(const drill::v1::SupportRequest& request, core::SimTime made);

  struct Entry {
    LatLon position;
    double fuel_fraction = 1.0;
    drill::v1::Readiness readiness = drill::v1::READINESS_UNSPECIFIED;
    core::SimTime reported;
  };
  /// What the cell knows of a ship, or null if nothing.
  const Entry* picture(ShipId ship) const;

 private:
  struct Request {
    core::SimTime made;
    LatLon position;
    std::uint64_t order_id = 0;  // 0: not answered
    ShipId oiler;                // the oiler ordered
  };
  struct OilerBook {
    int orders_since_free = 0;  // orders sent after the last report of it free
    core::SimTime last_order;
  };

  Ship* oiler_for(LatLon where);
  void order(Ship& oiler, Ship& receiver, Request& request);
  void answer_oldest_request(Ship& oiler);
  void order_tankers(const drill::v1::SupportRequest& request);
  void send_order(Ship& oiler, Ship& receiver, Request& request);

  DrillModel::World& w_;
  std::map<ShipId, Entry> picture_;
  std::map<ShipId, Request> requests_;  // open requests, by requester
  std::map<ShipId, OilerBook> oilers_;
  std::set<TaskId> tanker_tasks_;      // tasks whose tankers are ordered
};

}  // namespace drill::models
