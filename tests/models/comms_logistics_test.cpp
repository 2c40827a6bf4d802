// Logistics over the comms network: the drill builds its network from the
// `comms` section, a ship's call for fuel is a message to the logistics
// cell, and the oiler sets out when the cell's order has reached it, for the
// position the ship reported.
//
// The drill is the one of fuel_call_test.cpp with comms: a frigate on patrol
// at a asks for fuel at 06:00 (its first fuel check); an oiler patrols at b.
// Both carry a node on one satellite channel with the logistics cell at a
// headquarters ashore.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "models/activity.hpp"
#include "models/comms/message_listener.hpp"
#include "models/comms/network.hpp"
#include "models/entity_kinds.hpp"
#include "models/geo.hpp"
#include "tests/models/drill_run.hpp"

namespace drill::models {
namespace {

using testing::DrillRun;

constexpr LatLon kA{50.0, -5.0};  // the frigate's patrol box
constexpr LatLon kB{50.5, -5.0};  // the oiler's patrol box

std::string drill(const std::string& comms) {
  return R"(
drill: {name: fuel over comms, horizon: 1d}
geography:
  points:
    - {name: a, lat: 50.0, lon: -5.0}
    - {name: b, lat: 50.5, lon: -5.0}
    - {name: hq_site, lat: 51.6, lon: -0.4}
  areas:
    - {name: box_a, centre: a, radius: 10 nm}
    - {name: box_b, centre: b, radius: 10 nm}
naval:
  classes:
    - {name: frigate, max_speed: 30 kn, cruise_speed: 15 kn, fuel_capacity: 500 t,
       burn_at_max: 10 t/h, hotel: 1 t/h, critical_fuel: 20%, oiler_wait: 6h}
    - name: tide
      max_speed: 18 kn
      cruise_speed: 12 kn
      fuel_capacity: 2000 t
      burn_at_max: 6 t/h
      hotel: 0.8 t/h
      oiler: {cargo_fuel: 10000 t, transfer_rate: 100 t/h, connect_time: 30min, disconnect_time: 15min}
  units:
    - {name: f1, class: frigate, start: a, initial_fuel: 21%}
    - {name: o1, class: tide, start: b, patrol_area: box_b}
plan:
  tasks:
    - {name: watch, kind: patrol, participants: [f1], location: box_a, deadline: D+1 00:00}
)" + comms;
}

std::string comms_section(const std::string& satellite_extra) {
  return R"(comms:
  nation: GBR
  logistics_cell: hq
  reporting: {report_every: 0s}
  nodes:
    - {name: hq, position: hq_site, headquarters: true}
    - {name: f1_radio, host: f1}
    - {name: o1_radio, host: o1}
  links:
    - {name: sat, kind: satellite, nodes: [hq, f1_radio, o1_radio], latency: 250ms, bandwidth: 2400 bit/s)" +
         satellite_extra + "}\n";
}

/// The first start of each of a unit's activities.
struct Activities final : ActivityListener {
  std::vector<ActivityRecord> records;
  void on_activity(const ActivityRecord& r) override { records.push_back(r); }
  std::optional<core::SimTime> first_start(std::uint32_t unit, Activity a) const {
    for (const auto& r : records)
      if (r.subject.index == unit && r.activity == a && r.edge == ActivityEdge::start) return r.time;
    return std::nullopt;
  }
};

/// When messages of a flow were delivered at a node.
struct Deliveries final : comms::MessageListener {
  comms::Flow flow;
  NodeId at;
  std::vector<core::SimTime> times;
  Deliveries(comms::Flow f, NodeId n) : flow(f), at(n) {}
  void on_message_event(const comms::MessageEvent& e) override {
    if (e.kind == comms::MessageEventKind::delivered && e.node == at && comms::flow_of(*e.message) == flow)
      times.push_back(e.time);
  }
};

constexpr std::uint32_t kO1 = 1;  // unit id: ships count in declaration order, f1 is 0

TEST(CommsLogistics, ADrillWithoutCommsHasNoNetworkAndOneWithCommsBuildsIt) {
  DrillRun ideal(drill(""));
  EXPECT_EQ(ideal.model().network(), nullptr);
  DrillRun with(drill(comms_section("")));
  ASSERT_NE(with.model().network(), nullptr);
  EXPECT_EQ(with.model().network()->node_count(), 3u);
  EXPECT_EQ(with.model().network()->link_count(), 1u);
}

TEST(CommsLogistics, TheOilerSetsOutWhenTheOrderArrivesAndMeetsTheShipWhereItReported) {
  DrillRun run(drill(comms_section("")));
  const comms::Network& net = *run.model().network();
  Deliveries orders(comms::Flow::order, net.node("o1_radio"));
  Deliveries requests(comms::Flow::support_request, net.node("hq"));
  Activities acts;
  run.model().add_message_listener(&orders);
  run.model().add_message_listener(&requests);
  run.model().set_activity_listener(&acts);
  const testing::Results m = run.run_to_horizon();

  // The request leaves at the 06:00 fuel check and takes the satellite's
  // delay plus its transmission to reach the cell; the order goes back.
  ASSERT_EQ(requests.times.size(), 1u);
  EXPECT_GT(requests.times[0], core::at(core::hours(6)) + core::milliseconds(250));
  EXPECT_LT(requests.times[0], core::at(core::hours(6)) + core::seconds(5));
  ASSERT_FALSE(orders.times.empty());
  EXPECT_GT(orders.times[0], requests.times[0] + core::milliseconds(250));
  // From b at its maximum speed, 18 kn, straight to where f1 reported.
  const auto ras = acts.first_start(kO1, Activity::replenishment_at_sea);
  ASSERT_TRUE(ras.has_value());
  const core::SimTime expected = orders.times[0] + core::hours_f(distance_nm(kA, kB) / 18.0);
  EXPECT_NEAR((*ras - expected).seconds(), 0.0, 1e-3);
  EXPECT_GT(m.value("ship_fuel_received", {"f1"}), 0.0);
  EXPECT_GT(m.value("fuel_delivered_ras"), 0.0);
}

TEST(CommsLogistics, ARequestSentDuringAnOutageIsAnsweredOnlyWhenTheLinkIsBack) {
  DrillRun run(drill(comms_section(", outages: [{from: D+0 05:00, until: D+0 08:00}]")));
  Activities acts;
  run.model().set_activity_listener(&acts);
  const testing::Results m = run.run_to_horizon();
  const auto ras = acts.first_start(kO1, Activity::replenishment_at_sea);
  ASSERT_TRUE(ras.has_value());
  // Nothing moves before the satellite is back at 08:00; then the request,
  // the order and the oiler's passage from b.
  const core::SimTime earliest = core::at(core::hours(8)) + core::hours_f(distance_nm(kA, kB) / 18.0);
  EXPECT_GT(*ras, earliest);
  EXPECT_LT(*ras, earliest + core::minutes(1));
  EXPECT_GT(m.value("ship_fuel_received", {"f1"}), 0.0);
}

TEST(CommsLogistics, ARequestNobodyAnswersWithinOilerWaitSendsTheShipToPort) {
  // The satellite is down from before the request until the horizon: no
  // answer within the frigate's 6 h oiler_wait, so it sails to the port.
  std::string text = drill(comms_section(", outages: [{from: D+0 05:00, until: D+1 00:00}]"));
  text.insert(text.find("naval:"), R"(bases:
  ports:
    - {name: port_c, position: [50.0, -4.0], berths: 1, fuel: {capacity: 5000 t}}
)");
  DrillRun run(text);
  const testing::Results m = run.run_to_horizon();
  EXPECT_EQ(m.value("fuel_delivered_ras"), 0.0);
  EXPECT_GT(m.value("ship_fuel_received", {"f1"}), 0.0);  // bunkered in port
  EXPECT_GT(m.value("fuel_issued_bases"), 0.0);
}

/// The orders delivered at a node, as they were.
struct OrdersAt final : comms::MessageListener {
  NodeId at;
  std::vector<drill::v1::Order> orders;
  explicit OrdersAt(NodeId n) : at(n) {}
  void on_message_event(const comms::MessageEvent& e) override {
    if (e.kind == comms::MessageEventKind::delivered && e.node == at && e.message->has_order())
      orders.push_back(e.message->order());
  }
};

TEST(CommsLogistics, LaterReportsOfTheReceiverMoveTheRendezvousOfItsOrder) {
  // The oiler's own satellite link is down 05:00-14:00, the frigate's is up:
  // the frigate has the cell's answer at once, waits the oiler's passage plus
  // its oiler_wait (1 h here), gives up and sails for the port at c,
  // reporting every hour on the way. Each report moves the rendezvous, and
  // the oiler gets the order with every position once its link is back.
  std::string text = drill(R"(comms:
  nation: GBR
  logistics_cell: hq
  reporting: {report_every: 1h}
  nodes:
    - {name: hq, position: hq_site, headquarters: true}
    - {name: f1_radio, host: f1}
    - {name: o1_radio, host: o1}
  links:
    - {name: sat_f1, kind: satellite, nodes: [hq, f1_radio], latency: 250ms, bandwidth: 2400 bit/s}
    - {name: sat_o1, kind: satellite, nodes: [hq, o1_radio], latency: 250ms, bandwidth: 2400 bit/s,
       outages: [{from: D+0 05:00, until: D+0 14:00}]}
)");
  text.replace(text.find("oiler_wait: 6h"), std::string("oiler_wait: 6h").size(), "oiler_wait: 1h");
  text.insert(text.find("naval:"), R"(bases:
  ports:
    - {name: port_c, position: [50.0, -4.0], berths: 1, fuel: {capacity: 5000 t}}
)");
  DrillRun run(text);
  OrdersAt at_oiler(run.model().network()->node("o1_radio"));
  run.model().add_message_listener(&at_oiler);
  run.run_to_horizon();
  ASSERT_GE(at_oiler.orders.size(), 2u);
  const drill::v1::Order& first = at_oiler.orders.front();
  const drill::v1::Order& last = at_oiler.orders.back();
  EXPECT_EQ(first.order_id(), last.order_id());
  // First where the frigate asked, at a; then on its way east, the last
  // from the port at c (it reports while it bunkers, still below critical).
  EXPECT_NEAR(first.longitude_deg(), kA.lon_deg, 1e-9);
  EXPECT_GT(last.longitude_deg(), kA.lon_deg + 0.1);
  EXPECT_LE(last.longitude_deg(), -4.0 + 1e-9);
}

TEST(CommsLogistics, ALineOfSightLinkFollowsAShipAlongItsLegNotOnlyAtItsWaypoints) {
  // f1 sails 60 nm north from a at 15 kn; f2 waits 30 nm up the track. The
  // radio reaches 10 nm, so it is up while f1 is within 10 nm of b, in the
  // middle of the leg (range is checked every minute, 0.25 nm at 15 kn).
  DrillRun run(R"(
drill: {name: moving radio, horizon: 1d}
geography:
  points:
    - {name: a, lat: 50.0, lon: -5.0}
    - {name: b, lat: 50.5, lon: -5.0}
    - {name: c, lat: 51.0, lon: -5.0}
naval:
  classes:
    - {name: frigate, max_speed: 30 kn, cruise_speed: 15 kn, fuel_capacity: 500 t, burn_at_max: 10 t/h, hotel: 1 t/h}
  units:
    - {name: f1, class: frigate, start: a}
    - {name: f2, class: frigate, start: b}
plan:
  tasks:
    - {name: north, kind: transit, participants: [f1], location: c, deadline: D+1 00:00}
comms:
  nation: GBR
  logistics_cell: hq
  nodes:
    - {name: hq, position: a, headquarters: true}
    - {name: f1_radio, host: f1}
    - {name: f2_radio, host: f2}
  links:
    - {name: los, kind: radio_los, from: f1_radio, to: f2_radio, latency: 5ms, bandwidth: 9600 bit/s, range: 10 nm}
)");
  const comms::Network& net = *run.model().network();
  const auto los = net.link("los");
  const double half = distance_nm(kA, kB);
  const auto at_nm = [](double nm) { return core::at(core::hours_f(nm / 15.0)); };
  run.run_until(at_nm(half - 12.0));
  EXPECT_FALSE(net.link_up(los));
  run.run_until(at_nm(half - 5.0));
  EXPECT_TRUE(net.link_up(los));
  run.run_until(at_nm(half + 5.0));
  EXPECT_TRUE(net.link_up(los));
  run.run_until(at_nm(half + 12.0));
  EXPECT_FALSE(net.link_up(los));
}

// Tankers: tests/models/data/tanker_refuelling.yaml (two fighters keep one
// on station 06:00-18:00 60 nm north of their field, one tanker with them)
// with the squadrons on a satellite channel to the logistics cell. The
// fighters ask for tanker support an hour before the tanker must launch;
// the tanker flies once the cell's order has reached its squadron.
std::string tanker_drill(const std::string& satellite_extra) {
  std::ifstream in(std::filesystem::path(DRILL_SOURCE_DIR) / "tests/models/data/tanker_refuelling.yaml");
  std::stringstream text;
  text << in.rdbuf();
  return text.str() + R"(comms:
  nation: GBR
  logistics_cell: hq
  nodes:
    - {name: hq, position: field, headquarters: true}
    - {name: fighter_ops, host: fighters}
    - {name: tanker_ops, host: tankers}
  links:
    - {name: sat, kind: satellite, nodes: [hq, fighter_ops, tanker_ops], latency: 250ms, bandwidth: 2400 bit/s)" +
         satellite_extra + "}\n";
}

constexpr std::uint32_t kTanker = 2;  // unit id: fighters-1, fighters-2, tankers-1

TEST(CommsLogistics, ATankerOrderedInTimeIsOnStationAsTheWindowOpens) {
  DrillRun run(tanker_drill(""));
  Activities acts;
  run.model().set_activity_listener(&acts);
  run.run_to_horizon();
  const auto on_station = acts.first_start(kTanker, Activity::on_station);
  ASSERT_TRUE(on_station.has_value());
  EXPECT_NEAR((*on_station - core::at(core::hours(6))).seconds(), 0.0, 1e-3);
}

// The fighters' request and the cell's order name squadrons by their
// squadron ids (fighters 0, tankers 1), never by one of their aircraft.
TEST(CommsLogistics, TankerRequestAndOrderNameSquadronsBySquadronId) {
  DrillRun run(tanker_drill(""));
  struct Delivered final : comms::MessageListener {
    std::vector<drill::v1::SupportRequest> requests;
    std::vector<drill::v1::Order> orders;
    void on_message_event(const comms::MessageEvent& e) override {
      if (e.kind != comms::MessageEventKind::delivered) return;
      if (e.message->has_support_request()) requests.push_back(e.message->support_request());
      if (e.message->has_order()) orders.push_back(e.message->order());
    }
  } delivered;
  run.model().add_message_listener(&delivered);
  run.run_to_horizon();
  ASSERT_EQ(delivered.requests.size(), 1u);
  const drill::v1::SupportRequest& r = delivered.requests.front();
  EXPECT_EQ(r.kind(), drill::v1::SUPPORT_KIND_TANKER_SUPPORT);
  ASSERT_TRUE(r.has_requester_squadron());
  EXPECT_EQ(r.requester_squadron(), 0u);
  EXPECT_EQ(r.requester_unit(), 0u);
  ASSERT_EQ(delivered.orders.size(), 1u);
  const drill::v1::Order& o = delivered.orders.front();
  EXPECT_EQ(o.kind(), drill::v1::ORDER_KIND_TASK);
  ASSERT_TRUE(o.has_tasked_squadron());
  EXPECT_EQ(o.tasked_squadron(), 1u);
  ASSERT_TRUE(o.has_supported_squadron());
  EXPECT_EQ(o.supported_squadron(), 0u);
  EXPECT_EQ(o.tasked_unit(), 0u);
  EXPECT_EQ(o.supported_unit(), 0u);
}

// Squadrons that host a node report readiness and their base's stocks on
// the schedule, over the satellite, to the cell (every 6 h over a day: 4 each).
TEST(CommsLogistics, SquadronsReportReadinessAndTheirBasesStocksOnSchedule) {
  std::string text = tanker_drill("");
  text.replace(text.find("  logistics_cell: hq\n"), std::string("  logistics_cell: hq\n").size(),
               "  logistics_cell: hq\n  reporting: {report_every: 6h}\n");
  DrillRun run(text);
  struct Statuses final : comms::MessageListener {
    std::vector<drill::v1::LogisticsStatus> delivered;
    void on_message_event(const comms::MessageEvent& e) override {
      if (e.kind == comms::MessageEventKind::delivered && e.message->has_logistics_status())
        delivered.push_back(e.message->logistics_status());
    }
  } statuses;
  run.model().add_message_listener(&statuses);
  run.run_to_horizon();
  ASSERT_EQ(statuses.delivered.size(), 8u);
  std::size_t fighters = 0;
  for (const auto& s : statuses.delivered) {
    // A squadron is named by its squadron id (fighters 0, tankers 1), not
    // by one of its aircraft.
    ASSERT_TRUE(s.has_squadron());
    EXPECT_EQ(s.unit(), 0u);
    EXPECT_LE(s.squadron(), 1u);
    fighters += s.squadron() == 0;
    EXPECT_NE(s.readiness(), drill::v1::READINESS_UNSPECIFIED);
    ASSERT_EQ(s.stocks_size(), 2);  // fuel and spares of the field
    EXPECT_DOUBLE_EQ(s.fuel_tonnes(), s.stocks(0).quantity());
    EXPECT_DOUBLE_EQ(s.fuel_fraction(), s.fuel_tonnes() / 1000.0);
    EXPECT_DOUBLE_EQ(s.latitude_deg(), 57.0);
  }
  EXPECT_EQ(fighters, 4u);
  // The first report, at D+0, sees the field's stock full and every aircraft up.
  EXPECT_EQ(statuses.delivered.front().readiness(), drill::v1::READINESS_FULLY_CAPABLE);
  EXPECT_DOUBLE_EQ(statuses.delivered.front().fuel_tonnes(), 1000.0);
}

TEST(CommsLogistics, ATankerWhoseOrderWaitsForTheLinkLaunchesWhenTheOrderArrives) {
  // The request (at 04:49) and so the order wait for the satellite until
  // 07:00; then a 2 min launch slot and 60 nm at 400 kn.
  DrillRun run(tanker_drill(", outages: [{from: D+0 04:00, until: D+0 07:00}]"));
  Activities acts;
  run.model().set_activity_listener(&acts);
  const testing::Results m = run.run_to_horizon();
  const auto on_station = acts.first_start(kTanker, Activity::on_station);
  ASSERT_TRUE(on_station.has_value());
  const core::SimTime earliest =
      core::at(core::hours(7)) + core::minutes(2) + core::hours_f(distance_nm({57.0, -3.0}, {58.0, -3.0}) / 400.0);
  EXPECT_GT(*on_station, earliest);
  EXPECT_LT(*on_station, earliest + core::seconds(10));
  EXPECT_GT(m.value("fuel_delivered_aar"), 0.0);
}

}  // namespace
}  // namespace drill::models
