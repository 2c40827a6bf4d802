// What units send on their own over a drill's network: logistics status on
// schedule and on falling through a fuel threshold, to the logistics cell
// and their nation's headquarters; contact reports while on patrol, to the
// headquarters of their nation and of the allies they are releasable to.
#include <gtest/gtest.h>

#include <cstddef>
#include <string>

#include "models/comms/message_listener.hpp"
#include "models/comms/network.hpp"
#include "tests/models/drill_run.hpp"

namespace drill::models {
namespace {

using testing::DrillRun;

// f1 patrols at a all day, starting at 91 % fuel: at 9 kn it burns
// 1 + 9 (9/30)^3 = 1.243 t/h and falls through 90 % (5 t) after about 4 h,
// which its fuel check after the first 6 h patrol leg reports.
constexpr const char* kDrill = R"(
drill: {name: reports, horizon: 1d}
geography:
  points:
    - {name: a, lat: 50.0, lon: -5.0}
    - {name: hq_site, lat: 51.6, lon: -0.4}
    - {name: ally_site, lat: 60.3, lon: 5.2}
    - {name: other_site, lat: 36.9, lon: -76.3}
  areas:
    - {name: box_a, centre: a, radius: 10 nm}
naval:
  classes:
    - {name: frigate, max_speed: 30 kn, cruise_speed: 15 kn, fuel_capacity: 500 t,
       burn_at_max: 10 t/h, hotel: 1 t/h, critical_fuel: 20%}
  units:
    - {name: f1, class: frigate, start: a, initial_fuel: 91%}
plan:
  tasks:
    - {name: watch, kind: patrol, participants: [f1], location: box_a, deadline: D+1 00:00}
comms:
  nation: GBR
  logistics_cell: hq
  reporting: {report_every: 5h, fuel_thresholds: [90%], contacts_per_hour: 6, contacts_releasable_to: [NOR]}
  nodes:
    - {name: hq, position: hq_site, headquarters: true}
    - {name: f1_radio, host: f1}
    - {name: ally_hq, position: ally_site, nation: NOR, headquarters: true}
    - {name: other_hq, position: other_site, nation: USA, headquarters: true}
  links:
    - {name: sat, kind: satellite, nodes: [hq, f1_radio, ally_hq, other_hq], latency: 250ms, bandwidth: 64 kbit/s}
)";

struct Count final : comms::MessageListener {
  const comms::Network* net = nullptr;
  std::size_t created[comms::kFlowCount] = {};
  std::size_t delivered_hq[comms::kFlowCount] = {}, delivered_ally[comms::kFlowCount] = {},
              delivered_other[comms::kFlowCount] = {};
  void on_message_event(const comms::MessageEvent& e) override {
    const auto flow = static_cast<std::size_t>(comms::flow_of(*e.message));
    if (e.kind == comms::MessageEventKind::created) ++created[flow];
    if (e.kind != comms::MessageEventKind::delivered) return;
    if (e.node == net->node("hq")) ++delivered_hq[flow];
    if (e.node == net->node("ally_hq")) ++delivered_ally[flow];
    if (e.node == net->node("other_hq")) ++delivered_other[flow];
  }
};

TEST(CommsFlows, StatusGoesOnScheduleAndOnAThresholdToTheCellOnlyContactsToReleasableHeadquarters) {
  DrillRun run(kDrill);
  Count count;
  count.net = run.model().network();
  run.model().add_message_listener(&count);
  run.run_to_horizon();
  const auto status = static_cast<std::size_t>(comms::Flow::logistics_status);
  const auto contact = static_cast<std::size_t>(comms::Flow::contact_report);
  // At 00:00, 05:00, ..., 20:00, and once at 06:00 for the 90 % threshold.
  EXPECT_EQ(count.created[status], 6u);
  EXPECT_EQ(count.delivered_hq[status], 6u);
  EXPECT_EQ(count.delivered_ally[status], 0u);
  EXPECT_EQ(count.delivered_other[status], 0u);
  // Six an hour over a day on patrol: far from none, every one at both the
  // British and the Norwegian headquarters and none at the American.
  EXPECT_GT(count.created[contact], 100u);
  EXPECT_LT(count.created[contact], 200u);
  EXPECT_EQ(count.delivered_hq[contact], count.created[contact]);
  EXPECT_EQ(count.delivered_ally[contact], count.created[contact]);
  EXPECT_EQ(count.delivered_other[contact], 0u);
}

TEST(CommsFlows, AShipOffPatrolSendsNoContactReports) {
  std::string text(kDrill);
  text.replace(text.find("kind: patrol"), std::string("kind: patrol").size(), "kind: transit");
  DrillRun run(text);
  Count count;
  count.net = run.model().network();
  run.model().add_message_listener(&count);
  run.run_to_horizon();
  EXPECT_EQ(count.created[static_cast<std::size_t>(comms::Flow::contact_report)], 0u);
}

}  // namespace
}  // namespace drill::models
