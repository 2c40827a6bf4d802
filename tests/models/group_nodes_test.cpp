// A node hosted by a unit of several ships is one node per ship, each moving
// with its own ship (drill_network.hpp): when the ships of the group part,
// each one's radio is where the ship is.
//
// Two frigates of one unit patrol at a and ask for fuel at 06:00; the one
// oiler is ordered to pair-1 (the first request to reach the cell), so
// pair-2, unanswered after its 2 h oiler_wait, sails to the port at c
// (about 38.6 nm, at 15 kn) and bunkers there. A 10 nm radio joins the
// unit's node to a node at the port: it must be up for pair-2's ship in
// port and down for pair-1's, 38 nm away at a.
#include <gtest/gtest.h>

#include <string>

#include "models/comms/network.hpp"
#include "models/geo.hpp"
#include "tests/models/drill_run.hpp"

namespace drill::models {
namespace {

TEST(GroupNodes, EachShipOfAUnitIsItsOwnNodeAndALineOfSightLinkFollowsEachShip) {
  testing::DrillRun run(R"(
drill: {name: a pair parts, horizon: 1d}
geography:
  points:
    - {name: a, lat: 50.0, lon: -5.0}
    - {name: b, lat: 50.5, lon: -5.0}
    - {name: c, lat: 50.0, lon: -4.0}
  areas:
    - {name: box_a, centre: a, radius: 10 nm}
    - {name: box_b, centre: b, radius: 10 nm}
bases:
  ports:
    - {name: haven, position: c, fuel: {capacity: 5000 t}}
naval:
  classes:
    - {name: frigate, max_speed: 30 kn, cruise_speed: 15 kn, fuel_capacity: 500 t,
       burn_at_max: 10 t/h, hotel: 1 t/h, critical_fuel: 20%, oiler_wait: 2h}
    - name: tide
      max_speed: 18 kn
      cruise_speed: 12 kn
      fuel_capacity: 2000 t
      burn_at_max: 6 t/h
      hotel: 0.8 t/h
      oiler: {cargo_fuel: 10000 t, transfer_rate: 100 t/h, connect_time: 30min, disconnect_time: 15min}
  units:
    - {name: pair, class: frigate, count: 2, start: a, initial_fuel: 21%}
    - {name: o1, class: tide, start: b, patrol_area: box_b}
plan:
  tasks:
    - {name: watch, kind: patrol, participants: [pair], location: box_a, deadline: D+1 00:00}
comms:
  nation: GBR
  logistics_cell: hq
  nodes:
    - {name: hq, position: a, headquarters: true}
    - {name: pair_radio, host: pair}
    - {name: oiler_radio, host: o1}
    - {name: port_radio, position: c}
  links:
    - {name: sat, kind: satellite, nodes: [hq, pair_radio, oiler_radio], latency: 250ms, bandwidth: 64 kbit/s}
    - {name: shore, kind: radio_los, from: pair_radio, to: port_radio, latency: 5ms, bandwidth: 9600 bit/s, range: 10 nm}
)");
  const comms::Network& net = *run.model().network();
  // The drill's names, one per ship.
  EXPECT_NO_THROW(static_cast<void>(net.node("pair_radio-1")));
  EXPECT_NO_THROW(static_cast<void>(net.node("pair_radio-2")));
  const auto shore_1 = net.link("shore-1");
  const auto shore_2 = net.link("shore-2");
  const double arrive_h = 8.0 + distance_nm(LatLon{50.0, -5.0}, LatLon{50.0, -4.0}) / 15.0;
  run.run_until(core::at(core::hours(7)));
  EXPECT_FALSE(net.link_up(shore_1));
  EXPECT_FALSE(net.link_up(shore_2));
  run.run_until(core::at(core::hours_f(arrive_h + 0.25)));
  EXPECT_FALSE(net.link_up(shore_1));  // pair-1 is replenished at a
  EXPECT_TRUE(net.link_up(shore_2));   // pair-2 is in port
  const testing::Results m = run.run_to_horizon();
  EXPECT_GT(m.value("fuel_delivered_ras"), 0.0);
  EXPECT_GT(m.value("ship_fuel_received", {"pair-2"}), 0.0);
  EXPECT_GT(m.value("fuel_issued_bases"), 0.0);
}

}  // namespace
}  // namespace drill::models
